// Every read of a model version's ONNX bytes (serving loads them into onnxruntime) goes through here:
// the bytes are fetched from the store as a local file and hashed, and compared with the digest the
// version was registered with. Bytes that changed or vanished are recorded on the version (integrity
// TAMPERED or MISSING) with an audit event, and the read fails naming the version and both digests, so
// nothing serves a model other than the one that was registered, evaluated and approved.
import { copyFile, mkdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { config } from '../../lib/config.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { inWriteTx, READ } from '../../lib/graph/asset-store.js';
import { Label } from '../../lib/graph/ontology.js';
import { BlobMissingError, blobStore, digestOf, fetchBlob, type BlobStore } from '../../lib/storage/index.js';
import {
  INTEGRITY_CHECKER,
  IntegrityError,
  judgeBytes,
  type IntegritySubject,
  type IntegrityState,
} from '../integrity.js';
import { legacyArtifactPath } from './artifacts.js';

export interface VerifiedArtifact {
  versionId: string;
  /** A local file with the verified bytes (the stored file, or the S3 store's downloaded copy). */
  path: string;
  digest: string;
}

interface Held {
  digest: string;
  uri: string | null;
  integrity: IntegrityState;
}

const subject = (versionId: string): IntegritySubject => ({
  label: Label.ModelVersion,
  id: versionId,
  action: 'modelVersion',
  digestField: 'artifactDigest',
  // Plinth hashed the bytes itself when it registered them.
  initial: 'VERIFIED',
  noun: 'model version',
  what: 'ONNX artifact',
});

/**
 * The model version's ONNX bytes as a verified local file. `reader` names who read (a deployment, a
 * workflow) for the audit event. Throws IntegrityError (domain/integrity.ts) for a tampered or missing artifact, or
 * one held in a store other than this process's.
 */
export async function readModelArtifact(driver: Driver, versionId: string, reader: string): Promise<VerifiedArtifact> {
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.ModelVersion} {id: $id})
     RETURN v.artifactDigest AS digest, v.artifactUri AS uri, coalesce(v.integrity, 'VERIFIED') AS integrity`,
    { id: versionId },
    READ,
  );
  const held = records[0]?.toObject() as Held | undefined;
  if (!held) throw new IntegrityError(`no model version with id "${versionId}"`, versionId, 'MISSING');
  const store = blobStore();
  if (held.uri !== store.uri(held.digest)) await adoptLegacyArtifact(driver, versionId, held, store, reader);
  let blob: { path: string; actual: string } | null = null;
  try {
    blob = await fetchBlob(held.digest, store);
  } catch (error) {
    if (!(error instanceof BlobMissingError)) throw error;
  }
  const where = `in the store (${store.uri(held.digest)})`;
  await judgeBytes(driver, subject(versionId), held.digest, blob?.actual ?? null, held.integrity, reader, where);
  const { path, actual } = blob!;
  return { versionId, path, digest: actual };
}

/**
 * Versions registered before model artifacts moved into the store name their file in the old layout
 * (<PLINTH_ARTIFACTS>/sha256/<aa>/<digest>.onnx). Their bytes are verified like any other read, then
 * copied into the store and the version's artifactUri rewritten, with an audit event: once per version,
 * after which it is read like every other. Any other location is a store this process does not use.
 */
async function adoptLegacyArtifact(
  driver: Driver,
  versionId: string,
  held: Held,
  store: BlobStore & { tempDir(): string },
  reader: string,
): Promise<void> {
  const legacy = legacyArtifactPath(held.digest);
  if (held.uri !== pathToFileURL(legacy).href)
    throw new IntegrityError(
      `model version ${versionId} is held in ${held.uri ?? '(nowhere)'}, not in this process's store (${config.store.location})`,
      versionId,
      held.integrity,
    );
  let actual: string | null = null;
  try {
    actual = (await digestOf(fileURLToPath(held.uri))).digest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  // The adopted copy is judged again by the read that follows: no VERIFIED finding of its own here.
  if (actual !== held.digest)
    await judgeBytes(driver, subject(versionId), held.digest, actual, held.integrity, reader, `at ${legacy}`);
  await mkdir(store.tempDir(), { recursive: true });
  const copy = join(store.tempDir(), `${randomUUID()}.onnx`);
  await copyFile(legacy, copy);
  const { size } = await digestOf(legacy);
  await store.put(copy, held.digest, size);
  const uri = store.uri(held.digest);
  await inWriteTx(driver, async (tx) => {
    await tx.run(`MATCH (v:${Label.ModelVersion} {id: $id}) SET v.artifactUri = $uri`, { id: versionId, uri });
    await writeAudit(tx, {
      action: 'modelVersion.artifact.adopt',
      actor: INTEGRITY_CHECKER,
      targetId: versionId,
      targetLabel: Label.ModelVersion,
      before: { artifactUri: held.uri, artifactDigest: held.digest },
      after: { artifactUri: uri, artifactDigest: held.digest, noticedBy: reader },
    });
  });
  held.uri = uri;
}
