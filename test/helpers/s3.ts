// The launcher's s3proxy (npm run stack -- up s3) for tests of the S3 path: a client with its generated
// credentials, the environment that points a process's store at a prefix of its bucket, and cleanup.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { config, paths, type S3Credentials } from '../../lib/config.js';
import { s3Client } from '../../lib/storage/s3-store.js';

export function s3Credentials(): S3Credentials {
  try {
    return JSON.parse(readFileSync(paths.s3CredentialsFile, 'utf8')) as S3Credentials;
  } catch (error) {
    throw new Error(
      `no s3proxy credentials at ${paths.s3CredentialsFile} (${(error as Error).message}): start it with npm run stack -- up s3`,
    );
  }
}

/** A client of the launcher's s3proxy, acting as whoever holds the bucket (to change bytes behind Plinth's back). */
export const s3Admin = (): S3Client => s3Client(config.s3.endpoint, 'us-east-1', s3Credentials());

/** Environment that points blobStore() at s3://<launcher bucket>/<prefix> on the launcher's s3proxy. */
export function s3StoreEnv(prefix: string): Record<string, string> {
  return { PLINTH_STORE: `s3://${config.s3.bucket}/${prefix}`, PLINTH_S3_ENDPOINT: config.s3.endpoint };
}

/** Sets variables (undefined: unset) and returns a function that restores what was there. */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>): void => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(vars);
  return () => apply(saved);
}

export async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

/** Deletes every object under a prefix (the test's own). */
export async function deletePrefix(client: S3Client, bucket: string, prefix: string): Promise<void> {
  for (const key of await listKeys(client, bucket, prefix))
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  // s3proxy's filesystem backend keeps the folders the keys' slashes made; once they hold no file they
  // are nothing but clutter in the launcher's data folder.
  const folder = join(paths.s3Data, 'buckets', bucket, prefix);
  if (prefix !== '' && existsSync(folder)) {
    const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => !e.isDirectory());
    if (files.length === 0) rmSync(folder, { recursive: true, force: true });
  }
}

/** A bucket of the test's own, removed with everything in it by the function returned. */
export async function tempBucket(client: S3Client, name: string): Promise<() => Promise<void>> {
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return async () => {
    await deletePrefix(client, name, '');
    await client.send(new DeleteBucketCommand({ Bucket: name }));
  };
}
