// The GraphQL limits (graphql-armor's depth and alias limits, cost.ts's cost limit, a token limit on parsing), in one
// place for the gateway and every subgraph: a subgraph's GraphQL can be reached around the gateway (its
// port on loopback), so it applies them too (issue #12: 60 aliases ran on a subgraph that /graphql
// refuses). The token limit is graphql-js's own parse option rather than graphql-armor's plugin, which
// throws from a plugin hook and so turned an over-long or malformed query into an HTTP 500; a parse
// error is a 400.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type DocumentNode, type SelectionSetNode, type ValidationRule } from 'graphql';
import { config } from '../config.js';
import { costLimit } from './cost.js';
import { persistedQueryErrors } from './persisted-query-errors.js';

export const MAX_TOKENS = 1_000;

/**
 * Most `_entities` representations one subgraph request may carry (GRAPHQL_MAX_ENTITIES, default 1,000).
 * The gateway batches the entities of one plan step into one fetch: a page is at most MAX_PAGE (100)
 * nodes (lib/subgraph/connection.ts), so the default leaves room for ten references per node; unpaged
 * lists below a page (a model's versions' deployments) can need more, hence the setting. Nothing else
 * bounds them: they travel as a variable, outside graphql-armor's cost, and each is resolved on its own
 * (issue #12: 20,000 of them ran 20 s on assets and starved the gateway).
 */
export const maxEntityRepresentations = (): number => config.limits.maxEntities;

/** The representations every `_entities` field of the operation asks for (fragments included). */
function countRepresentations(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  variables: Record<string, unknown>,
  seen = new Set<string>(),
): number {
  let n = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === '_entities') {
        const arg = selection.arguments?.find((a) => a.name.value === 'representations')?.value;
        if (arg?.kind === Kind.LIST) n += arg.values.length;
        else if (arg?.kind === Kind.VARIABLE) {
          const value = variables[arg.name.value];
          n += Array.isArray(value) ? value.length : 1;
        } else if (arg) n += 1;
      }
      if (selection.selectionSet) n += countRepresentations(document, selection.selectionSet, variables, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT)
      n += countRepresentations(document, selection.selectionSet, variables, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = document.definitions.find(
        (d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value,
      );
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION)
        n += countRepresentations(document, fragment.selectionSet, variables, seen);
    }
  }
  return n;
}

/** Refuses (400) an operation whose `_entities` fields ask for more than maxEntityRepresentations(). */
function entitiesLimit<C extends BaseContext>(): ApolloServerPlugin<C> {
  const max = maxEntityRepresentations();
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation, document, request }) => {
        if (!operation) return;
        const n = countRepresentations(document, operation.selectionSet, request.variables ?? {});
        if (n > max)
          throw new GraphQLError(
            `_entities: ${n} representations requested; at most ${max} per request (GRAPHQL_MAX_ENTITIES)`,
            {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            },
          );
      },
    }),
  };
}

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
        throw new GraphQLError(message, {
          extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } },
        });
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
 * checked: the `_entities(representations:) { ... on T }` wrapper (one level now that fragments are
 * flattened; two are allowed, the margin kept from when spreads counted), key fields and `__typename` at
 * every entity boundary, and aliases it makes for fields whose types conflict.
 */
export function graphqlLimits<C extends BaseContext>(where: 'gateway' | 'subgraph'): GraphQLLimits<C> {
  const sub = where === 'subgraph';
  const armor = new ApolloArmor({
    // Depth counts fields only: a selection moved into a fragment, named or inline, is as deep as written
    // in place (graphql-armor counts each spread as a level by default, so named fragments hit the limit
    // sooner than the same fields inline).
    maxDepth: { n: config.limits.maxDepth + (sub ? 2 : 0), flattenFragments: true },
    // graphql-armor counts no alias of `__typename` by default (allowList): 200 of them were accepted.
    maxAliases: { n: config.limits.maxAliases + (sub ? 10 : 0), allowList: [] },
    // Cost is lib/graphql/cost.ts's: graphql-armor's priced an ordinary lineage page out (issue #15).
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
  });
  const protection = armor.protect();
  return {
    validationRules: protection.validationRules as ValidationRule[],
    // graphql-armor ships CommonJS typings of the same plugin interface.
    plugins: [
      ...(protection.plugins as unknown as ApolloServerPlugin<C>[]),
      operationResolution<C>(),
      persistedQueryErrors<C>(),
      sub
        ? costLimit<C>(config.limits.maxCost * 2, "a subgraph's limit: twice GRAPHQL_MAX_COST")
        : costLimit<C>(config.limits.maxCost),
      ...(sub ? [entitiesLimit<C>()] : []),
    ],
    parseOptions: { maxTokens: MAX_TOKENS * (sub ? 4 : 1) },
  };
}
