// One content-addressed store for the bytes Plinth holds: dataset versions and model artifacts. A blob
// is named by the sha256 of its bytes, so storing is idempotent (the same bytes are stored once) and a
// reader can always check that what it got is what was registered. Two backends: a local folder (the
// default) and S3-compatible object storage (PLINTH_STORE=s3://bucket/prefix).
import type { Readable } from 'node:stream';

export const SHA256 = /^[0-9a-f]{64}$/;

export function assertDigest(digest: string): void {
  if (!SHA256.test(digest)) throw new Error(`not a sha256 digest (64 lower-case hex digits): ${digest}`);
}

/** The key of a blob inside a store: sha256/<first two digits>/<digest>. */
export function blobKey(digest: string): string {
  assertDigest(digest);
  return `sha256/${digest.slice(0, 2)}/${digest}`;
}

/** A blob that is not in the store (deleted, or never stored). */
export class BlobMissingError extends Error {
  override readonly name = 'BlobMissingError';
  constructor(readonly digest: string) {
    super(`no blob sha256:${digest} in the store`);
  }
}

export interface BlobStore {
  /** 'local' or 's3': for logs and the portal. */
  readonly kind: 'local' | 's3';
  /** Where a blob lives, for people and lineage (file:///… or s3://bucket/…). Not a way in: reads go through the store. */
  uri(digest: string): string;
  has(digest: string): Promise<boolean>;
  /**
   * Stores the file at `source` (already hashed by the caller: `digest`, `size`) unless the store holds
   * that digest already. The source file is consumed (moved or deleted) either way. `created` says
   * whether this call added the blob, and so whether the caller may remove it again when what it was
   * stored for fails.
   */
  put(source: string, digest: string, size: number): Promise<{ created: boolean }>;
  /** The raw bytes, unverified (see fetchVerified). Throws BlobMissingError. */
  read(digest: string): Promise<Readable>;
  /** Removes a blob; absent is fine. Only for a blob that this process just created and nothing references. */
  remove(digest: string): Promise<void>;
  /**
   * A local file with the blob's bytes: the stored file itself for the local store, a cached download for
   * S3. Unverified; fetchVerified checks it. Throws BlobMissingError.
   */
  localFile(digest: string): Promise<string>;
}
