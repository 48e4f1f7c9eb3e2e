// Audit events for compliance reading. An event is listed when its target is visible to the caller;
// an event whose target node no longer exists (deleted) is listed when its actor's org is within the
// caller's subtree. Events about something the caller cannot see are never listed.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { ChainedFields } from '../../../lib/graph/audit.js';
import { verifyAuditChain, type ChainReport } from '../../../lib/graph/audit-verify.js';
import { viewerScope, type ViewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../graph-schema/ontology.js';
import { int } from '../../../lib/graph/asset-store.js';
import { READ, nodeVisible } from './traversal.js';

/** A stored event: the chained fields its hash covers, plus the hashes. */
export interface AuditEventRecord extends ChainedFields {
  hash: string;
  prevHash: string;
}

export interface AuditFilter {
  actor?: string | null;
  action?: string | null;
  targetId?: string | null;
  /** Any of these target ids (the report's chain). */
  targetIds?: string[] | null;
  from?: string | null;
  to?: string | null;
  org?: string | null;
}

const PROJECTION = `e { .id, .seq, .action, .actorId, .actorName, .actorOrg, .targetId, .targetLabel, at: toString(e.at),
  beforeDigest: e.beforeDigest, afterDigest: e.afterDigest, workflowId: e.workflowId, runId: e.runId, .hash, .prevHash }`;

const MATCHING = `MATCH (e:${Label.AuditEvent})
  WHERE ($actor IS NULL OR e.actorName = $actor OR e.actorId = $actor)
    AND ($action IS NULL OR e.action = $action OR e.action STARTS WITH $action + '.')
    AND ($targetId IS NULL OR e.targetId = $targetId)
    AND ($targetIds IS NULL OR e.targetId IN $targetIds)
    AND ($from IS NULL OR e.at >= datetime($from))
    AND ($to IS NULL OR e.at <= datetime($to))
  WITH e, [(e)-[:${Rel.TARGET}]->(t) | t][0] AS t
  WHERE ($org IS NULL OR e.actorOrg = $org OR t.ownerOrgId = $org)
    AND CASE WHEN t IS NULL THEN e.actorOrg IN $visibleOrgs ELSE ${nodeVisible('t')} END`;

export class AuditStore {
  constructor(private readonly driver: Driver) {}

  private params(scope: ViewerScope, filter: AuditFilter) {
    return {
      ...scope,
      actor: filter.actor ?? null,
      action: filter.action ?? null,
      targetId: filter.targetId ?? null,
      targetIds: filter.targetIds ?? null,
      from: filter.from ?? null,
      to: filter.to ?? null,
      org: filter.org ?? null,
    };
  }

  /** Newest first (by chain sequence). */
  async page(viewer: Identity, filter: AuditFilter, window: { offset: number; limit: number }): Promise<{ total: number; items: AuditEventRecord[] }> {
    const scope = await viewerScope(this.driver, viewer);
    const { records } = await this.driver.executeQuery(
      `${MATCHING}
       WITH e ORDER BY e.seq DESC
       WITH collect(e) AS events
       RETURN size(events) AS total, [e IN events[toInteger($offset)..toInteger($offset + $limit)] | ${PROJECTION}] AS items`,
      { ...this.params(scope, filter), offset: int(window.offset), limit: int(window.limit) },
      READ,
    );
    return { total: (records[0]?.get('total') as number | undefined) ?? 0, items: (records[0]?.get('items') as AuditEventRecord[] | undefined) ?? [] };
  }

  /** Every matching event, oldest first (for reports; bounded by `limit`). */
  async all(viewer: Identity, filter: AuditFilter, limit = 10_000): Promise<AuditEventRecord[]> {
    const scope = await viewerScope(this.driver, viewer);
    const { records } = await this.driver.executeQuery(
      `${MATCHING} RETURN ${PROJECTION} AS e ORDER BY e.seq LIMIT toInteger($limit)`,
      { ...this.params(scope, filter), limit: int(limit) },
      READ,
    );
    return records.map((r) => r.get('e') as AuditEventRecord);
  }

  verify(range: { fromSeq?: number; toSeq?: number }): Promise<ChainReport> {
    return verifyAuditChain(this.driver, range);
  }
}
