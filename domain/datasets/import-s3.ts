// Server-side import of a dataset version from an S3 bucket: Plinth pulls s3://bucket/key itself (the
// import endpoint and credentials are the hub's, config.imports), streams it to a temp file with the
// dataset size limit while hashing it, and hands it to ingestDatasetFile like an upload: the client
// names a place, never a digest, a size or a row count. The store's own bucket and prefix are refused:
// its blobs are other versions' bytes, some of them other orgs' private data, and a digest is no secret.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, NoSuchBucket, NoSuchKey } from '@aws-sdk/client-s3';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { config } from '../../lib/config.js';
import { formatBytes } from '../../lib/http/upload.js';
import { blobStore } from '../../lib/storage/index.js';
import { parseS3Uri, s3Client } from '../../lib/storage/s3-store.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import { controlCharacterProblem } from '../../lib/subgraph/validate.js';
import { FORMAT_HELP, declaredFormat, type DatasetFormat } from './formats.js';
import { ingestDatasetFile } from './ingest.js';
import { DataFormatError } from './profile.js';
import { assertMayAddDatasetVersion, type DatasetVersionRecord } from './versions.js';

export interface S3Object {
  bucket: string;
  key: string;
}

const LIMIT_VARIABLE = 'PLINTH_MAX_DATASET_BYTES';

/** s3://bucket/key, naming what is wrong: another scheme, no key, a control character. */
export function parseImportUri(uri: string): S3Object {
  const control = controlCharacterProblem(uri, 'uri');
  if (control) throw badInput(control, 'uri');
  if (!/^s3:\/\//i.test(uri))
    throw badInput(`uri must be an S3 object, s3://bucket/key; got "${uri.slice(0, 200)}"`, 'uri');
  let location;
  try {
    location = parseS3Uri(uri);
  } catch (error) {
    throw badInput(`uri: ${(error as Error).message}`, 'uri');
  }
  // parseS3Uri trims slashes for a store prefix; an object key is taken exactly as written.
  const key = uri.slice(`s3://${location.bucket}/`.length);
  if (location.prefix === '' || key === '' || key.endsWith('/'))
    throw badInput(`uri names a bucket or a folder, not an object: "${uri}" (expected s3://bucket/key)`, 'uri');
  if (key.length > 1024) throw badInput('uri: an S3 key is at most 1024 characters', 'uri');
  // S3 takes keys literally, but a server on a file system may resolve them as paths: "x/../store/…"
  // must not become a way around the store check below.
  if (key.split('/').some((segment) => segment === '.' || segment === '..' || segment === ''))
    throw badInput(`uri: the key has an empty, "." or ".." segment: "${key}"`, 'uri');
  return { bucket: location.bucket, key };
}

/** Refuses what the hub may not read on a data scientist's behalf (see the file comment). */
export function assertImportable({ bucket, key }: S3Object): void {
  const allowed = config.imports.s3Buckets;
  if (allowed && !allowed.includes(bucket))
    throw forbidden(
      `bucket ${bucket} is not one Plinth imports from (PLINTH_IMPORT_S3_BUCKETS: ${allowed.join(', ')})`,
    );
  const store = config.store.location;
  if (!store.startsWith('s3://') || config.imports.s3Endpoint !== config.store.s3Endpoint) return;
  const own = parseS3Uri(store);
  // The whole bucket, not only the store's prefix: another prefix there may be another deployment's store,
  // and a digest (the name of a blob) is no secret.
  if (bucket === own.bucket)
    throw forbidden(
      `s3://${bucket}/${key} is in the bucket of Plinth's own store (${store}); import from a bucket of your own`,
    );
}

/** The format a key's extension names (data.csv, part-0.parquet), or undefined. */
function extensionFormat(key: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(key)?.[1]?.toLowerCase();
  const known: Record<string, string> = {
    csv: 'csv',
    tsv: 'tsv',
    parquet: 'parquet',
    jsonl: 'jsonl',
    ndjson: 'jsonl',
    zip: 'zip',
    tar: 'tar',
  };
  return ext ? known[ext] : undefined;
}

/** The upload's advice names its query parameter and Content-Type; an import has a format argument. */
const forImport = (message: string): string =>
  message.replace(FORMAT_HELP, 'name the format with format: csv, tsv, parquet, jsonl, zip or tar');

const awsName = (error: unknown): string => (error as { name?: string }).name ?? '';
const httpStatus = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Streams the object to `path` (which must not exist), hashing it; refuses an object over `limit`
 * before reading it when the server says its length, and stops reading past it either way.
 */
export async function downloadS3Object(
  object: S3Object,
  path: string,
  limit: number,
): Promise<{ digest: string; size: number }> {
  const endpoint = config.imports.s3Endpoint;
  const where = endpoint ? ` at ${endpoint}` : '';
  const uri = `s3://${object.bucket}/${object.key}`;
  const client = s3Client(endpoint, config.store.s3Region, config.imports.s3Credentials);
  try {
    let body: Readable;
    let length: number | undefined;
    try {
      const response = await client.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
      body = response.Body as Readable;
      length = response.ContentLength;
    } catch (error) {
      if (error instanceof NoSuchBucket || awsName(error) === 'NoSuchBucket')
        throw notFound(`no bucket ${object.bucket}${where}`, 'uri');
      if (error instanceof NoSuchKey || awsName(error) === 'NoSuchKey' || httpStatus(error) === 404)
        throw notFound(`no object ${object.key} in bucket ${object.bucket}${where}`, 'uri');
      if (awsName(error) === 'AccessDenied' || httpStatus(error) === 403)
        throw forbidden(`Plinth's S3 credentials may not read ${uri}${where}`);
      if (/could not load credentials|credential/i.test((error as Error).message))
        throw badInput(
          `S3 import is not configured on this hub: no credentials for ${endpoint ?? 'AWS'} (set PLINTH_IMPORT_S3_ENDPOINT and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run the hub against the launcher's s3 service)`,
          'uri',
        );
      throw new Error(`could not read ${uri}${where}: ${(error as Error).message}`, { cause: error });
    }
    if (length !== undefined && length > limit) {
      body.destroy();
      throw badInput(
        `${uri} is ${formatBytes(length)}, larger than the dataset limit of ${formatBytes(limit)} (${LIMIT_VARIABLE})`,
        'uri',
      );
    }
    const hash = createHash('sha256');
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > limit) {
          done(badInput(`${uri} is larger than the dataset limit of ${formatBytes(limit)} (${LIMIT_VARIABLE})`, 'uri'));
          return;
        }
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(body, counter, createWriteStream(path, { flags: 'wx' }));
    return { digest: hash.digest('hex'), size };
  } finally {
    client.destroy();
  }
}

