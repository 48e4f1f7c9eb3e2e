// The table behind a dataset version, as training and AutoML activities read it (domain/datasets/
// training-file.ts): an uploaded version's bytes, by digest, verified; every other case is a
// TrainingFileError naming the version (and, for changed or vanished bytes, both digests), which the
// activities turn into a non-retryable failure. Real Neo4j, the configured store.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { blobStore, sha256File } from '../lib/storage/index.js';
import { TrainingFileError, trainingTable } from '../domain/datasets/training-file.js';
import { registerDatasetVersion } from '../domain/datasets/versions.js';
import { FIXTURE_UPLOADER, createFixtureDataset, uploadFixtureVersion } from './helpers/training-fixtures.js';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';

const tag = `tfile-${randomUUID().slice(0, 8)}`;
const dataset = randomUUID();
let driver: Driver;

before(async () => {
  driver = createDriver();
  await createFixtureDataset(driver, dataset, tag);
});

after(async () => {
  await removeDatasetsAndBlobs(driver, [dataset]);
  await driver.close();
});

const problem = async (versionId: string): Promise<string> => {
  const error = await trainingTable(driver, versionId, 'test').then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(error instanceof TrainingFileError, `${versionId}: ${String(error)}`);
  return error.message;
};

test('an uploaded CSV: the verified bytes from the store, with the schema recorded at ingest', async () => {
  const version = await uploadFixtureVersion(driver, dataset, `a,b,y\n1,x,0\n2,y,1\n`);
  const table = await trainingTable(driver, version.id, 'test');
  assert.equal(table.digest, version.contentHash);
  assert.equal((await sha256File(table.path)).digest, version.contentHash, 'the file holds the registered bytes');
  assert.equal(table.format, 'CSV');
  assert.deepEqual(
    table.columns.map((c) => c.name),
    ['a', 'b', 'y'],
  );
});

test('external, unknown, tampered, missing and non-tabular versions are refused by name', async () => {
  const external = await registerDatasetVersion(driver, FIXTURE_UPLOADER, {
    datasetId: dataset,
    contentHash: 'e'.repeat(64),
    schema: {},
    rowCount: 3,
    storageUri: 's3://bucket/data.csv',
    format: 'CSV',
    derivedFrom: [],
    origin: 'EXTERNAL',
    size: null,
  });
  assert.match(await problem(external.id), new RegExp(`${external.id} is external and unverified`));
  assert.match(await problem(`${tag}-nope`), /no dataset version with id ".*-nope"/);

  const tampered = await uploadFixtureVersion(driver, dataset, `a,y\n1,0\n2,1\n`);
  const file = await blobStore().localFile(tampered.contentHash);
  await writeFile(file, (await readFile(file, 'utf8')).replace('2,1', '2,0'));
  const found = (await sha256File(file)).digest;
  assert.equal(
    await problem(tampered.id),
    `dataset version ${tampered.id} is TAMPERED: registered with sha256 ${tampered.contentHash}, the stored bytes now hash to ${found}`,
  );

  const missing = await uploadFixtureVersion(driver, dataset, `a,y\n3,0\n4,1\n`);
  await blobStore().remove(missing.contentHash);
  assert.match(
    await problem(missing.id),
    new RegExp(`${missing.id} is MISSING: no bytes with sha256 ${missing.contentHash}`),
  );

  const { records } = await driver.executeQuery(
    'MATCH (v:DatasetVersion) WHERE v.id IN $ids RETURN v.id AS id, v.integrity AS integrity',
    { ids: [external.id, tampered.id, missing.id] },
  );
  assert.deepEqual(Object.fromEntries(records.map((r) => [r.get('id'), r.get('integrity')])), {
    [external.id]: 'UNVERIFIED',
    [tampered.id]: 'TAMPERED',
    [missing.id]: 'MISSING',
  });
});
