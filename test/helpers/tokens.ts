// Real access tokens from Keycloak's token endpoint (password grant on the public plinth-cli client).
import { config } from '../../lib/config.js';
import { demoUserTokens, keycloakAdminToken } from '../../scripts/keycloak-tokens.js';

const cache = new Map<string, { token: string; exp: number }>();

export async function tokenFor(username: string, clientId = config.keycloak.cliClientId): Promise<string> {
  const key = `${clientId}/${username}`;
  const hit = cache.get(key);
  if (hit && hit.exp > Date.now() + 30_000) return hit.token;
  const { accessToken, expiresIn } = await demoUserTokens(username, clientId);
  cache.set(key, { token: accessToken, exp: Date.now() + expiresIn * 1000 });
  return accessToken;
}

export function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Same header and signature, one claim changed: the signature no longer matches. */
export function tamper(token: string): string {
  const [header, , signature] = token.split('.');
  const claims = { ...decodeClaims(token), realm_access: { roles: ['platform-admin'] } };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

const adminUrl = `${config.keycloak.url}/admin/realms/${config.keycloak.realm}`;

/** A Keycloak admin REST call on Plinth's realm (tests that create users or clients); throws on HTTP ≥ 300. */
export async function keycloakAdmin(method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await keycloakAdminToken()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res;
}
