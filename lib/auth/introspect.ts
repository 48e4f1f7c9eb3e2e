// Revocation within seconds. A signed JWT stays valid until it expires (15 min), even after its user
// is disabled, deleted or logged out; only Keycloak knows that. So the gateway and every subgraph ask
// Keycloak's introspection endpoint (as the confidential client plinth-gateway) whether a token is
// still active, and remember the answer for a few seconds: one HTTP round trip to Keycloak per token
// per process per TTL, nothing on the other requests. Fails closed: no answer means no access.
import { config, realmUrl } from '../config.js';
import { ROLES } from './identity.js';
import { IdentityUnavailableError } from './unavailable.js';

/** How long an answer is reused (ms): the most a revoked token keeps working, per process. */
export const INTROSPECTION_TTL_MS = Number(process.env.PLINTH_INTROSPECTION_TTL_MS ?? 5000);
const LIMIT = 50_000;
const TIMEOUT_MS = 5000;

/** null: active with the rights it claims; otherwise why it is refused. */
const answers = new Map<string, { refusal: string | null; until: number }>();
// Concurrent requests with one token share one round trip.
const pending = new Map<string, Promise<string | null>>();

export class TokenInactiveError extends Error {
  override name = 'TokenInactiveError';
}

async function introspect(token: string): Promise<string | null> {
  const credentials = Buffer.from(
    `${encodeURIComponent(config.keycloak.audience)}:${encodeURIComponent(config.keycloak.gatewaySecret)}`,
  ).toString('base64');
  let res: Response;
  try {
    res = await fetch(`${realmUrl()}/protocol/openid-connect/token/introspect`, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new IdentityUnavailableError(
      `cannot check the token with Keycloak (${(error as Error).message}); refusing it`,
    );
  }
  // 5xx: Keycloak is there but cannot answer (starting, overloaded): not the caller's fault.
  if (res.status >= 500)
    throw new IdentityUnavailableError(`Keycloak's introspection answered HTTP ${res.status}; refusing the token`);
  if (!res.ok) throw new TokenInactiveError(`Keycloak's introspection answered HTTP ${res.status}; refusing the token`);
  const answer = (await res.json()) as Record<string, unknown>;
  if (answer.active !== true) return 'token is no longer active (user disabled or deleted, or session ended)';
  return rightsWithdrawn(claimsOf(token), answer);
}

/** The payload of a JWT the caller has already verified. */
function claimsOf(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const plinthRoles = (claims: Record<string, unknown>): string[] => {
  const roles = (claims.realm_access as { roles?: unknown } | undefined)?.roles;
  return Array.isArray(roles)
    ? roles.filter((r): r is string => typeof r === 'string' && (ROLES as readonly string[]).includes(r))
    : [];
};

/**
 * Keycloak's introspection answers with the user's claims as they are NOW (its mappers run again), so a
 * role taken away or a move to another org shows up here while the token still carries the old ones.
 * Such a token is refused (the user signs in again and gets a token that says what is true); a role
 * added since is harmless (the token claims less than the user has) and is picked up at the next sign-in.
 */
export function rightsWithdrawn(tokenClaims: Record<string, unknown>, current: Record<string, unknown>): string | null {
  const now = new Set(plinthRoles(current));
  const lost = plinthRoles(tokenClaims).filter((role) => !now.has(role));
  if (lost.length > 0) return `role ${lost.join(', ')} was withdrawn since the token was issued; sign in again`;
  if ('org' in tokenClaims && current.org !== tokenClaims.org)
    return "the user's organisation changed since the token was issued; sign in again";
  return null;
}

/**
 * One introspection round trip at start, for a string that is no token (Keycloak answers "not active"), so
 * the first request does not also pay for loading the HTTP client and opening the connection (~100 ms).
 * Throws when Keycloak cannot be reached; callers treat that as not fatal.
 */
export async function warmIntrospection(): Promise<void> {
  await introspect('plinth-warm-up');
}

/**
 * Within this much of its expiry, a remembered answer is still used and a fresh one is asked for in the
 * background: with steady traffic no request waits for Keycloak (one that did held up every request of
 * that token in the process for the round trip, 6-30 ms on a busy host, once per TTL per process: a
 * visible share of a p99). The bound on revocation is unchanged: an answer is used at most
 * INTROSPECTION_TTL_MS after it arrived.
 */
const REFRESH_AHEAD_MS = INTROSPECTION_TTL_MS / 5;

/** Asks Keycloak about `token` (one request at a time per token) and remembers the answer. */
function ask(token: string): Promise<string | null> {
  let asking = pending.get(token);
  if (!asking) {
    asking = introspect(token)
      .then((refusal) => {
        if (answers.size >= LIMIT) answers.clear();
        answers.set(token, { refusal, until: Date.now() + INTROSPECTION_TTL_MS });
        return refusal;
      })
      .finally(() => pending.delete(token));
    pending.set(token, asking);
  }
  return asking;
}

/** Whether Keycloak is being asked about `token` right now (tests: a refresh ahead of expiry started). */
export const introspectionInFlight = (token: string): boolean => pending.has(token);

/**
 * Resolves when Keycloak says the token is active and its roles and org still hold (answer reused for
 * INTROSPECTION_TTL_MS); throws TokenInactiveError otherwise. `now` is the current time (tests set it).
 */
export async function assertTokenActive(token: string, now = Date.now()): Promise<void> {
  const hit = answers.get(token);
  let refusal: string | null;
  if (hit && hit.until > now) {
    refusal = hit.refusal;
    // A refresh that fails leaves the answer to expire: the next request then asks and fails closed.
    if (hit.until - now <= REFRESH_AHEAD_MS && !pending.has(token)) ask(token).catch(() => undefined);
  } else {
    refusal = await ask(token);
  }
  if (refusal) throw new TokenInactiveError(refusal);
}
