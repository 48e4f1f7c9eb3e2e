// The worker as a real process, killed with SIGKILL mid-run: once in a training run (during the durable
// timer after the train step) and once in a deployment's canary window. A second worker process takes
// over and both workflows finish with exactly one ModelVersion, one artifact, one canary and one audit
// event per step. Real Temporal, Neo4j and Keycloak; the workers run `node --import tsx workflows/worker.ts`
// on task queues of their own (PLINTH_TASK_QUEUE), the deployment one reaching this test's hub (GATEWAY_URL).
import { closeTemporalClient } from '../domain/temporal/client.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import { config } from '../lib/config.js';
import { createDriver } from '../lib/graph/driver.js';
import { trainingWorkflow } from '../workflows/workflows.js';
import { trainingWorkdir } from '../workflows/training/activities.js';
import { progressQuery, type TrainingResult } from '../domain/training/shared.js';
import { deploymentClientOptions } from '../domain/deployment/client.js';
import type { DeploymentRequestStatus } from '../domain/deployment/shared.js';
import { blobStore } from '../lib/storage/index.js';
import { cleanupTrainingFixture, newTrainingFixtureIds, seedTrainingFixture } from './helpers/training-fixtures.js';
import { deployableVersion } from './helpers/deployable.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { killWorker, spawnWorker as spawnWorkerProcess } from './helpers/worker-process.js';

const children = new Set<ChildProcess>();
let connection: Connection;
let client: Client;
const spawnWorker = (env: Record<string, string>): Promise<ChildProcess> => spawnWorkerProcess(env, children);

before(async () => {
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
});

after(async () => {
  for (const child of children) await killWorker(child).catch(() => undefined);
  await connection?.close();
});

const auditCounts = async (driver: Driver, workflowId: string) => {
  const { records } = await driver.executeQuery(
    'MATCH (e:AuditEvent {workflowId: $w}) RETURN e.action AS action, count(*) AS n, collect(DISTINCT e.runId) AS runs ORDER BY action',
    { w: workflowId },
  );
  return {
    counts: Object.fromEntries(records.map((r) => [r.get('action') as string, Number(r.get('n'))])),
    runs: [...new Set(records.flatMap((r) => r.get('runs') as string[]))],
  };
};

