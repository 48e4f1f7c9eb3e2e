// Issue #12 follow-up F1, and issue #14: a data scientist could make the worker read any file on the host
// through a file:// storageUri (Keycloak's secrets.json, a symlink, a glob), and a failed training quoted
// the file's first line. Since #14 training reads only bytes Plinth holds, by digest from its store: a
// storageUri is never opened. registerDatasetVersion takes external pointers (s3://, hdfs://) as
// UNVERIFIED and refuses file:// outright; training refuses any version it does not hold, whatever its
// storageUri names, quoting nothing. Real Neo4j, Keycloak, Temporal and DuckDB.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from '../helpers/in-process-worker.js';
import { tokenFor } from '../helpers/tokens.js';
import {
  createFixtureDataset,
  datasetDigests,
  groundTruthCsv,
  removeUnreferencedBlobs,
  startCartTraining,
  uploadFixtureVersion,
} from '../helpers/training-fixtures.js';
import { paths } from '../../lib/config.js';
import { trainingClientOptions } from '../../domain/training/client.js';
import { closeTemporalClient } from '../../domain/temporal/client.js';

const tag = `dfiles-${randomUUID().slice(0, 8)}`;
/** The content of the files outside the root: no answer may quote it. */
const SECRET = `plinth-secret-${randomUUID()}`;
let hub: Hub;
let outside: string; // a folder of this test with files no answer may quote
let running: InProcessWorker | undefined;
const modelId = randomUUID();
const datasetIds: string[] = [];

before(async () => {
  hub = await startHub();
  outside = await mkdtemp(join(tmpdir(), 'plinth-dataset-files-outside-'));
  // Outside the roots: a "secret" whose first line would be a CSV header, and a CSV a glob would match.
  await writeFile(join(outside, 'secret.txt'), `${SECRET},y\n1,0\n2,1\n`);
  await writeFile(join(outside, 'probe-1.csv'), groundTruthCsv().replace('a,b,c,y', `${SECRET},b,c,y`));
  await symlink(join(outside, 'secret.txt'), join(outside, 'link.csv'));
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'}) CREATE (:Model {id: $id, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
       ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { id: modelId, tag },
  );
  running = await startInProcessWorker(hub, 'test-dataset-files');
  trainingClientOptions.taskQueue = running.taskQueue;
});

after(async () => {
  await running?.stop();
  await closeTemporalClient();
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Model {id: $id})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS d',
    { id: modelId },
  );
  await hub.driver.executeQuery(
    'MATCH (m:Model {id: $id}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (r:TrainingRun)-[:GENERATED]->(v) OPTIONAL MATCH (e:Evaluation)-[:EVALUATES]->(v) DETACH DELETE m, v, r, e',
    { id: modelId },
  );
  const stored = await datasetDigests(hub.driver, datasetIds);
  await hub.driver.executeQuery(
    `MATCH (d:Dataset) WHERE d.id IN $ids OR d.name CONTAINS $tag
     OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv) OPTIONAL MATCH (r:TrainingRun)-[:USED]->(dv) DETACH DELETE d, dv, r`,
    { ids: datasetIds, tag },
  );
  await removeUnreferencedBlobs(hub.driver, [...stored, ...((records[0]?.get('d') as string[] | undefined) ?? [])]);
  await rm(outside, { recursive: true, force: true });
  await hub.close();
});

const REGISTER =
  'mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id storageUri } }';

