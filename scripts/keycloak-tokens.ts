// Tokens from the real Keycloak for the tools around the hub (browser harness, benches, tests): a demo
// user's (password `plinth`, password grant on a public client) and the master realm admin's (for the
// admin REST API, with the password the launcher generated).
import { config, realmUrl } from '../lib/config.js';

// Keycloak 26 with brute-force protection (on in Plinth's realm) refuses a login for a user while another
// login of the same user is in flight, answering `invalid_grant` "Invalid user credentials" (its event log
// says user_temporarily_disabled). Tests and benches ask for the same user's token from parallel subtests,
// so requests are shared while in flight, and a refusal is retried a few times with a short pause (the lock
// lasts only as long as the other login; a wrong password would fail every try and still be reported).
const inFlight = new Map<string, Promise<{ accessToken: string; expiresIn: number }>>();
const RETRIES = 4;

/** A demo user's access token and its lifetime in seconds. */
export function demoUserTokens(
  username: string,
  clientId = config.keycloak.cliClientId,
): Promise<{ accessToken: string; expiresIn: number }> {
  const key = `${clientId}/${username}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = requestDemoUserTokens(username, clientId).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function requestDemoUserTokens(
  username: string,
  clientId: string,
): Promise<{ accessToken: string; expiresIn: number }> {
  const body = new URLSearchParams({ grant_type: 'password', client_id: clientId, username, password: 'plinth' });
  body.set('scope', 'openid');
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${realmUrl()}/protocol/openid-connect/token`, { method: 'POST', body });
    if (res.ok) {
      const json = (await res.json()) as { access_token: string; expires_in: number };
      return { accessToken: json.access_token, expiresIn: json.expires_in };
    }
    const text = await res.text();
    if (res.status === 401 && text.includes('invalid_grant') && attempt < RETRIES) {
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      continue;
    }
    throw new Error(
      `token for ${username} via ${clientId}: HTTP ${res.status} ${text} (after ${attempt} tries); is the stack up? (npm run stack -- up)`,
    );
  }
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
