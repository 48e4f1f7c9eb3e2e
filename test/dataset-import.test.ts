// importDatasetVersion through the gateway with real Keycloak tokens, pulling from a bucket of this
// test's own on the launcher's s3proxy: Plinth computes digest, rows and format from the bytes it read;
// a URI that is not an S3 object, a bucket or key that does not exist, an object over the size limit,
// bytes that are not what they claim, and Plinth's own store are refused with a clear error and leave
// no version and no bytes behind.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { config, paths } from '../lib/config.js';
import { blobKey } from '../lib/storage/index.js';
import { withDuck } from '../domain/datasets/duck.js';
import { readVersionBytes } from '../domain/datasets/integrity.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { registerTaggedDataset, removeTaggedDatasets, sha256, storedFiles, versionCount } from './helpers/datasets.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { deletePrefix, s3Admin, s3StoreEnv, setEnv, tempBucket } from './helpers/s3.js';
import { tokenFor } from './helpers/tokens.js';

const runTag = `t${randomBytes(5).toString('hex')}`;
const bucket = `plinth-import-${runTag}`;
const s3 = s3Admin();
let hub: Hub;
let storeDir: string;
let dropBucket: () => Promise<void>;
let restoreEnv: () => void;

const csv = ['meter,region,kwh', 'M1,north,1.5', 'M2,south,', 'M3,,2.25', ''].join('\n');
let parquet: Buffer;

async function put(key: string, body: Buffer | string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

before(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'plinth-import-store-'));
  restoreEnv = setEnv({
    PLINTH_STORE: storeDir,
    PLINTH_S3_ENDPOINT: undefined,
    PLINTH_IMPORT_S3_ENDPOINT: config.s3.endpoint,
    PLINTH_IMPORT_S3_BUCKETS: undefined,
  });
  dropBucket = await tempBucket(s3, bucket);
  const file = join(storeDir, 'gen.parquet');
  await withDuck((db) =>
    db.run(`COPY (SELECT range AS id, range * 0.5 AS v FROM range(1234)) TO '${file}' (FORMAT parquet)`),
  );
  parquet = await readFile(file);
  await rm(file);
  await put('raw/meters.csv', csv);
  await put('raw/readings.parquet', parquet);
  await put('raw/unnamed', csv);
  await put('raw/not-parquet.parquet', csv);
  hub = await startHub();
});

after(async () => {
  await removeTaggedDatasets(hub.driver, runTag);
  await hub.close();
  await dropBucket();
  restoreEnv();
  delete process.env.PLINTH_MAX_DATASET_BYTES;
  await rm(storeDir, { recursive: true, force: true });
  s3.destroy();
});

const newDataset = (user = 'scientist'): Promise<string> =>
  registerTaggedDataset(hub.gateway.url, runTag, 'import', user);

interface Imported {
  id: string;
  contentHash: string;
  rowCount: number;
  format: string;
  origin: string;
  integrity: string;
  size: number;
  storageUri: string;
  sourceUri: string | null;
  schema: { columns: { name: string }[] };
}

async function importVersion(
  datasetId: string,
  uri: string,
  options: { format?: string; user?: string } = {},
): Promise<{ version?: Imported; error?: { message: string; code?: string } }> {
  const res = await gql<{ importDatasetVersion: Imported }>(
    hub.gateway.url,
    `mutation($input: ImportDatasetVersionInput!) {
       importDatasetVersion(input: $input) { id contentHash rowCount format origin integrity size storageUri sourceUri schema }
     }`,
    {
      token: await tokenFor(options.user ?? 'scientist'),
      variables: { input: { datasetId, uri, ...(options.format ? { format: options.format } : {}) } },
    },
  );
  const error = res.body.errors?.[0];
  return error
    ? { error: { message: error.message, code: error.extensions?.code } }
    : { version: res.body.data!.importDatasetVersion };
}

