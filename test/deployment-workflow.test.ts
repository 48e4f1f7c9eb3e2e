// The deployment workflow end to end: GraphQL → Temporal → an in-process worker whose activities call
// the hub's gateway as the worker's service account → the serving runtime; four eyes, promotion, roll back,
// rejection, and a worker killed during the canary window. Real Neo4j, Keycloak and Temporal.
// The canary window at real lengths (10 and 30 minutes) runs on Temporal's time-skipping test server
// (last tests): the same workflow bundle and real activities against this hub, only the clock skips.
import { closeTemporalClient } from '../domain/temporal/client.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { deployableVersion } from './helpers/deployable.js';
import { decodeClaims, tokenFor } from './helpers/tokens.js';
import { config } from '../lib/config.js';
import { createActivities } from '../workflows/activities.js';
import {
  decideDeploymentRequest,
  deploymentClientOptions,
  isDeploymentWorkflowId,
} from '../domain/deployment/client.js';
import {
  DECISION_PURPOSE,
  approveSignal,
  statusQuery,
  type DecisionBody,
  type DeploymentRequestInput,
  type DeploymentRequestStatus,
} from '../domain/deployment/shared.js';
import type { deploymentWorkflow } from '../workflows/deployment/workflows.js';
import {
  scheduledActivities,
  timeSkippingEnvironment,
  timeSkippingWorker,
  timersOf,
  type TimeSkipping,
} from './helpers/time-skipping.js';
import { signStatement, type StatementSubject } from '../lib/auth/signed-statement.js';

const tag = `dwf-${randomUUID().slice(0, 8)}`;
const taskQueue = `test-deploy-${randomUUID()}`;
let hub: Hub;
let bundle: WorkflowBundleWithSourceMap;
let client: Client;
let clientConnection: Connection;
let running: { worker: Worker; connection: NativeConnection; done: Promise<void> } | undefined;
let skipping: TimeSkipping | undefined;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const services: string[] = [];
const workflows: string[] = [];

async function ok<T>(
  query: string,
  variables?: Record<string, unknown>,
  token: string | undefined = tokens.admin,
): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

async function startWorker(): Promise<void> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  running = { worker, connection, done: worker.run() };
}

async function stopWorker(): Promise<void> {
  if (!running) return;
  running.worker.shutdown();
  await running.done;
  await running.connection.close();
  running = undefined;
}

/** A service whose traffic all goes to a READY deployment of the version: the "current" one. */
async function serviceWithMain(name: string, ownerOrgId = 'hq'): Promise<{ serviceId: string; mainId: string }> {
  const mainId = (
    await ok<{ createDeployment: { id: string; status: string } }>(
      `mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id status } }`,
      { i: { name: `${tag} ${name} main`, modelVersionId: ids.version, acceleratorId: ids.cpu, tags: [tag] } },
    )
  ).createDeployment.id;
  const serviceId = (
    await ok<{ registerService: { id: string } }>(
      `mutation { registerService(input: {name: "${tag} ${name}", tags: ["${tag}"], ownerOrgId: "${ownerOrgId}"}) { id } }`,
    )
  ).registerService.id;
  services.push(serviceId);
  await ok(
    `mutation { setServiceRoutes(serviceId: "${serviceId}", routes: [{deploymentId: "${mainId}", weight: 100}]) { id } }`,
  );
  return { serviceId, mainId };
}

async function request(
  serviceId: string,
  overrides: Record<string, unknown> = {},
  token: string | undefined = tokens.admin,
): Promise<string> {
  const data = await ok<{ requestDeployment: { workflowId: string; runId: string } }>(
    `mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId runId } }`,
    {
      i: {
        serviceId,
        modelVersionId: ids.version,
        acceleratorId: ids.cpu,
        canaryWeight: 50,
        windowSeconds: 2,
        thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
        requiredMetrics: { auc: 0.75 },
        ...overrides,
      },
    },
    token,
  );
  assert.ok(isDeploymentWorkflowId(data.requestDeployment.workflowId), data.requestDeployment.workflowId);
  workflows.push(data.requestDeployment.workflowId);
  return data.requestDeployment.workflowId;
}

