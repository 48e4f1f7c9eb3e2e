// startTraining / trainingRun through the gateway: GraphQL creates the TrainingRun and starts
// trainingWorkflow on an in-process worker (a task queue of its own); progress comes from the
// workflow's query. Real Neo4j, Keycloak and Temporal.
import { closeTemporalClient } from '../domain/temporal/client.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { config } from '../lib/config.js';
import { createActivities } from '../workflows/activities.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { seededRandom } from '../domain/random.js';
import { TRAINING_STEPS } from '../domain/training/shared.js';
import { artifactPath } from '../domain/models/artifacts.js';
import { dataDir } from './helpers/training-fixtures.js';

// The run below holds at a known step through a test hook, accepted only where tests enable them.
process.env.PLINTH_TEST_HOOKS = '1';

const tag = `tapi-${randomUUID().slice(0, 8)}`;
const ids = { dataset: randomUUID(), datasetVersion: randomUUID(), model: randomUUID() };
const tokens: Record<string, string> = {};
let hub: Hub;
let dir: string;
let running: { worker: Worker; connection: NativeConnection; done: Promise<void> } | undefined;

/** 300 rows, y = 1 when a − b + noise > 0; c is noise. */
function csv(): string {
  const rand = seededRandom(99);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 300; i++) {
    const [a, b, c] = [rand() * 2 - 1, rand() * 2 - 1, rand()];
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${a - b + 0.1 * (rand() - 0.5) > 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

const START = `mutation($i: StartTrainingInput!) { startTraining(input: $i) { id workflowId runId status } }`;
const RUN = `query($id: ID!) { trainingRun(id: $id) { id status workflowId runId progress { step percent }
  generated { id version framework } usedDatasetVersions { id } } }`;
interface Run {
  id: string;
  status: string;
  workflowId: string;
  runId: string | null;
  progress: { step: string; percent: number } | null;
  generated?: { id: string; version: number; framework: string }[];
  usedDatasetVersions?: { id: string }[];
}
const input = (overrides: Record<string, unknown> = {}) => ({
  datasetVersionId: ids.datasetVersion,
  modelId: ids.model,
  targetColumn: 'y',
  task: 'BINARY',
  algorithm: 'CART',
  hyperparameters: { maxDepth: 4 },
  testFraction: 0.25,
  seed: 3,
  ...overrides,
});

before(async () => {
  hub = await startHub();
  for (const user of ['scientist', 'viewer', 'scientist.jiangsu']) tokens[user] = await tokenFor(user);
  dir = await dataDir('plinth-training-api-');
  const file = join(dir, 'rule.csv');
  await writeFile(file, csv());
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (d:Dataset {id: $dataset, name: $tag, description: 'rule', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                        createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
     CREATE (d)-[:HAS_VERSION]->(:DatasetVersion {id: $datasetVersion, datasetId: $dataset, version: 1, ownerOrgId: 'hq',
            contentHash: $hash, schema: '{}', rowCount: 300, storageUri: $uri, format: 'csv', createdAt: datetime()})
     CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                      createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { ...ids, tag, hash: '0'.repeat(64), uri: pathToFileURL(file).href },
  );
  const taskQueue = `test-training-api-${randomUUID()}`;
  trainingClientOptions.taskQueue = taskQueue;
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url)),
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
    'MATCH (:Model {id: $model})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS digests',
    ids,
  );
  await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $datasetVersion})
     DETACH DELETE m, v, r`,
    ids,
  );
  await hub.driver.executeQuery(
    'MATCH (d:Dataset {id: $dataset}) OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv) DETACH DELETE d, dv',
    ids,
  );
  for (const digest of (records[0]?.get('digests') as string[] | undefined) ?? []) {
    const left = await hub.driver.executeQuery(
      'MATCH (v:ModelVersion {artifactDigest: $digest}) RETURN count(v) AS n',
      { digest },
    );
    if (Number(left.records[0]?.get('n')) === 0) await rm(artifactPath(digest), { force: true });
  }
  await rm(dir, { recursive: true, force: true });
  await hub.close();
});

test(
  'a scientist starts training, watches its progress, and gets a SUCCEEDED run that generated a ModelVersion',
  { timeout: 180_000 },
  async () => {
    // The durable timer after training holds the workflow at a known step long enough to observe it.
    const res = await gql<{ startTraining: Run }>(hub.gateway.url, START, {
      token: tokens.scientist,
      variables: { i: input({ hyperparameters: { maxDepth: 4, testDelayAfterTrainMs: 1500 } }) },
    });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const started = res.body.data!.startTraining;
    assert.match(started.workflowId, /^training-[0-9a-f-]{36}$/);
    assert.equal(started.status, 'RUNNING');
    assert.ok(started.runId, 'the run id is recorded');

    const seen: string[] = [];
    let run: Run;
    const deadline = Date.now() + 150_000;
    for (;;) {
      const polled = await gql<{ trainingRun: Run }>(hub.gateway.url, RUN, {
        token: tokens.scientist,
        variables: { id: started.id },
      });
      assert.equal(polled.body.errors, undefined, JSON.stringify(polled.body.errors));
      run = polled.body.data!.trainingRun;
      if (run.progress) {
        assert.ok((TRAINING_STEPS as readonly string[]).includes(run.progress.step), run.progress.step);
        assert.ok(run.progress.percent >= 0 && run.progress.percent <= 100);
        if (seen.at(-1) !== run.progress.step) seen.push(run.progress.step);
      }
      if (run.status !== 'RUNNING') break;
      assert.ok(Date.now() < deadline, `still running at ${JSON.stringify(run.progress)}`);
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.ok(seen.includes('train'), `progress seen: ${seen.join(' → ')}`);
    const order = seen.map((s) => TRAINING_STEPS.indexOf(s as (typeof TRAINING_STEPS)[number]));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'progress only moves forward',
    );
    assert.equal(run.status, 'SUCCEEDED');
    assert.equal(run.workflowId, started.workflowId);
    assert.equal(run.runId, started.runId);
    assert.deepEqual(run.usedDatasetVersions, [{ id: ids.datasetVersion }]);
    assert.equal(run.generated?.length, 1);
    assert.equal(run.generated![0]!.framework, 'ml.js');
    // Finished: the workflow no longer answers progress.
    for (let i = 0; i < 50; i++) {
      const after = await gql<{ trainingRun: Run }>(hub.gateway.url, RUN, {
        token: tokens.scientist,
        variables: { id: started.id },
      });
      if (after.body.data!.trainingRun.progress === null) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail('progress is null once the run has finished');
  },
);

test(
  'a viewer is FORBIDDEN; invisible or unknown dataset versions and models are NOT_FOUND; bad input is refused',
  { timeout: 60_000 },
  async () => {
    const viewer = await gql(hub.gateway.url, START, { token: tokens.viewer, variables: { i: input() } });
    assert.equal(viewer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(viewer.body.data?.startTraining ?? null, null);

    // scientist.jiangsu sees neither hq's dataset version nor hq's model.
    const other = await gql(hub.gateway.url, START, { token: tokens['scientist.jiangsu'], variables: { i: input() } });
    assert.equal(other.body.errors?.[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(other.body.errors));
    const unknownVersion = await gql(hub.gateway.url, START, {
      token: tokens.scientist,
      variables: { i: input({ datasetVersionId: randomUUID() }) },
    });
    assert.equal(unknownVersion.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.match(unknownVersion.body.errors![0]!.message, /dataset version/);
    const unknownModel = await gql(hub.gateway.url, START, {
      token: tokens.scientist,
      variables: { i: input({ modelId: randomUUID() }) },
    });
    assert.equal(unknownModel.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    assert.match(unknownModel.body.errors![0]!.message, /model/);

    for (const bad of [
      { testFraction: 1 },
      { hyperparameters: { maxDepth: 'deep' } },
      { task: 'REGRESSION', algorithm: 'LOGISTIC_REGRESSION' },
    ]) {
      const res = await gql(hub.gateway.url, START, { token: tokens.scientist, variables: { i: input(bad) } });
      assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(bad));
    }
    const runs = await hub.driver.executeQuery(
      'MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $datasetVersion}) RETURN count(r) AS n',
      ids,
    );
    assert.equal(Number(runs.records[0]?.get('n')), 1, 'refused requests leave no TrainingRun');
  },
);
