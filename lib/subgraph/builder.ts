// One builder recipe for every subgraph: the same plugins, context, auth scopes and scalars, so that
// shared types (PageInfo, DateTime) print identically wherever they appear.
import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { authScopesFor, type AuthScopes, type SubgraphContext } from './context.js';
import { forbidden } from './errors.js';

export interface PageInfoShape {
  hasNextPage: boolean;
  endCursor: string | null;
}

export function createBuilder() {
  const builder = new SchemaBuilder<{
    Context: SubgraphContext;
    AuthScopes: AuthScopes;
    DefaultFieldNullability: false;
    // ID inputs arrive as strings: GraphQL already coerces an Int literal or variable given for an ID to
    // its decimal string, so resolvers need no String(id) of Pothos' default `string | number`.
    Scalars: {
      ID: { Input: string; Output: string };
      DateTime: { Input: string; Output: string };
      JSON: { Input: unknown; Output: unknown };
    };
  }>({
    // Federation after scope-auth: it must see resolvers already wrapped by the auth checks.
    plugins: [ScopeAuthPlugin, DirectivePlugin, FederationPlugin],
    defaultFieldNullability: false,
    scopeAuth: {
      authScopes: (context) => authScopesFor(context),
      unauthorizedError: (_parent, context, info) =>
        forbidden(
          `${context.identity.username} (${context.identity.roles.join(', ') || 'no roles'}) may not access ${info.parentType.name}.${info.fieldName}`,
        ),
    },
  });

  builder.scalarType('DateTime', {
    description: 'An ISO-8601 date-time in UTC.',
    serialize: (value) => value,
    parseValue: (value) => {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        throw new Error('DateTime must be an ISO-8601 string');
      return value;
    },
  });

  builder.scalarType('JSON', {
    description: 'Arbitrary JSON: metrics, signatures, schemas.',
    serialize: (value) => value,
    parseValue: (value) => value,
  });

  const PageInfo = builder.objectRef<PageInfoShape>('PageInfo').implement({
    shareable: true,
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });

  builder.queryType({});
  // Each subgraph with mutations declares `builder.mutationType({})` in its builder.ts: an empty
  // Mutation type is invalid GraphQL.
  return Object.assign(builder, { PageInfo });
}

export type Builder = ReturnType<typeof createBuilder>;
