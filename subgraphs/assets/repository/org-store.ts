// Organisations: a hierarchy of Org nodes (group HQ → provincial branches → city units).
// Every asset resolves its owner through here, so lookups are cached briefly and batched per tick:
// a page of ten datasets costs one query for their owners, not ten (the org tree changes rarely, and
// no API writes it; the same 15 s bound as the visibility scope cache).
import type { Driver } from 'neo4j-driver';
import { config } from '../../../lib/config.js';

export interface OrgRecord {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
}

const TTL_MS = 15_000;
const cache = new Map<string, { org: OrgRecord | null; until: number }>();
let pending: { driver: Driver; ids: Set<string>; done: Promise<void> } | null = null;

async function fetchOrgs(driver: Driver, ids: string[]): Promise<void> {
  const { records } = await driver.executeQuery(
    `MATCH (o:Org) WHERE o.id IN $ids
     RETURN o { .id, .name, .level, parentId: [(o)-[:PART_OF]->(p:Org) | p.id][0] } AS org`,
    { ids },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const until = Date.now() + TTL_MS;
  const found = new Map(records.map((r) => [(r.get('org') as OrgRecord).id, r.get('org') as OrgRecord]));
  for (const id of ids) cache.set(id, { org: found.get(id) ?? null, until });
}

/** Collects the ids asked for in this tick and fetches the missing ones in one query. */
function load(driver: Driver, ids: readonly string[]): Promise<void> {
  const now = Date.now();
  const missing = ids.filter((id) => !((cache.get(id)?.until ?? 0) > now));
  if (missing.length === 0) return Promise.resolve();
  if (!pending || pending.driver !== driver) {
    const batch = { driver, ids: new Set<string>(), done: Promise.resolve() };
    batch.done = new Promise<void>((resolve) => process.nextTick(resolve)).then(() => {
      if (pending === batch) pending = null;
      return fetchOrgs(driver, [...batch.ids]);
    });
    pending = batch;
  }
  for (const id of missing) pending.ids.add(id);
  return pending.done;
}

export class OrgStore {
  constructor(private readonly driver: Driver) {}

  async byIds(ids: readonly string[]): Promise<OrgRecord[]> {
    await load(this.driver, ids);
    return ids.map((id) => cache.get(id)?.org).filter((o): o is OrgRecord => Boolean(o));
  }
}

/** For tests that create or rename orgs. */
export const clearOrgCache = (): void => cache.clear();
