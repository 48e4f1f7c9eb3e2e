// What the dataset tests (#14) share: a Dataset registered through the gateway with a run's tag, the
// cleanup of every tagged Dataset and its versions (or of datasets by id, with their stored bytes), the
// versions a dataset holds, the files in a store folder of the test's own (so "no bytes left" is checked
// by listing it), the two stores (a local folder, a prefix on s3proxy) whose bytes a test changes
// behind Plinth's back, the audit events integrity checks write, and sha256 of bytes.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Driver } from 'neo4j-driver';
import { config } from '../../lib/config.js';
import { blobKey } from '../../lib/storage/index.js';
import { profilesSettled } from '../../domain/datasets/profile-job.js';
import { gql } from './hub.js';
import { deletePrefix, s3Admin, s3StoreEnv } from './s3.js';
import { tokenFor } from './tokens.js';
import { datasetDigests, removeUnreferencedBlobs } from './training-fixtures.js';

export const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** Registers a Dataset through the gateway as `user`, tagged `tag` so removeTaggedDatasets finds it. */
export async function registerTaggedDataset(
  gatewayUrl: string,
  tag: string,
  label: string,
  user = 'scientist',
): Promise<string> {
  const res = await gql<{ registerDataset: { id: string } }>(
    gatewayUrl,
    `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
    {
      token: await tokenFor(user),
      variables: { input: { name: `${label} ${tag} ${randomBytes(3).toString('hex')}`, tags: [tag] } },
    },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.registerDataset.id;
}

/**
 * Deletes every Dataset tagged `tag` and its versions, once background profiles have finished (a profile
 * job still running would write to a deleted version). Bytes are the caller's: a store folder of its own.
 */
export async function removeTaggedDatasets(driver: Driver, tag: string): Promise<void> {
  await profilesSettled();
  await driver.executeQuery(
    `MATCH (d:Dataset) WHERE $tag IN d.tags OPTIONAL MATCH (d)-[:HAS_VERSION]->(v:DatasetVersion) DETACH DELETE d, v`,
    { tag },
  );
}

/** How many DatasetVersion nodes name this dataset. */
export async function versionCount(driver: Driver, datasetId: string): Promise<number> {
  const { records } = await driver.executeQuery(
    `MATCH (v:DatasetVersion {datasetId: $datasetId}) RETURN count(v) AS n`,
    { datasetId },
  );
  return Number(records[0]!.get('n'));
}

/** Every file in a local store folder: blobs, and uploads or imports in progress under tmp/. */
export async function storedFiles(storeDir: string): Promise<string[]> {
  const entries = await readdir(storeDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Deletes these datasets, their versions and the TrainingRuns and Evaluations that used them, then the stored bytes no
 * node names any more: the versions' and `moreDigests` (model artifacts the caller deleted before).
 */
export async function removeDatasetsAndBlobs(
  driver: Driver,
  datasetIds: string[],
  moreDigests: string[] = [],
): Promise<void> {
  const stored = await datasetDigests(driver, datasetIds);
  await driver.executeQuery(
    `MATCH (d:Dataset) WHERE d.id IN $ids OPTIONAL MATCH (d)-[:HAS_VERSION]->(v)
     OPTIONAL MATCH (r:TrainingRun)-[:USED]->(v) OPTIONAL MATCH (e:Evaluation)-[:USED]->(v) DETACH DELETE d, v, r, e`,
    { ids: datasetIds },
  );
  await removeUnreferencedBlobs(driver, [...stored, ...moreDigests]);
}

export interface AuditEventSeen {
  actorName: string;
  beforeDigest: string | null;
  afterDigest: string;
  /** Ids of the nodes the event's TARGET edges point at. */
  targets: string[];
}

/** The audit events with this action on this target (a dataset or model version, a deployment), in order. */
export async function auditEvents(driver: Driver, targetId: string, action: string): Promise<AuditEventSeen[]> {
  const { records } = await driver.executeQuery(
    `MATCH (e:AuditEvent {targetId: $id, action: $action})
     RETURN e.actorName AS actorName, e.beforeDigest AS beforeDigest, e.afterDigest AS afterDigest,
            [(e)-[:TARGET]->(t) | t.id] AS targets ORDER BY e.seq`,
    { id: targetId, action },
  );
  return records.map((r) => r.toObject() as AuditEventSeen);
}

/** A store a test points Plinth at (through env) and then changes behind its back. */
export interface StoreBackend {
  name: string;
  /** The PLINTH_STORE / S3 settings that make blobStore() this store. */
  env(): Record<string, string | undefined>;
  /** How the store's uri of a blob begins. */
  uriPrefix(): string;
  exists(digest: string): Promise<boolean>;
  overwrite(digest: string, bytes: Buffer | string): Promise<void>;
  remove(digest: string): Promise<void>;
}

/**
 * The local folder and the S3 store (a prefix `${label}` of the launcher's s3proxy bucket), for tests that
 * tamper with stored bytes on both. open() in before(), close() in after(): removes the folder and prefix.
 */
export function tamperableStores(label: string): {
  backends: StoreBackend[];
  open(): Promise<void>;
  close(): Promise<void>;
} {
  const s3 = s3Admin();
  let localRoot = '';
  const local = (digest: string): string => join(localRoot, blobKey(digest));
  const object = (digest: string) => ({ Bucket: config.s3.bucket, Key: `${label}/${blobKey(digest)}` });
  const found = (probe: Promise<unknown>): Promise<boolean> =>
    probe.then(
      () => true,
      () => false,
    );
  return {
    backends: [
      {
        name: 'local store',
        env: () => ({ PLINTH_STORE: localRoot, PLINTH_S3_ENDPOINT: undefined }),
        uriPrefix: () => pathToFileURL(join(localRoot, 'sha256')).href,
        exists: (digest) => found(stat(local(digest))),
        overwrite: (digest, bytes) => writeFile(local(digest), bytes),
        remove: (digest) => unlink(local(digest)),
      },
      {
        name: 'S3 store (s3proxy)',
        env: () => s3StoreEnv(label),
        uriPrefix: () => `s3://${config.s3.bucket}/${label}/sha256/`,
        exists: (digest) => found(s3.send(new HeadObjectCommand(object(digest)))),
        overwrite: async (digest, bytes) => {
          await s3.send(new PutObjectCommand({ ...object(digest), Body: bytes }));
        },
        remove: async (digest) => {
          await s3.send(new DeleteObjectCommand(object(digest)));
        },
      },
    ],
    async open() {
      localRoot = await mkdtemp(join(tmpdir(), `plinth-${label}-`));
    },
    async close() {
      await rm(localRoot, { recursive: true, force: true });
      await deletePrefix(s3, config.s3.bucket, `${label}/`);
      s3.destroy();
    },
  };
}
