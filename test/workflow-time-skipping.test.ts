// Workflow timers at their real lengths, on Temporal's time-skipping test server (@temporalio/testing):
// a 10- and a 30-minute canary window, 15-minute edge report deadlines. The workflow code is the real
// bundle, its activities the real ones against the real hub, Neo4j and Keycloak; only the clock is the
// test server's, which jumps over a timer once the test waits for the result. What the real-server tests
// (deployment-workflow, edge-rollout) prove through GraphQL, this file proves at real durations: the
// timer is exactly the window, the verdict is taken on the traffic inside it, and a batch's report
// deadline holds however late a report arrives within it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { deployableVersion } from './helpers/deployable.js';
import { decodeClaims, tokenFor } from './helpers/tokens.js';
import { timeSkippingEnvironment } from './helpers/time-skipping.js';
import { createActivities } from '../workflows/activities.js';
import type { deploymentWorkflow } from '../workflows/deployment/workflows.js';
import type { edgeRolloutWorkflow } from '../workflows/edge/workflows.js';
import { DECISION_PURPOSE, approveSignal, statusQuery, type DecisionBody, type DeploymentRequestInput, type Requester } from '../domain/deployment/shared.js';
import { NODE_REPORT_PURPOSE, edgeRolloutStatusQuery, nodeReportSignal, type NodeReportBody } from '../domain/edge/shared.js';
import { signStatement, type StatementSubject } from '../lib/auth/signed-statement.js';

const tag = `tsk-${randomUUID().slice(0, 8)}`;
const taskQueue = `test-time-skipping-${randomUUID()}`;
let hub: Hub;
let env: TestWorkflowEnvironment;
let running: { worker: Worker; done: Promise<void> } | undefined;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const people: Record<string, StatementSubject> = {};
const workflows: string[] = [];

async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token: tokens.admin, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

/** Who the token says the user is, as the serving subgraph would sign it after verifying the token. */
function subjectOf(token: string): StatementSubject {
  const claims = decodeClaims(token) as { sub: string; preferred_username: string; org?: string; realm_access?: { roles?: string[] } };
  return { sub: claims.sub, username: claims.preferred_username, roles: claims.realm_access?.roles ?? [], org: claims.org ?? 'hq', kind: 'user' };
}
const requester = (s: StatementSubject): Requester => ({ sub: s.sub, username: s.username, org: s.org });

type Event = temporal.api.history.v1.IHistoryEvent;
const seconds = (e: Event | undefined): number => Number(e?.eventTime?.seconds ?? 0) + (e?.eventTime?.nanos ?? 0) / 1e9;
const durationSeconds = (d: { seconds?: unknown; nanos?: number | null } | null | undefined): number => Number(d?.seconds ?? 0) + (d?.nanos ?? 0) / 1e9;
const historyOf = async (handle: WorkflowHandle): Promise<Event[]> => (await handle.fetchHistory()).events ?? [];
/** The scheduled-event of each activity of a type, with its decoded input. */
function scheduled(events: Event[], type: string): { event: Event; input: unknown[] }[] {
  return events
    .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === type)
    .map((event) => ({ event, input: (event.activityTaskScheduledEventAttributes?.input?.payloads ?? []).map((p) => JSON.parse(Buffer.from(p.data!).toString('utf8')) as unknown) }));
}

async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000}s for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  const began = Date.now();
  [hub, env] = await Promise.all([startHub(), timeSkippingEnvironment()]);
  for (const user of ['admin', 'engineer', 'approver', 'viewer']) {
    tokens[user] = await tokenFor(user);
    people[user] = subjectOf(tokens[user]);
  }
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url)) });
  const worker = await Worker.create({
    connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle,
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  running = { worker, done: worker.run() };
  Object.assign(ids, await deployableVersion(hub.gateway.url, tokens.admin!, tag, { 'x-plinth-metrics': JSON.stringify({ auc: 0.9 }) }));
  console.log(`# time-skipping environment, hub and worker ready in ${((Date.now() - began) / 1000).toFixed(1)} s`);
});

