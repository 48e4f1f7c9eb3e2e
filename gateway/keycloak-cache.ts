// keycloak-connect re-derives a PEM from the realm's JWK and re-verifies the RSA signature on every
// request: in profiles that was a quarter of the gateway's CPU. Two memoisations, without weakening
// any check: the JWK is converted to a KeyObject once per key id, and a token that verified once is
// remembered by its full text (header, claims and signature) until it expires, so any change to a
// token misses the cache and is verified in full. Expiry and not-before revocations are re-checked on
// every hit.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type Keycloak from 'keycloak-connect';

interface TokenLike {
  token: string;
  content: { exp?: number; iat?: number };
  isExpired(): boolean;
}

interface GrantManagerInternals {
  notBefore: number;
  validateToken(token: TokenLike | undefined, expectedType: string): Promise<TokenLike>;
  rotation: { getJWK(kid: string): Promise<string | KeyObject> | undefined };
}

const LIMIT = 50_000;

export function memoiseVerification(keycloak: Keycloak.Keycloak): void {
  const manager = (keycloak as unknown as { grantManager: GrantManagerInternals }).grantManager;

  const keys = new Map<string, KeyObject>();
  const getJWK = manager.rotation.getJWK.bind(manager.rotation);
  manager.rotation.getJWK = async (kid: string) => {
    const cached = keys.get(kid);
    if (cached) return cached;
    const pem = await getJWK(kid);
    if (!pem) throw new Error(`no realm key with id ${kid} (key refresh rate-limited)`);
    const key = typeof pem === 'string' ? createPublicKey(pem) : pem;
    keys.set(kid, key);
    return key;
  };

  const verified = new Map<string, number>();
  const validateToken = manager.validateToken.bind(manager);
  manager.validateToken = async (token, expectedType) => {
    if (token && !token.isExpired() && verified.has(token.token) && (token.content.iat ?? 0) >= manager.notBefore) {
      return token;
    }
    const valid = await validateToken(token, expectedType);
    if (verified.size >= LIMIT) verified.clear();
    verified.set(valid.token, valid.content.exp ?? 0);
    return valid;
  };
}