describe('importDatasetVersion from S3 (s3proxy)', () => {
  test('a CSV: the digest, rows and schema Plinth computed from the bytes it pulled; origin S3_IMPORT', async () => {
    const datasetId = await newDataset();
    const { version, error } = await importVersion(datasetId, `s3://${bucket}/raw/meters.csv`);
    assert.equal(error, undefined, JSON.stringify(error));
    assert.equal(version!.contentHash, sha256(csv));
    assert.equal(version!.size, Buffer.byteLength(csv));
    assert.equal(version!.rowCount, 3);
    assert.equal(version!.format, 'CSV');
    assert.equal(version!.origin, 'S3_IMPORT');
    assert.equal(version!.integrity, 'VERIFIED');
    assert.equal(version!.sourceUri, `s3://${bucket}/raw/meters.csv`, 'lineage names where the bytes came from');
    assert.deepEqual(
      version!.schema.columns.map((c) => c.name),
      ['meter', 'region', 'kwh'],
    );
    assert.ok(version!.storageUri.startsWith(`file://${storeDir}/sha256/`), version!.storageUri);
    const held = await readVersionBytes(hub.driver, version!.id, 'import test');
    assert.equal(sha256(await readFile(held.path)), sha256(csv));
    assert.deepEqual(
      (await storedFiles(storeDir)).filter((f) => f.startsWith(join(storeDir, 'tmp'))),
      [],
      'no temp file left',
    );
  });

  test('Parquet by its extension; a key without one takes the format argument', async () => {
    const datasetId = await newDataset();
    const first = await importVersion(datasetId, `s3://${bucket}/raw/readings.parquet`);
    assert.equal(first.error, undefined, JSON.stringify(first.error));
    assert.equal(first.version!.format, 'PARQUET');
    assert.equal(first.version!.rowCount, 1234);
    assert.equal(first.version!.contentHash, sha256(parquet));
    // No extension and CSV bytes: the bytes alone cannot say CSV; the error says how to name it.
    const unnamed = await importVersion(datasetId, `s3://${bucket}/raw/unnamed`);
    assert.equal(unnamed.error?.code, 'BAD_USER_INPUT');
    assert.match(unnamed.error!.message, /cannot tell CSV.*name the format with format: csv/);
    const named = await importVersion(datasetId, `s3://${bucket}/raw/unnamed`, { format: 'csv' });
    assert.equal(named.error, undefined, JSON.stringify(named.error));
    assert.equal(named.version!.rowCount, 3);
  });

  test('clear errors: not s3://, no key, no such bucket or key, bytes that are not the format, unknown format', async () => {
    const datasetId = await newDataset();
    const cases: [string, string | undefined, string, RegExp][] = [
      ['https://example.com/data.csv', undefined, 'BAD_USER_INPUT', /uri must be an S3 object, s3:\/\/bucket\/key/],
      [`s3://${bucket}`, undefined, 'BAD_USER_INPUT', /names a bucket or a folder, not an object/],
      [`s3://${bucket}/raw/`, undefined, 'BAD_USER_INPUT', /names a bucket or a folder, not an object/],
      [
        `s3://${bucket}/raw/../raw/meters.csv`,
        undefined,
        'BAD_USER_INPUT',
        /the key has an empty, "\." or "\.\." segment/,
      ],
      [`s3://no-such-${runTag}/x.csv`, undefined, 'NOT_FOUND', new RegExp(`no bucket no-such-${runTag} at http`)],
      [
        `s3://${bucket}/raw/nothing.csv`,
        undefined,
        'NOT_FOUND',
        new RegExp(`no object raw/nothing.csv in bucket ${bucket}`),
      ],
      [`s3://${bucket}/raw/not-parquet.parquet`, undefined, 'BAD_USER_INPUT', /is not a Parquet file/],
      [`s3://${bucket}/raw/meters.csv`, 'xlsx', 'BAD_USER_INPUT', /unknown format "xlsx"/],
    ];
    for (const [uri, format, code, message] of cases) {
      const { error } = await importVersion(datasetId, uri, format ? { format } : {});
      assert.equal(error?.code, code, `${uri}: ${JSON.stringify(error)}`);
      assert.match(error!.message, message);
    }
    assert.equal(await versionCount(hub.driver, datasetId), 0);
    assert.deepEqual(
      (await storedFiles(storeDir)).filter((f) => f.startsWith(join(storeDir, 'tmp'))),
      [],
    );
  });

  test('an object over PLINTH_MAX_DATASET_BYTES is refused before it is read: no version, no bytes', async () => {
    const datasetId = await newDataset();
    process.env.PLINTH_MAX_DATASET_BYTES = String(Buffer.byteLength(csv) - 1);
    try {
      const { error } = await importVersion(datasetId, `s3://${bucket}/raw/meters.csv`);
      assert.equal(error?.code, 'BAD_USER_INPUT');
      assert.match(
        error!.message,
        /is \d+ bytes, larger than the dataset limit of \d+ bytes \(PLINTH_MAX_DATASET_BYTES\)/,
      );
    } finally {
      delete process.env.PLINTH_MAX_DATASET_BYTES;
    }
    assert.equal(await versionCount(hub.driver, datasetId), 0);
    assert.deepEqual(
      (await storedFiles(storeDir)).filter((f) => f.startsWith(join(storeDir, 'tmp'))),
      [],
    );
  });

  test('who may import: a viewer is refused, a branch scientist cannot reach an HQ dataset', async () => {
    const datasetId = await newDataset();
    const viewer = await importVersion(datasetId, `s3://${bucket}/raw/meters.csv`, { user: 'viewer' });
    assert.equal(viewer.error?.code, 'FORBIDDEN');
    const branch = await importVersion(datasetId, `s3://${bucket}/raw/meters.csv`, { user: 'scientist.jiangsu' });
    assert.equal(branch.error?.code, 'NOT_FOUND', JSON.stringify(branch.error));
    assert.equal(await versionCount(hub.driver, datasetId), 0);
  });

  test("Plinth's own S3 store is not a source: its blobs are other versions' bytes", async () => {
    const prefix = `import-store-${runTag}`;
    const restore = setEnv(s3StoreEnv(prefix));
    try {
      const datasetId = await newDataset();
      const stored = await importVersion(datasetId, `s3://${bucket}/raw/meters.csv`);
      assert.equal(stored.error, undefined, JSON.stringify(stored.error));
      assert.equal(
        stored.version!.storageUri,
        `s3://${config.s3.bucket}/${prefix}/sha256/${sha256(csv).slice(0, 2)}/${sha256(csv)}`,
      );
      const other = await newDataset();
      const own = await importVersion(other, stored.version!.storageUri);
      assert.equal(own.error?.code, 'FORBIDDEN');
      assert.match(own.error!.message, /in the bucket of Plinth's own store/);
      // Anywhere else in that bucket too: another prefix may be another deployment's store.
      const elsewhere = await importVersion(other, `s3://${config.s3.bucket}/elsewhere/x.csv`);
      assert.equal(elsewhere.error?.code, 'FORBIDDEN');
      assert.equal(await versionCount(hub.driver, other), 0);
    } finally {
      // The background profile reads from this store: it finishes before the store changes back.
      await profilesSettled();
      restore();
      await deletePrefix(s3, config.s3.bucket, `${prefix}/`);
      // Reads from S3 leave a downloaded copy in the local cache.
      await rm(join(paths.home, 's3-cache', blobKey(sha256(csv))), { force: true });
    }
  });
});
