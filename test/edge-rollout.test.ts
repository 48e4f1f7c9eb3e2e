// The edge rollout workflow end to end: GraphQL → Temporal → an in-process worker on its own task queue
// → assignments and audit events in the graph; all nodes active, failures beyond the budget rolled back.
// Real Neo4j, Keycloak and Temporal. Report deadlines at a real length (15 minutes: silent nodes, a late
// report) run on Temporal's time-skipping test server (last test), with the same bundle and real activities.
import { closeTemporalClient } from '../domain/temporal/client.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { decodeClaims, tokenFor } from './helpers/tokens.js';
import {
  scheduledActivities,
  timeSkippingEnvironment,
  timeSkippingWorker,
  type TimeSkipping,
} from './helpers/time-skipping.js';
import { config } from '../lib/config.js';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { createActivities } from '../workflows/activities.js';
import { edgeRolloutClientOptions } from '../domain/edge/client.js';
import {
  NODE_REPORT_PURPOSE,
  edgeRolloutStatusQuery,
  nodeReportSignal,
  type EdgeRolloutStatus,
  type NodeReportBody,
  type NodeStepInput,
} from '../domain/edge/shared.js';
import type { edgeRolloutWorkflow } from '../workflows/edge/workflows.js';
import { signStatement } from '../lib/auth/signed-statement.js';

const tag = `edge-${randomUUID().slice(0, 8)}`;
const taskQueue = `test-edge-${randomUUID()}`;
const oldVersion = `${tag}-old-version`;
let hub: Hub;
let client: Client;
let clientConnection: Connection;
let running: { worker: Worker; connection: NativeConnection; done: Promise<void> } | undefined;
let skipping: TimeSkipping | undefined;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
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

async function edgeNodes(name: string, n: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      (
        await ok<{ registerEdgeNode: { id: string } }>(
          `mutation($i: RegisterEdgeNodeInput!) { registerEdgeNode(input: $i) { id } }`,
          { i: { name: `${tag} ${name} ${i}`, site: `${tag}-site`, status: 'ONLINE', tags: [tag] } },
        )
      ).registerEdgeNode.id,
    );
  }
  return out;
}

async function start(
  edgeNodeIds: string[],
  batchSize: number,
  failureBudget: number,
  reportTimeoutSeconds: number,
): Promise<string> {
  const data = await ok<{ startEdgeRollout: { workflowId: string; runId: string } }>(
    `mutation($i: StartEdgeRolloutInput!) { startEdgeRollout(input: $i) { workflowId runId rolloutId } }`,
    { i: { modelVersionId: ids.version, edgeNodeIds, batchSize, failureBudget, reportTimeoutSeconds } },
  );
  assert.match(data.startEdgeRollout.workflowId, new RegExp(`^edge-rollout/${ids.version}/[0-9a-f-]{36}$`));
  workflows.push(data.startEdgeRollout.workflowId);
  return data.startEdgeRollout.workflowId;
}

const STATUS = `query($w: ID!) { edgeRollout(workflowId: $w) { state batch batches pushed active rolledBack failed { edgeNodeId reason } } }`;
type View = Pick<EdgeRolloutStatus, 'state' | 'batch' | 'batches' | 'pushed' | 'active' | 'rolledBack' | 'failed'>;
const view = async (workflowId: string) => (await ok<{ edgeRollout: View }>(STATUS, { w: workflowId })).edgeRollout;

