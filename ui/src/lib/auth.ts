// OIDC authorization code flow with PKCE against Keycloak (oidc-client-ts), tokens in sessionStorage,
// renewed silently with the refresh token before the access token expires; sign-out ends the Keycloak
// session with id_token_hint and comes back to the portal.
import { WebStorageStateStore, type UserManagerSettings } from 'oidc-client-ts';
import type { PortalConfig } from './config';

export const CALLBACK_PATH = '/auth/callback';

export function oidcSettings(config: PortalConfig): UserManagerSettings {
  const origin = window.location.origin;
  return {
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid',
    automaticSilentRenew: true,
    // Renew a minute before expiry, or at a third of a short lifetime (tests use 30 s tokens).
    accessTokenExpiringNotificationTimeInSeconds: 20,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  };
}

/** Where to go after sign-in: the page the user asked for, carried through Keycloak as OIDC state. */
export function returnPath(state: unknown): string {
  return typeof state === 'string' && state.startsWith('/') && !state.startsWith('//') ? state : '/';
}
