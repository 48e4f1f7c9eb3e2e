// Row visibility, decided inside the query. A caller sees an asset when it is owned by the caller's
// org or an org below it (HQ sees its branches and their city units), or shared with the caller's org.
// Every asset node carries `ownerOrgId` (indexed), so the check is a list lookup plus one SHARED_WITH
// probe. Use with the parameters returned by `viewerScope`; `alias` is a variable name chosen by our
// code, never by a request.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../auth/identity.js';
import { readRecords } from './driver.js';
import { TALLIED_KINDS, tallyShare } from './tally.js';

export const visibleTo = (alias: string): string =>
  `(${alias}.ownerOrgId IN $visibleOrgs OR EXISTS { MATCH (${alias})-[:SHARED_WITH]->(:Org {id: $viewerOrg}) })`;

/**
 * For a query that tests many rows (a full-text count reads every hit: ~120,000 for a common word at
 * 1,000,000 assets): the ids of the assets shared with the viewer's org, read once from the org's
 * SHARED_WITH edges into list `into`, so each row's test is `visibleAmong` (one property and a hash
 * lookup, as Cypher keeps an IN list of many items as a set) instead of `visibleTo`'s relationship
 * probe per row (~6 DB hits for every row not owned in the viewer's tree). The same answer as
 * `visibleTo`; prepend it to the query, and it keeps one row.
 */
export const sharedWithViewer = (into: string): string =>
  `MATCH (:Org {id: $viewerOrg})<-[:SHARED_WITH]-(asset) WITH collect(elementId(asset)) AS ${into}`;

/** `visibleTo` for a query that begins with `sharedWithViewer(shared)`. */
export const visibleAmong = (alias: string, shared: string): string =>
  `(${alias}.ownerOrgId IN $visibleOrgs OR elementId(${alias}) IN ${shared})`;

/**
 * Cypher that keys a SHARED_WITH edge `rel` from `asset` (of label `kind`, an ontology constant) to org
 * `org` for the share index of migration 0017: the org's id, the asset's kind and its createdAt, so list
 * pages walk an org's shares in order (asset-store visiblePage). Every writer of a share edge sets it; an
 * edge without it is still visible, and lists then read that org's shares the slow way. A share of a listed
 * kind is also tallied (lib/graph/tally.ts tallyShare) for exact list counts.
 */
export const keyShare = (rel: string, asset: string, kind: string, org: string): string =>
  `SET ${rel}.toOrg = ${org}.id, ${rel}.kind = '${kind}', ${rel}.createdAt = ${asset}.createdAt
   ${(TALLIED_KINDS as readonly string[]).includes(kind) ? tallyShare(asset, kind, org) : ''}`;

export interface ViewerScope {
  viewerOrg: string;
  /** The viewer's org and every org below it. */
  visibleOrgs: string[];
}

// The org tree changes rarely; a short cache keeps one extra query off every request.
const cache = new Map<string, { scope: ViewerScope; until: number }>();
const TTL_MS = 15_000;

export async function viewerScope(driver: Driver, viewer: Identity): Promise<ViewerScope> {
  const hit = cache.get(viewer.org);
  if (hit && hit.until > Date.now()) return hit.scope;
  // An auto-commit read: one round trip where a managed transaction takes two (lib/graph/driver.ts).
  const records = await readRecords(
    driver,
    'MATCH (o:Org)-[:PART_OF*0..]->(:Org {id: $org}) RETURN collect(o.id) AS orgs',
    { org: viewer.org },
  );
  const scope = { viewerOrg: viewer.org, visibleOrgs: (records[0]?.get('orgs') as string[] | undefined) ?? [] };
  cache.set(viewer.org, { scope, until: Date.now() + TTL_MS });
  return scope;
}

/** For tests that change the org tree. */
export const clearViewerScopeCache = (): void => cache.clear();
