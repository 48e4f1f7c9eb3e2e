// Organisations: a hierarchy of Org nodes (group HQ → provincial branches → city units).
// Every asset resolves its owner through here, so lookups are cached briefly and batched per tick:
// a page of ten datasets costs one query for their owners, not ten (the org tree changes rarely, and
// no API writes it; the same 15 s bound as the visibility scope cache).
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { config } from '../../../lib/config.js';
import { viewerScope } from '../../../lib/graph/visibility.js';

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

// An org a viewer may look up: its own, any below it, any above it (the chain it belongs to), and the
// owner of an asset shared with its org (an asset page names its owner). Siblings stay unknown.
const VISIBLE_ORG = `(o.id IN $visibleOrgs
  OR EXISTS { MATCH (:Org {id: $viewerOrg})-[:PART_OF*1..]->(o) }
  OR EXISTS { MATCH (a)-[:SHARED_WITH]->(:Org {id: $viewerOrg}) WHERE a.ownerOrgId = o.id })`;
const ORG = `o { .id, .name, .level, parentId: [(o)-[:PART_OF]->(p:Org) | p.id][0] }`;

export class OrgStore {
  constructor(private readonly driver: Driver) {}

  /** The org, when the viewer may see it (see VISIBLE_ORG); null otherwise, as for one that does not exist. */
  async visible(viewer: Identity, id: string): Promise<OrgRecord | null> {
    const scope = await viewerScope(this.driver, viewer);
    const { records } = await this.driver.executeQuery(
      `MATCH (o:Org {id: $id}) WHERE ${VISIBLE_ORG} RETURN ${ORG} AS org`,
      { id, ...scope },
      { database: config.neo4j.database, routing: 'READ' },
    );
    return (records[0]?.get('org') as OrgRecord | undefined) ?? null;
  }

  /** Every org the viewer may see, by level (group, province, city) then name. */
  async allVisible(viewer: Identity): Promise<OrgRecord[]> {
    const scope = await viewerScope(this.driver, viewer);
    const { records } = await this.driver.executeQuery(
      `MATCH (o:Org) WHERE ${VISIBLE_ORG}
       RETURN ${ORG} AS org
       ORDER BY CASE o.level WHEN 'group' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, o.name`,
      scope,
      { database: config.neo4j.database, routing: 'READ' },
    );
    return records.map((r) => r.get('org') as OrgRecord);
  }

  /** The orgs directly below `id` that the viewer may see, by name. */
  async children(viewer: Identity, id: string): Promise<OrgRecord[]> {
    const scope = await viewerScope(this.driver, viewer);
    const { records } = await this.driver.executeQuery(
      `MATCH (o:Org)-[:PART_OF]->(:Org {id: $id}) WHERE ${VISIBLE_ORG} RETURN ${ORG} AS org ORDER BY o.name`,
      { id, ...scope },
      { database: config.neo4j.database, routing: 'READ' },
    );
    return records.map((r) => r.get('org') as OrgRecord);
  }

  async byIds(ids: readonly string[]): Promise<OrgRecord[]> {
    await load(this.driver, ids);
    return ids.map((id) => cache.get(id)?.org).filter((o): o is OrgRecord => Boolean(o));
  }
}

/** For tests that create or rename orgs. */
export const clearOrgCache = (): void => cache.clear();