const STATUS = `query($w: ID!) { deploymentRequest(workflowId: $w) { step requestedBy approvals { kind approverName comment accepted reason }
  decision { outcome byName comment reason } canary { id status } health { requests healthy reason } } }`;
interface RequestView {
  step: string;
  approvals: { kind: string; approverName: string; comment: string; accepted: boolean; reason: string | null }[];
  decision: { outcome: string; byName?: string | null; comment?: string | null; reason: string | null } | null;
  canary: { id: string; status: string } | null;
  health: { requests: number; healthy: boolean; reason: string } | null;
}
const view = async (workflowId: string) =>
  (await ok<{ deploymentRequest: RequestView }>(STATUS, { w: workflowId })).deploymentRequest;

async function waitForStep(workflowId: string, step: string, timeoutMs = 60_000): Promise<RequestView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A worker that has just (re)started can leave a query unanswered for a moment (Temporal's sticky queue of
    // the one before): the API says WORKER_BUSY, "retry in a few seconds", and so does this loop.
    const res = await gql<{ deploymentRequest: RequestView }>(hub.gateway.url, STATUS, {
      token: tokens.admin,
      variables: { w: workflowId },
    });
    const busy = res.body.errors?.every((e) => e.extensions?.code === 'WORKER_BUSY');
    assert.ok(res.body.errors === undefined || busy, JSON.stringify(res.body.errors));
    const v = res.body.data?.deploymentRequest;
    if (v?.step === step) return v;
    if (Date.now() > deadline)
      throw new Error(`${workflowId} still at ${v?.step ?? 'WORKER_BUSY'}, waited for ${step}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Predictions on the service until the workflow ends, so the canary has traffic to be judged on. */
async function withTraffic(serviceId: string, workflowId: string): Promise<DeploymentRequestStatus> {
  let done = false;
  const result = client.workflow
    .getHandle(workflowId)
    .result()
    .finally(() => (done = true)) as Promise<DeploymentRequestStatus>;
  let n = 0;
  const pump = (async () => {
    while (!done) {
      await gql(
        hub.gateway.url,
        'mutation($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }',
        {
          token: tokens.viewer,
          variables: { s: serviceId, k: `k-${n++}`, i: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } },
        },
      );
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const [status] = await Promise.all([result, pump]);
  return status;
}

const routesOf = async (serviceId: string) =>
  (
    await hub.driver.executeQuery(
      'MATCH (:Service {id: $s})-[r:ROUTES_TO]->(d) RETURN d.id AS id, r.weight AS weight ORDER BY id',
      { s: serviceId },
    )
  ).records.map((r) => [r.get('id') as string, r.get('weight') as number]);
const statusOf = async (id: string) =>
  (await hub.driver.executeQuery('MATCH (d:Deployment {id: $id}) RETURN d.status AS s', { id })).records[0]?.get(
    's',
  ) as string;
const canariesOf = async (workflowId: string) =>
  (
    await hub.driver.executeQuery(
      'MATCH (d:Deployment) WHERE d.requestWorkflowId = $w OR d.name = $n RETURN d.id AS id',
      { w: workflowId, n: `canary ${workflowId}` },
    )
  ).records.map((r) => r.get('id') as string);

before(async () => {
  const environment = timeSkippingEnvironment();
  [hub, bundle] = await Promise.all([
    startHub(),
    bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url)) }),
  ]);
  for (const user of ['admin', 'engineer', 'approver', 'viewer']) tokens[user] = await tokenFor(user);
  skipping = await timeSkippingWorker(environment, {
    taskQueue: `${taskQueue}-skipping`,
    workflowBundle: bundle,
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  deploymentClientOptions.taskQueue = taskQueue;
  clientConnection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  await startWorker();
  Object.assign(
    ids,
    await deployableVersion(hub.gateway.url, tokens.admin!, tag, { 'x-plinth-metrics': JSON.stringify({ auc: 0.9 }) }),
  );
});

after(async () => {
  for (const w of workflows)
    await client?.workflow
      .getHandle(w)
      .terminate('test cleanup')
      .catch(() => undefined);
  for (const w of workflows)
    await skipping?.env.client.workflow
      .getHandle(w)
      .terminate('test cleanup')
      .catch(() => undefined);
  await stopWorker();
  await skipping?.stop();
  for (const s of services)
    await gql(hub.gateway.url, `mutation { setServiceRoutes(serviceId: "${s}", routes: []) { id } }`, {
      token: tokens.admin,
    });
  const deployments = await hub.driver.executeQuery(
    'MATCH (d:Deployment) WHERE $tag IN d.tags OR d.requestWorkflowId IN $w OR d.name IN $names RETURN d.id AS id',
    { tag, w: workflows, names: workflows.map((w) => `canary ${w}`) },
  );
  for (const r of deployments.records)
    await gql(hub.gateway.url, `mutation { stopDeployment(id: "${r.get('id') as string}") { id } }`, {
      token: tokens.admin,
    });
  await hub.driver.executeQuery(
    `MATCH (n) WHERE ((n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags)
       OR (n:Deployment AND (n.requestWorkflowId IN $w OR n.name IN $names))
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag, w: workflows, names: workflows.map((w) => `canary ${w}`) },
  );
  await closeTemporalClient();
  await clientConnection?.close();
  await hub.close();
});

