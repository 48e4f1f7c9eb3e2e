// Who is calling: taken from a verified Keycloak access token, never from a header alone.
export const ROLES = [
  'platform-admin',
  'data-scientist',
  'ml-engineer',
  'approver',
  'compliance-officer',
  'dispatcher',
  'annotator',
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
  /**
   * 'user' for a person signed in to Keycloak, 'service' for a client's service account. Absent on
   * identities built by code (workflow actors): whatever needs a person checks for 'user'.
   */
  kind?: 'user' | 'service';
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
  return { sub, username, roles, org, kind: isServiceAccount(claims, username) ? 'service' : 'user' };
}

/**
 * A client_credentials token, told three independent ways so no single client setting hides it:
 * Keycloak names service-account users `service-account-<client>` (a person so named is treated as
 * a service: that only takes rights away), its service_account scope can add a `client_id` claim,
 * and Plinth's confidential clients carry a hard-coded `plinth_principal: service` claim.
 */
export function isServiceAccount(claims: Record<string, unknown>, username: string): boolean {
  return (
    username.startsWith('service-account-') ||
    typeof claims.client_id === 'string' ||
    claims.plinth_principal === 'service'
  );
}
