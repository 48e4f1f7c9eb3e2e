// The GraphQL limits (graphql-armor's depth, alias and cost limits, a token limit on parsing), in one
// place for the gateway and every subgraph: a subgraph's GraphQL can be reached around the gateway (its
// port on loopback), so it applies them too (issue #12: 60 aliases ran on a subgraph that /graphql
// refuses). The token limit is graphql-js's own parse option rather than graphql-armor's plugin, which
// throws from a plugin hook and so turned an over-long or malformed query into an HTTP 500; a parse
// error is a 400.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import { config } from '../config.js';

export const MAX_TOKENS = 1_000;

/**
 * An operationName the document does not define (or none, for a document with several operations) is
 * the client's mistake: 400. Apollo Gateway reports it from its executor, which Apollo Server answers
 * with a 500.
 */
function operationResolution<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, request }) => {
        if (operation) return;
        const message = request.operationName
          ? `Unknown operation named "${request.operationName}".`
          : 'Must provide operation name if query contains multiple operations.';
        throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
      },
    }),
  };
}

export interface GraphQLLimits<C extends BaseContext> {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<C>[];
  parseOptions: { maxTokens: number };
}

/**
 * `subgraph` leaves room for what the gateway's query planner adds to an operation it has already
 * checked: the `_entities(representations:) { ... on T }` wrapper (two levels), key fields and
 * `__typename` at every entity boundary, and aliases it makes for fields whose types conflict.
 */
export function graphqlLimits<C extends BaseContext>(where: 'gateway' | 'subgraph'): GraphQLLimits<C> {
  const sub = where === 'subgraph';
  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth + (sub ? 2 : 0) },
    maxAliases: { n: config.limits.maxAliases + (sub ? 10 : 0) },
    costLimit: { maxCost: config.limits.maxCost * (sub ? 2 : 1) },
    maxTokens: { enabled: false },
  });
  const protection = armor.protect();
  return {
    validationRules: protection.validationRules as ValidationRule[],
    // graphql-armor ships CommonJS typings of the same plugin interface.
    plugins: [...(protection.plugins as unknown as ApolloServerPlugin<C>[]), operationResolution<C>()],
    parseOptions: { maxTokens: MAX_TOKENS * (sub ? 4 : 1) },
  };
}