/** Waits until the node has been pushed, then reports for it through GraphQL, as an edge agent would. */
async function reportWhenPushed(workflowId: string, edgeNodeId: string, good: boolean, message: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await view(workflowId)).pushed.includes(edgeNodeId)) {
    if (Date.now() > deadline) throw new Error(`${edgeNodeId} was never pushed`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await ok(
    `mutation($w: ID!, $n: ID!, $ok: Boolean!, $m: String) { reportEdgeNodeStatus(rolloutWorkflowId: $w, edgeNodeId: $n, ok: $ok, message: $m) { state } }`,
    {
      w: workflowId,
      n: edgeNodeId,
      ok: good,
      m: message,
    },
  );
}

const result = (workflowId: string) => client.workflow.getHandle(workflowId).result() as Promise<EdgeRolloutStatus>;

async function assignments(
  edgeNodeIds: string[],
): Promise<Map<string, { rolloutId: string; state: string; mv: string }[]>> {
  const { records } = await hub.driver.executeQuery(
    'MATCH (n:EdgeNode)-[a:ASSIGNED]->(mv:ModelVersion) WHERE n.id IN $ids RETURN n.id AS node, a.rolloutId AS rolloutId, a.state AS state, mv.id AS mv',
    { ids: edgeNodeIds },
  );
  const out = new Map<string, { rolloutId: string; state: string; mv: string }[]>();
  for (const r of records) {
    const node = r.get('node') as string;
    out.set(node, [
      ...(out.get(node) ?? []),
      { rolloutId: r.get('rolloutId') as string, state: r.get('state') as string, mv: r.get('mv') as string },
    ]);
  }
  return out;
}

type ApiAssignment = {
  rolloutId: string;
  workflowId: string | null;
  state: string;
  previousRolloutId: string | null;
  modelVersion: { id: string };
};
const apiAssignments = async (edgeNodeId: string) =>
  (
    await ok<{ edgeNode: { all: ApiAssignment[]; active: ApiAssignment[]; failed: ApiAssignment[] } }>(
      `query($n: ID!) { edgeNode(id: $n) {
       all: assignments { rolloutId workflowId state previousRolloutId modelVersion { id } }
       active: assignments(state: ACTIVE) { rolloutId } failed: assignments(state: FAILED) { rolloutId } } }`,
      { n: edgeNodeId },
      tokens.viewer,
    )
  ).edgeNode;

const auditOf = async (workflowId: string) =>
  (
    await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {workflowId: $w}) RETURN e.action AS action, e.targetId AS target, e.runId AS runId ORDER BY e.seq',
      { w: workflowId },
    )
  ).records.map((r) => ({
    action: r.get('action') as string,
    target: r.get('target') as string,
    runId: r.get('runId') as string | null,
  }));

