// keycloak-connect in bearer-only mode verifies each token against the realm's keys (fetched once and
// cached by key id), its issuer, expiry and audience. It answers 403 for every failure; for a missing or
// invalid token the right answer is 401 with a Bearer challenge, so accessDenied is overridden.
import type { Request, Response } from 'express';
import Keycloak from 'keycloak-connect';
import { config, issuer } from '../lib/config.js';
import { memoiseVerification } from './keycloak-cache.js';
import { assertTokenActive } from '../lib/auth/introspect.js';
import { bearerToken } from '../lib/auth/verify-token.js';
import {
  IDENTITY_UNAVAILABLE,
  IdentityUnavailableError,
  isNetworkFailure,
  noteUnchecked,
  wasUnchecked,
} from '../lib/auth/unavailable.js';

/** The part of a keycloak-connect grant the gateway reads: the verified access token. */
export interface VerifiedGrant {
  access_token?: { token: string; content: Record<string, unknown> };
}

export interface GrantRequest extends Request {
  kauth?: { grant?: VerifiedGrant };
}

export function createKeycloak(options: { memoise?: boolean } = {}): Keycloak.Keycloak {
  const keycloak = new Keycloak({}, {
    realm: config.keycloak.realm,
    'auth-server-url': config.keycloak.url,
    resource: config.keycloak.audience,
    'bearer-only': true,
    'ssl-required': 'external',
    'confidential-port': 0,
    'verify-token-audience': true,
  } as unknown as Keycloak.KeycloakConfig);
  keycloak.accessDenied = (req: Request, res: Response): void => {
    // Keycloak could not be asked about this token: 503, so the client retries rather than signing in again.
    if (wasUnchecked(bearerToken(req.headers.authorization))) {
      res
        .status(503)
        .set('Retry-After', '5')
        .json({ errors: [{ message: IDENTITY_UNAVAILABLE, extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
      return;
    }
    const hadToken = typeof req.headers.authorization === 'string';
    res
      .status(401)
      .set('WWW-Authenticate', `Bearer realm="${config.keycloak.realm}"${hadToken ? ', error="invalid_token"' : ''}`)
      .json({
        errors: [
          {
            message: hadToken ? 'invalid, expired or wrong-audience access token' : 'missing bearer token',
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
      });
  };
  // keycloak-connect's bearer store reads only `Bearer ` and `bearer `; the scheme is case-insensitive (RFC 7235),
  // so the token is taken from the header as every other door of the hub takes it.
  (keycloak as unknown as { stores: { get(req: Request): unknown }[] }).stores[0] = {
    get: (req) => {
      const token = bearerToken(req.headers.authorization);
      return token ? { access_token: token } : undefined;
    },
  };
  // keycloak-connect checks `iss` against the URL it fetches keys from; behind Docker networking the
  // public issuer differs, so the expected issuer is set on its own (keys still come from KEYCLOAK_URL).
  (keycloak as unknown as { grantManager: { realmUrl: string } }).grantManager.realmUrl = issuer();
  if (options.memoise ?? true) memoiseVerification(keycloak);
  requireActiveTokens(keycloak);
  return keycloak;
}

/**
 * A token that verifies is also checked with Keycloak's introspection (answer cached a few seconds,
 * lib/auth/introspect.ts): a disabled or deleted user, or an ended session, is refused within seconds
 * instead of when the token expires. Every route's getGrant goes through validateToken.
 */
function requireActiveTokens(keycloak: Keycloak.Keycloak): void {
  const manager = (
    keycloak as unknown as {
      grantManager: {
        validateToken(token: { token: string } | undefined, expectedType: string): Promise<{ token: string }>;
      };
    }
  ).grantManager;
  const validateToken = manager.validateToken.bind(manager);
  manager.validateToken = async (token, expectedType) => {
    try {
      const valid = await validateToken(token, expectedType);
      await assertTokenActive(valid.token);
      return valid;
    } catch (error) {
      // Keys or introspection out of reach: remembered so accessDenied answers 503, not 401.
      if (token && (error instanceof IdentityUnavailableError || isNetworkFailure(error))) noteUnchecked(token.token);
      throw error;
    }
  };
}
