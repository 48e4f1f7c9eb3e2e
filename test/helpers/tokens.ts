// Real access tokens from Keycloak's token endpoint (password grant on the public plinth-cli client).
import { config, realmUrl } from '../../lib/config.js';

const cache = new Map<string, { token: string; exp: number }>();

export async function tokenFor(username: string, clientId = config.keycloak.cliClientId): Promise<string> {
  const key = `${clientId}/${username}`;
  const hit = cache.get(key);
  if (hit && hit.exp > Date.now() + 30_000) return hit.token;
  const body = new URLSearchParams({
    grant_type: 'password',
    client_id: clientId,
    username,
    password: 'plinth',
    scope: 'openid',
  });
  const res = await fetch(`${realmUrl()}/protocol/openid-connect/token`, { method: 'POST', body });
  if (!res.ok) throw new Error(`token for ${username} via ${clientId}: HTTP ${res.status} ${await res.text()}`);
  const json = (await res.json()) as { access_token: string; expires_in: number };
  cache.set(key, { token: json.access_token, exp: Date.now() + json.expires_in * 1000 });
  return json.access_token;
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