test(
  "four eyes: the requester and a non-approver are refused; an approver's approval is recorded; a healthy canary is promoted",
  { timeout: 120_000 },
  async () => {
    const { serviceId, mainId } = await serviceWithMain('promote');
    const workflowId = await request(serviceId);
    await waitForStep(workflowId, 'AWAITING_APPROVAL');

    // The mutation refuses the requester early, naming the rule.
    const own = await gql(
      hub.gateway.url,
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "mine") { step } }',
      { token: tokens.admin, variables: { w: workflowId } },
    );
    assert.equal(own.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.match(own.body.errors![0]!.message, /four eyes: admin requested this deployment/);
    const engineer = await gql(
      hub.gateway.url,
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "lgtm") { step } }',
      { token: tokens.engineer, variables: { w: workflowId } },
    );
    assert.equal(engineer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');

    // The workflow enforces it too, on genuine (signed) decisions that skipped the mutation's early refusal:
    // refused, recorded, still waiting. (Unsigned signals: test/security/identity.test.ts.)
    const admin = decodeClaims(tokens.admin!);
    const handle = client.workflow.getHandle(workflowId);
    const signed = (subject: StatementSubject, comment: string) =>
      signStatement<DecisionBody>(DECISION_PURPOSE, workflowId, subject, { kind: 'approve', comment });
    await handle.signal(
      approveSignal,
      signed(
        { sub: admin.sub as string, username: 'admin', roles: ['platform-admin'], org: 'hq', kind: 'user' },
        'self',
      ),
    );
    await handle.signal(
      approveSignal,
      signed(
        { sub: 'someone-else', username: 'scientist', roles: ['data-scientist'], org: 'hq', kind: 'user' },
        'not mine to give',
      ),
    );
    // Signature checks run as activities: under load two can take seconds, so wait up to 30 s (polling).
    for (let i = 0; i < 300 && (await view(workflowId)).approvals.length < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    const waiting = await view(workflowId);
    assert.equal(waiting.step, 'AWAITING_APPROVAL');
    assert.deepEqual(
      waiting.approvals.map((a) => [a.approverName, a.accepted]),
      [
        ['admin', false],
        ['scientist', false],
      ],
    );
    assert.match(waiting.approvals[0]!.reason!, /four eyes/);
    assert.match(waiting.approvals[1]!.reason!, /approver role/);

    // The answer is the state after the approval (a workflow Update), not the one before it (issue #15).
    const answer = (
      await ok<{ approveDeployment: RequestView }>(
        `mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "checked the AUC") {
           step approvals { kind approverName comment accepted reason } decision { outcome byName comment reason } } }`,
        { w: workflowId },
        tokens.approver,
      )
    ).approveDeployment;
    assert.notEqual(answer.step, 'AWAITING_APPROVAL', JSON.stringify(answer));
    assert.deepEqual(answer.approvals.at(-1), {
      kind: 'approve',
      approverName: 'approver',
      comment: 'checked the AUC',
      accepted: true,
      reason: null,
    });
    assert.deepEqual(answer.decision, {
      outcome: 'approved',
      byName: 'approver',
      comment: 'checked the AUC',
      reason: null,
    });
    const status = await withTraffic(serviceId, workflowId);
    assert.equal(status.step, 'PROMOTED', JSON.stringify(status));
    // Who decided the promotion is the health check, not the approver (issue #15).
    assert.deepEqual(status.decision?.by, { sub: 'plinth-deployment-health-check', username: 'health-check' });
    assert.ok(status.health!.requests > 0);
    const canaryId = status.canaryDeploymentId!;
    assert.deepEqual(await routesOf(serviceId), [[canaryId, 100]]);
    assert.equal(await statusOf(mainId), 'STOPPED');
    assert.equal(await statusOf(canaryId), 'READY');
    // The promoted canary is named after what it serves, and its creator is the engineer who asked (issue #15).
    const named = await hub.driver.executeQuery(
      `MATCH (d:Deployment {id: $id})-[:SERVES]->(mv)<-[:HAS_VERSION]-(m) MATCH (s:Service {id: $s})
       RETURN d.name AS name, d.createdBy AS createdBy, s.name + ' · ' + m.name + ' v' + toString(mv.version) AS expected`,
      { id: canaryId, s: serviceId },
    );
    const n = named.records[0]!.toObject();
    assert.equal(n.name, n.expected);
    assert.doesNotMatch(n.name as string, /canary/);
    assert.equal(n.createdBy, 'admin');

    const provenance = await hub.driver.executeQuery(
      `MATCH (d:Deployment {id: $id})-[a:APPROVED_BY]->(u:User) MATCH (d)-[:REQUESTED_BY]->(r:User)
     RETURN u.username AS approver, a.comment AS comment, a.workflowId AS wf, r.username AS requester, d.requestWorkflowId AS dwf`,
      { id: canaryId },
    );
    assert.equal(provenance.records.length, 1);
    const p = provenance.records[0]!.toObject();
    assert.deepEqual(
      [p.approver, p.comment, p.wf, p.requester, p.dwf],
      ['approver', 'checked the AUC', workflowId, 'admin', workflowId],
    );
    // The serving subgraph reads the same record through the module the activity wrote it with.
    type Recorded = {
      requestId: string;
      workflowId: string;
      runId: string | null;
      requestedBy: string;
      approvals: { username: string; comment: string; workflowId: string; at: string }[];
    };
    const recorded = await ok<{ canary: { request: Recorded | null }; main: { request: Recorded | null } }>(
      `query($c: ID!, $m: ID!) {
       canary: deployment(id: $c) { request { requestId workflowId runId requestedBy approvals { username comment workflowId at } } }
       main: deployment(id: $m) { request { workflowId } } }`,
      { c: canaryId, m: mainId },
      tokens.viewer,
    );
    assert.equal(recorded.main.request, null, 'a deployment created directly has no request record');
    const record = recorded.canary.request!;
    assert.deepEqual(
      [record.workflowId, record.requestedBy, record.runId],
      [workflowId, 'admin', (await client.workflow.getHandle(workflowId).describe()).runId],
    );
    assert.notEqual(record.requestId, '');
    assert.deepEqual(
      record.approvals.map((a) => [a.username, a.comment, a.workflowId]),
      [['approver', 'checked the AUC', workflowId]],
    );
    assert.ok(Math.abs(Date.parse(record.approvals[0]!.at) - Date.now()) < 600_000, record.approvals[0]!.at);
    const final = await view(workflowId);
    assert.equal(final.step, 'PROMOTED');
    assert.equal(final.canary?.id, canaryId);
  },
);