after(async () => {
  for (const w of workflows) await env?.client.workflow.getHandle(w).terminate('test cleanup').catch(() => undefined);
  if (running) {
    running.worker.shutdown();
    await running.done;
  }
  await env?.teardown();
  if (!hub) return;
  const deployments = await hub.driver.executeQuery('MATCH (d:Deployment) WHERE $tag IN d.tags OR d.requestWorkflowId IN $w OR d.name IN $names RETURN d.id AS id', {
    tag, w: workflows, names: workflows.map((w) => `canary ${w}`),
  });
  for (const r of deployments.records) await gql(hub.gateway.url, `mutation { stopDeployment(id: "${r.get('id') as string}") { id } }`, { token: tokens.admin });
  await hub.driver.executeQuery(
    `MATCH (n) WHERE ((n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service OR n:EdgeNode) AND $tag IN n.tags)
       OR (n:Deployment AND (n.requestWorkflowId IN $w OR n.name IN $names))
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag, w: workflows, names: workflows.map((w) => `canary ${w}`) },
  );
  await hub.driver.executeQuery('MATCH (e:AuditEvent) WHERE e.workflowId IN $w DETACH DELETE e', { w: workflows });
  await hub.close();
});

// ---- deployment: the canary window ----

/** A service whose traffic all goes to a READY deployment of the version. */
async function serviceWithMain(name: string): Promise<{ serviceId: string; mainId: string }> {
  const mainId = (await ok<{ createDeployment: { id: string } }>(
    `mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`,
    { i: { name: `${tag} ${name} main`, modelVersionId: ids.version, acceleratorId: ids.cpu, tags: [tag] } },
  )).createDeployment.id;
  const serviceId = (await ok<{ registerService: { id: string } }>(`mutation { registerService(input: {name: "${tag} ${name}", tags: ["${tag}"]}) { id } }`)).registerService.id;
  await ok(`mutation { setServiceRoutes(serviceId: "${serviceId}", routes: [{deploymentId: "${mainId}", weight: 100}]) { id } }`);
  return { serviceId, mainId };
}

/** Starts the deployment workflow on the test server as requestDeployment would, approves it with a signed decision, waits for the window. */
async function deployToWindow(serviceId: string, windowSeconds: number) {
  const workflowId = `deploy-${tag}-${randomUUID().slice(0, 8)}`;
  workflows.push(workflowId);
  const input: DeploymentRequestInput = {
    requestId: randomUUID(), serviceId, modelVersionId: ids.version!, acceleratorId: ids.cpu!, canaryWeight: 50, windowSeconds,
    thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 }, requiredMetrics: { auc: 0.75 }, requestedBy: requester(people.engineer!),
  };
  const handle = await env.client.workflow.start<typeof deploymentWorkflow>('deploymentWorkflow', { workflowId, taskQueue, args: [input] });
  await until('AWAITING_APPROVAL', () => handle.query(statusQuery), (s) => s.step === 'AWAITING_APPROVAL');
  await handle.signal(approveSignal, signStatement<DecisionBody>(DECISION_PURPOSE, workflowId, people.approver!, { kind: 'approve', comment: 'a long window' }));
  const watching = await until('WATCHING_CANARY', () => handle.query(statusQuery), (s) => s.step === 'WATCHING_CANARY' || s.decision?.outcome === 'rolled-back');
  assert.equal(watching.step, 'WATCHING_CANARY', JSON.stringify(watching));
  return { handle, canaryId: watching.canaryDeploymentId! };
}

const routesOf = async (serviceId: string) =>
  (await hub.driver.executeQuery('MATCH (:Service {id: $s})-[r:ROUTES_TO]->(d) RETURN d.id AS id, r.weight AS weight ORDER BY id', { s: serviceId })).records.map((r) => [
    r.get('id') as string,
    r.get('weight') as number,
  ]);
const statusOf = async (id: string) => (await hub.driver.executeQuery('MATCH (d:Deployment {id: $id}) RETURN d.status AS s', { id })).records[0]?.get('s') as string;

/** The window's one timer: its length, and how far the workflow's clock moved from its start to the health verdict. */
function windowTimer(events: Event[]): { timerSeconds: number; workflowSeconds: number } {
  const timers = events.filter((e) => e.timerStartedEventAttributes);
  assert.equal(timers.length, 1, 'one timer: the canary window');
  assert.ok(events.some((e) => e.timerFiredEventAttributes), 'the window timer fired');
  const samples = scheduled(events, 'deploymentSampleMetrics').map((s) => s.event);
  assert.equal(samples.length, 2, 'metrics sampled at the start and the end of the window');
  return { timerSeconds: durationSeconds(timers[0]!.timerStartedEventAttributes!.startToFireTimeout), workflowSeconds: seconds(samples[1]) - seconds(samples[0]) };
}

test('a 10-minute canary window: the traffic inside it is judged at its end, healthy, promoted; the timer is the window', { timeout: 120_000 }, async () => {
  const { serviceId, mainId } = await serviceWithMain('promote');
  const { handle, canaryId } = await deployToWindow(serviceId, 600);
  // The clock stands still until the test waits for the result: this traffic falls inside the window.
  let canaryHits = 0;
  for (let n = 0; n < 40; n++) {
    const res = await gql<{ predict: { deploymentId: string } }>(hub.gateway.url, 'mutation($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }', {
      token: tokens.viewer, variables: { s: serviceId, k: `k-${n}`, i: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } },
    });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    if (res.body.data!.predict.deploymentId === canaryId) canaryHits++;
  }
  assert.ok(canaryHits > 0, 'a 50% canary got some of 40 requests');
  const began = Date.now();
  const status = await handle.result();
  const wall = (Date.now() - began) / 1000;

  assert.equal(status.step, 'PROMOTED', JSON.stringify(status));
  assert.equal(status.health?.requests, canaryHits, 'judged on exactly the requests inside the window');
  assert.equal(status.health?.healthy, true);
  assert.deepEqual(await routesOf(serviceId), [[canaryId, 100]]);
  assert.equal(await statusOf(mainId), 'STOPPED');
  const { timerSeconds, workflowSeconds } = windowTimer(await historyOf(handle));
  assert.equal(timerSeconds, 600);
  assert.ok(workflowSeconds >= 600, `the workflow's clock moved ${workflowSeconds} s across the window`);
  assert.ok(wall < 60, `a 10-minute window took ${wall.toFixed(1)} s of wall time`);
});

test('a 30-minute canary window that no request reached is rolled back: routes restored, canary stopped', { timeout: 120_000 }, async () => {
  const { serviceId, mainId } = await serviceWithMain('silent');
  const { handle, canaryId } = await deployToWindow(serviceId, 1800);
  assert.deepEqual((await routesOf(serviceId)).length, 2, 'the canary takes its share during the window');
  const status = await handle.result();
  assert.equal(status.step, 'ROLLED_BACK', JSON.stringify(status));
  assert.equal(status.health?.requests, 0);
  assert.match(status.decision!.reason!, /no requests reached the canary during the window/);
  assert.deepEqual(await routesOf(serviceId), [[mainId, 100]]);
  assert.equal(await statusOf(canaryId), 'STOPPED');
  const { timerSeconds, workflowSeconds } = windowTimer(await historyOf(handle));
  assert.equal(timerSeconds, 1800);
  assert.ok(workflowSeconds >= 1800, `the workflow's clock moved ${workflowSeconds} s across the window`);
});

// ---- edge rollout: report deadlines ----

async function edgeNodes(n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push((await ok<{ registerEdgeNode: { id: string } }>(
      `mutation($i: RegisterEdgeNodeInput!) { registerEdgeNode(input: $i) { id } }`,
      { i: { name: `${tag} edge ${i}`, site: `${tag}-site`, status: 'ONLINE', tags: [tag] } },
    )).registerEdgeNode.id);
  }
  return out;
}