before(async () => {
  const environment = timeSkippingEnvironment();
  const [started, bundle] = await Promise.all([
    startHub(),
    bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url)) }),
  ]);
  hub = started;
  for (const user of ['admin', 'viewer']) tokens[user] = await tokenFor(user);
  skipping = await timeSkippingWorker(environment, {
    taskQueue: `${taskQueue}-skipping`,
    workflowBundle: bundle,
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  edgeRolloutClientOptions.taskQueue = taskQueue;
  clientConnection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  running = { worker, connection, done: worker.run() };
  ids.model = (
    await ok<{ registerModel: { id: string } }>(
      `mutation { registerModel(input: {name: "${tag} lr", task: "binary-classification", tags: ["${tag}"]}) { id } }`,
    )
  ).registerModel.id;
  const base = hub.gateway.url.replace(/\/graphql$/, '');
  const upload = await fetch(`${base}/api/models/${ids.model}/versions?framework=hand-built`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(logisticRegressionModel([0.5, -1, 2, 0.25], 0.1)),
  });
  assert.equal(upload.status, 201, await upload.clone().text());
  ids.version = ((await upload.json()) as { id: string }).id;
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
  await skipping?.stop();
  if (running) {
    running.worker.shutdown();
    await running.done;
    await running.connection.close();
  }
  await hub.driver.executeQuery(
    `MATCH (n) WHERE ((n:Model OR n:EdgeNode) AND $tag IN n.tags) OR (n:ModelVersion AND n.id = $old)
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag, old: oldVersion },
  );
  await closeTemporalClient();
  await clientConnection?.close();
  await hub.close();
});

test('startEdgeRollout: ml-engineer only; an invisible model version or edge node is NOT_FOUND', async () => {
  const [node] = await edgeNodes('guard', 1);
  const mutation = `mutation($i: StartEdgeRolloutInput!) { startEdgeRollout(input: $i) { workflowId } }`;
  const input = {
    modelVersionId: ids.version,
    edgeNodeIds: [node],
    batchSize: 1,
    failureBudget: 0,
    reportTimeoutSeconds: 5,
  };
  const codeOf = async (i: Record<string, unknown>, token = tokens.admin) =>
    (
      (await gql(hub.gateway.url, mutation, { token, variables: { i } })).body.errors?.[0] as
        { extensions?: { code?: string } } | undefined
    )?.extensions?.code;
  assert.equal(await codeOf(input, tokens.viewer), 'FORBIDDEN');
  assert.equal(await codeOf({ ...input, modelVersionId: `${tag}-missing` }), 'NOT_FOUND');
  assert.equal(await codeOf({ ...input, edgeNodeIds: [node, `${tag}-missing`] }), 'NOT_FOUND');
  assert.equal(await codeOf({ ...input, batchSize: 0 }), 'BAD_USER_INPUT');
  assert.equal((await ok<{ edgeRollout: null }>(STATUS, { w: 'edge-rollout-nope' })).edgeRollout, null);
});

test(
  'every node reports ok: batch after batch, all ACTIVE, completed; one audit event per step with workflow and run ids',
  { timeout: 120_000 },
  async () => {
    const nodes = await edgeNodes('ok', 3);
    const workflowId = await start(nodes, 2, 0, 30);
    await Promise.all(nodes.map((n) => reportWhenPushed(workflowId, n, true, 'serving')));
    const status = await result(workflowId);
    assert.equal(status.state, 'COMPLETED');
    assert.deepEqual(status.active, nodes);
    assert.deepEqual(status.failed, []);
    assert.equal(status.batches, 2);
    const v = await view(workflowId);
    assert.equal(v.state, 'COMPLETED');
    assert.equal(v.batch, 2);
    const assigned = await assignments(nodes);
    for (const n of nodes)
      assert.deepEqual(
        assigned.get(n)?.map((a) => [a.state, a.mv]),
        [['ACTIVE', ids.version]],
      );
    // The compute subgraph reads them through the module the activity wrote them with.
    const read = await apiAssignments(nodes[0]!);
    assert.deepEqual(
      read.all.map((a) => [a.rolloutId, a.workflowId, a.state, a.modelVersion.id]),
      [[status.rolloutId, workflowId, 'ACTIVE', ids.version]],
    );
    assert.deepEqual([read.active.length, read.failed.length], [1, 0]);

    const events = await auditOf(workflowId);
    const runId = (await client.workflow.getHandle(workflowId).describe()).runId;
    assert.ok(events.every((e) => e.runId === runId));
    assert.deepEqual(
      events
        .filter((e) => e.action === 'edge-rollout.push')
        .map((e) => e.target)
        .sort(),
      [...nodes].sort(),
    );
    assert.deepEqual(
      events
        .filter((e) => e.action === 'edge-rollout.active')
        .map((e) => e.target)
        .sort(),
      [...nodes].sort(),
    );
    assert.equal(events.filter((e) => e.action === 'edge-rollout.start').length, 1);
    assert.equal(events.filter((e) => e.action === 'edge-rollout.batch').length, 2);
    assert.equal(events.filter((e) => e.action === 'edge-rollout.complete').length, 1);
    assert.equal(events.length, 1 + 3 + 3 + 2 + 1);
  },
);

test(
  'failures beyond the budget stop the rollout: pushed nodes ROLLED_BACK, previous assignment restored, later batches never pushed',
  { timeout: 120_000 },
  async () => {
    const nodes = await edgeNodes('fail', 6);
    // The first node already serves an older version: the roll back must restore it.
    await hub.driver.executeQuery(
      `MATCH (n:EdgeNode {id: $node}) CREATE (mv:ModelVersion {id: $old}) CREATE (n)-[:ASSIGNED {rolloutId: $rollout, state: 'ACTIVE', at: datetime()}]->(mv)`,
      { node: nodes[0], old: oldVersion, rollout: `${tag}-earlier` },
    );
    const workflowId = await start(nodes, 2, 1, 30);
    // Batch 1: one ok, one failure (within the budget of 1). Batch 2: one more failure → over the budget, and
    // the rollout stops at once: nodes[3] is never waited for (a report from it would be refused as not needed).
    await Promise.all([
      reportWhenPushed(workflowId, nodes[0]!, true, 'serving'),
      reportWhenPushed(workflowId, nodes[1]!, false, 'onnxruntime: unsupported opset'),
      reportWhenPushed(workflowId, nodes[2]!, false, 'out of memory'),
    ]);
    const status = await result(workflowId);
    assert.equal(status.state, 'ROLLED_BACK');
    assert.equal(status.batch, 2);
    assert.deepEqual(status.pushed, nodes.slice(0, 4));
    assert.deepEqual(status.rolledBack, nodes.slice(0, 4));
    assert.deepEqual(
      status.failed.map((f) => f.edgeNodeId),
      [nodes[1], nodes[2]],
    );
    assert.match(status.failed[0]!.reason, /unsupported opset/);

    const assigned = await assignments(nodes);
    for (const n of nodes.slice(0, 4))
      assert.ok(
        assigned.get(n)?.some((a) => a.mv === ids.version && a.state === 'ROLLED_BACK'),
        n,
      );
    assert.deepEqual(assigned.get(nodes[0]!)?.find((a) => a.mv === oldVersion)?.state, 'ACTIVE');
    assert.equal(assigned.get(nodes[4]!), undefined);
    assert.equal(assigned.get(nodes[5]!), undefined);
    // Through the API: the rolled-back assignment and not the earlier one, whose bare version (no model) nobody may see.
    assert.deepEqual(
      (await apiAssignments(nodes[0]!)).all.map((a) => [a.state, a.modelVersion.id, a.previousRolloutId]),
      [['ROLLED_BACK', ids.version, `${tag}-earlier`]],
    );
    assert.deepEqual((await apiAssignments(nodes[4]!)).all, []);

    const events = await auditOf(workflowId);
    assert.deepEqual(
      events
        .filter((e) => e.action === 'edge-rollout.rollback')
        .map((e) => e.target)
        .sort(),
      nodes.slice(0, 4).sort(),
    );
    assert.deepEqual(
      events
        .filter((e) => e.action === 'edge-rollout.failed')
        .map((e) => e.target)
        .sort(),
      [nodes[1], nodes[2]].sort(),
    );
    assert.equal(events.filter((e) => e.action === 'edge-rollout.push').length, 4);
    assert.equal(events.filter((e) => e.action === 'edge-rollout.rolled-back').length, 1);
    assert.ok(events.every((e) => e.runId));

    // A report to an ended rollout is refused.
    const late = await gql(
      hub.gateway.url,
      `mutation { reportEdgeNodeStatus(rolloutWorkflowId: "${workflowId}", edgeNodeId: "${nodes[4]}", ok: true) { state } }`,
      { token: tokens.admin },
    );
    assert.equal((late.body.errors?.[0] as { extensions?: { code?: string } }).extensions?.code, 'BAD_USER_INPUT');
  },
);

test(
  'failure budget 0: a reported failure stops the rollout at once (not at the 60 s deadline), names the node and why; the silent node is rolled back',
  { timeout: 120_000 },
  async () => {
    const nodes = await edgeNodes('spent', 3);
    const workflowId = await start(nodes, 2, 0, 60);
    await reportWhenPushed(workflowId, nodes[0]!, false, 'onnxruntime: opset 21 unsupported');
    const reported = Date.now();
    const status = await result(workflowId);
    const waited = (Date.now() - reported) / 1000;
    assert.ok(waited < 20, `the rollout ended ${waited.toFixed(1)} s after the failure that spent its budget`);
    assert.equal(status.state, 'ROLLED_BACK');
    assert.deepEqual(status.failed, [
      { edgeNodeId: nodes[0], reason: 'reported failure: onnxruntime: opset 21 unsupported' },
    ]);
    // The batch's other node never reported: not failed, not active, rolled back; batch 2 never pushed.
    assert.deepEqual(status.pushed, nodes.slice(0, 2));
    assert.deepEqual(status.rolledBack, nodes.slice(0, 2));
    assert.deepEqual(status.active, []);
    const v = await ok<{ edgeRollout: { state: string; stopReason: string | null } }>(
      `query($w: ID!) { edgeRollout(workflowId: $w) { state stopReason } }`,
      { w: workflowId },
    );
    assert.equal(
      v.edgeRollout.stopReason,
      `1 failed node exceeds the failure budget of 0: ${nodes[0]} (reported failure: onnxruntime: opset 21 unsupported)`,
    );
    const assigned = await assignments(nodes);
    assert.deepEqual(
      nodes.map((n) => assigned.get(n)?.map((a) => a.state)),
      [['ROLLED_BACK'], ['ROLLED_BACK'], undefined],
    );
    const events = await auditOf(workflowId);
    assert.deepEqual(
      events.filter((e) => e.action === 'edge-rollout.failed').map((e) => e.target),
      [nodes[0]],
    );
    assert.equal(events.filter((e) => e.action === 'edge-rollout.rolled-back').length, 1);
  },
);

test(
  'time-skipping, 15-minute report deadlines: a report at minute 10 counts and does not move the deadline; silent nodes fail at it; within the budget, completed',
  { timeout: 120_000 },
  async () => {
    const { env, taskQueue: queue } = skipping!;
    const [a, b, c] = await edgeNodes('deadline', 3);
    const workflowId = `edge-rollout-${tag}-${randomUUID().slice(0, 8)}`;
    workflows.push(workflowId);
    const admin = decodeClaims(tokens.admin!);
    const handle = await env.client.workflow.start<typeof edgeRolloutWorkflow>('edgeRolloutWorkflow', {
      workflowId,
      taskQueue: queue,
      args: [
        {
          rolloutId: randomUUID(),
          modelVersionId: ids.version!,
          edgeNodeIds: [a!, b!, c!],
          batchSize: 2,
          failureBudget: 2,
          reportTimeoutSeconds: 900,
          requestedBy: { sub: admin.sub as string, username: 'admin', org: admin.org as string },
        },
      ],
    });
    for (let i = 0; (await handle.query(edgeRolloutStatusQuery)).state !== 'AWAITING_REPORTS'; i++) {
      assert.ok(i < 600, 'batch 1 pushed');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Ten of the batch's fifteen minutes pass; then node a reports, signed as the serving subgraph signs it.
    await env.sleep('10 minutes');
    const subject = {
      sub: admin.sub as string,
      username: 'admin',
      roles: ['platform-admin'],
      org: admin.org as string,
      kind: 'user' as const,
    };
    await handle.signal(
      nodeReportSignal,
      signStatement<NodeReportBody>(NODE_REPORT_PURPOSE, workflowId, subject, {
        edgeNodeId: a!,
        ok: true,
        message: 'serving',
      }),
    );
    const began = Date.now();
    const status = await handle.result();
    const wall = (Date.now() - began) / 1000;

    assert.equal(status.state, 'COMPLETED', JSON.stringify(status));
    assert.deepEqual(status.active, [a]);
    assert.deepEqual(status.failed, [
      { edgeNodeId: b, reason: 'no report within 900s' },
      { edgeNodeId: c, reason: 'no report within 900s' },
    ]);
    const assigned = await assignments([a!, b!, c!]);
    assert.deepEqual(
      [a!, b!, c!].map((n) => assigned.get(n)?.map((x) => x.state)),
      [['ACTIVE'], ['FAILED'], ['FAILED']],
    );
    const events = await auditOf(workflowId);
    assert.deepEqual(
      events.filter((e) => e.action === 'edge-rollout.failed').map((e) => e.target),
      [b, c],
    );
    assert.equal(events.filter((e) => e.action === 'edge-rollout.complete').length, 1);

    // Each batch is judged 900 s (workflow clock) after its push: a's report at 600 s did not restart the wait.
    const history = (await handle.fetchHistory()).events ?? [];
    const steps = scheduledActivities(history, 'edgeRolloutNodeStep').map(({ at, args }) => ({
      at,
      ...(args[0] as NodeStepInput),
    }));
    const at = (step: string, node: string) => steps.find((s) => s.step === step && s.edgeNodeId === node)!.at;
    // a is judged when its report arrives (10 minutes in); the batch's silent b at the deadline.
    const judgedA = at('active', a!) - at('push', b!);
    assert.ok(judgedA >= 600 && judgedA < 660, `a judged ${judgedA} s after its push, on its report`);
    const waited1 = at('failed', b!) - at('push', b!);
    const waited2 = at('failed', c!) - at('push', c!);
    assert.ok(waited1 >= 900 && waited1 < 960, `batch 1 judged ${waited1} s after its push`);
    assert.ok(waited2 >= 900 && waited2 < 960, `batch 2 judged ${waited2} s after its push`);
    const verified = scheduledActivities(history, 'edgeVerifyNodeReport');
    assert.equal(verified.length, 1, 'the one report was verified');
    assert.ok(verified[0]!.at - at('push', b!) >= 600, 'after ten minutes');
    assert.ok(wall < 60, `two 15-minute deadlines took ${wall.toFixed(1)} s of wall time`);
  },
);

const REPORT = `mutation($w: ID!, $n: ID!, $ok: Boolean!, $m: String) { reportEdgeNodeStatus(rolloutWorkflowId: $w, edgeNodeId: $n, ok: $ok, message: $m) { state pushed active failed { edgeNodeId } } }`;
type ReportAnswer = { reportEdgeNodeStatus: View | null };

test(
  'reportEdgeNodeStatus: a report for a node not pushed yet is refused (BAD_USER_INPUT), never silently dropped; an ok report answers with the node already active',
  { timeout: 120_000 },
  async () => {
    const nodes = await edgeNodes('early', 2);
    const [e0, e1] = nodes as [string, string];
    const workflowId = await start(nodes, 1, 0, 30);
    // e1 reports before it was pushed (batch 2): refused, with what to do instead.
    const early = await gql<ReportAnswer>(hub.gateway.url, REPORT, {
      token: tokens.admin,
      variables: { w: workflowId, n: e1, ok: true, m: 'too early' },
    });
    assert.equal(early.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(early.body));
    assert.equal(
      early.body.errors?.[0]?.message,
      `edge node ${e1} has not been pushed yet in edge rollout ${(await result0(workflowId)).rolloutId}: report after it is pushed (edgeRollout.pushed)`,
    );
    // e0's ok report: the answer is the state after it, e0 already active.
    const deadline = Date.now() + 60_000;
    while (!(await view(workflowId)).pushed.includes(e0)) {
      if (Date.now() > deadline) throw new Error(`${e0} was never pushed`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const first = (await ok<ReportAnswer>(REPORT, { w: workflowId, n: e0, ok: true, m: 'serving' }))
      .reportEdgeNodeStatus!;
    assert.deepEqual(first.active, [e0]);
    // A second report for a judged node is refused too.
    const again = await gql<ReportAnswer>(hub.gateway.url, REPORT, {
      token: tokens.admin,
      variables: { w: workflowId, n: e0, ok: false, m: 'second thoughts' },
    });
    assert.equal(again.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(again.body));
    assert.match(again.body.errors?.[0]?.message ?? '', /already judged .*\(active\): only its first report counts/);
    while (!(await view(workflowId)).pushed.includes(e1)) {
      if (Date.now() > deadline) throw new Error(`${e1} was never pushed`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const second = (await ok<ReportAnswer>(REPORT, { w: workflowId, n: e1, ok: true, m: 'serving' }))
      .reportEdgeNodeStatus!;
    assert.deepEqual(second.active, [e0, e1]);
    const status = await result(workflowId);
    assert.equal(status.state, 'COMPLETED');
    assert.deepEqual(status.active, [e0, e1]);
    assert.deepEqual(status.failed, []);
  },
);

/** The running rollout's status through its query (its rolloutId). */
const result0 = (workflowId: string) =>
  client.workflow.getHandle(workflowId).query(edgeRolloutStatusQuery) as Promise<EdgeRolloutStatus>;
