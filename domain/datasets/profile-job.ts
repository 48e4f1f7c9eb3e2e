// Profiles of tabular versions are computed after the upload has answered: a full profile of a gigabyte
// is two scans, and the person uploading is waiting only for the digest, the row count and the schema.
// One job at a time per process, with one DuckDB thread, so profiling never takes both cores from the
// queries this process serves. A version left PENDING by a process that stopped is picked up again by
// resumePendingProfiles at the next start.
import type { Driver } from 'neo4j-driver';
import { inWriteTx, READ } from '../../lib/graph/asset-store.js';
import { Label } from '../../lib/graph/ontology.js';
import { createLogger } from '../../lib/logger.js';
import { blobStore } from '../../lib/storage/index.js';
import { withDuck } from './duck.js';
import { isTabular } from './formats.js';
import { readVersionBytes } from './integrity.js';
import { inspectTable } from './profile.js';

const log = createLogger('datasets');

let chain: Promise<void> = Promise.resolve();
const pending = new Set<string>();

async function save(
  driver: Driver,
  versionId: string,
  status: 'READY' | 'FAILED',
  profile: unknown,
  error: string | null,
) {
  await inWriteTx(driver, (tx) =>
    tx.run(
      `MATCH (v:${Label.DatasetVersion} {id: $id}) WHERE v.profileStatus = 'PENDING'
       SET v.profileStatus = $status, v.profile = $profile, v.profileError = $error`,
      { id: versionId, status, profile: profile === null ? null : JSON.stringify(profile), error },
    ),
  );
}

/** Computes and stores one version's profile; a failure is stored as the version's profileError. */
export async function profileVersion(driver: Driver, versionId: string): Promise<void> {
  try {
    const bytes = await readVersionBytes(driver, versionId, 'profiler');
    if (!isTabular(bytes.format)) throw new Error(`format ${bytes.format} has no tabular profile`);
    const started = Date.now();
    const { profile } = await withDuck((db) => inspectTable(db, bytes.path, bytes.format as never, bytes.columns), {
      threads: 1,
    });
    await save(driver, versionId, 'READY', profile, null);
    log.info(`profiled dataset version ${versionId} in ${Date.now() - started} ms`);
  } catch (error) {
    const message = (error as Error).message;
    log.warn(`profile of dataset version ${versionId} failed: ${message}`);
    await save(driver, versionId, 'FAILED', null, message).catch(() => undefined);
  }
}

/** Queues a profile; returns at once. */
export function enqueueProfile(driver: Driver, versionId: string): void {
  if (pending.has(versionId)) return;
  pending.add(versionId);
  chain = chain.then(() => profileVersion(driver, versionId)).finally(() => pending.delete(versionId));
}

/** Waits until every queued profile is done (tests, shutdown). */
export const profilesSettled = (): Promise<void> => chain;

/** Queues every version still PENDING (a process stopped mid-profile). */
export async function resumePendingProfiles(driver: Driver): Promise<number> {
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.DatasetVersion} {profileStatus: 'PENDING'}) RETURN v.id AS id, v.contentHash AS digest, v.storageUri AS uri LIMIT 1000`,
    {},
    READ,
  );
  // Only versions whose bytes live in this process's store: another store's versions are another
  // process's to profile.
  const store = blobStore();
  const mine = records.filter((r) => store.uri(r.get('digest') as string) === r.get('uri'));
  for (const r of mine) enqueueProfile(driver, r.get('id') as string);
  return mine.length;
}