test(
  'a rejection ends the request with nothing deployed; a version below the required metrics fails validation',
  { timeout: 60_000 },
  async () => {
    const { serviceId, mainId } = await serviceWithMain('reject');
    const workflowId = await request(serviceId, {}, tokens.engineer);
    await waitForStep(workflowId, 'AWAITING_APPROVAL');
    const rejected = await ok<{ rejectDeployment: RequestView }>(
      'mutation($w: ID!) { rejectDeployment(workflowId: $w, comment: "not this week") { step decision { outcome byName } } }',
      { w: workflowId },
      tokens.approver,
    );
    assert.equal(rejected.rejectDeployment.step, 'REJECTED', 'the answer is the state after the rejection');
    assert.deepEqual(rejected.rejectDeployment.decision, { outcome: 'rejected', byName: 'approver' });
    const status = (await client.workflow.getHandle(workflowId).result()) as DeploymentRequestStatus;
    assert.equal(status.step, 'REJECTED');
    assert.equal(status.decision?.comment, 'not this week');
    assert.deepEqual(await canariesOf(workflowId), []);
    assert.deepEqual(await routesOf(serviceId), [[mainId, 100]]);

    const invalid = await request(serviceId, { requiredMetrics: { auc: 0.95, f1: 0.5 } }, tokens.engineer);
    const failed = (await client.workflow.getHandle(invalid).result()) as DeploymentRequestStatus;
    assert.equal(failed.step, 'FAILED');
    assert.match(failed.decision!.reason!, /metrics\.auc = 0\.9 is below the required 0\.95/);
    assert.match(failed.decision!.reason!, /metrics\.f1 is not recorded/);
  },
);