export interface ImportRequest {
  datasetId: string;
  uri: string;
  /** csv, tsv, parquet, jsonl, zip or tar; else the key's extension, else the bytes decide. */
  format?: string | null;
}

export async function importDatasetVersion(
  driver: Driver,
  actor: Identity,
  request: ImportRequest,
): Promise<DatasetVersionRecord> {
  const object = parseImportUri(request.uri);
  let declared: DatasetFormat | null;
  try {
    declared = declaredFormat(request.format ?? extensionFormat(object.key), undefined);
  } catch (error) {
    throw badInput(forImport((error as Error).message), 'format');
  }
  assertImportable(object);
  // Unknown, invisible, foreign or archived dataset: answer before pulling a gigabyte.
  await assertMayAddDatasetVersion(driver, actor, request.datasetId);
  const tempDir = blobStore().tempDir();
  await mkdir(tempDir, { recursive: true });
  const temp = join(tempDir, `${randomUUID()}.import`);
  let consumed = false;
  try {
    const { digest, size } = await downloadS3Object(object, temp, config.uploads.maxDatasetBytes);
    consumed = true; // ingestDatasetFile stores or removes it, whatever happens
    return await ingestDatasetFile(driver, actor, {
      datasetId: request.datasetId,
      file: temp,
      digest,
      size,
      declared,
      origin: 'S3_IMPORT',
      sourceUri: `s3://${object.bucket}/${object.key}`,
    });
  } catch (error) {
    if (error instanceof DataFormatError) throw badInput(`${request.uri}: ${forImport(error.message)}`, 'uri');
    throw error;
  } finally {
    if (!consumed) await unlink(temp).catch(() => undefined);
  }
}
