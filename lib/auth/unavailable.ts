// Keycloak down is not the caller's fault: a token that cannot be checked because the identity provider
// does not answer gets 503 ("retry shortly"), never 401 ("your token is bad"), so clients retry instead
// of throwing their session away. Every door maps auth failures through authFailure().

/** Thrown when the identity provider cannot be asked (refused, timed out, 5xx). */
export class IdentityUnavailableError extends Error {
  override name = 'IdentityUnavailableError';
}

export const IDENTITY_UNAVAILABLE = 'identity provider (Keycloak) unavailable; retry shortly';

/** True for errors of "nobody answered" kinds (fetch failures, refused or reset sockets, timeouts). */
export function isNetworkFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { name, code, message, cause } = e as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown };
    if (name === 'IdentityUnavailableError' || name === 'TimeoutError' || name === 'AbortError') return true;
    if (
      typeof code === 'string' &&
      /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|UND_ERR_|ERR_JWKS_TIMEOUT)/.test(code)
    )
      return true;
    // keycloak-connect says only "Error fetching JWK Keys" when the realm's key endpoint answers non-2xx
    // (Keycloak starting, a proxy's 502): the keys could not be had, which is not the caller's fault.
    if (typeof message === 'string' && /fetch failed|ECONNREFUSED|socket hang up|Error fetching JWK Keys/.test(message))
      return true;
    e = cause;
  }
  return false;
}

export interface AuthFailure {
  status: 401 | 503;
  code: 'UNAUTHENTICATED' | 'SERVICE_UNAVAILABLE';
  message: string;
  headers: Record<string, string>;
}

/** How a failed token check is answered: 503 with Retry-After when Keycloak could not be asked, else 401. */
export function authFailure(error: unknown, fallback = 'missing, invalid or expired bearer token'): AuthFailure {
  if (error instanceof IdentityUnavailableError || isNetworkFailure(error)) {
    return { status: 503, code: 'SERVICE_UNAVAILABLE', message: IDENTITY_UNAVAILABLE, headers: { 'Retry-After': '5' } };
  }
  const message = error instanceof Error && error.message ? error.message : fallback;
  return { status: 401, code: 'UNAUTHENTICATED', message, headers: { 'WWW-Authenticate': 'Bearer realm="plinth"' } };
}

// keycloak-connect's accessDenied(req, res) is not told why a grant failed; the gateway's validateToken
// wrapper notes tokens it could not check for lack of Keycloak, briefly, so the answer can say 503.
const unchecked = new Map<string, number>();

export function noteUnchecked(token: string): void {
  if (unchecked.size > 10_000) unchecked.clear();
  unchecked.set(token, Date.now() + 10_000);
}

export function wasUnchecked(token: string | undefined): boolean {
  if (!token) return false;
  const until = unchecked.get(token);
  if (until === undefined) return false;
  if (until < Date.now()) {
    unchecked.delete(token);
    return false;
  }
  return true;
}
