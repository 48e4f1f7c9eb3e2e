// Keycloak imports the realm file only into a database that lacks the realm, and the launcher re-creates
// the dev database only when it starts Keycloak. A developer's Keycloak that is already running would
// otherwise miss roles and users added to the file since (the `annotator` role and its demo users, say)
// until its next restart: this adds what is missing through the admin API's partial import, leaving
// everything that exists as it is (SKIP), so no user's id, password or session changes.
import { readFile } from 'node:fs/promises';
import { config } from '../../lib/config.js';
import { keycloakAdminToken } from '../keycloak-tokens.js';
import { say } from './ui.js';

interface RealmFile {
  roles?: { realm?: unknown[] };
  users?: { username: string; serviceAccountClientId?: string; clientRoles?: Record<string, string[]> }[];
  clients?: { clientId: string; serviceAccountsEnabled?: boolean }[];
}

interface PartialImportResult {
  added?: number;
  results?: { action: string; resourceType: string; resourceName: string }[];
}

/** Adds the realm file's realm roles and people that the running Keycloak lacks; returns their names. */
export async function addMissingRealmEntries(realmFile: string): Promise<string[]> {
  const realm = JSON.parse(await readFile(realmFile, 'utf8')) as RealmFile;
  // Service accounts belong to their clients, which this does not touch.
  const users = (realm.users ?? []).filter((u) => !u.serviceAccountClientId);
  const res = await fetch(`${config.keycloak.url}/admin/realms/${config.keycloak.realm}/partialImport`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await keycloakAdminToken()}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ifResourceExists: 'SKIP', roles: { realm: realm.roles?.realm ?? [] }, users }),
  });
  if (!res.ok) throw new Error(`Keycloak partial import of ${realmFile}: HTTP ${res.status} ${await res.text()}`);
  const result = (await res.json()) as PartialImportResult;
  const added = (result.results ?? [])
    .filter((r) => r.action === 'ADDED')
    .map((r) => `${r.resourceType.toLowerCase()} ${r.resourceName}`);
  if (added.length > 0) say('keycloak', `added to the running realm from ${realmFile}: ${added.join(', ')}`);
  return added;
}

async function admin<T>(method: string, path: string, body?: unknown): Promise<T | null> {
  const res = await fetch(`${config.keycloak.url}/admin/realms/${config.keycloak.realm}${path}`, {
    method,
    headers: { authorization: `Bearer ${await keycloakAdminToken()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`Keycloak admin ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 || method !== 'GET' ? null : ((await res.json()) as T);
}

/**
 * Partial import skips clients that exist, so a service account the file gives an existing client (the
 * gateway's, which looks up annotators with realm-management's view-users) is switched on here, and the
 * realm-management roles the file gives a service account are added to it when missing. Nothing is
 * removed. Returns what was changed.
 */
export async function addMissingServiceAccounts(realmFile: string): Promise<string[]> {
  const realm = JSON.parse(await readFile(realmFile, 'utf8')) as RealmFile;
  const changed: string[] = [];
  const management = (await admin<{ id: string }[]>('GET', '/clients?clientId=realm-management'))![0];
  for (const wanted of (realm.clients ?? []).filter((c) => c.serviceAccountsEnabled)) {
    const client = (await admin<{ id: string; serviceAccountsEnabled?: boolean }[]>(
      'GET',
      `/clients?clientId=${encodeURIComponent(wanted.clientId)}`,
    ))![0];
    if (!client) continue;
    if (!client.serviceAccountsEnabled) {
      await admin('PUT', `/clients/${client.id}`, { ...client, serviceAccountsEnabled: true });
      changed.push(`service account of ${wanted.clientId}`);
    }
    const roles = (realm.users ?? []).find((u) => u.serviceAccountClientId === wanted.clientId)?.clientRoles?.[
      'realm-management'
    ];
    if (!roles?.length || !management) continue;
    const user = (await admin<{ id: string }>('GET', `/clients/${client.id}/service-account-user`))!;
    const held = new Set(
      (await admin<{ name: string }[]>('GET', `/users/${user.id}/role-mappings/clients/${management.id}`))!.map(
        (r) => r.name,
      ),
    );
    const missing = roles.filter((r) => !held.has(r));
    if (missing.length === 0) continue;
    const available = (await admin<{ id: string; name: string }[]>(
      'GET',
      `/users/${user.id}/role-mappings/clients/${management.id}/available`,
    ))!.filter((r) => missing.includes(r.name));
    await admin('POST', `/users/${user.id}/role-mappings/clients/${management.id}`, available);
    changed.push(`realm-management ${missing.join(', ')} for ${wanted.clientId}'s service account`);
  }
  if (changed.length > 0) say('keycloak', `added to the running realm from ${realmFile}: ${changed.join(', ')}`);
  return changed;
}
