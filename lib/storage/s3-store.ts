// The S3 backend of the blob store: objects <prefix>/sha256/<aa>/<digest> in one bucket of any
// S3-compatible server (AWS, s3proxy in tests). Reads that need a file (DuckDB, onnxruntime) download
// the object once into a local cache; fetchVerified checks the cached copy like any other read.
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3Credentials } from '../config.js';
import { BlobMissingError, blobKey, type BlobStore } from './blob-store.js';

export interface S3Location {
  bucket: string;
  /** Without leading or trailing slash; may be empty. */
  prefix: string;
}

/** s3://bucket/prefix → { bucket, prefix }; throws naming the problem. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(uri);
  if (!match) throw new Error(`not an S3 location: "${uri}" (expected s3://bucket or s3://bucket/prefix)`);
  return { bucket: match[1]!, prefix: (match[2] ?? '').replace(/^\/+|\/+$/g, '') };
}

const missing = (error: unknown): boolean =>
  error instanceof NoSuchKey ||
  error instanceof NotFound ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  constructor(
    readonly client: S3Client,
    readonly location: S3Location,
    /** Local folder for downloaded copies (localFile) and uploads in progress. */
    readonly cacheRoot: string,
  ) {}

  private key(digest: string): string {
    return this.location.prefix ? `${this.location.prefix}/${blobKey(digest)}` : blobKey(digest);
  }

  uri(digest: string): string {
    return `s3://${this.location.bucket}/${this.key(digest)}`;
  }

  async has(digest: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(digest) }));
      return true;
    } catch (error) {
      if (missing(error)) return false;
      throw error;
    }
  }

  async put(source: string, digest: string, size: number): Promise<{ created: boolean }> {
    try {
      // Kept only if the server holds these bytes under the checksum Plinth gave it: an object changed
      // behind Plinth's back (or stored without a checksum) is overwritten by the verified upload.
      const checksum = Buffer.from(digest, 'hex').toString('base64');
      const held = await this.storedChecksum(digest);
      if (held === checksum) return { created: false };
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: this.key(digest),
          Body: createReadStream(source),
          ContentLength: size,
          // The server checks the bytes it received against the digest Plinth computed.
          ChecksumSHA256: Buffer.from(digest, 'hex').toString('base64'),
        }),
      );
      return { created: held === null };
    } finally {
      await unlink(source).catch(() => undefined);
    }
  }

  /** The object's stored SHA-256 checksum (base64); '' when it has none; null when there is no object. */
  private async storedChecksum(digest: string): Promise<string | null> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.location.bucket, Key: this.key(digest), ChecksumMode: 'ENABLED' }),
      );
      return head.ChecksumSHA256 ?? '';
    } catch (error) {
      if (missing(error)) return null;
      throw error;
    }
  }

  async read(digest: string): Promise<Readable> {
    try {
      const { Body } = await this.client.send(
        new GetObjectCommand({ Bucket: this.location.bucket, Key: this.key(digest) }),
      );
      if (!Body) throw new BlobMissingError(digest);
      return Body as Readable;
    } catch (error) {
      if (missing(error)) throw new BlobMissingError(digest);
      throw error;
    }
  }

  async remove(digest: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.location.bucket, Key: this.key(digest) }));
  }

  /**
   * Downloads into the cache (write then rename). The object is fetched again on every call: the cache is
   * a place to put bytes for a reader that needs a file, not a second source of truth.
   */
  async localFile(digest: string): Promise<string> {
    const target = join(this.cacheRoot, blobKey(digest));
    await mkdir(dirname(target), { recursive: true });
    const partial = `${target}.${randomUUID()}.partial`;
    try {
      await pipeline(await this.read(digest), createWriteStream(partial));
      await rename(partial, target);
    } finally {
      await unlink(partial).catch(() => undefined);
    }
    await stat(target);
    return target;
  }

  tempDir(): string {
    return join(this.cacheRoot, 'tmp');
  }
}

/** `credentials` undefined: the AWS SDK's own chain (environment, profile, instance role). */
export function s3Client(endpoint: string | undefined, region: string, credentials?: S3Credentials): S3Client {
  return new S3Client({
    region,
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
  });
}
