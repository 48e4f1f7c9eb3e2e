// Every read of a dataset version's bytes goes through here: the bytes are fetched from the store and
// hashed, and compared with the digest the version was registered with. Bytes that changed or vanished
// are recorded on the version (integrity TAMPERED or MISSING) with an audit event, and the read fails
// with an error naming the version and both digests. Nothing reads a version's bytes any other way.
import type { Driver } from 'neo4j-driver';
import { READ } from '../../lib/graph/asset-store.js';
import { Label } from '../../lib/graph/ontology.js';
import { config } from '../../lib/config.js';
import { BlobMissingError, blobStore, fetchBlob } from '../../lib/storage/index.js';
import { IntegrityError, judgeBytes, type IntegritySubject } from '../integrity.js';
import type { ColumnSchema } from './profile.js';
import type { DatasetFormat } from './formats.js';
import type { Integrity, VersionOrigin } from './versions.js';

export { INTEGRITY_CHECKER, IntegrityError } from '../integrity.js';

export interface VersionBytes {
  versionId: string;
  /** A local file with the verified bytes. */
  path: string;
  digest: string;
  format: DatasetFormat;
  columns: ColumnSchema[];
}

interface Held {
  contentHash: string;
  storageUri: string;
  format: string;
  schema: string;
  integrity: Integrity;
  origin: string;
}

/** Origins whose bytes Plinth received and hashed itself; anything else is never read by its hash. */
const HELD_ORIGINS: readonly string[] = ['UPLOAD', 'S3_IMPORT', 'RECIPE', 'LABELS'] satisfies VersionOrigin[];

const subject = (versionId: string): IntegritySubject => ({
  label: Label.DatasetVersion,
  id: versionId,
  action: 'datasetVersion',
  digestField: 'contentHash',
  initial: 'UNVERIFIED',
  noun: 'dataset version',
  what: 'bytes',
});

/**
 * The version's bytes as a verified local file. `reader` names who read (a user, a workflow) for the
 * audit event. Throws IntegrityError for an external, tampered or missing version.
 */
export async function readVersionBytes(driver: Driver, versionId: string, reader: string): Promise<VersionBytes> {
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.DatasetVersion} {id: $id})
     RETURN v.contentHash AS contentHash, v.format AS format, v.schema AS schema, v.storageUri AS storageUri,
            coalesce(v.integrity, 'UNVERIFIED') AS integrity, coalesce(v.origin, 'EXTERNAL') AS origin`,
    { id: versionId },
    READ,
  );
  const held = records[0]?.toObject() as Held | undefined;
  if (!held) throw new IntegrityError(`no dataset version with id "${versionId}"`, versionId, 'MISSING');
  // An allow-list of the origins whose bytes Plinth itself received and hashed: a version registered by
  // pointer carries a contentHash on its registrant's word, which may be another org's stored file.
  if (held.integrity === 'UNVERIFIED' || !HELD_ORIGINS.includes(held.origin))
    throw new IntegrityError(
      `dataset version ${versionId} is external and unverified (registered by pointer, its bytes never held by Plinth): upload it with POST /api/datasets/<id>/versions first`,
      versionId,
      'UNVERIFIED',
    );
  // A process configured with another store (a test with a folder of its own, a second deployment on
  // one graph) cannot judge these bytes: it says so, and records nothing.
  const store = blobStore();
  if (store.uri(held.contentHash) !== held.storageUri)
    throw new IntegrityError(
      `dataset version ${versionId} is held in ${held.storageUri}, not in this process's store (${config.store.location})`,
      versionId,
      held.integrity,
    );
  let blob: { path: string; actual: string } | null = null;
  try {
    blob = await fetchBlob(held.contentHash, store);
  } catch (error) {
    if (!(error instanceof BlobMissingError)) throw error;
  }
  await judgeBytes(driver, subject(versionId), held.contentHash, blob?.actual ?? null, held.integrity, reader);
  const { path, actual } = blob!;
  const schema = JSON.parse(held.schema || '{}') as { columns?: ColumnSchema[] };
  return {
    versionId,
    path,
    digest: actual,
    format: held.format as DatasetFormat,
    columns: Array.isArray(schema.columns) ? schema.columns : [],
  };
}