describe('registerDatasetVersion takes pointers elsewhere, never a file on the host', () => {
  it('refuses file:// URIs, %00 and control characters with BAD_USER_INPUT naming storageUri', async () => {
    const token = await tokenFor('scientist.jiangsu');
    const created = await gql<{ registerDataset: { id: string } }>(
      hub.gateway.url,
      'mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }',
      {
        token,
        variables: { input: { name: `${tag} probe` } },
      },
    );
    assert.equal(created.body.errors, undefined, JSON.stringify(created.body.errors));
    const datasetId = created.body.data!.registerDataset.id;
    datasetIds.push(datasetId);
    const cases: [string, string, RegExp][] = [
      ['Keycloak secrets', pathToFileURL(paths.keycloakSecretsFile).href, /file:\/\/ URI .*upload the bytes/],
      ['a file with #.csv', `${pathToFileURL(join(outside, 'secret.txt')).href}#.csv`, /file:\/\/ URI/],
      ['a symlink', pathToFileURL(join(outside, 'link.csv')).href, /file:\/\/ URI/],
      ['a glob', `${pathToFileURL(outside).href}/probe-*.csv`, /file:\/\/ URI/],
      ['another host', 'file://attacker.example/share/data.csv', /file:\/\/ URI/],
      ['an encoded NUL', 's3://bucket/good.csv%00.txt', /%00/],
      ['an escape character', 's3://bucket/good\u001b[2J.csv', /control character \(U\+001B/],
      ['a newline', 's3://bucket/good.csv\nforged log line', /control character \(U\+000A/],
    ];
    for (const [what, storageUri, message] of cases) {
      const res = await gql(hub.gateway.url, REGISTER, {
        token,
        variables: {
          input: { datasetId, contentHash: '0'.repeat(64), schema: {}, rowCount: 1, storageUri, format: 'csv' },
        },
      });
      const error = res.body.errors?.[0] as
        { message: string; extensions?: { code?: string; field?: string } } | undefined;
      assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(error?.extensions?.field, 'storageUri', what);
      assert.match(error!.message, /^storageUri/, what);
      assert.match(error!.message, message, what);
      assert.ok(!error!.message.includes(SECRET), what);
    }
    // Other schemes are pointers: accepted, UNVERIFIED.
    for (const [i, storageUri] of ['s3://bucket/path/data.parquet', 'hdfs://cluster/grid/meters/v1'].entries()) {
      const res = await gql<{ registerDatasetVersion: { integrity: string } }>(
        hub.gateway.url,
        'mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id integrity } }',
        {
          token,
          variables: {
            input: {
              datasetId,
              contentHash: String(i + 1).repeat(64),
              schema: {},
              rowCount: 1,
              storageUri,
              format: 'csv',
            },
          },
        },
      );
      assert.equal(res.body.errors, undefined, `${storageUri}: ${JSON.stringify(res.body.errors)}`);
      assert.equal(res.body.data!.registerDatasetVersion.integrity, 'UNVERIFIED');
    }
    const { records } = await hub.driver.executeQuery(
      'MATCH (:Dataset {id: $datasetId})-[:HAS_VERSION]->(v) RETURN count(v) AS n',
      { datasetId },
    );
    assert.equal(Number(records[0]!.get('n')), 2, 'only the two pointers were stored');
  });
});

/**
 * A dataset version with this storageUri created straight in the graph (as one registered before #14,
 * with neither origin nor integrity, or through any other door); its id.
 */
async function legacyVersion(storageUri: string): Promise<string> {
  const dataset = randomUUID();
  const version = randomUUID();
  datasetIds.push(dataset);
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (d:Dataset {id: $dataset, name: $tag + ' ' + $dataset, description: '', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                        createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
     CREATE (d)-[:HAS_VERSION]->(:DatasetVersion {id: $version, datasetId: $dataset, version: 1, ownerOrgId: 'hq',
            contentHash: $hash, schema: '{}', rowCount: 600, storageUri: $storageUri, format: 'csv', createdAt: datetime()})`,
    { dataset, version, tag, storageUri, hash: '0'.repeat(64) },
  );
  return version;
}

let scientistToken: Promise<string> | undefined;

/** Trains on the version through the API; the run's final status and error. */
async function train(version: string): Promise<{ status: string; error: string | null }> {
  // One sign-in for every run: parallel password grants for one user are what Keycloak throttles.
  scientistToken ??= tokenFor('scientist');
  const token = await scientistToken;
  const id = await startCartTraining(hub.gateway.url, token, {
    datasetVersionId: version,
    modelId,
    targetColumn: 'y',
    maxDepth: 3,
    seed: 1,
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const { records } = await hub.driver.executeQuery(
      'MATCH (r:TrainingRun {id: $id}) RETURN r.status AS status, r.error AS error',
      { id },
    );
    const status = records[0]?.get('status') as string | undefined;
    if (status && status !== 'RUNNING') return { status, error: records[0]!.get('error') as string | null };
  }
  assert.fail(`training run ${id} on ${version} still running after 60 s`);
}

describe('training reads only bytes Plinth holds, by digest; a storageUri is never opened', () => {
  it(
    'versions with file:// storageUris (secrets, a symlink, a glob, %00, #.csv) and pointers elsewhere: refused as external, quoting nothing',
    { timeout: 120_000 },
    async () => {
      const uris = [
        pathToFileURL(paths.keycloakSecretsFile).href,
        pathToFileURL(join(outside, 'secret.txt')).href,
        pathToFileURL(join(outside, 'link.csv')).href,
        `${pathToFileURL(join(outside, 'secret.txt')).href}#.csv`,
        `${pathToFileURL(outside).href}/probe-*.csv`,
        `${pathToFileURL(outside).href}/probe-1.csv%00`,
        's3://bucket/data.csv',
      ];
      const versions = await Promise.all(uris.map((uri) => legacyVersion(uri)));
      const runs = await Promise.all(versions.map((version) => train(version)));
      runs.forEach((run, i) => {
        assert.equal(run.status, 'FAILED', `${uris[i]}: ${JSON.stringify(run)}`);
        assert.match(run.error ?? '', new RegExp(`${versions[i]} is external and unverified`), uris[i]);
        assert.ok(!run.error!.includes(SECRET), run.error!);
        assert.ok(!run.error!.includes(outside), `${uris[i]}: the path is not echoed either`);
      });
    },
  );

  it('an uploaded version trains', { timeout: 90_000 }, async () => {
    const dataset = randomUUID();
    datasetIds.push(dataset);
    await createFixtureDataset(hub.driver, dataset, tag);
    const version = await uploadFixtureVersion(hub.driver, dataset, groundTruthCsv());
    const run = await train(version.id);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
  });
});
