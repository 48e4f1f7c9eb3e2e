// The content-addressed artifact store: <paths.artifacts>/sha256/<aa>/<digest>.onnx. The same bytes
// always land in the same file, so storing is idempotent and a file is shared by every version with
// that digest.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { paths } from '../../lib/config.js';
import { artifactRelativePath } from './signature.js';

export const artifactRoot = (): string => paths.artifacts;
export const artifactPath = (digest: string): string => join(artifactRoot(), artifactRelativePath(digest));
export const artifactUri = (digest: string): string => pathToFileURL(artifactPath(digest)).href;
/** Uploads are streamed here first: same file system as the store, so moving them in is a rename. */
export const uploadTempDir = (): string => join(artifactRoot(), 'tmp');

export async function sha256File(path: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: hash.digest('hex'), size };
}

const exists = async (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * Puts a file into the store under its digest. `move` renames the source (an upload's temp file);
 * otherwise it is copied and left alone (a seed's file in node_modules). Returns whether this call
 * created the stored file, which tells the caller whether it may remove it again on failure.
 */
export async function storeArtifact(
  source: string,
  digest: string,
  move: boolean,
): Promise<{ path: string; created: boolean }> {
  const target = artifactPath(digest);
  if (await exists(target)) return { path: target, created: false };
  await mkdir(dirname(target), { recursive: true });
  // Write beside the target, then link it into place: a reader never sees half a file, and when two
  // requests store the same bytes at once exactly one of them creates the file.
  const staging = `${target}.${randomUUID()}.partial`;
  try {
    if (move) {
      try {
        await rename(source, staging);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        await copyFile(source, staging);
      }
    } else {
      await copyFile(source, staging);
    }
    try {
      await link(staging, target);
      return { path: target, created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { path: target, created: false };
      throw error;
    }
  } finally {
    await unlink(staging).catch(() => undefined);
  }
}

export async function removeArtifact(digest: string): Promise<void> {
  await unlink(artifactPath(digest)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
