// The configured blob store (config.store), and reads that verify what they read.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { config, paths } from '../config.js';
import { assertDigest, type BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-store.js';
import { S3BlobStore, parseS3Uri, s3Client } from './s3-store.js';

export { BlobMissingError, SHA256, blobKey, type BlobStore } from './blob-store.js';

let cached: { key: string; store: BlobStore & { tempDir(): string } } | undefined;

/** The store PLINTH_STORE names (a local folder by default); one instance per configuration. */
export function blobStore(): BlobStore & { tempDir(): string } {
  const location = config.store.location;
  const endpoint = config.store.s3Endpoint;
  const s3 = location.startsWith('s3://');
  const credentials = s3 ? config.store.s3Credentials : undefined;
  // A process pointed elsewhere (tests switch PLINTH_STORE between phases) gets a store for that place.
  const key = JSON.stringify([location, endpoint, config.store.s3Region, credentials?.accessKeyId]);
  if (cached?.key === key) return cached.store;
  const store = s3
    ? new S3BlobStore(
        s3Client(endpoint, config.store.s3Region, credentials),
        parseS3Uri(location),
        join(paths.home, 's3-cache'),
      )
    : new LocalBlobStore(location);
  cached = { key, store };
  return store;
}

export async function sha256File(path: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: hash.digest('hex'), size };
}

// Hashing a gigabyte on every read would make a row preview cost seconds. A file whose inode, size,
// mtime and ctime are unchanged since it was hashed has not been written: ctime cannot be set back by
// any user-level tool (touch -r sets mtime only), so a changed byte always shows in the key.
const hashed = new Map<string, { digest: string; size: number }>();
const statKey = (s: Awaited<ReturnType<typeof stat>>): string =>
  `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

/** sha256 of a local file, remembered while the file is untouched. */
export async function digestOf(path: string): Promise<{ digest: string; size: number }> {
  const key = `${path}|${statKey(await stat(path))}`;
  const known = hashed.get(key);
  if (known) return known;
  const result = await sha256File(path);
  // Only if the file did not change while it was read.
  if (`${path}|${statKey(await stat(path))}` === key) {
    if (hashed.size > 10_000) hashed.clear();
    hashed.set(key, result);
  }
  return result;
}

export interface VerifiedBlob {
  /** A local file with the bytes. */
  path: string;
  /** What the bytes hash to now; equal to the digest asked for unless they changed. */
  actual: string;
  size: number;
}

/** A local copy of a blob and the digest of its bytes as they are now. Throws BlobMissingError. */
export async function fetchBlob(digest: string, store: BlobStore = blobStore()): Promise<VerifiedBlob> {
  assertDigest(digest);
  const path = await store.localFile(digest);
  const { digest: actual, size } = await digestOf(path);
  return { path, actual, size };
}
