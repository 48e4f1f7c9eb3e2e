// The training workflow end to end on an in-process worker (a task queue of its own) against the real
// Temporal dev server and Neo4j: a CSV with a known rule, both algorithms, a worker stopped mid-run,
// and replay of a committed history.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root.js';
import { createRequire } from 'node:module';
import type { Driver } from 'neo4j-driver';
import { config } from '../lib/config.js';
import { createDriver } from '../lib/graph/driver.js';
import { createActivities } from '../workflows/activities.js';
import { trainingWorkflow } from '../workflows/workflows.js';
import { trainingWorkdir } from '../workflows/training/activities.js';
import { blobStore } from '../lib/storage/index.js';
import { cleanupTrainingFixture, newTrainingFixtureIds, seedTrainingFixture } from './helpers/training-fixtures.js';
import { progressQuery, type TrainingInput, type TrainingResult } from '../domain/training/shared.js';

const workflowsPath = fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url));
/**
 * Parses a `temporal workflow show -o json` history with the protobufjs copy that @temporalio/proto
 * itself loads. The SDK's historyFromJSON uses @temporalio/common's own nested copy, and with two
 * copies installed (the hoisted one is OpenTelemetry's v7) its type check rejects the proto types.
 */
function historyFromCliJson(json: unknown): proto.temporal.api.history.v1.IHistory {
  const fromProto = createRequire(createRequire(import.meta.url).resolve('@temporalio/proto'));
  const { fromJson } = fromProto('protobufjs/ext/protojson') as {
    fromJson: (type: unknown, json: unknown, options: object) => proto.temporal.api.history.v1.IHistory;
  };
  const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
    'temporal.api.history.v1.History',
  );
  return fromJson(historyType, json, { ignoreUnknownFields: true });
}

const historiesDir = fileURLToPath(new URL('../workflows/training/histories/', import.meta.url));

