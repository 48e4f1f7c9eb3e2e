// Tokens from the real Keycloak for the tools around the hub (browser harness, benches, tests): a demo
// user's (password `plinth`, password grant on a public client) and the master realm admin's (for the
// admin REST API, with the password the launcher generated).
import { config, realmUrl } from '../lib/config.js';

/** A demo user's access token and its lifetime in seconds. */
export async function demoUserTokens(
  username: string,
  clientId = config.keycloak.cliClientId,
): Promise<{ accessToken: string; expiresIn: number }> {
  const body = new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password: 'plinth' });
  body.set('scope', 'openid');
  const res = await fetch(`${realmUrl()}/protocol/openid-connect/token`, { method: 'POST', body });
  if (!res.ok)
    throw new Error(
      `token for ${username} via ${clientId}: HTTP ${res.status} ${await res.text()}; is the stack up? (npm run stack -- up)`,
    );
  const json = (await res.json()) as { access_token: string; expires_in: number };
  return { accessToken: json.access_token, expiresIn: json.expires_in };
}

export const demoUserToken = async (username: string, clientId?: string): Promise<string> =>
  (await demoUserTokens(username, clientId)).accessToken;

/** A token of the master realm's admin, for Keycloak's admin REST API. */
export async function keycloakAdminToken(): Promise<string> {
  const res = await fetch(`${config.keycloak.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: config.keycloak.adminPassword,
    }),
  });
  if (!res.ok) throw new Error(`Keycloak admin token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
