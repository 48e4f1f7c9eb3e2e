// The run log of a TrainingRun or an Evaluation: entries (time, step, level, message, counts) stored as
// JSON on the node, written step by step by the activities. Each write replaces the entries its key wrote
// before, so a retried activity leaves one set of entries, in the place the first attempt took.
import type { Driver } from 'neo4j-driver';
import { LOCK, inWriteTx } from '../../lib/graph/asset-store.js';
import type { Label } from '../../lib/graph/ontology.js';
import type { NewLogEntry, RunError, RunLogEntry } from './shared.js';

/** A run log as stored: entries carry the key they were written under (a step, or a step and a rung). */
export type StoredEntry = RunLogEntry & { key: string };

export const parseLog = (text: unknown): StoredEntry[] => {
  if (typeof text !== 'string' || text === '') return [];
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as StoredEntry[]) : [];
  } catch {
    return [];
  }
};

/** The log with `key`'s entries replaced by `entries`: a retried step keeps its place, a new one goes last. */
export function replaceEntries(log: StoredEntry[], key: string, entries: NewLogEntry[], time: string): StoredEntry[] {
  const fresh = entries.map((e) => ({ ...e, key, time }));
  const at = log.findIndex((e) => e.key === key);
  if (at < 0) return [...log, ...fresh];
  const others = log.filter((e) => e.key !== key);
  return [...others.slice(0, at), ...fresh, ...others.slice(at)];
}

/**
 * Writes the entries of one step of a run's log, replacing what that step wrote before, so a retried
 * activity leaves one set of entries. `node` is the TrainingRun or Evaluation, found by id or workflow id
 * (a training workflow's one run; AutoML trials share their study's workflow id and are found by id).
 * Log entries are not audited one by one: the run's completion event carries the whole log in its
 * recorded state (its digest is chained), so a log changed afterwards is detectable.
 */
export async function writeStepLog(
  driver: Driver,
  node: { label: typeof Label.TrainingRun | typeof Label.Evaluation; id?: string; workflowId?: string },
  key: string,
  entries: NewLogEntry[],
): Promise<void> {
  const where = node.id !== undefined ? 'n.id = $id' : 'n.workflowId = $workflowId AND n.studyId IS NULL';
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (n:${node.label}) WHERE ${where} ${LOCK('n')} RETURN n.id AS id, n.log AS log`,
      { id: node.id ?? null, workflowId: node.workflowId ?? null },
    );
    const found = records[0];
    if (!found) throw new Error(`no ${node.label} ${node.id ?? `of workflow ${node.workflowId}`} to log to`);
    const log = replaceEntries(parseLog(found.get('log')), key, entries, new Date().toISOString());
    await tx.run(`MATCH (n:${node.label} {id: $id}) SET n.log = $log`, {
      id: found.get('id') as string,
      log: JSON.stringify(log),
    });
  });
}

/** The log with the failure as its ERROR entry (key `failed`), as a run's completion records it. */
export const failureLog = (log: StoredEntry[], error: RunError): StoredEntry[] =>
  replaceEntries(
    log,
    'failed',
    [{ step: error.step, level: 'ERROR', message: `${error.code}: ${error.message}`, counts: null }],
    new Date().toISOString(),
  );

/** Entries as GraphQL shows them (without the storage key). */
export const logEntries = (text: unknown): RunLogEntry[] =>
  parseLog(text).map(({ key: _key, ...entry }) => ({ ...entry, counts: entry.counts ?? null }));
