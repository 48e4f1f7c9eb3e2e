// The configured blob store (config.store), and reads that verify what they read.
import { join } from 'node:path';
import { config, paths } from '../config.js';
import { assertDigest, type BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-store.js';
import { S3BlobStore, parseS3Uri, s3Client } from './s3-store.js';

export { BlobMissingError, SHA256, blobKey, type BlobStore } from './blob-store.js';
export { digestOf, sha256File } from './digest.js';
import { digestOf } from './digest.js';

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
