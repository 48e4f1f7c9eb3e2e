// Chaos, worker (issue #12 item 8): kill -9 of the workflow worker while a training run's train activity
// is in progress, with a light load of graph-health workflows on the same task queue. A new worker
// process takes the activity over (its second attempt), the run completes, and each effect exists
// exactly once: one TrainingRun, one ModelVersion, one audit event per step; every health workflow
// started before, during or after the kill completes. test/worker-crash.test.ts kills the worker during
// durable timers (after training, in a canary window); this one kills it inside an activity.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import { config } from '../../lib/config.js';
import { createDriver } from '../../lib/graph/driver.js';
import { graphHealthWorkflow, trainingWorkflow } from '../../workflows/workflows.js';
import { trainingWorkdir } from '../../workflows/training/activities.js';
import { TEST_HOLD_IN_TRAIN_MS, type TrainingResult } from '../../domain/training/shared.js';
import { cleanupTrainingFixture, newTrainingFixtureIds, seedTrainingFixture } from '../helpers/training-fixtures.js';
import { killWorker, spawnWorker } from '../helpers/worker-process.js';
import { openLoop, recordChaos } from './support.js';

describe('chaos: kill -9 of the worker while an activity is in progress', { timeout: 180_000 }, () => {
  const tag = `chaos-worker-${randomUUID().slice(0, 8)}`;
  const taskQueue = `test-${tag}`;
  const workflowId = `training-test-${tag}`;
  const ids = newTrainingFixtureIds();
  const digests = new Set<string>();
  const children = new Set<ChildProcess>();
  const health: WorkflowHandle[] = [];
  let connection: Connection;
  let client: Client;
  let driver: Driver;

  const effects = async () => {
    const { records } = await driver.executeQuery(
      `OPTIONAL MATCH (r:TrainingRun {workflowId: $w}) WITH count(r) AS runs
       OPTIONAL MATCH (v:ModelVersion {trainingWorkflowId: $w}) WITH runs, count(v) AS versions
       OPTIONAL MATCH (e:AuditEvent {workflowId: $w}) RETURN runs, versions, collect(e.action) AS actions`,
      { w: workflowId },
    );
    const actions: Record<string, number> = {};
    for (const a of records[0]!.get('actions') as string[]) actions[a] = (actions[a] ?? 0) + 1;
    return {
      trainingRuns: Number(records[0]!.get('runs')),
      modelVersions: Number(records[0]!.get('versions')),
      auditEvents: actions,
    };
  };

  before(async () => {
    connection = await Connection.connect({ address: config.temporal.address });
    client = new Client({ connection, namespace: config.temporal.namespace });
    driver = createDriver();
    await seedTrainingFixture(driver, ids, tag);
  });

  after(async () => {
    for (const child of children) await killWorker(child).catch(() => undefined);
    await client?.workflow
      .getHandle(workflowId)
      .terminate('test cleanup')
      .catch(() => undefined);
    for (const h of health) await h.terminate('test cleanup').catch(() => undefined);
    if (driver) await cleanupTrainingFixture(driver, ids, workflowId, digests);
    await rm(trainingWorkdir(workflowId), { recursive: true, force: true });
    await driver?.close();
    await connection?.close();
  });

  test('(c) a new worker retries the activity; the run completes with every effect exactly once', async () => {
    const first = await spawnWorker({ PLINTH_TASK_QUEUE: taskQueue }, children);
    // Light load: a graph-health workflow every 500 ms on the same queue, across the kill.
    const traffic = openLoop(500, async (n) => {
      const h = await client.workflow.start(graphHealthWorkflow, {
        taskQueue,
        workflowId: `health-${tag}-${n}`,
        workflowExecutionTimeout: '2 minutes',
      });
      health.push(h);
      return h;
    });
    const handle = await client.workflow.start(trainingWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          datasetVersionId: ids.datasetVersion,
          targetColumn: 'y',
          task: 'binary',
          algorithm: 'cart',
          hyperparameters: { maxDepth: 4, [TEST_HOLD_IN_TRAIN_MS]: 30_000 },
          split: { test: 0.2 },
          seed: 7,
          requestedBy: { sub: `sub-${tag}`, username: `ds-${tag.slice(-8)}`, org: 'hq' },
          modelId: ids.model,
        },
      ],
      workflowExecutionTimeout: '3 minutes',
    });
    // Wait until the train activity runs on the first worker.
    for (let i = 0; ; i++) {
      const pending = (await handle.describe()).raw.pendingActivities ?? [];
      if (pending.some((a) => a.activityType?.name === 'trainingTrain' && a.lastStartedTime)) break;
      assert.ok(i < 600, 'the train activity started');
      await new Promise((r) => setTimeout(r, 100));
    }
    const before = await effects();
    assert.deepEqual(before, { trainingRuns: 1, modelVersions: 0, auditEvents: { 'trainingRun.start': 1 } });

    const killedAt = performance.now();
    await killWorker(first);
    await spawnWorker({ PLINTH_TASK_QUEUE: taskQueue }, children);
    const workerBackMs = performance.now() - killedAt;
    const result: TrainingResult = await handle.result();
    const recoveryMs = performance.now() - killedAt;
    digests.add(result.artifactDigest);
    await traffic.stop();

    // The train activity was in progress when the worker died: its second attempt finished it.
    const history = await handle.fetchHistory();
    const scheduled = history.events!.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'trainingTrain',
    )!;
    const started = history.events!.find(
      (e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduled.eventId?.toString(),
    );
    assert.equal(
      started?.activityTaskStartedEventAttributes?.attempt,
      2,
      'the train activity ran a second attempt on the new worker',
    );

    const afterEffects = await effects();
    assert.deepEqual(afterEffects, {
      trainingRuns: 1,
      modelVersions: 1,
      auditEvents: {
        'evaluation.record': 1,
        'modelVersion.register': 1,
        'trainingRun.start': 1,
        'trainingRun.succeed': 1,
      },
    });
    const healthResults = await Promise.all(health.map((h) => h.result()));
    assert.ok(
      healthResults.length >= 10 && healthResults.every((r) => r.migrationsApplied > 0),
      `every health workflow completed (${healthResults.length})`,
    );

    await recordChaos('worker-kill', {
      killed: 'worker (SIGKILL) during the trainingTrain activity',
      newWorkerPollingMs: Math.round(workerBackMs),
      recoveryMs: Math.round(recoveryMs),
      heartbeatTimeout: '3 seconds',
      trainActivityAttempts: started?.activityTaskStartedEventAttributes?.attempt,
      healthWorkflowsCompleted: healthResults.length,
      before,
      after: afterEffects,
    });
  });
});
