// Issue #12 follow-up F1: a data scientist could make the worker read any file on the host. A file://
// storageUri was accepted anywhere (Keycloak's secrets.json), `#.csv` / `?.csv` passed the training
// check, globs reached DuckDB, `%00` reached its parser, and a failed training quoted the file's first
// line. Now file:// URIs must name a plain path inside a data root (PLINTH_DATA_ROOTS) at registration,
// and the worker checks the real path again before reading. Real Neo4j, Keycloak, Temporal and DuckDB.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { NativeConnection, Worker } from '@temporalio/worker';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { dataDir, groundTruthCsv } from '../helpers/training-fixtures.js';
import { config, paths } from '../../lib/config.js';
import { createActivities } from '../../workflows/activities.js';
import { trainingClientOptions } from '../../domain/training/client.js';
import { closeTemporalClient } from '../../domain/temporal/client.js';
import { artifactPath } from '../../domain/models/artifacts.js';

const tag = `dfiles-${randomUUID().slice(0, 8)}`;
/** The content of the files outside the root: no answer may quote it. */
const SECRET = `plinth-secret-${randomUUID()}`;
let hub: Hub;
let root: string; // a folder of this test under the data root
let outside: string; // a folder of this test outside every data root
let running: { worker: Worker; connection: NativeConnection; done: Promise<void> } | undefined;
const modelId = randomUUID();
const datasetIds: string[] = [];

before(async () => {
  hub = await startHub();
  root = await dataDir('plinth-dataset-files-');
  outside = await mkdtemp(join(tmpdir(), 'plinth-dataset-files-outside-'));
  // Outside the roots: a "secret" whose first line would be a CSV header, and a CSV a glob would match.
  await writeFile(join(outside, 'secret.txt'), `${SECRET},y\n1,0\n2,1\n`);
  await writeFile(join(outside, 'probe-1.csv'), groundTruthCsv().replace('a,b,c,y', `${SECRET},b,c,y`));
  await writeFile(join(root, 'good.csv'), groundTruthCsv());
  // Inside the root, pointing out of it.
  await symlink(join(outside, 'secret.txt'), join(root, 'link.csv'));
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'}) CREATE (:Model {id: $id, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
       ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { id: modelId, tag },
  );
  const taskQueue = `test-dataset-files-${randomUUID()}`;
  trainingClientOptions.taskQueue = taskQueue;
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../../workflows/workflows.ts', import.meta.url)),
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  running = { worker, connection, done: worker.run() };
});

after(async () => {
  if (running) {
    running.worker.shutdown();
    await running.done;
    await running.connection.close();
  }
  await closeTemporalClient();
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Model {id: $id})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS d',
    { id: modelId },
  );
  await hub.driver.executeQuery(
    'MATCH (m:Model {id: $id}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (r:TrainingRun)-[:GENERATED]->(v) DETACH DELETE m, v, r',
    { id: modelId },
  );
  await hub.driver.executeQuery(
    `MATCH (d:Dataset) WHERE d.id IN $ids OR d.name CONTAINS $tag
     OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv) OPTIONAL MATCH (r:TrainingRun)-[:USED]->(dv) DETACH DELETE d, dv, r`,
    { ids: datasetIds, tag },
  );
  for (const digest of (records[0]?.get('d') as string[] | undefined) ?? []) {
    const left = await hub.driver.executeQuery(
      'MATCH (v:ModelVersion {artifactDigest: $digest}) RETURN count(v) AS n',
      { digest },
    );
    if (Number(left.records[0]?.get('n')) === 0) await rm(artifactPath(digest), { force: true });
  }
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
  await hub.close();
});

const REGISTER =
  'mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id storageUri } }';