describe('a training run whose worker process is killed after the train step', { timeout: 300_000 }, () => {
  const tag = `test-crash-training-${randomUUID()}`;
  const ids = newTrainingFixtureIds();
  const digests = new Set<string>();
  const workflowId = `training-test-${tag}`;
  let driver: Driver;

  before(async () => {
    driver = createDriver();
    await seedTrainingFixture(driver, ids, tag);
  });

  after(async () => {
    await client?.workflow
      .getHandle(workflowId)
      .terminate('test cleanup')
      .catch(() => undefined);
    if (driver) await cleanupTrainingFixture(driver, ids, workflowId, digests);
    await rm(trainingWorkdir(workflowId), { recursive: true, force: true });
    await driver?.close();
  });

  test('a new worker process finishes it: one ModelVersion, one artifact, one audit event per step', async () => {
    const taskQueue = `test-crash-training-${randomUUID()}`;
    const first = await spawnWorker({ PLINTH_TASK_QUEUE: taskQueue });
    const handle = await client.workflow.start(trainingWorkflow, {
      taskQueue,
      workflowId,
      args: [
        {
          datasetVersionId: ids.datasetVersion,
          targetColumn: 'y',
          task: 'binary',
          algorithm: 'cart',
          hyperparameters: { maxDepth: 4, testDelayAfterTrainMs: 8000 },
          split: { test: 0.2 },
          seed: 7,
          requestedBy: { sub: `sub-${tag}`, username: `ds-${tag.slice(-8)}`, org: 'hq' },
          modelId: ids.model,
        },
      ],
      workflowExecutionTimeout: '4 minutes',
    });
    // Wait for the durable timer after training, then kill the worker process while the workflow sleeps.
    for (let i = 0; ; i++) {
      const history = await handle.fetchHistory();
      if (history.events?.some((e) => e.timerStartedEventAttributes)) break;
      assert.ok(i < 600, 'the workflow reached the timer after training');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal((await handle.query(progressQuery)).step, 'train');
    await killWorker(first);
    assert.ok(
      (await readdir(trainingWorkdir(workflowId))).includes('model.json'),
      'the trained model survived the killed worker',
    );

    await spawnWorker({ PLINTH_TASK_QUEUE: taskQueue });
    const result: TrainingResult = await handle.result();
    digests.add(result.artifactDigest);
    assert.deepEqual(await handle.query(progressQuery), { step: 'done', percent: 100 });

    const { records } = await driver.executeQuery(
      'MATCH (v:ModelVersion {trainingWorkflowId: $workflowId}) RETURN count(v) AS versions, collect(DISTINCT v.artifactDigest) AS artifacts',
      { workflowId },
    );
    assert.equal(Number(records[0]?.get('versions')), 1, 'one ModelVersion');
    assert.deepEqual(records[0]?.get('artifacts'), [result.artifactDigest], 'one artifact');
    assert.ok(await blobStore().has(result.artifactDigest), 'the ONNX artifact is in the store');
    const runs = await driver.executeQuery('MATCH (r:TrainingRun {workflowId: $workflowId}) RETURN count(r) AS n', {
      workflowId,
    });
    assert.equal(Number(runs.records[0]?.get('n')), 1, 'one TrainingRun');

    const audit = await auditCounts(driver, workflowId);
    // One of each, the run's Evaluation of its version included, though the worker died mid-run.
    assert.deepEqual(audit.counts, {
      'evaluation.record': 1,
      'modelVersion.register': 1,
      'trainingRun.start': 1,
      'trainingRun.succeed': 1,
    });
    assert.deepEqual(audit.runs, [result.runId]);
  });
});

describe('a deployment whose worker process is killed during the canary window', { timeout: 300_000 }, () => {
  const tag = `dwc-${randomUUID().slice(0, 8)}`;
  const taskQueue = `test-crash-deploy-${randomUUID()}`;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const workflows: string[] = [];
  const services: string[] = [];
  let hub: Hub;

  async function ok<T>(
    query: string,
    variables?: Record<string, unknown>,
    token: string | undefined = tokens.admin,
  ): Promise<T> {
    const res = await gql<T>(hub.gateway.url, query, { token, variables });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return res.body.data as T;
  }

  async function waitForStep(workflowId: string, step: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = (
        await ok<{ deploymentRequest: { step: string } }>(
          'query($w: ID!) { deploymentRequest(workflowId: $w) { step } }',
          { w: workflowId },
        )
      ).deploymentRequest;
      if (v.step === step) return;
      if (Date.now() > deadline) throw new Error(`${workflowId} still at ${v.step}, waited for ${step}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  before(async () => {
    hub = await startHub();
    for (const user of ['admin', 'engineer', 'approver', 'viewer']) tokens[user] = await tokenFor(user);
    deploymentClientOptions.taskQueue = taskQueue;
    Object.assign(
      ids,
      await deployableVersion(hub.gateway.url, tokens.admin!, tag, {
        'x-plinth-metrics': JSON.stringify({ auc: 0.9 }),
      }),
    );
  });

  after(async () => {
    for (const w of workflows)
      await client?.workflow
        .getHandle(w)
        .terminate('test cleanup')
        .catch(() => undefined);
    if (!hub) return;
    for (const s of services)
      await gql(hub.gateway.url, `mutation { setServiceRoutes(serviceId: "${s}", routes: []) { id } }`, {
        token: tokens.admin,
      });
    const names = workflows.map((w) => `canary ${w}`);
    const deployments = await hub.driver.executeQuery(
      'MATCH (d:Deployment) WHERE $tag IN d.tags OR d.requestWorkflowId IN $w OR d.name IN $names RETURN d.id AS id',
      { tag, w: workflows, names },
    );
    for (const r of deployments.records)
      await gql(hub.gateway.url, `mutation { stopDeployment(id: "${r.get('id') as string}") { id } }`, {
        token: tokens.admin,
      });
    await hub.driver.executeQuery(
      `MATCH (n) WHERE ((n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags)
         OR (n:Deployment AND (n.requestWorkflowId IN $w OR n.name IN $names))
       OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
      { tag, w: workflows, names },
    );
    await closeTemporalClient();
    await hub.close();
  });

  test('a new worker process finishes it: promoted, one canary, one audit event per step', async () => {
    const env = { PLINTH_TASK_QUEUE: taskQueue, GATEWAY_URL: hub.gateway.url };
    const first = await spawnWorker(env);
    const mainId = (
      await ok<{ createDeployment: { id: string } }>(
        'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }',
        { i: { name: `${tag} main`, modelVersionId: ids.version, acceleratorId: ids.cpu, tags: [tag] } },
      )
    ).createDeployment.id;
    const serviceId = (
      await ok<{ registerService: { id: string } }>(
        `mutation { registerService(input: {name: "${tag}", tags: ["${tag}"]}) { id } }`,
      )
    ).registerService.id;
    services.push(serviceId);
    await ok(
      `mutation { setServiceRoutes(serviceId: "${serviceId}", routes: [{deploymentId: "${mainId}", weight: 100}]) { id } }`,
    );
    const workflowId = (
      await ok<{ requestDeployment: { workflowId: string } }>(
        'mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }',
        {
          i: {
            serviceId,
            modelVersionId: ids.version,
            acceleratorId: ids.cpu,
            canaryWeight: 50,
            windowSeconds: 5,
            thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
            requiredMetrics: { auc: 0.75 },
          },
        },
        tokens.engineer,
      )
    ).requestDeployment.workflowId;
    workflows.push(workflowId);
    await waitForStep(workflowId, 'AWAITING_APPROVAL');
    await ok(
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "go") { step } }',
      { w: workflowId },
      tokens.approver,
    );

    // Predictions throughout, across the kill, so the canary has traffic to be judged on.
    const handle = client.workflow.getHandle(workflowId);
    let done = false;
    const result = (handle.result() as Promise<DeploymentRequestStatus>).finally(() => (done = true));
    const pump = (async () => {
      for (let n = 0; !done; n++) {
        await gql(
          hub.gateway.url,
          'mutation($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }',
          {
            token: tokens.viewer,
            variables: { s: serviceId, k: `k-${n}`, i: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } },
          },
        );
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await waitForStep(workflowId, 'WATCHING_CANARY');
    await killWorker(first);
    await spawnWorker(env);
    const [status] = await Promise.all([result, pump]);
    assert.equal(status.step, 'PROMOTED', JSON.stringify(status));

    const canaries = await hub.driver.executeQuery(
      'MATCH (d:Deployment) WHERE d.requestWorkflowId = $w OR d.name = $n RETURN d.id AS id',
      {
        w: workflowId,
        n: `canary ${workflowId}`,
      },
    );
    assert.deepEqual(
      canaries.records.map((r) => r.get('id') as string),
      [status.canaryDeploymentId],
    );
    const audit = await auditCounts(hub.driver, workflowId);
    assert.deepEqual(audit.counts, {
      'deployment-request.approve': 1,
      'deployment-request.canary': 1,
      // The listable record (domain/deployment/request-record.ts): created by the mutation, moved by six steps.
      'deployment-request.create': 1,
      'deployment-request.health': 1,
      'deployment-request.promote': 1,
      'deployment-request.step': 6,
      'deployment-request.submit': 1,
      'deployment-request.validate': 1,
      'deployment.rename': 1,
      'deployment.request-recorded': 1,
    });
    assert.deepEqual(audit.runs, [(await handle.describe()).runId]);
  });
});