test(
  'a worker killed during the canary window: a new worker finishes with one canary and one audit event per step',
  { timeout: 180_000 },
  async () => {
    const { serviceId } = await serviceWithMain('restart');
    const workflowId = await request(serviceId, { windowSeconds: 3 }, tokens.engineer);
    await waitForStep(workflowId, 'AWAITING_APPROVAL');
    await ok(
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "go") { step } }',
      { w: workflowId },
      tokens.approver,
    );
    await waitForStep(workflowId, 'WATCHING_CANARY');
    // Traffic from now on, through the restart: the window may end while no worker runs (a slow restart on
    // a busy machine), and a window without requests would be judged unhealthy.
    const traffic = withTraffic(serviceId, workflowId);
    await stopWorker();
    await startWorker();
    const status = await traffic;
    assert.equal(status.step, 'PROMOTED', JSON.stringify(status));
    assert.equal((await canariesOf(workflowId)).length, 1);

    const { records } = await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {workflowId: $w}) RETURN e.action AS action, count(*) AS n, collect(DISTINCT e.runId) AS runs ORDER BY action',
      { w: workflowId },
    );
    const counts = Object.fromEntries(records.map((r) => [r.get('action') as string, r.get('n') as number]));
    assert.deepEqual(counts, {
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
    const runId = (await client.workflow.getHandle(workflowId).describe()).runId;
    for (const r of records) assert.deepEqual(r.get('runs'), [runId]);
  },
);

