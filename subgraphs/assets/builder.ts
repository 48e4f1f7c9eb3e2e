// Plugins and context types only; types live one per file under schema/.
import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { authScopesFor, type AuthScopes, type SubgraphContext } from '../../lib/subgraph/context.js';
import { forbidden } from '../../lib/subgraph/errors.js';

export const builder = new SchemaBuilder<{
  Context: SubgraphContext;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  Scalars: { DateTime: { Input: string; Output: string } };
}>({
  // Federation after scope-auth: it must see resolvers already wrapped by the auth checks.
  plugins: [ScopeAuthPlugin, DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (context) => authScopesFor(context),
    unauthorizedError: (_parent, context, info) =>
      forbidden(`${context.identity.username} (${context.identity.roles.join(', ') || 'no roles'}) may not access ${info.parentType.name}.${info.fieldName}`),
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time in UTC.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new Error('DateTime must be an ISO-8601 string');
    return value;
  },
});

builder.queryType({});
builder.mutationType({});
