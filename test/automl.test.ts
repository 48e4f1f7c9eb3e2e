// AutoML end to end through the gateway: startAutoML → autoMLWorkflow on an in-process worker → trials
// as TrainingRuns PART_OF_STUDY the AutoMLStudy → the best retrained, tested once and registered.
// Random search under a concurrency limit, and successive halving. Real Neo4j, Keycloak and Temporal.
import { closeTemporalClient } from '../domain/temporal/client.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { tokenFor } from './helpers/tokens.js';
import { config } from '../lib/config.js';
import { defaultSpace, sampleTrials } from '../domain/automl/search.js';
import type { ParamRange } from '../domain/automl/shared.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { seededRandom } from '../domain/random.js';
import { registerDatasetVersion } from '../domain/datasets/versions.js';
import { FIXTURE_UPLOADER, createFixtureDataset, uploadFixtureVersion } from './helpers/training-fixtures.js';

const tag = `automl-${randomUUID().slice(0, 8)}`;
const ids = { dataset: randomUUID(), datasetVersion: '', model: randomUUID() };
const tokens: Record<string, string> = {};
let hub: Hub;
let client: Client;
let clientConnection: Connection;
let running: InProcessWorker | undefined;

/** 300 rows; y = 1 when a·b > 0 (an interaction a tree finds and a linear model cannot), with 5% label noise. */
function csv(): string {
  const rand = seededRandom(5);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 300; i++) {
    const [a, b, c] = [rand() * 2 - 1, rand() * 2 - 1, rand()];
    const y = a * b > 0 ? 1 : 0;
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${rand() < 0.05 ? 1 - y : y}`);
  }
  return `${lines.join('\n')}\n`;
}

const space: { algorithm: string; params: Record<string, ParamRange> }[] = [
  { algorithm: 'CART', params: { maxDepth: { min: 1, max: 4, integer: true } } },
  {
    algorithm: 'LOGISTIC_REGRESSION',
    params: { numSteps: { values: [50, 200] }, learningRate: { min: 0.01, max: 0.5, log: true } },
  },
];
const START = `mutation($i: StartAutoMLInput!) { startAutoML(input: $i) { id status workflowId runId } }`;
const STUDY = `query($id: ID!) { autoMLStudy(id: $id) { id status workflowId error { step code message } metric strategy testMetrics
  progress { phase rung rungs completedTrials totalTrials }
  trials { index rung validationScore run { id status algorithm params workflowId } }
  bestRun { id generated { id } } modelVersion { id framework metrics } } }`;
interface StudyView {
  id: string;
  status: string;
  workflowId: string;
  error: { step: string; code: string; message: string } | null;
  testMetrics: Record<string, number> | null;
  progress: { phase: string; completedTrials: number; totalTrials: number } | null;
  trials: {
    index: number;
    rung: number;
    validationScore: number | null;
    run: { id: string; status: string; algorithm: string; params: Record<string, number> };
  }[];
  bestRun: { id: string; generated: { id: string }[] } | null;
  modelVersion: { id: string; framework: string; metrics: Record<string, unknown> } | null;
}
const input = (overrides: Record<string, unknown> = {}) => ({
  datasetVersionId: ids.datasetVersion,
  modelId: ids.model,
  targetColumn: 'y',
  task: 'BINARY',
  space,
  trials: 4,
  concurrency: 2,
  metric: 'accuracy',
  strategy: 'RANDOM',
  seed: 21,
  ...overrides,
});

async function runStudy(overrides: Record<string, unknown>): Promise<StudyView> {
  const res = await gql<{ startAutoML: { id: string; status: string; workflowId: string; runId: string } }>(
    hub.gateway.url,
    START,
    {
      token: tokens.scientist,
      variables: { i: input(overrides) },
    },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  const started = res.body.data!.startAutoML;
  assert.match(started.workflowId, /^automl\/[^/]+\/[0-9a-f-]{36}$/);
  assert.equal(started.status, 'RUNNING');
  assert.ok(started.runId);
  const deadline = Date.now() + 150_000;
  for (;;) {
    const polled = await gql<{ autoMLStudy: StudyView }>(hub.gateway.url, STUDY, {
      token: tokens.scientist,
      variables: { id: started.id },
    });
    assert.equal(polled.body.errors, undefined, JSON.stringify(polled.body.errors));
    const study = polled.body.data!.autoMLStudy;
    if (study.status !== 'RUNNING') return study;
    if (study.progress) assert.equal(study.progress.totalTrials, (overrides.trials as number | undefined) ?? 4);
    assert.ok(Date.now() < deadline, 'the study finishes');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The most automlTrial activities in flight at once, read from the workflow's history. */
async function maxTrialsInFlight(workflowId: string): Promise<{ max: number; scheduled: number }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const trial = new Set<string>();
  let inFlight = 0;
  let max = 0;
  for (const e of history.events ?? []) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'automlTrial') {
      trial.add(String(e.eventId));
      max = Math.max(max, ++inFlight);
    }
    const done =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes;
    if (done && trial.has(String(done.scheduledEventId))) inFlight--;
  }
  return { max, scheduled: trial.size };
}

async function assertGraph(study: StudyView): Promise<void> {
  const { records } = await hub.driver.executeQuery(
    `MATCH (s:AutoMLStudy {id: $id}) OPTIONAL MATCH (r:TrainingRun)-[:PART_OF_STUDY]->(s)
     OPTIONAL MATCH (r)-[:USED]->(dv:DatasetVersion {id: $dv})
     RETURN count(DISTINCT r) AS runs, count(DISTINCT dv) AS used,
            COUNT { (:TrainingRun {id: s.bestTrainingRunId})-[:GENERATED]->(:ModelVersion {id: s.modelVersionId}) } AS generated`,
    { id: study.id, dv: ids.datasetVersion },
  );
  const row = records[0]!.toObject();
  assert.deepEqual([Number(row.runs), Number(row.used), Number(row.generated)], [study.trials.length, 1, 1]);
}

before(async () => {
  hub = await startHub();
  for (const user of ['scientist', 'viewer']) tokens[user] = await tokenFor(user);
  await createFixtureDataset(hub.driver, ids.dataset, tag, 'xor');
  ids.datasetVersion = (await uploadFixtureVersion(hub.driver, ids.dataset, csv())).id;
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                      createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { model: ids.model, tag },
  );
  clientConnection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  running = await startInProcessWorker(hub, 'test-automl');
  trainingClientOptions.taskQueue = running.taskQueue;
});

after(async () => {
  await running?.stop();
  await closeTemporalClient();
  await clientConnection?.close();
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Model {id: $model})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS digests',
    ids,
  );
  await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (s:AutoMLStudy {modelId: $model})
     OPTIONAL MATCH (r:TrainingRun)-[:PART_OF_STUDY]->(s) DETACH DELETE m, v, s, r`,
    ids,
  );
  await removeDatasetsAndBlobs(hub.driver, [ids.dataset], (records[0]?.get('digests') as string[] | undefined) ?? []);
  await hub.close();
});

