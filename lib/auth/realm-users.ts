// Who a username is in Plinth's realm, asked of Keycloak's admin API by the hub itself: the confidential
// client plinth-gateway (the one that introspects tokens) has a service account holding only
// realm-management's `view-users` (deploy/keycloak/realm-plinth.json), least privilege: it reads users
// and their role mappings and changes nothing. Used where the hub must decide about a person who is
// not the caller (the annotators a labeling project's owner assigns tasks to).
import { config, realmUrl } from '../config.js';

export interface RealmUser {
  username: string;
  /** The `org` attribute (null when unset). */
  org: string | null;
  /** Effective realm roles (composites expanded). */
  roles: string[];
}

export class RealmUsersUnavailableError extends Error {}

let cached: { token: string; until: number } | undefined;

async function serviceToken(): Promise<string> {
  if (cached && cached.until > Date.now()) return cached.token;
  const res = await fetch(`${realmUrl()}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: config.keycloak.audience,
      client_secret: config.keycloak.gatewaySecret,
    }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok)
    throw new RealmUsersUnavailableError(
      `Keycloak refused the hub's service account (${config.keycloak.audience}): HTTP ${res.status}`,
    );
  const body = (await res.json()) as { access_token: string; expires_in: number };
  // Renewed 30 s before it expires, so a lookup never carries a token about to lapse.
  cached = { token: body.access_token, until: Date.now() + (body.expires_in - 30) * 1000 };
  return body.access_token;
}

async function admin<T>(path: string): Promise<T> {
  const url = `${config.keycloak.url}/admin/realms/${encodeURIComponent(config.keycloak.realm)}${path}`;
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${await serviceToken()}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok)
    throw new RealmUsersUnavailableError(`Keycloak's user lookup answered HTTP ${res.status}; nothing was changed`);
  return (await res.json()) as T;
}

/** The realm's user of exactly this username (enabled), or null when there is none. */
export async function realmUser(username: string): Promise<RealmUser | null> {
  const found = await admin<
    { id: string; username: string; enabled: boolean; attributes?: Record<string, string[]> }[]
  >(`/users?exact=true&briefRepresentation=false&username=${encodeURIComponent(username)}`);
  const user = found.find((u) => u.username.toLowerCase() === username.toLowerCase() && u.enabled);
  if (!user) return null;
  const roles = await admin<{ name: string }[]>(`/users/${encodeURIComponent(user.id)}/role-mappings/realm/composite`);
  return { username: user.username, org: user.attributes?.org?.[0] ?? null, roles: roles.map((r) => r.name) };
}
