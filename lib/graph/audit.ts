// Audit events are written in the same transaction as the change they record, and form a hash chain:
// each event's hash covers the previous event's hash and the event's canonical form. Appends lock the
// chain head, so concurrent writers are serialised and the chain never forks.
import { createHash, randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../auth/identity.js';
import { Label } from './ontology.js';

export interface AuditInput {
  action: string;
  actor: Identity;
  targetId: string;
  targetLabel: Label;
  before?: unknown;
  after?: unknown;
  /** Temporal workflow and run ids when a workflow caused the change. */
  workflowId?: string;
  runId?: string;
}

export interface AuditRecord {
  id: string;
  seq: number;
  hash: string;
  prevHash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Stable JSON: object keys sorted, so the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const digestOf = (state: unknown): string | null => (state === undefined ? null : sha256(canonicalJson(state)));

export interface ChainedFields {
  id: string;
  seq: number;
  action: string;
  actorId: string;
  actorName: string;
  actorOrg: string;
  targetId: string;
  targetLabel: string;
  at: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  workflowId: string | null;
  runId: string | null;
}

export const eventHash = (prevHash: string, fields: ChainedFields): string => sha256(prevHash + canonicalJson(fields));

const knownLabels = new Set<string>(Object.values(Label));

export async function writeAudit(tx: ManagedTransaction, input: AuditInput): Promise<AuditRecord> {
  // The label is pasted into the query text, so it must be one of the ontology's own constants.
  if (!knownLabels.has(input.targetLabel)) throw new Error(`unknown target label ${input.targetLabel}`);
  // SET on the head takes its write lock until commit: the next writer waits and sees our event.
  const head = await tx.run(
    `MERGE (c:AuditChain {id: 'main'}) ON CREATE SET c.seq = 0, c.hash = $genesis
     SET c.locked = true
     RETURN c.seq AS seq, c.hash AS hash`,
    { genesis: GENESIS_HASH },
  );
  const record = head.records[0]!;
  const prevHash = record.get('hash') as string;
  const fields: ChainedFields = {
    id: randomUUID(),
    seq: (record.get('seq') as number) + 1,
    action: input.action,
    actorId: input.actor.sub,
    actorName: input.actor.username,
    actorOrg: input.actor.org,
    targetId: input.targetId,
    targetLabel: input.targetLabel,
    at: new Date().toISOString(),
    beforeDigest: digestOf(input.before),
    afterDigest: digestOf(input.after),
    workflowId: input.workflowId ?? null,
    runId: input.runId ?? null,
  };
  const hash = eventHash(prevHash, fields);
  await tx.run(
    `MATCH (c:AuditChain {id: 'main'})
     CREATE (e:AuditEvent) SET e = $fields, e.at = datetime($fields.at), e.hash = $hash, e.prevHash = $prevHash
     SET c.seq = $fields.seq, c.hash = $hash, c.locked = false
     WITH e
     MERGE (u:User {id: $fields.actorId}) ON CREATE SET u.username = $fields.actorName
     CREATE (e)-[:ACTOR]->(u)
     WITH e
     OPTIONAL MATCH (t:${input.targetLabel} {id: $fields.targetId})
     FOREACH (_ IN CASE WHEN t IS NULL THEN [] ELSE [1] END | CREATE (e)-[:TARGET]->(t))`,
    { fields, hash, prevHash },
  );
  return { id: fields.id, seq: fields.seq, hash, prevHash };
}

/**
 * For workflow activities, which Temporal may retry: writes the event unless this workflow already has
 * one with the same action and payload digest, so a retried step leaves exactly one event.
 */
export async function writeWorkflowAuditOnce(
  tx: ManagedTransaction,
  input: AuditInput & { workflowId: string },
): Promise<void> {
  const seen = await tx.run(
    `MATCH (e:${Label.AuditEvent} {workflowId: $wf, action: $action}) WHERE e.afterDigest = $digest RETURN e.id LIMIT 1`,
    { wf: input.workflowId, action: input.action, digest: digestOf(input.after) },
  );
  if (seen.records.length === 0) await writeAudit(tx, input);
}