test(
  'cancelling during the canary window rolls the routes back and stops the canary',
  { timeout: 120_000 },
  async () => {
    // A service of jiangsu's, requested by an hq engineer through the worker's hq service account.
    const { serviceId, mainId } = await serviceWithMain('cancel', 'jiangsu');
    const workflowId = await request(serviceId, { windowSeconds: 30 }, tokens.engineer);
    await waitForStep(workflowId, 'AWAITING_APPROVAL');
    await ok(
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "ok") { step } }',
      { w: workflowId },
      tokens.approver,
    );
    const watching = await waitForStep(workflowId, 'WATCHING_CANARY');
    assert.equal((await routesOf(serviceId)).length, 2);
    // The canary belongs to the service's org (not the worker's), so jiangsu's people see where its traffic goes.
    const owned = await hub.driver.executeQuery(
      'MATCH (d:Deployment {id: $id})-[:OWNED_BY]->(o:Org) RETURN d.ownerOrgId AS owner, collect(o.id) AS orgs, d.createdBy AS by',
      { id: watching.canary!.id },
    );
    assert.deepEqual(owned.records[0]!.toObject(), { owner: 'jiangsu', orgs: ['jiangsu'], by: 'engineer' });
    await ok(
      'mutation($w: ID!) { cancelDeploymentRequest(workflowId: $w) { step } }',
      { w: workflowId },
      tokens.engineer,
    );
    await assert.rejects(client.workflow.getHandle(workflowId).result(), /cancel/i);
    assert.deepEqual(await routesOf(serviceId), [[mainId, 100]]);
    assert.equal(await statusOf(watching.canary!.id), 'STOPPED');
    const { records } = await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {workflowId: $w}) WHERE e.action IN $a RETURN count(*) AS n',
      {
        w: workflowId,
        a: ['deployment-request.cancel', 'deployment-request.rollback'],
      },
    );
    assert.equal(records[0]!.get('n'), 2);
    const cancelled = await view(workflowId);
    assert.equal(cancelled.step, 'CANCELLED');
    // The decision names who cancelled (a signed note sent with the cancel), not the approver.
    assert.equal(cancelled.decision?.byName, 'engineer');
  },
);

test(
  'cancelled right after approval, whatever step it reached, it leaves no canary serving',
  { timeout: 120_000 },
  async () => {
    const { serviceId, mainId } = await serviceWithMain('cancel-early');
    const workflowId = await request(serviceId, { windowSeconds: 30 }, tokens.engineer);
    await waitForStep(workflowId, 'AWAITING_APPROVAL');
    await ok(
      'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "ok") { step } }',
      { w: workflowId },
      tokens.approver,
    );
    await client.workflow.getHandle(workflowId).cancel();
    await assert.rejects(client.workflow.getHandle(workflowId).result(), /cancel/i);
    assert.deepEqual(await routesOf(serviceId), [[mainId, 100]]);
    for (const id of await canariesOf(workflowId)) assert.equal(await statusOf(id), 'STOPPED');
  },
);

test(
  'a canary on a service with no stable route is refused (it would take all traffic, not its share): at the mutation, and by the workflow',
  { timeout: 60_000 },
  async () => {
    const serviceId = (
      await ok<{ registerService: { id: string } }>(
        `mutation { registerService(input: {name: "${tag} empty", tags: ["${tag}"]}) { id } }`,
      )
    ).registerService.id;
    services.push(serviceId);
    const res = await gql(
      hub.gateway.url,
      `mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }`,
      {
        token: tokens.engineer,
        variables: {
          i: {
            serviceId,
            modelVersionId: ids.version,
            acceleratorId: ids.cpu,
            canaryWeight: 10,
            windowSeconds: 2,
            thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
          },
        },
      },
    );
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(res.body));
    assert.match(res.body.errors![0]!.message, /routes no traffic to a READY deployment, so a 10% canary/);
    assert.match(res.body.errors![0]!.message, /setServiceRoutes/);
    // Started straight on Temporal (past the mutation), the workflow's validation refuses it too.
    const engineer = decodeClaims(tokens.engineer!);
    const workflowId = `deploy-${tag}-${randomUUID().slice(0, 8)}`;
    workflows.push(workflowId);
    const input: DeploymentRequestInput = {
      requestId: randomUUID(),
      serviceId,
      modelVersionId: ids.version!,
      acceleratorId: ids.cpu!,
      canaryWeight: 10,
      windowSeconds: 2,
      thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
      requestedBy: { sub: engineer.sub as string, username: 'engineer', org: engineer.org as string },
    };
    const handle = await client.workflow.start<typeof deploymentWorkflow>('deploymentWorkflow', {
      workflowId,
      taskQueue,
      args: [input],
    });
    const status = await handle.result();
    assert.equal(status.step, 'FAILED', JSON.stringify(status));
    assert.match(status.decision!.reason!, /routes no traffic to a READY deployment/);
    assert.deepEqual(await routesOf(serviceId), []);
    assert.deepEqual(await canariesOf(workflowId), []);
  },
);

