// Model artifacts (ONNX files) live in the one content-addressed store that holds dataset versions
// (lib/storage: a local folder or S3, PLINTH_STORE), under the sha256 of their bytes: storing is
// idempotent, the same bytes are held once whoever registered them, and a reader can check that what it
// got is what was registered (artifact-integrity.ts).
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { paths } from '../../lib/config.js';
import { blobStore } from '../../lib/storage/index.js';
import { artifactRelativePath } from './signature.js';

export { sha256File } from '../../lib/storage/index.js';

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
  let file = source;
  if (!move) {
    await mkdir(store.tempDir(), { recursive: true });
    file = join(store.tempDir(), `${randomUUID()}.onnx`);
    await copyFile(source, file);
  }
  const { created } = await store.put(file, digest, size);
  return { uri: store.uri(digest), created };
}
