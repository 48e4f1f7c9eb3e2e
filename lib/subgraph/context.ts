// Request context shared by all subgraphs: the verified caller and the graph driver.
import type { Driver } from 'neo4j-driver';
import type { Identity, Role } from '../auth/identity.js';

export interface SubgraphContext {
  identity: Identity;
  driver: Driver;
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