describe('registerDatasetVersion confines file:// storageUris to the data roots', () => {
  it('refuses host files, fragments, queries, globs, %00 and control characters with BAD_USER_INPUT naming storageUri', async () => {
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
    const inRoot = pathToFileURL(root).href;
    const cases: [string, string, RegExp][] = [
      ['Keycloak secrets', pathToFileURL(paths.keycloakSecretsFile).href, /inside a data root/],
      ['a file outside the roots, #.csv', `${pathToFileURL(join(outside, 'secret.txt')).href}#.csv`, /fragment/],
      ['inside the root, ?.csv', `${inRoot}/good.txt?.csv`, /query/],
      ['a glob', `${inRoot}/probe-*.csv`, /glob characters/],
      ['an encoded glob', `${inRoot}/probe-%2A.csv`, /glob characters/],
      ['an encoded NUL', `${inRoot}/good.csv%00.txt`, /%00/],
      ['a dot-dot escape', `${inRoot}/../../../data/keycloak/secrets.json`, /inside a data root/],
      ['another host', 'file://attacker.example/share/data.csv', /local path/],
      ['an escape character', `${inRoot}/good\u001b[2J.csv`, /control character \(U\+001B/],
      ['a newline', `${inRoot}/good.csv\nforged log line`, /control character \(U\+000A/],
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
    // Inside the root, and other schemes as pointers: accepted.
    for (const [i, storageUri] of [
      `${inRoot}/good.csv`,
      's3://bucket/path/data.parquet',
      'hdfs://cluster/grid/meters/v1',
    ].entries()) {
      const res = await gql(hub.gateway.url, REGISTER, {
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
      });
      assert.equal(res.body.errors, undefined, `${storageUri}: ${JSON.stringify(res.body.errors)}`);
    }
    const { records } = await hub.driver.executeQuery(
      'MATCH (:Dataset {id: $datasetId})-[:HAS_VERSION]->(v) RETURN count(v) AS n',
      { datasetId },
    );
    assert.equal(Number(records[0]!.get('n')), 3, 'only the three good versions were stored');
  });
});

/**
 * A dataset version with this storageUri created straight in the graph (as one registered before the
 * rule, or through any other door), then trained on through the API; the run's final status and error.
 */
async function train(storageUri: string): Promise<{ status: string; error: string | null }> {
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
  const token = await tokenFor('scientist');
  const started = await gql<{ startTraining: { id: string } }>(
    hub.gateway.url,
    'mutation($i: StartTrainingInput!) { startTraining(input: $i) { id } }',
    {
      token,
      variables: {
        i: {
          datasetVersionId: version,
          modelId,
          targetColumn: 'y',
          task: 'BINARY',
          algorithm: 'CART',
          hyperparameters: { maxDepth: 3 },
          testFraction: 0.25,
          seed: 1,
        },
      },
    },
  );
  assert.equal(started.body.errors, undefined, JSON.stringify(started.body.errors));
  const id = started.body.data!.startTraining.id;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const { records } = await hub.driver.executeQuery(
      'MATCH (r:TrainingRun {id: $id}) RETURN r.status AS status, r.error AS error',
      { id },
    );
    const status = records[0]?.get('status') as string | undefined;
    if (status && status !== 'RUNNING') return { status, error: records[0]!.get('error') as string | null };
  }
  assert.fail(`training run ${id} on ${storageUri} still running after 60 s`);
}

describe('training reads dataset files only from the data roots', () => {
  it(
    'a symlink inside the root pointing outside: refused, the message quotes nothing of the file',
    { timeout: 90_000 },
    async () => {
      const run = await train(pathToFileURL(join(root, 'link.csv')).href);
      assert.equal(run.status, 'FAILED', JSON.stringify(run));
      assert.match(run.error ?? '', /resolves outside the data roots/);
      assert.ok(!run.error!.includes(SECRET), run.error!);
    },
  );

  it(
    'versions stored before the rule (fragment, glob, %00, host path) are refused at read time, quoting nothing',
    { timeout: 90_000 },
    async () => {
      const cases: [string, RegExp][] = [
        [`${pathToFileURL(join(outside, 'secret.txt')).href}#.csv`, /fragment/],
        [`${pathToFileURL(outside).href}/probe-*.csv`, /glob characters/],
        [`${pathToFileURL(root).href}/good.csv%00`, /%00/],
        [pathToFileURL(join(outside, 'probe-1.csv')).href, /inside a data root/],
      ];
      const runs = await Promise.all(cases.map(([uri]) => train(uri)));
      runs.forEach((run, i) => {
        assert.equal(run.status, 'FAILED', `${cases[i]![0]}: ${JSON.stringify(run)}`);
        assert.match(run.error ?? '', cases[i]![1], cases[i]![0]);
        assert.ok(!run.error!.includes(SECRET), run.error!);
      });
    },
  );

  it('a CSV inside the root still trains', { timeout: 90_000 }, async () => {
    const run = await train(pathToFileURL(join(root, 'good.csv')).href);
    assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run));
  });
});
