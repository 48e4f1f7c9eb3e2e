// Revocation within seconds. A signed JWT stays valid until it expires (15 min), even after its user
// is disabled, deleted or logged out; only Keycloak knows that. So the gateway and every subgraph ask
// Keycloak's introspection endpoint (as the confidential client plinth-gateway) whether a token is
// still active, and remember the answer for a few seconds: one HTTP round trip to Keycloak per token
// per process per TTL, nothing on the other requests. Fails closed: no answer means no access.
import { config, realmUrl } from '../config.js';
import { IdentityUnavailableError } from './unavailable.js';

/** How long an answer is reused (ms): the most a revoked token keeps working, per process. */
export const INTROSPECTION_TTL_MS = Number(process.env.PLINTH_INTROSPECTION_TTL_MS ?? 5000);
const LIMIT = 50_000;
const TIMEOUT_MS = 5000;

const answers = new Map<string, { active: boolean; until: number }>();
// Concurrent requests with one token share one round trip.
const pending = new Map<string, Promise<boolean>>();

export class TokenInactiveError extends Error {
  override name = 'TokenInactiveError';
}

async function introspect(token: string): Promise<boolean> {
  const credentials = Buffer.from(`${encodeURIComponent(config.keycloak.audience)}:${encodeURIComponent(config.keycloak.gatewaySecret)}`).toString('base64');
  let res: Response;
  try {
    res = await fetch(`${realmUrl()}/protocol/openid-connect/token/introspect`, {
      method: 'POST',
      headers: { authorization: `Basic ${credentials}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new IdentityUnavailableError(`cannot check the token with Keycloak (${(error as Error).message}); refusing it`);
  }
  // 5xx: Keycloak is there but cannot answer (starting, overloaded): not the caller's fault.
  if (res.status >= 500) throw new IdentityUnavailableError(`Keycloak's introspection answered HTTP ${res.status}; refusing the token`);
  if (!res.ok) throw new TokenInactiveError(`Keycloak's introspection answered HTTP ${res.status}; refusing the token`);
  return ((await res.json()) as { active?: unknown }).active === true;
}

/** Resolves when Keycloak says the token is active (answer reused for INTROSPECTION_TTL_MS); throws TokenInactiveError otherwise. */
export async function assertTokenActive(token: string): Promise<void> {
  const now = Date.now();
  const hit = answers.get(token);
  let active: boolean;
  if (hit && hit.until > now) {
    active = hit.active;
  } else {
    let asking = pending.get(token);
    if (!asking) {
      asking = introspect(token).finally(() => pending.delete(token));
      pending.set(token, asking);
    }
    active = await asking;
    if (answers.size >= LIMIT) answers.clear();
    answers.set(token, { active, until: Date.now() + INTROSPECTION_TTL_MS });
  }
  if (!active) throw new TokenInactiveError('token is no longer active (user disabled or deleted, or session ended)');
}
