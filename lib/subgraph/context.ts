// Request context shared by all subgraphs: the verified caller, the graph driver and this request's
// loaders (batched reads by id; new for every request, so nothing is shared between callers).
import type { Driver } from 'neo4j-driver';
import type { Identity, Role } from '../auth/identity.js';
import type { RequestLoaders } from './loaders.js';

export interface SubgraphContext {
  identity: Identity;
  driver: Driver;
  loaders: RequestLoaders;
}

/** Scope-auth scopes: `role` grants when the caller holds the role; platform-admin holds every role. */
export interface AuthScopes {
  authenticated: boolean;
  role: Role;
  anyRole: Role[];
}

export function authScopesFor(context: SubgraphContext) {
  const has = (role: Role): boolean =>
    context.identity.roles.includes('platform-admin') || context.identity.roles.includes(role);
  return {
    authenticated: true,
    role: (role: Role) => has(role),
    anyRole: (roles: Role[]) => roles.some(has),
  };
}
