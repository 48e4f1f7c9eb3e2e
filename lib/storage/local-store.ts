// The local backend of the blob store: <root>/sha256/<aa>/<digest>. A blob is written beside its final
// name and hard-linked into place, so a reader never sees half a file and when two requests store the
// same bytes at once exactly one of them creates it.
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { BlobMissingError, blobKey, type BlobStore } from './blob-store.js';
import { digestOf } from './digest.js';

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

export class LocalBlobStore implements BlobStore {
  readonly kind = 'local' as const;
  constructor(readonly root: string) {}

  path(digest: string): string {
    return join(this.root, blobKey(digest));
  }

  uri(digest: string): string {
    return pathToFileURL(this.path(digest)).href;
  }

  has(digest: string): Promise<boolean> {
    return exists(this.path(digest));
  }

  async put(source: string, digest: string, _size: number): Promise<{ created: boolean }> {
    const target = this.path(digest);
    try {
      const existed = await exists(target);
      // Bytes already stored under this digest are kept only if they still hash to it: a new upload of
      // the same content repairs a blob that was changed behind Plinth's back.
      if (existed && (await digestOf(target)).digest === digest) return { created: false };
      await mkdir(dirname(target), { recursive: true });
      const staging = `${target}.${randomUUID()}.partial`;
      try {
        try {
          await rename(source, staging);
        } catch (error) {
          // Another file system (a temp folder elsewhere): copy instead.
          if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
          await copyFile(source, staging);
        }
        if (existed) {
          // Replace the damaged blob in one step: readers see the old file or the new one.
          await rename(staging, target);
          return { created: false };
        }
        try {
          await link(staging, target);
          return { created: true };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
          throw error;
        }
      } finally {
        await unlink(staging).catch(() => undefined);
      }
    } finally {
      await unlink(source).catch(() => undefined);
    }
  }

  async read(digest: string): Promise<Readable> {
    return createReadStream(await this.localFile(digest));
  }

  async remove(digest: string): Promise<void> {
    await unlink(this.path(digest)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async localFile(digest: string): Promise<string> {
    const path = this.path(digest);
    if (!(await exists(path))) throw new BlobMissingError(digest);
    return path;
  }

  /** A folder on the store's file system for uploads in progress, so that storing one is a rename. */
  tempDir(): string {
    return join(this.root, 'tmp');
  }
}
