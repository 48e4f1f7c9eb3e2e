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

/**
 * Says the session ended while the app was open (the token expired unrenewed, or the API refused it and
 * a silent renewal failed), so the landing page can say why it asks to sign in again.
 */
export const sessionEvents = new EventTarget();
export const SESSION_ENDED = 'session-ended';

let renewing: Promise<unknown> | null = null;
// A token refused right after a successful renewal is not renewed again (no renew/refuse loop).
let renewedAt = 0;

/**
 * The API answered 401 to a token the app still holds (Keycloak ended the session: an administrator, sign-out
 * in another tab): try one silent renewal; if Keycloak refuses it, drop the user so the Sign in button shows
 * now, not when the token would have expired (15 minutes later). Concurrent 401s share one attempt.
 */
export function onUnauthenticated(auth: {
  signinSilent: () => Promise<unknown>;
  removeUser: () => Promise<void>;
}): void {
  renewing ??= (async () => {
    const recently = Date.now() - renewedAt < 10_000;
    const user = recently ? null : await auth.signinSilent().catch(() => null);
    if (user) renewedAt = Date.now();
    else {
      sessionEvents.dispatchEvent(new Event(SESSION_ENDED));
      await auth.removeUser();
    }
  })().finally(() => {
    renewing = null;
  });
}