test(
  'a decision no worker applies in time: DECISION_PENDING saying so (no hang), applied when a worker is back',
  { timeout: 120_000 },
  async () => {
    const { serviceId } = await serviceWithMain('pending');
    const workflowId = await request(serviceId, { windowSeconds: 3600 }, tokens.engineer);
    await waitForStep(workflowId, 'AWAITING_APPROVAL');
    // With no worker, approveDeployment already stops at its status query (WORKER_BUSY); past that query,
    // the Update itself waits at most its deadline.
    await stopWorker();
    const approver = decodeClaims(tokens.approver!);
    const subject: StatementSubject = {
      sub: approver.sub as string,
      username: 'approver',
      roles: ['approver'],
      org: approver.org as string,
      kind: 'user',
    };
    const began = Date.now();
    try {
      await assert.rejects(
        decideDeploymentRequest(
          workflowId,
          'approve',
          signStatement<DecisionBody>(DECISION_PURPOSE, workflowId, subject, {
            kind: 'approve',
            comment: 'while down',
          }),
          2_000,
        ),
        (e: Error & { extensions?: { code?: string } }) =>
          e.extensions?.code === 'DECISION_PENDING' && /no worker applied it within 2 s/.test(e.message),
      );
      assert.ok(Date.now() - began < 15_000, 'answered at the deadline, not after a long hang');
    } finally {
      await startWorker();
    }
    const applied = await waitForStep(workflowId, 'WATCHING_CANARY');
    assert.deepEqual(
      applied.approvals.map((a) => [a.approverName, a.comment, a.accepted]),
      [['approver', 'while down', true]],
    );
    await client.workflow.getHandle(workflowId).cancel();
    await assert.rejects(client.workflow.getHandle(workflowId).result(), /cancel/i);
  },
);

// ---- the canary window at real lengths, on the time-skipping test server ----

