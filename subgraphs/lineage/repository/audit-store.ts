// Audit events for compliance reading. An event is listed when its target is visible to the caller;
// an event whose target node no longer exists (deleted) is listed when its actor's org is within the
// caller's subtree. Events about something the caller cannot see are never listed.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { ChainedFields } from '../../../lib/graph/audit.js';
import { verifyAuditChain, type ChainReport } from '../../../lib/graph/audit-verify.js';
import { viewerScope, type ViewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
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
  /** Exactly this position in the chain (the event at a broken link). */
  seq?: number | null;
  /** Positions in [seqFrom, seqTo] (the events a chain check covered). */
  seqFrom?: number | null;
  seqTo?: number | null;
  from?: string | null;
  to?: string | null;
  org?: string | null;
}

export const PROJECTION = `e { .id, .seq, .action, .actorId, .actorName, .actorOrg, .targetId, .targetLabel, at: toString(e.at),
  beforeDigest: e.beforeDigest, afterDigest: e.afterDigest, workflowId: e.workflowId, runId: e.runId, .hash, .prevHash }`;

/**
 * The events matching a filter that the viewer may see. Only the filters given become predicates (values
 * always parameters), so that the planner can seek the seq, targetId, actorName or at index instead of
 * scanning every event; `e.seq >= 0` lets it walk the seq index in order, so a page newest first stops
 * after `limit` matches rather than sorting the whole chain.
 */
export function matching(filter: AuditFilter): string {
  const where = ['e.seq >= 0'];
  if (filter.actor != null) where.push('(e.actorName = $actor OR e.actorId = $actor)');
  if (filter.action != null) where.push("(e.action = $action OR e.action STARTS WITH $action + '.')");
  if (filter.targetId != null) where.push('e.targetId = $targetId');
  if (filter.targetIds != null) where.push('e.targetId IN $targetIds');
  if (filter.seq != null) where.push('e.seq = $seq');
  if (filter.seqFrom != null && filter.seqTo != null) where.push('e.seq >= $seqFrom AND e.seq <= $seqTo');
  if (filter.from != null) where.push('e.at >= datetime($from)');
  if (filter.to != null) where.push('e.at <= datetime($to)');
  // Without a seekable filter, walk the seq index from the newest event, even while the chain is small
  // enough for the planner to prefer a scan and a sort (which would not stay cheap as it grows).
  const seekable =
    filter.actor != null ||
    filter.targetId != null ||
    filter.targetIds != null ||
    filter.seq != null ||
    filter.seqFrom != null ||
    filter.from != null ||
    filter.to != null;
  return `MATCH (e:${Label.AuditEvent})${seekable ? '' : ` USING INDEX e:${Label.AuditEvent}(seq)`} WHERE ${where.join(' AND ')}
  WITH e, [(e)-[:${Rel.TARGET}]->(t) | t][0] AS t
  WHERE ${filter.org != null ? '(e.actorOrg = $org OR t.ownerOrgId = $org) AND ' : ''}CASE WHEN t IS NULL THEN e.actorOrg IN $visibleOrgs ELSE ${nodeVisible('t')} END`;
}

export class AuditStore {
  constructor(private readonly driver: Driver) {}

  private params(scope: ViewerScope, filter: AuditFilter) {
    return {
      ...scope,
      actor: filter.actor ?? null,
      action: filter.action ?? null,
      targetId: filter.targetId ?? null,
      targetIds: filter.targetIds ?? null,
      seq: filter.seq == null ? null : int(filter.seq),
      seqFrom: filter.seqFrom == null ? null : int(filter.seqFrom),
      seqTo: filter.seqTo == null ? null : int(filter.seqTo),
      from: filter.from ?? null,
      to: filter.to ?? null,
      org: filter.org ?? null,
    };
  }

  /**
   * Newest first (by chain sequence). The page reads `limit + 1` events to know whether more follow;
   * `count` counts every match, and is run only when called (it reads the whole matching range).
   */
  async page(
    viewer: Identity,
    filter: AuditFilter,
    window: { offset: number; limit: number },
  ): Promise<{ items: AuditEventRecord[]; hasMore: boolean; count: () => Promise<number> }> {
    const scope = await viewerScope(this.driver, viewer);
    const params = this.params(scope, filter);
    const { records } = await this.driver.executeQuery(
      `${matching(filter)}
       WITH e ORDER BY e.seq DESC SKIP toInteger($offset) LIMIT toInteger($limit + 1)
       RETURN ${PROJECTION} AS e`,
      { ...params, offset: int(window.offset), limit: int(window.limit) },
      READ,
    );
    // Sorted again here: Cypher does not promise that RETURN keeps the order of the WITH before it.
    const items = records.map((r) => r.get('e') as AuditEventRecord).sort((x, y) => y.seq - x.seq);
    const count = async (): Promise<number> => {
      const result = await this.driver.executeQuery(`${matching(filter)} RETURN count(e) AS total`, params, READ);
      return (result.records[0]?.get('total') as number | undefined) ?? 0;
    };
    return { items: items.slice(0, window.limit), hasMore: items.length > window.limit, count };
  }

  /** Every matching event, oldest first (for reports; bounded by `limit`). */
  async all(viewer: Identity, filter: AuditFilter, limit = 10_000): Promise<AuditEventRecord[]> {
    const scope = await viewerScope(this.driver, viewer);
    const { records } = await this.driver.executeQuery(
      `${matching(filter)} WITH e ORDER BY e.seq LIMIT toInteger($limit) RETURN ${PROJECTION} AS e`,
      { ...this.params(scope, filter), limit: int(limit) },
      READ,
    );
    return records.map((r) => r.get('e') as AuditEventRecord).sort((x, y) => x.seq - y.seq);
  }

  /**
   * The chain re-computed over the range. Whether it is intact, and where it first breaks, is one fact
   * for everyone: each event links to the one before it, whoever may see that one. How many events were
   * verified is not: it is the group's event count, so a unit below the group's root org is told how many
   * of the verified events it may see (auditTrail's rule), not how many the group holds (issue #13: a
   * branch officer who sees 18 events read checked: 7808). The root org sees the chain's own count.
   */
  async verify(viewer: Identity, range: { fromSeq?: number; toSeq?: number }): Promise<ChainReport> {
    const report = await verifyAuditChain(this.driver, range);
    if (report.checked === 0) return report;
    const { records } = await this.driver.executeQuery(
      `MATCH (o:${Label.Org} {id: $org}) RETURN EXISTS { (o)-[:${Rel.PART_OF}]->(:${Label.Org}) } AS below`,
      { org: viewer.org },
      READ,
    );
    if (records[0]?.get('below') === false) return report;
    // The verified events are consecutive from fromSeq.
    const filter = { seqFrom: report.fromSeq, seqTo: report.fromSeq + report.checked - 1 };
    const scope = await viewerScope(this.driver, viewer);
    const counted = await this.driver.executeQuery(
      `${matching(filter)} RETURN count(e) AS n`,
      this.params(scope, filter),
      READ,
    );
    return { ...report, checked: (counted.records[0]?.get('n') as number | undefined) ?? 0 };
  }
}
