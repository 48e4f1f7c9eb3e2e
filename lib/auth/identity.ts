// Who is calling: taken from a verified Keycloak access token, never from a header alone.
export const ROLES = [
  'platform-admin',
  'data-scientist',
  'ml-engineer',
  'approver',
  'compliance-officer',
  'dispatcher',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  /** Keycloak subject (stable user id). */
  sub: string;
  username: string;
  roles: Role[];
  /** Id of the user's Org node, e.g. "hq" or "jiangsu". */
  org: string;
}

const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/** Maps verified JWT claims to an Identity; throws when a claim Plinth needs is absent. */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  const sub = claims.sub;
  if (typeof sub !== 'string' || sub === '') throw new Error('token has no subject');
  const username = typeof claims.preferred_username === 'string' ? claims.preferred_username : sub;
  const realmAccess = claims.realm_access as { roles?: unknown } | undefined;
  const roles = Array.isArray(realmAccess?.roles) ? realmAccess.roles.filter(isRole) : [];
  const org = claims.org;
  if (typeof org !== 'string' || org === '') throw new Error(`token of ${username} carries no org claim`);
  return { sub, username, roles, org };
}