test('edge rollout, 15-minute report deadlines: a report at minute 10 does not move the deadline; silent nodes fail at it; over the budget, all rolled back', { timeout: 120_000 }, async () => {
  const [a, b, c] = await edgeNodes(3);
  const workflowId = `edge-rollout-${tag}-${randomUUID().slice(0, 8)}`;
  workflows.push(workflowId);
  const handle = await env.client.workflow.start<typeof edgeRolloutWorkflow>('edgeRolloutWorkflow', {
    workflowId, taskQueue,
    args: [{ rolloutId: randomUUID(), modelVersionId: ids.version!, edgeNodeIds: [a!, b!, c!], batchSize: 2, failureBudget: 1, reportTimeoutSeconds: 900, requestedBy: requester(people.engineer!) }],
  });
  await until('batch 1 pushed', () => handle.query(edgeRolloutStatusQuery), (s) => s.state === 'AWAITING_REPORTS' && s.batch === 1);
  // Ten minutes of the batch's fifteen pass; then node a reports, signed as the serving subgraph would sign it.
  await env.sleep('10 minutes');
  await handle.signal(nodeReportSignal, signStatement<NodeReportBody>(NODE_REPORT_PURPOSE, workflowId, people.engineer!, { edgeNodeId: a!, ok: true, message: 'serving' }));
  const status = await handle.result();

  assert.equal(status.state, 'ROLLED_BACK', JSON.stringify(status));
  assert.deepEqual(status.failed, [
    { edgeNodeId: b, reason: 'no report within 900s' },
    { edgeNodeId: c, reason: 'no report within 900s' },
  ]);
  assert.deepEqual(status.rolledBack, [a, b, c]);
  const { records } = await hub.driver.executeQuery('MATCH (n:EdgeNode)-[x:ASSIGNED {workflowId: $w}]->() RETURN n.id AS node, x.state AS state ORDER BY node', { w: workflowId });
  assert.deepEqual(records.map((r) => [r.get('node'), r.get('state')]), [[a, 'ROLLED_BACK'], [b, 'ROLLED_BACK'], [c, 'ROLLED_BACK']].sort());

  // Each batch's deadline: 900 s of workflow time from its last push to its verdict, not 900 s from a's report.
  const events = await historyOf(handle);
  const steps = scheduled(events, 'edgeRolloutNodeStep').map(({ event, input }) => ({ at: seconds(event), ...(input[0] as { step: string; edgeNodeId: string }) }));
  const at = (step: string, node: string) => steps.find((s) => s.step === step && s.edgeNodeId === node)!.at;
  const lastPush1 = at('push', b!);
  const verdict1 = at('active', a!);
  assert.ok(verdict1 - lastPush1 >= 900 && verdict1 - lastPush1 < 960, `batch 1 judged ${verdict1 - lastPush1} s after its push`);
  const verdict2 = at('failed', c!);
  assert.ok(verdict2 - at('push', c!) >= 900 && verdict2 - at('push', c!) < 960, `batch 2 judged ${verdict2 - at('push', c!)} s after its push`);
  const verified = scheduled(events, 'edgeVerifyNodeReport');
  assert.equal(verified.length, 1, 'the one report was verified');
  assert.ok(seconds(verified[0]!.event) - lastPush1 >= 600, 'and arrived after ten minutes');
});