test(
  'random search: seeded trials, at most `concurrency` in flight, the best by validation accuracy registered',
  { timeout: 180_000 },
  async () => {
    const study = await runStudy({ trials: 4, concurrency: 2, strategy: 'RANDOM', seed: 21 });
    assert.equal(study.status, 'SUCCEEDED', JSON.stringify(study.error));
    assert.equal(study.progress, null);
    // The trials are the seeded draws from the space, in order.
    const expected = sampleTrials(
      [
        { algorithm: 'cart', params: space[0]!.params },
        { algorithm: 'logistic-regression', params: space[1]!.params },
      ],
      4,
      21,
    );
    assert.deepEqual(
      study.trials.map((t) => [
        t.index,
        t.run.algorithm,
        Object.fromEntries(Object.keys(expected[t.index]!.hyperparameters).map((k) => [k, t.run.params[k]])),
      ]),
      expected.map((e) => [e.index, e.algorithm, e.hyperparameters]),
    );
    for (const t of study.trials) {
      assert.equal(t.run.status, 'SUCCEEDED');
      assert.equal(t.rung, 0);
      assert.ok(t.validationScore! >= 0 && t.validationScore! <= 1);
    }
    const top = Math.max(...study.trials.map((t) => t.validationScore!));
    const best = study.trials.find((t) => t.validationScore === top)!;
    assert.equal(study.bestRun?.id, best.run.id, 'the best trial on validation wins (lowest index on ties)');
    assert.deepEqual(
      study.bestRun!.generated.map((v) => v.id),
      [study.modelVersion!.id],
    );
    assert.equal(study.modelVersion!.framework, 'ml.js');
    assert.deepEqual(study.modelVersion!.metrics.validation, { accuracy: top });
    assert.ok(typeof study.testMetrics?.accuracy === 'number', JSON.stringify(study.testMetrics));
    assert.equal((study.modelVersion!.metrics as { accuracy: number }).accuracy, study.testMetrics.accuracy);
    // Issue 15: an AutoML version names an importance per feature (and coefficients, for logistic regression).
    const { featureImportances, coefficients } = study.modelVersion!.metrics as {
      featureImportances?: Record<string, number>;
      coefficients?: Record<string, { intercept: number; weights: Record<string, number> }>;
    };
    assert.deepEqual(Object.keys(featureImportances ?? {}).sort(), ['a', 'b', 'c'], JSON.stringify(featureImportances));
    if (/logistic/i.test(best.run.algorithm))
      assert.deepEqual(Object.keys(coefficients?.['1']?.weights ?? {}).sort(), ['a', 'b', 'c']);
    // Issue 15: the registered version's measure on the held-out test rows is an Evaluation, generated by the
    // best trial's run and using the dataset version, as a training run's is (the compliance report lists it).
    const { records: evaluations } = await hub.driver.executeQuery(
      `MATCH (:TrainingRun {id: $run})-[:GENERATED]->(e:Evaluation {kind: 'TEST_SPLIT'})-[:EVALUATES]->(:ModelVersion {id: $version})
       MATCH (e)-[:USED]->(:DatasetVersion {id: $data}) RETURN e.metrics AS metrics`,
      { run: best.run.id, version: study.modelVersion!.id, data: ids.datasetVersion },
    );
    assert.equal(evaluations.length, 1, 'one TEST_SPLIT Evaluation of the AutoML version');
    assert.equal(
      (JSON.parse(String(evaluations[0]!.get('metrics'))) as { accuracy: number }).accuracy,
      study.testMetrics.accuracy,
    );
    const flight = await maxTrialsInFlight(study.workflowId);
    assert.deepEqual(flight, { max: 2, scheduled: 4 });
    await assertGraph(study);
  },
);

