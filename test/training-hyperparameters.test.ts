// Hyperparameters that would wedge or starve the compute worker (a negative or million-tree forest, a
// 1e4-deep tree), unknown names and a target column the dataset version does not have are refused
// before anything starts: by startTraining and startAutoML through the gateway (BAD_USER_INPUT naming
// the problem), and by the training activity's start for inputs that reach Temporal another way
// (non-retryable TrainingInputError → BAD_INPUT). Real Neo4j, Keycloak and Temporal.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { closeTemporalClient, temporalClient } from '../domain/temporal/client.js';
import { trainingClientOptions } from '../domain/training/client.js';
import type { TrainingInput } from '../domain/training/shared.js';
import type { AutoMLInput } from '../domain/automl/shared.js';
import { seededRandom } from '../domain/random.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { tokenFor } from './helpers/tokens.js';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { createFixtureDataset, uploadFixtureVersion } from './helpers/training-fixtures.js';

const tag = `thyp-${randomUUID().slice(0, 8)}`;
const ids = { dataset: randomUUID(), datasetVersion: '', model: randomUUID() };
let hub: Hub;
let token = '';
let worker: InProcessWorker | undefined;
/** Workflows the mutations started (only if one was wrongly accepted): terminated after. */
const started: string[] = [];

