// Verifies a Keycloak access token locally against the realm's published keys (JWKS, cached by jose).
// Subgraphs call this on every request, so a subgraph reached without the gateway still trusts nothing.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { config, issuer, realmUrl } from '../config.js';
import { identityFromClaims, type Identity } from './identity.js';
import { assertTokenActive } from './introspect.js';
import { IdentityUnavailableError, isNetworkFailure } from './unavailable.js';

export class UnauthenticatedError extends Error {
  override name = 'UnauthenticatedError';
}

type Jwks = ReturnType<typeof createRemoteJWKSet>;
let jwks: Jwks | undefined;
const keys = (): Jwks => {
  jwks ??= createRemoteJWKSet(new URL(`${realmUrl()}/protocol/openid-connect/certs`), {
    cooldownDuration: 30_000,
  });
  return jwks;
};

/**
 * Fetches the realm's keys now, so the first request after start does not wait for them (a subgraph
 * calls this before it listens). Throws when Keycloak cannot be reached; the caller decides that is not
 * fatal, as a request would then fetch the keys itself.
 */
export async function warmTokenKeys(): Promise<void> {
  await keys().reload();
}

// Verified tokens are remembered until they expire: signature checks dominate per-request cost.
// Whether Keycloak still considers the token active (user enabled, session alive) is asked on top,
// with its own few-second cache (introspect.ts), so a revoked token stops working within seconds.
const verified = new Map<string, { identity: Identity; exp: number }>();
const CACHE_LIMIT = 10_000;

export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

export async function verifyAccessToken(token: string | undefined): Promise<Identity> {
  if (!token) throw new UnauthenticatedError('missing bearer token');
  const now = Date.now() / 1000;
  const hit = verified.get(token);
  if (hit && hit.exp > now) {
    await stillActive(token);
    return hit.identity;
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys(), { issuer: issuer(), audience: config.keycloak.audience }));
  } catch (error) {
    // The realm's keys could not be fetched (Keycloak down, a key not yet cached): not the token's fault.
    if (isNetworkFailure(error))
      throw new IdentityUnavailableError(`cannot fetch the realm's keys: ${(error as Error).message}`);
    throw new UnauthenticatedError(`invalid token: ${(error as Error).message}`);
  }
  let identity: Identity;
  try {
    identity = identityFromClaims(payload as Record<string, unknown>);
  } catch (error) {
    throw new UnauthenticatedError((error as Error).message);
  }
  await stillActive(token);
  if (verified.size >= CACHE_LIMIT) verified.clear();
  verified.set(token, { identity, exp: payload.exp ?? now + 60 });
  return identity;
}

async function stillActive(token: string): Promise<void> {
  try {
    await assertTokenActive(token);
  } catch (error) {
    if (error instanceof IdentityUnavailableError) throw error;
    throw new UnauthenticatedError((error as Error).message);
  }
}