/** Starts the workflow on the test server as requestDeployment would, approves it with a signed decision, waits for the window. */
async function skippingToWindow(
  serviceId: string,
  windowSeconds: number,
  thresholds: DeploymentRequestInput['thresholds'],
) {
  const { env, taskQueue: queue } = skipping!;
  const workflowId = `deploy-${tag}-${randomUUID().slice(0, 8)}`;
  workflows.push(workflowId);
  const engineer = decodeClaims(tokens.engineer!);
  const approver = decodeClaims(tokens.approver!);
  const input: DeploymentRequestInput = {
    requestId: randomUUID(),
    serviceId,
    modelVersionId: ids.version!,
    acceleratorId: ids.cpu!,
    canaryWeight: 50,
    windowSeconds,
    thresholds,
    requiredMetrics: { auc: 0.75 },
    requestedBy: { sub: engineer.sub as string, username: 'engineer', org: engineer.org as string },
  };
  const handle = await env.client.workflow.start<typeof deploymentWorkflow>('deploymentWorkflow', {
    workflowId,
    taskQueue: queue,
    args: [input],
  });
  const step = async (wanted: string) => {
    for (let i = 0; i < 600; i++) {
      const s = await handle.query(statusQuery);
      if (s.step === wanted) return s;
      if (s.decision?.outcome === 'rolled-back' || s.step === 'FAILED')
        assert.fail(`waiting for ${wanted}: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${workflowId} never reached ${wanted}`);
  };
  await step('AWAITING_APPROVAL');
  const subject: StatementSubject = {
    sub: approver.sub as string,
    username: 'approver',
    roles: ['approver'],
    org: approver.org as string,
    kind: 'user',
  };
  await handle.signal(
    approveSignal,
    signStatement<DecisionBody>(DECISION_PURPOSE, workflowId, subject, { kind: 'approve', comment: 'a long window' }),
  );
  const watching = await step('WATCHING_CANARY');
  return { handle, canaryId: watching.canaryDeploymentId! };
}

/** Predictions on the service; how many the canary served. The test server's clock stands still meanwhile. */
async function predictions(serviceId: string, canaryId: string, n: number): Promise<number> {
  let canary = 0;
  for (let i = 0; i < n; i++) {
    const res = await gql<{ predict: { deploymentId: string } }>(
      hub.gateway.url,
      'mutation($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }',
      {
        token: tokens.viewer,
        variables: { s: serviceId, k: `k-${i}`, i: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } },
      },
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    if (res.body.data!.predict.deploymentId === canaryId) canary++;
  }
  return canary;
}

/** The window is the workflow's one timer, and the metrics are sampled at its start and its end (workflow clock). */
async function assertWindow(handle: WorkflowHandle, windowSeconds: number): Promise<void> {
  const events = (await handle.fetchHistory()).events ?? [];
  assert.deepEqual(timersOf(events), [windowSeconds]);
  const samples = scheduledActivities(events, 'deploymentSampleMetrics');
  assert.equal(samples.length, 2, 'sampled at the start and the end of the window');
  const moved = samples[1]!.at - samples[0]!.at;
  assert.ok(moved >= windowSeconds, `the workflow's clock moved ${moved} s between the samples`);
}

test(
  'time-skipping: a 10-minute window is judged on the traffic inside it, at its end: healthy, promoted',
  { timeout: 120_000 },
  async () => {
    const { serviceId, mainId } = await serviceWithMain('skip-promote');
    const { handle, canaryId } = await skippingToWindow(serviceId, 600, { maxErrorRate: 0.5, maxP99Ms: 10_000 });
    const served = await predictions(serviceId, canaryId, 40);
    assert.ok(served > 0, 'a 50% canary served some of 40 requests');
    const began = Date.now();
    const status = await handle.result();
    const wall = (Date.now() - began) / 1000;
    assert.equal(status.step, 'PROMOTED', JSON.stringify(status));
    assert.equal(status.health?.requests, served, 'judged on exactly the requests inside the window');
    assert.deepEqual(await routesOf(serviceId), [[canaryId, 100]]);
    assert.equal(await statusOf(mainId), 'STOPPED');
    await assertWindow(handle, 600);
    assert.ok(wall < 60, `the 10-minute window took ${wall.toFixed(1)} s of wall time`);
  },
);

test(
  'time-skipping: a 30-minute window over the p99 limit (0 ms) is rolled back: routes restored, canary stopped',
  { timeout: 120_000 },
  async () => {
    const { serviceId, mainId } = await serviceWithMain('skip-rollback');
    const { handle, canaryId } = await skippingToWindow(serviceId, 1800, { maxErrorRate: 0.5, maxP99Ms: 0 });
    assert.equal((await routesOf(serviceId)).length, 2, 'the canary takes its share during the window');
    assert.ok((await predictions(serviceId, canaryId, 20)) > 0);
    const status = await handle.result();
    assert.equal(status.step, 'ROLLED_BACK', JSON.stringify(status));
    assert.match(status.decision!.reason!, /p99/);
    assert.equal(status.decision!.by?.username, 'health-check', 'the health check decided the roll back');
    assert.deepEqual(await routesOf(serviceId), [[mainId, 100]]);
    assert.equal(await statusOf(canaryId), 'STOPPED');
    assert.equal(await statusOf(mainId), 'READY');
    await assertWindow(handle, 1800);
  },
);