function csv(): string {
  const rand = seededRandom(15);
  const lines = ['a,b,y'];
  for (let i = 0; i < 120; i++) {
    const [a, b] = [rand() * 2 - 1, rand() * 2 - 1];
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${a + b > 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

const START_TRAINING = `mutation($i: StartTrainingInput!) { startTraining(input: $i) { id workflowId } }`;
const START_AUTOML = `mutation($i: StartAutoMLInput!) { startAutoML(input: $i) { id workflowId } }`;
const training = (overrides: Record<string, unknown>) => ({
  datasetVersionId: ids.datasetVersion,
  modelId: ids.model,
  targetColumn: 'y',
  task: 'BINARY',
  algorithm: 'RANDOM_FOREST',
  testFraction: 0.25,
  seed: 1,
  ...overrides,
});

before(async () => {
  hub = await startHub();
  token = await tokenFor('scientist');
  await createFixtureDataset(hub.driver, ids.dataset, tag);
  ids.datasetVersion = (await uploadFixtureVersion(hub.driver, ids.dataset, csv())).id;
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
                     ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { model: ids.model, tag },
  );
  worker = await startInProcessWorker(hub, 'test-training-hyperparameters');
  // Mutations start on a queue nobody polls: a run wrongly accepted waits there (and is terminated after)
  // instead of wedging a worker for minutes.
  trainingClientOptions.taskQueue = `test-training-hyperparameters-unpolled-${randomUUID()}`;
});

after(async () => {
  const client = await temporalClient();
  for (const id of started)
    await client.workflow
      .getHandle(id)
      .terminate('test cleanup')
      .catch(() => undefined);
  await worker?.stop();
  await closeTemporalClient();
  await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (s:AutoMLStudy {modelId: $model})
     OPTIONAL MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $datasetVersion}) DETACH DELETE m, s, r`,
    ids,
  );
  await removeDatasetsAndBlobs(hub.driver, [ids.dataset], []);
  await hub.close();
});

async function refused(query: string, input: Record<string, unknown>, field: string, message: RegExp): Promise<void> {
  const res = await gql<Record<string, { workflowId: string } | null>>(hub.gateway.url, query, {
    token,
    variables: { i: input },
  });
  for (const value of Object.values(res.body.data ?? {})) if (value?.workflowId) started.push(value.workflowId);
  const error = res.body.errors?.[0];
  assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify([input, res.body]));
  assert.equal((error?.extensions as { field?: string } | undefined)?.field, field, error?.message);
  assert.match(error!.message, message);
}

test(
  'startTraining refuses out-of-range, unknown and off-target inputs, naming the problem',
  { timeout: 60_000 },
  async () => {
    const range = /nEstimators = (-5|1000000) is out of range: it must be an integer from 1 to 2000/;
    await refused(START_TRAINING, training({ hyperparameters: { nEstimators: -5 } }), 'hyperparameters', range);
    await refused(START_TRAINING, training({ hyperparameters: { nEstimators: 1e6 } }), 'hyperparameters', range);
    await refused(
      START_TRAINING,
      training({ algorithm: 'GRADIENT_BOOSTED_TREES', hyperparameters: { nEstimators: -5 } }),
      'hyperparameters',
      range,
    );
    await refused(
      START_TRAINING,
      training({ algorithm: 'CART', hyperparameters: { maxDepth: 1e4 } }),
      'hyperparameters',
      /maxDepth = 10000 is out of range: it must be an integer from 1 to 32/,
    );
    await refused(
      START_TRAINING,
      training({ hyperparameters: { bogus: 1 } }),
      'hyperparameters',
      /unknown hyperparameter bogus for random-forest: it takes .*nEstimators/,
    );
    // Several bad fields: one answer names them all, the ranges in words that match their bounds.
    await refused(
      START_TRAINING,
      training({
        algorithm: 'LOGISTIC_REGRESSION',
        testFraction: 2,
        hyperparameters: { numSteps: 99_999_999, learningRate: -5 },
      }),
      'hyperparameters',
      new RegExp(
        '^hyperparameter numSteps = 99999999 is out of range: it must be an integer from 1 to 100000; ' +
          'hyperparameter learningRate = -5 is out of range: it must be a number greater than 0 and at most 1; ' +
          'testFraction = 2 is out of range: it must be a number greater than 0 and less than 1$',
      ),
    );
    await refused(
      START_TRAINING,
      training({ targetColumn: 'nope', hyperparameters: { nEstimators: 10 } }),
      'targetColumn',
      /has no column "nope" \(it has a, b, y\)/,
    );
    const runs = await hub.driver.executeQuery(
      'MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $datasetVersion}) RETURN count(r) AS n',
      ids,
    );
    assert.equal(Number(runs.records[0]?.get('n')), 0, 'no run was created');
  },
);

test('startAutoML refuses a space that may draw a million-tree forest', { timeout: 30_000 }, async () => {
  await refused(
    START_AUTOML,
    {
      datasetVersionId: ids.datasetVersion,
      modelId: ids.model,
      targetColumn: 'y',
      task: 'BINARY',
      metric: 'accuracy',
      strategy: 'RANDOM',
      trials: 2,
      concurrency: 1,
      seed: 1,
      space: [{ algorithm: 'RANDOM_FOREST', params: { nEstimators: { min: 10, max: 1e6, integer: true } } }],
    },
    'space',
    /space\.random-forest\.params\.nEstimators: hyperparameter nEstimators range 10\.\.1000000 is out of range/,
  );
});

test(
  'the training activity refuses the same inputs non-retryably when they arrive outside GraphQL',
  { timeout: 60_000 },
  async () => {
    const client = await temporalClient();
    const input: TrainingInput = {
      datasetVersionId: ids.datasetVersion,
      targetColumn: 'y',
      task: 'binary',
      algorithm: 'random-forest',
      hyperparameters: { nEstimators: 1e6, maxDepth: 1e4 },
      split: { test: 0.25 },
      seed: 1,
      requestedBy: { sub: 'test', username: 'test', org: 'hq' },
      modelId: ids.model,
    };
    const workflowId = `training-test-${tag}-direct`;
    started.push(workflowId);
    const handle = await client.workflow.start('trainingWorkflow', {
      taskQueue: worker!.taskQueue,
      workflowId,
      args: [input],
      workflowExecutionTimeout: '50 seconds',
    });
    const error = await handle.result().then(
      () => assert.fail('a million-tree forest trained'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkflowFailedError, String(error));
    const failure = error.cause?.cause as { type?: string; nonRetryable?: boolean; message: string } | undefined;
    assert.equal(failure?.type, 'TrainingInputError', String(error.cause));
    assert.equal(failure?.nonRetryable, true);
    assert.match(failure!.message, /nEstimators = 1000000 is out of range/);
    const history = await handle.fetchHistory();
    const attempts = history.events
      ?.filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    assert.deepEqual(attempts, [1], 'one attempt of trainingStart, no retries, nothing trained');
  },
);

test(
  'the AutoML start activity refuses such a space non-retryably and the study is FAILED with BAD_INPUT',
  { timeout: 60_000 },
  async () => {
    const client = await temporalClient();
    const input: AutoMLInput = {
      datasetVersionId: ids.datasetVersion,
      modelId: ids.model,
      targetColumn: 'y',
      task: 'binary',
      space: [{ algorithm: 'random-forest', params: { nEstimators: { min: 10, max: 1e6, integer: true } } }],
      trials: 2,
      concurrency: 1,
      metric: 'accuracy',
      strategy: 'random',
      seed: 1,
      testFraction: 0.2,
      validationFraction: 0.25,
      requestedBy: { sub: 'test', username: 'test', org: 'hq' },
    };
    const workflowId = `automl-test-${tag}-direct`;
    started.push(workflowId);
    const handle = await client.workflow.start('autoMLWorkflow', {
      taskQueue: worker!.taskQueue,
      workflowId,
      args: [input],
      workflowExecutionTimeout: '50 seconds',
    });
    const error = await handle.result().then(
      () => assert.fail('a study that may draw a million-tree forest ran'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof WorkflowFailedError, String(error));
    const { records } = await hub.driver.executeQuery(
      'MATCH (s:AutoMLStudy {workflowId: $workflowId}) RETURN s.status AS status, s.errorCode AS code, s.error AS message',
      { workflowId },
    );
    assert.deepEqual([records[0]?.get('status'), records[0]?.get('code')], ['FAILED', 'BAD_INPUT']);
    assert.match(String(records[0]?.get('message')), /nEstimators range 10\.\.1000000 is out of range/);
  },
);
