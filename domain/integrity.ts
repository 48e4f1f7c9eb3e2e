// What every verified read records when the bytes it fetched are not the bytes that were registered
// (dataset versions and model versions alike): the node's integrity state, when it was checked and the
// digest found, and, once per change of state, an audit event written by Plinth's integrity checker in
// the same transaction. A version read a hundred times while tampered is one finding, not a hundred.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../lib/auth/identity.js';
import { writeAudit } from '../lib/graph/audit.js';
import { inWriteTx } from '../lib/graph/asset-store.js';
import type { Label } from '../lib/graph/ontology.js';

/** The identity integrity events are recorded under: Plinth itself, not the reader who noticed. */
export const INTEGRITY_CHECKER: Identity = {
  sub: 'plinth-integrity',
  username: 'plinth-integrity',
  roles: [],
  org: 'hq',
};

export type IntegrityState = 'VERIFIED' | 'TAMPERED' | 'MISSING' | 'UNVERIFIED';

export interface IntegrityFinding {
  label: Label;
  id: string;
  /** Audit action prefix, e.g. 'modelVersion' → modelVersion.integrity.tampered. */
  action: string;
  /** The node's property holding the registered digest, named in the event (contentHash, artifactDigest). */
  digestField: string;
  /** The registered digest. */
  expected: string;
  /** What the bytes hash to now; null when there are none. */
  found: string | null;
  integrity: IntegrityState;
  /** Who read (a user, a workflow, a deployment), for the event. */
  reader: string;
  /** The state of a node that never recorded one. */
  initial: IntegrityState;
}

/** Records a finding; writes its audit event only when the state changed. */
export async function recordIntegrity(driver: Driver, finding: IntegrityFinding): Promise<void> {
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (v:${finding.label} {id: $id})
       WITH v, coalesce(v.integrity, $initial) AS before
       SET v.integrity = $integrity, v.integrityCheckedAt = datetime(), v.foundDigest = $found
       RETURN before`,
      { id: finding.id, integrity: finding.integrity, found: finding.found, initial: finding.initial },
    );
    const before = records[0]?.get('before') as string | undefined;
    if (before === undefined || before === finding.integrity) return;
    await writeAudit(tx, {
      action: `${finding.action}.integrity.${finding.integrity.toLowerCase()}`,
      actor: INTEGRITY_CHECKER,
      targetId: finding.id,
      targetLabel: finding.label,
      before: { integrity: before, [finding.digestField]: finding.expected },
      after: {
        integrity: finding.integrity,
        [finding.digestField]: finding.expected,
        foundDigest: finding.found,
        noticedBy: finding.reader,
      },
    });
  });
}

/** A version whose bytes cannot be read as registered; retrying will not help. */
export class IntegrityError extends Error {
  override readonly name = 'IntegrityError';
  constructor(
    message: string,
    readonly versionId: string,
    readonly integrity: IntegrityState,
  ) {
    super(message);
  }
}

/** What a verified read is of, for its finding and its messages. */
export interface IntegritySubject extends Pick<
  IntegrityFinding,
  'label' | 'id' | 'action' | 'digestField' | 'initial'
> {
  /** 'dataset version', 'model version'. */
  noun: string;
  /** 'bytes', 'ONNX artifact'. */
  what: string;
}

/**
 * Judges a read: `found` is what the bytes hash to now (null: there were none at `where`, e.g. "in the
 * store"). MISSING or TAMPERED is recorded and thrown as IntegrityError naming the version and both
 * digests; a match is recorded only when the node said otherwise before (`current`).
 */
export async function judgeBytes(
  driver: Driver,
  subject: IntegritySubject,
  expected: string,
  found: string | null,
  current: IntegrityState,
  reader: string,
  where = 'in the store',
): Promise<void> {
  const integrity: IntegrityState = found === null ? 'MISSING' : found === expected ? 'VERIFIED' : 'TAMPERED';
  if (integrity !== 'VERIFIED' || current !== 'VERIFIED')
    await recordIntegrity(driver, { ...subject, expected, found, integrity, reader });
  const { noun, id, what } = subject;
  if (integrity === 'MISSING')
    throw new IntegrityError(`${noun} ${id} is MISSING: no ${what} with sha256 ${expected} ${where}`, id, integrity);
  if (integrity === 'TAMPERED')
    throw new IntegrityError(
      `${noun} ${id} is TAMPERED: registered with sha256 ${expected}, the stored ${what} now ${what === 'bytes' ? 'hash' : 'hashes'} to ${found}`,
      id,
      integrity,
    );
}
