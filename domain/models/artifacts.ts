// Model artifacts (ONNX files) live in the one content-addressed store that holds dataset versions
// (lib/storage: a local folder or S3, PLINTH_STORE), under the sha256 of their bytes: storing is
// idempotent, the same bytes are held once whoever registered them, and a reader can check that what it
// got is what was registered (artifact-integrity.ts).
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import { paths } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';
import { blobStore } from '../../lib/storage/index.js';
import { digestReferenced } from '../datasets/versions.js';
import { artifactRelativePath } from './signature.js';

export { sha256File } from '../../lib/storage/index.js';

const log = createLogger('models');

/** Uploads are streamed here first: beside the store, so that storing one is a rename. */
export const uploadTempDir = (): string => blobStore().tempDir();

/**
 * Where versions registered before the store held model artifacts kept them:
 * <PLINTH_ARTIFACTS>/sha256/<aa>/<digest>.onnx. Only their adoption into the store reads it
 * (artifact-integrity.ts).
 */
export const legacyArtifactPath = (digest: string): string => join(paths.artifacts, artifactRelativePath(digest));

/**
 * Puts a file into the store under its digest. `move`: the source is an upload's temp file and is
 * consumed; otherwise it is copied first and left alone (a training workflow's export, kept for
 * retries; a seed's file in node_modules). `created` says whether this call added the blob, and so
 * whether the caller may remove it again when the registration fails.
 */
export async function storeArtifact(
  source: string,
  digest: string,
  size: number,
  move: boolean,
): Promise<{ uri: string; created: boolean }> {
  const store = blobStore();
  if (!move && (await store.has(digest))) return { uri: store.uri(digest), created: false };
  let file = source;
  if (!move) {
    await mkdir(store.tempDir(), { recursive: true });
    file = join(store.tempDir(), `${randomUUID()}.onnx`);
    await copyFile(source, file);
  }
  const { created } = await store.put(file, digest, size);
  return { uri: store.uri(digest), created };
}

/**
 * Removes a blob this process just stored for a registration that failed, unless a dataset or model
 * version names those bytes (another registration may have taken them meanwhile). Never throws: the
 * registration's own error is what the caller reports.
 */
export async function removeUnreferencedArtifact(driver: Driver, digest: string): Promise<void> {
  try {
    if (!(await digestReferenced(driver, digest))) await blobStore().remove(digest);
  } catch (error) {
    log.warn(`could not remove the unreferenced artifact sha256:${digest}: ${(error as Error).message}`);
  }
}
