// Re-computes the audit hash chain from the stored events and reports the first broken link, so that
// tampering with (or deleting) any event is detectable by anyone who can read the graph.
import type { Driver } from 'neo4j-driver';
import { config } from '../config.js';
import { eventHash, GENESIS_HASH, type ChainedFields } from './audit.js';

export interface ChainBreak {
  seq: number;
  eventId: string | null;
  reason: string;
  /** The hash the chain requires at this link (re-computed, or the previous event's), when one is known. */
  expectedHash: string | null;
  /** The hash stored on the event (its own hash, or its prevHash for a broken link). */
  foundHash: string | null;
}

export interface ChainReport {
  checked: number;
  fromSeq: number;
  toSeq: number | null;
  intact: boolean;
  firstBreak: ChainBreak | null;
}

const PAGE = 2_000;

export async function verifyAuditChain(
  driver: Driver,
  range: { fromSeq?: number; toSeq?: number } = {},
): Promise<ChainReport> {
  const fromSeq = Math.max(1, range.fromSeq ?? 1);
  let expectedPrev: string | null = fromSeq === 1 ? GENESIS_HASH : null;
  if (expectedPrev === null) {
    const { records } = await driver.executeQuery(
      'MATCH (e:AuditEvent {seq: $seq}) RETURN e.hash AS hash',
      { seq: fromSeq - 1 },
      { database: config.neo4j.database },
    );
    expectedPrev = (records[0]?.get('hash') as string | undefined) ?? null;
  }
  let checked = 0;
  let nextSeq = fromSeq;
  for (;;) {
    const upper = range.toSeq ?? Number.MAX_SAFE_INTEGER;
    const { records } = await driver.executeQuery(
      `MATCH (e:AuditEvent) WHERE e.seq >= $from AND e.seq <= $to
       RETURN e { .*, at: toString(e.at) } AS e ORDER BY e.seq LIMIT toInteger($limit)`,
      { from: nextSeq, to: upper, limit: PAGE },
      { database: config.neo4j.database },
    );
    if (records.length === 0) break;
    for (const record of records) {
      const e = record.get('e') as Record<string, unknown> & ChainedFields & { hash: string; prevHash: string };
      const broken = (reason: string, expectedHash: string | null, foundHash: string | null): ChainReport => ({
        checked,
        fromSeq,
        toSeq: range.toSeq ?? null,
        intact: false,
        firstBreak: { seq: nextSeq, eventId: e.id ?? null, reason, expectedHash, foundHash },
      });
      if (e.seq !== nextSeq) return broken(`event ${nextSeq} is missing (next stored event is ${e.seq})`, null, null);
      if (expectedPrev !== null && e.prevHash !== expectedPrev)
        return broken(`event ${e.seq} does not link to the hash of event ${e.seq - 1}`, expectedPrev, e.prevHash);
      const fields: ChainedFields = {
        id: e.id,
        seq: e.seq,
        action: e.action,
        actorId: e.actorId,
        actorName: e.actorName,
        actorOrg: e.actorOrg,
        targetId: e.targetId,
        targetLabel: e.targetLabel,
        at: new Date(String(e.at)).toISOString(),
        beforeDigest: e.beforeDigest ?? null,
        afterDigest: e.afterDigest ?? null,
        workflowId: e.workflowId ?? null,
        runId: e.runId ?? null,
      };
      const recomputed = eventHash(e.prevHash, fields);
      if (recomputed !== e.hash)
        return broken(`event ${e.seq} was altered: its content no longer matches its hash`, recomputed, e.hash);
      expectedPrev = e.hash;
      checked += 1;
      nextSeq += 1;
    }
    if (records.length < PAGE) break;
  }
  return { checked, fromSeq, toSeq: range.toSeq ?? null, intact: true, firstBreak: null };
}