test(
  'successive halving: 4 trials on ¼ of the rows, the top 2 on ½, the top 1 on all; pruned trials keep their rung',
  { timeout: 180_000 },
  async () => {
    const study = await runStudy({ trials: 4, concurrency: 4, strategy: 'SUCCESSIVE_HALVING', seed: 8, metric: 'f1' });
    assert.equal(study.status, 'SUCCEEDED', JSON.stringify(study.error));
    assert.deepEqual(study.trials.map((t) => t.rung).sort(), [0, 0, 1, 2]);
    const winner = study.trials.find((t) => t.rung === 2)!;
    assert.equal(study.bestRun?.id, winner.run.id);
    assert.deepEqual(study.modelVersion!.metrics.validation, { f1: winner.validationScore });
    const flight = await maxTrialsInFlight(study.workflowId);
    assert.equal(flight.scheduled, 4 + 2 + 1);
    await assertGraph(study);
  },
);

test(
  'no space given: the default space for the task is searched (its seeded draws), and the best registered',
  { timeout: 180_000 },
  async () => {
    const study = await runStudy({ space: undefined, trials: 3, concurrency: 3, metric: 'rocAuc', seed: 4 });
    assert.equal(study.status, 'SUCCEEDED', JSON.stringify(study.error));
    const drawn = sampleTrials(defaultSpace('binary'), 3, 4);
    const runs = [...study.trials].sort((a, b) => a.index - b.index).map((t) => t.run);
    drawn.forEach((t, k) => {
      assert.match(runs[k]!.algorithm.toLowerCase().replace(/_/g, '-'), new RegExp(`^${t.algorithm}$`));
      for (const [name, value] of Object.entries(t.hyperparameters)) assert.equal(runs[k]!.params[name], value, name);
    });
    assert.ok(study.modelVersion, 'a version is registered');
    assert.ok((study.testMetrics as { rocAuc: number }).rocAuc > 0.8, JSON.stringify(study.testMetrics));
  },
);

test('a viewer is FORBIDDEN; a bad space, metric or unknown model is refused', { timeout: 30_000 }, async () => {
  const viewer = await gql(hub.gateway.url, START, { token: tokens.viewer, variables: { i: input() } });
  assert.equal(viewer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  const cases: [Record<string, unknown>, string][] = [
    [{ space: [{ algorithm: 'CART', params: { maxDepth: { min: 5, max: 1 } } }] }, 'BAD_USER_INPUT'],
    [{ metric: 'rmse' }, 'BAD_USER_INPUT'],
    [{ concurrency: 0 }, 'BAD_USER_INPUT'],
    [{ modelId: randomUUID() }, 'NOT_FOUND'],
  ];
  for (const [bad, code] of cases) {
    const res = await gql(hub.gateway.url, START, { token: tokens.scientist, variables: { i: input(bad) } });
    assert.equal(res.body.errors?.[0]?.extensions?.code, code, JSON.stringify([bad, res.body.errors]));
  }
});

test(
  'a study on data Plinth does not hold is FAILED with the reason, not left RUNNING',
  { timeout: 60_000 },
  async () => {
    const external = await registerDatasetVersion(hub.driver, FIXTURE_UPLOADER, {
      datasetId: ids.dataset,
      contentHash: 'e'.repeat(64),
      schema: {},
      rowCount: 300,
      storageUri: 's3://bucket/xor.csv',
      format: 'CSV',
      derivedFrom: [],
      origin: 'EXTERNAL',
      size: null,
    });
    const study = await runStudy({ datasetVersionId: external.id });
    assert.equal(study.status, 'FAILED');
    assert.equal(study.error?.step, 'load', JSON.stringify(study.error));
    assert.equal(study.error?.code, 'DATA_INTEGRITY');
    assert.match(study.error!.message, new RegExp(`dataset version ${external.id} is external and unverified`));
    assert.deepEqual(study.trials, [], 'no trial ran');
    assert.equal(study.modelVersion, null);
  },
);
