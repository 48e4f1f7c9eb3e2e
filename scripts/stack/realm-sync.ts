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
  users?: { username: string; serviceAccountClientId?: string }[];
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