describe('trainingWorkflow', { timeout: 300_000 }, () => {
  const tag = `test-training-${randomUUID()}`;
  const ids = newTrainingFixtureIds();
  const requestedBy = { sub: `sub-${tag}`, username: `ds-${tag.slice(-8)}`, org: 'hq' };
  const digests = new Set<string>();
  let driver: Driver;
  let connection: Connection;
  let client: Client;
  let workerConnection: NativeConnection;

  const newWorker = (taskQueue: string) =>
    Worker.create({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue,
      workflowsPath,
      activities: createActivities({ driver }),
    });

  const input = (
    algorithm: TrainingInput['algorithm'],
    hyperparameters: Record<string, number> = {},
  ): TrainingInput => ({
    datasetVersionId: ids.datasetVersion,
    targetColumn: 'y',
    task: 'binary',
    algorithm,
    hyperparameters,
    split: { test: 0.2 },
    seed: 7,
    requestedBy,
    modelId: ids.model,
  });

  before(async () => {
    driver = createDriver();
    await seedTrainingFixture(driver, ids, tag);
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({ connection, namespace: config.temporal.namespace });
    workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  });

  after(async () => {
    await cleanupTrainingFixture(driver, ids, `training-test-${tag}`, digests);
    await workerConnection?.close();
    await connection?.close();
    await driver?.close();
  });

  async function assertProvenance(result: TrainingResult): Promise<void> {
    const { records } = await driver.executeQuery(
      `MATCH (r:TrainingRun {id: $run})-[:GENERATED]->(v:ModelVersion {id: $version})
       MATCH (r)-[:USED]->(dv:DatasetVersion)
       MATCH (r)-[:ASSOCIATED_WITH]->(u:User)
       RETURN r.status AS status, r.workflowId AS workflowId, r.runId AS runId, collect(DISTINCT dv.id) AS used, collect(DISTINCT u.id) AS users,
              v.framework AS framework, v.trainingWorkflowId AS trainingWorkflowId, v.artifactDigest AS digest,
              COUNT { (:TrainingRun)-[:GENERATED]->(v) } AS runs`,
      { run: result.trainingRunId, version: result.modelVersionId },
    );
    const row = records[0]?.toObject();
    assert.ok(row, 'TrainingRun GENERATED the ModelVersion');
    assert.deepEqual(
      { ...row, runs: Number(row.runs) },
      {
        status: 'SUCCEEDED',
        workflowId: result.workflowId,
        runId: result.runId,
        used: [ids.datasetVersion],
        users: [requestedBy.sub],
        framework: 'ml.js',
        trainingWorkflowId: result.workflowId,
        digest: result.artifactDigest,
        runs: 1,
      },
    );
    const audit = await driver.executeQuery(
      `MATCH (e:AuditEvent) WHERE e.targetId IN [$run, $version] RETURN e.action AS action, e.workflowId AS workflowId, e.runId AS runId ORDER BY e.seq`,
      { run: result.trainingRunId, version: result.modelVersionId },
    );
    const events = audit.records.map((r) => r.toObject());
    assert.deepEqual(
      events.map((e) => e.action),
      ['trainingRun.start', 'modelVersion.register', 'trainingRun.succeed'],
    );
    for (const e of events)
      assert.deepEqual(
        [e.workflowId, e.runId],
        [result.workflowId, result.runId],
        `audit ${e.action as string} names the workflow and run`,
      );
    assert.ok(await blobStore().has(result.artifactDigest), 'the ONNX artifact is in the store');
  }

  for (const algorithm of ['logistic-regression', 'cart'] as const) {
    test(`${algorithm}: metrics, ONNX within 1e-5 of ml.js, a ModelVersion with provenance and audit`, async () => {
      const taskQueue = `test-training-${randomUUID()}`;
      const worker = await newWorker(taskQueue);
      const workflowId = `training-test-${tag}-${algorithm}`;
      const hyper: Record<string, number> = algorithm === 'cart' ? { maxDepth: 5 } : { numSteps: 800 };
      const { handle, result } = await worker.runUntil(async () => {
        const handle = await client.workflow.start(trainingWorkflow, {
          taskQueue,
          workflowId,
          args: [input(algorithm, hyper)],
          workflowExecutionTimeout: '4 minutes',
        });
        const result = await handle.result();
        assert.deepEqual(await handle.query(progressQuery), { step: 'done', percent: 100 });
        return { handle, result };
      });
      digests.add(result.artifactDigest);
      const m = result.metrics as Record<string, number> & {
        confusionMatrix: number[][];
        featureImportances?: Record<string, number>;
      };
      for (const key of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'ks'])
        assert.ok(m[key]! >= 0 && m[key]! <= 1, `${key} = ${m[key]}`);
      assert.ok(m.accuracy! > (algorithm === 'cart' ? 0.8 : 0.9), `accuracy ${m.accuracy}`);
      assert.ok(m.rocAuc! > 0.85, `rocAuc ${m.rocAuc}`);
      assert.equal(
        m.confusionMatrix.flat().reduce((s, v) => s + v, 0),
        120,
      );
      assert.ok(m.onnxMaxAbsDiff! <= 1e-5, `onnxMaxAbsDiff ${m.onnxMaxAbsDiff}`);
      assert.equal(m.onnxLabelAgreement, 1);
      // Every algorithm (issue 15: logistic regression had none) names an importance per feature.
      assert.ok(m.featureImportances!.a! > m.featureImportances!.c!, JSON.stringify(m.featureImportances));
      if (algorithm === 'logistic-regression') {
        const coefficients = (result.metrics as { coefficients?: Record<string, { weights: Record<string, number> }> })
          .coefficients;
        assert.deepEqual(
          Object.keys(coefficients?.['1']?.weights ?? {}),
          ['a', 'b', 'c'],
          JSON.stringify(coefficients),
        );
      }
      await assertProvenance(result);
      // The committed history was taken from such a run: temporal workflow show -w <workflowId> -o json.
      assert.ok(((await handle.fetchHistory()).events?.length ?? 0) > 10);
    });
  }

  test('a worker stopped after the train step: a new worker finishes with one ModelVersion and one artifact', async () => {
    const taskQueue = `test-training-${randomUUID()}`;
    const workflowId = `training-test-${tag}-crash`;
    const first = await newWorker(taskQueue);
    const running = first.run();
    const handle: WorkflowHandle<typeof trainingWorkflow> = await client.workflow.start(trainingWorkflow, {
      taskQueue,
      workflowId,
      args: [input('cart', { maxDepth: 4, testDelayAfterTrainMs: 4000 })],
      workflowExecutionTimeout: '4 minutes',
    });
    // Wait for the durable timer after training, then stop the worker while the workflow sleeps.
    for (let i = 0; ; i++) {
      const history = await handle.fetchHistory();
      if (history.events?.some((e) => e.timerStartedEventAttributes)) break;
      assert.ok(i < 300, 'the workflow reached the timer after training');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await handle.query(progressQuery)).step, 'train');
    first.shutdown();
    await running;
    assert.ok(
      (await readdir(trainingWorkdir(workflowId))).includes('model.json'),
      'the trained model survived the worker',
    );
    const second = await newWorker(taskQueue);
    const result = await second.runUntil(handle.result());
    digests.add(result.artifactDigest);
    const { records } = await driver.executeQuery(
      'MATCH (v:ModelVersion {trainingWorkflowId: $workflowId}) RETURN count(v) AS versions, count(DISTINCT v.artifactDigest) AS artifacts',
      { workflowId },
    );
    assert.deepEqual([Number(records[0]?.get('versions')), Number(records[0]?.get('artifacts'))], [1, 1]);
    await assertProvenance(result);
    const runs = await driver.executeQuery('MATCH (r:TrainingRun {workflowId: $workflowId}) RETURN count(r) AS n', {
      workflowId,
    });
    assert.equal(Number(runs.records[0]?.get('n')), 1);
    await assert.rejects(stat(trainingWorkdir(workflowId)), 'working files are removed once registered');
  });

  test('replays the committed history of a completed training run', async () => {
    const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json'));
    assert.ok(files.length > 0, 'a committed history');
    for (const file of files) {
      const history = historyFromCliJson(JSON.parse(await readFile(join(historiesDir, file), 'utf8')));
      assert.equal(
        history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name,
        'trainingWorkflow',
      );
      await Worker.runReplayHistory({ workflowsPath }, history);
    }
  });
});
