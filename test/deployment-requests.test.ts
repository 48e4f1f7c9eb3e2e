// deploymentRequests(state, first, after): the graph record of each deployment request. Listed the moment
// requestDeployment answers, kept current by the workflow (steps only forward), visible by the service's
// org (HQ sees its branches', a branch not HQ's), keyset paged newest first, with mine/canDecide hints.
// Real Neo4j, Keycloak and Temporal; an in-process worker on a queue of its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { deployableVersion, type Deployable } from './helpers/deployable.js';
import { tokenFor } from './helpers/tokens.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { deploymentClientOptions, startDeploymentRequest } from '../domain/deployment/client.js';
import { routedSignatureProblem } from '../domain/deployment/signature-fit.js';
import { encodeModel } from '../domain/models/onnx-builder.js';
import { closeTemporalClient, temporalClient } from '../domain/temporal/client.js';
import { advanceRequestRecord } from '../domain/deployment/request-record.js';
import type { DeploymentRequestInput } from '../domain/deployment/shared.js';

const tag = `dreq-${randomUUID().slice(0, 8)}`;
let hub: Hub;
let worker: InProcessWorker;
let ids: Deployable;
const tokens: Record<string, string> = {};
const workflows: string[] = [];
const services: string[] = [];

async function ok<T>(query: string, variables: Record<string, unknown> = {}, user = 'admin'): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token: tokens[user], variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

async function serviceWithMain(name: string, ownerOrgId: string): Promise<string> {
  const main = (
    await ok<{ createDeployment: { id: string } }>(
      `mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`,
      { i: { name: `${tag} ${name} main`, modelVersionId: ids.version, acceleratorId: ids.cpu, tags: [tag] } },
    )
  ).createDeployment.id;
  const serviceId = (
    await ok<{ registerService: { id: string } }>(
      `mutation($i: RegisterServiceInput!) { registerService(input: $i) { id } }`,
      { i: { name: `${tag} ${name}`, tags: [tag], ownerOrgId } },
    )
  ).registerService.id;
  services.push(serviceId);
  await ok(
    `mutation($s: ID!, $d: ID!) { setServiceRoutes(serviceId: $s, routes: [{deploymentId: $d, weight: 100}]) { id } }`,
    {
      s: serviceId,
      d: main,
    },
  );
  return serviceId;
}

async function request(serviceId: string, user: string): Promise<string> {
  const { requestDeployment } = await ok<{ requestDeployment: { workflowId: string } }>(
    `mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }`,
    {
      i: {
        serviceId,
        modelVersionId: ids.version,
        acceleratorId: ids.cpu,
        canaryWeight: 50,
        windowSeconds: 2,
        thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
      },
    },
    user,
  );
  workflows.push(requestDeployment.workflowId);
  return requestDeployment.workflowId;
}

interface Entry {
  workflowId: string;
  step: string;
  state: string;
  requestedBy: string;
  mine: boolean;
  canDecide: boolean;
  decidedBy: string | null;
  outcome: string | null;
  service: { id: string } | null;
  modelVersion: { id: string; version: number } | null;
  accelerator: { id: string; name: string } | null;
  timeline: { step: string; at: string }[];
}
const LIST = `query($s: DeploymentRequestState, $first: Int, $after: String) {
  deploymentRequests(state: $s, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { workflowId step state requestedBy mine canDecide decidedBy outcome service { id }
      modelVersion { id version } accelerator { id name } timeline { step at } } } } }`;
type Page = {
  deploymentRequests: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Entry }[];
  };
};
const list = async (user: string, vars: Record<string, unknown> = {}) =>
  (await ok<Page>(LIST, { first: 50, ...vars }, user)).deploymentRequests;
const find = async (user: string, workflowId: string, state?: string) =>
  (await list(user, state ? { s: state } : {})).edges.map((e) => e.node).find((n) => n.workflowId === workflowId);

before(async () => {
  hub = await startHub();
  for (const u of ['admin', 'engineer', 'approver', 'viewer', 'scientist.jiangsu']) tokens[u] = await tokenFor(u);
  worker = await startInProcessWorker(hub, 'test-deploy-requests');
  deploymentClientOptions.taskQueue = worker.taskQueue;
  ids = await deployableVersion(hub.gateway.url, tokens.admin!, tag);
});

after(async () => {
  const client = await temporalClient();
  for (const w of workflows)
    await client.workflow
      .getHandle(w)
      .terminate('test cleanup')
      .catch(() => undefined);
  await worker?.stop();
  for (const s of services)
    await gql(hub.gateway.url, `mutation { setServiceRoutes(serviceId: "${s}", routes: []) { id } }`, {
      token: tokens.admin,
    });
  await hub.driver.executeQuery('MATCH (n:DeploymentRequest) WHERE n.id IN $w DETACH DELETE n', { w: workflows });
  await hub.driver.executeQuery(
    `MATCH (n) WHERE ((n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags)
       OR (n:Deployment AND (n.requestWorkflowId IN $w OR n.name IN $names))
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag, w: workflows, names: workflows.map((w) => `canary ${w}`) },
  );
  await closeTemporalClient();
  await hub?.close();
});

test('a request lists the moment requestDeployment answers, with its service, version, accelerator and hints', async () => {
  const serviceId = await serviceWithMain('hq svc', 'hq');
  const workflowId = await request(serviceId, 'engineer');
  const mine = await find('engineer', workflowId, 'AWAITING_APPROVAL');
  assert.ok(mine, 'listed for its requester at once');
  assert.equal(mine.requestedBy, 'engineer');
  assert.equal(mine.mine, true);
  assert.equal(mine.canDecide, false, 'never one’s own');
  assert.deepEqual(mine.service, { id: serviceId });
  assert.equal(mine.modelVersion?.id, ids.version);
  assert.equal(mine.accelerator?.id, ids.cpu);
  assert.equal(mine.timeline[0]?.step, 'VALIDATING');
  const theirs = await find('approver', workflowId, 'AWAITING_APPROVAL');
  assert.equal(theirs?.mine, false);
  assert.equal(theirs?.canDecide, true);
  // A viewer of the same org sees it, may not decide; FINISHED does not list it.
  assert.equal((await find('viewer', workflowId))?.canDecide, false);
  assert.equal(await find('approver', workflowId, 'FINISHED'), undefined);
  // A branch does not see HQ's service, nor its requests.
  assert.equal(await find('scientist.jiangsu', workflowId), undefined);
});

test('HQ sees a branch’s requests; the branch sees its own; bad paging input is refused by name', async () => {
  const serviceId = await serviceWithMain('jiangsu svc', 'jiangsu');
  const workflowId = await request(serviceId, 'admin');
  assert.ok(await find('scientist.jiangsu', workflowId), 'the branch sees a request on its service');
  assert.ok(await find('approver', workflowId), 'HQ sees its branch’s');
  const res = await gql(hub.gateway.url, LIST, { token: tokens.approver, variables: { first: 0 } });
  assert.match(res.body.errors?.[0]?.message ?? '', /first must be between 1 and 100/);
});

test('keyset pages of one, newest first, walk the same requests as one page of ten', async () => {
  const ten = (await list('admin', { first: 10 })).edges.map((e) => e.node.workflowId);
  const seen: string[] = [];
  let after: string | null = null;
  while (seen.length < ten.length) {
    const page: Page['deploymentRequests'] = await list('admin', { first: 1, after });
    seen.push(...page.edges.map((e) => e.node.workflowId));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  assert.deepEqual(seen, ten);
  // Our two requests, the later one before the earlier.
  const ours = seen.filter((w) => workflows.includes(w));
  assert.deepEqual(ours, [...workflows].reverse());
});

test('the platform admin who requested may not approve it through the API (four eyes); the engineer may not at all', async () => {
  const workflowId = workflows[1]!; // requested by admin
  const own = await gql(
    hub.gateway.url,
    `mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "mine") { step } }`,
    {
      token: tokens.admin,
      variables: { w: workflowId },
    },
  );
  assert.match(
    own.body.errors?.[0]?.message ?? '',
    /four eyes: admin requested this deployment and may not approve it/,
  );
  const engineer = await gql(
    hub.gateway.url,
    `mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "ok") { step } }`,
    { token: tokens.engineer, variables: { w: workflows[0] } },
  );
  assert.equal(engineer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.equal((await find('admin', workflowId))?.state, 'AWAITING_APPROVAL');
});

test('the workflow moves the record forward to PROMOTED with who approved, and a late write never rewinds it', async () => {
  const workflowId = workflows[0]!;
  const serviceId = services[0]!;
  // The record reaches AWAITING_APPROVAL by the workflow's own step write.
  for (let i = 0; (await find('approver', workflowId))?.step !== 'AWAITING_APPROVAL'; i++) {
    assert.ok(i < 100, 'workflow never recorded AWAITING_APPROVAL');
    await new Promise((r) => setTimeout(r, 100));
  }
  await ok(
    `mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "looks good") { step } }`,
    { w: workflowId },
    'approver',
  );
  // Predictions through the API so the canary has traffic to be judged on, until the record says it ended.
  let entry: Entry | undefined;
  for (let n = 0; ; n++) {
    entry = await find('approver', workflowId);
    if (entry?.state === 'FINISHED') break;
    assert.ok(n < 3000, `still ${entry?.step}`);
    await gql(
      hub.gateway.url,
      'mutation($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }',
      {
        token: tokens.viewer,
        variables: { s: serviceId, k: `k-${n}`, i: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } },
      },
    );
  }
  assert.equal(entry!.step, 'PROMOTED');
  assert.equal(entry!.outcome, 'promoted');
  assert.equal(entry!.decidedBy, 'approver');
  const steps = entry!.timeline.map((s) => s.step);
  assert.deepEqual(steps, [
    'VALIDATING',
    'AWAITING_APPROVAL',
    'DEPLOYING_CANARY',
    'WATCHING_CANARY',
    'PROMOTING',
    'PROMOTED',
  ]);
  const times = entry!.timeline.map((s) => Date.parse(s.at));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
    'times in order',
  );
  // A retried early step (sequence 2) after the end changes nothing.
  const input = {
    requestId: 'x',
    serviceId,
    modelVersionId: ids.version,
    acceleratorId: ids.cpu,
    canaryWeight: 50,
    windowSeconds: 2,
    thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
    requestedBy: { sub: 's', username: 'engineer', org: 'hq' },
  } satisfies DeploymentRequestInput;
  const runId = (
    await hub.driver.executeQuery('MATCH (n:DeploymentRequest {id: $w}) RETURN n.runId AS run', { w: workflowId })
  ).records[0]!.get('run') as string;
  const moved = await advanceRequestRecord(hub.driver, { workflowId, runId }, input, {
    seq: 2,
    step: 'AWAITING_APPROVAL',
    createdAt: new Date().toISOString(),
    decision: null,
    canaryDeploymentId: null,
  });
  assert.equal(moved, false);
  assert.equal((await find('approver', workflowId))?.step, 'PROMOTED');
});

/** Another version of the test's model, taking named columns (industry, tenure) where the service takes x[N,4]. */
async function columnsVersion(): Promise<string> {
  const onnx = encodeModel({
    inputs: [
      { name: 'industry', dtype: 'float32', shape: ['N', 1] },
      { name: 'tenure', dtype: 'float32', shape: ['N', 1] },
    ],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 1] }],
    initializers: [],
    nodes: [{ op: 'Add', inputs: ['industry', 'tenure'], outputs: ['y'] }],
  });
  const upload = await fetch(
    `${hub.gateway.url.replace(/\/graphql$/, '')}/api/models/${ids.model}/versions?framework=hand-built`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(onnx),
    },
  );
  assert.equal(upload.status, 201, await upload.clone().text());
  return ((await upload.json()) as { id: string }).id;
}

async function recordReaches(workflowId: string, step: string): Promise<Entry & { outcomeReason: string | null }> {
  for (let i = 0; ; i++) {
    const { deploymentRequests } = await ok<{
      deploymentRequests: { edges: { node: Entry & { outcomeReason: string | null } }[] };
    }>(
      `query { deploymentRequests(first: 50) { edges { node { workflowId step state requestedBy decidedBy outcome
         outcomeReason } } } }`,
      {},
      'admin',
    );
    const entry = deploymentRequests.edges.map((e) => e.node).find((n) => n.workflowId === workflowId);
    if (entry?.step === step) return entry;
    assert.ok(i < 200, `record of ${workflowId} never reached ${step} (at ${entry?.step})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a version whose inputs differ from the routed deployments is refused up front and by the workflow’s validation', async () => {
  const serviceId = await serviceWithMain('misfit', 'hq');
  const misfit = await columnsVersion();
  const input = {
    serviceId,
    modelVersionId: misfit,
    acceleratorId: ids.cpu,
    canaryWeight: 10,
    windowSeconds: 2,
    thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
  };
  const res = await gql(
    hub.gateway.url,
    `mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }`,
    { token: tokens.engineer, variables: { i: input } },
  );
  const error = res.body.errors?.[0];
  assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(res.body.errors));
  assert.equal((error?.extensions as { field?: string } | undefined)?.field, 'modelVersionId');
  assert.match(error!.message, /does not take the inputs of service/);
  assert.match(error!.message, /x: the service's callers send x float32\[N,4\], the version takes no such input/);
  assert.match(error!.message, /industry: the version takes industry float32\[N,1\]/);
  assert.match(error!.message, /tenure/);
  // Past the mutation (routes may change while a request waits): the workflow's validation refuses it too.
  const started = await startDeploymentRequest({
    ...input,
    requestedBy: { sub: 'test-misfit', username: 'engineer', org: 'hq' },
  });
  workflows.push(started.workflowId);
  const failed = await recordReaches(started.workflowId, 'FAILED');
  assert.equal(failed.outcome, 'invalid');
  assert.match(failed.outcomeReason ?? '', /x: the service's callers send x float32\[N,4\].*industry/);
  // A service that routes to nothing takes any signature (stable-route validation speaks for it instead).
  const bare = (
    await ok<{ registerService: { id: string } }>(
      `mutation($i: RegisterServiceInput!) { registerService(input: $i) { id } }`,
      { i: { name: `${tag} bare`, tags: [tag], ownerOrgId: 'hq' } },
    )
  ).registerService.id;
  services.push(bare);
  assert.equal(await routedSignatureProblem(hub.driver, bare, misfit), null);
  assert.equal(await routedSignatureProblem(hub.driver, serviceId, ids.version), null);
});

test('a decision comment must say something, without control or bidi override characters', async () => {
  const serviceId = await serviceWithMain('comment', 'hq');
  const workflowId = await request(serviceId, 'engineer');
  await recordReaches(workflowId, 'AWAITING_APPROVAL');
  const decide = (op: string, comment: string) =>
    gql(hub.gateway.url, `mutation($w: ID!, $c: String!) { ${op}(workflowId: $w, comment: $c) { step } }`, {
      token: tokens.approver,
      variables: { w: workflowId, c: comment },
    });
  for (const op of ['approveDeployment', 'rejectDeployment']) {
    for (const [comment, message] of [
      ['', /comment is required/],
      ['  \n\t ', /comment is required/],
      ['fine\u0007', /comment must not contain a control character \(U\+0007/],
      [
        'approved \u202edevorppa ton',
        /comment must not contain a bidirectional override or isolate character \(U\+202E/,
      ],
      ['ok \u2066x\u2069', /bidirectional override or isolate character \(U\+2066/],
    ] as const) {
      const res = await decide(op, comment);
      const error = res.body.errors?.[0];
      assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', `${op} ${JSON.stringify(comment)}`);
      assert.equal((error?.extensions as { field?: string } | undefined)?.field, 'comment');
      assert.match(error!.message, message);
    }
  }
  assert.equal((await find('admin', workflowId))?.state, 'AWAITING_APPROVAL');
  // A comment with line breaks and tabs is a decision.
  const rejected = await decide('rejectDeployment', 'not now:\n\twait for the audit');
  assert.equal(rejected.body.errors, undefined, JSON.stringify(rejected.body.errors));
});

test('an approver who cancels another’s request is named by the record, its outcome reason and the audit trail', async () => {
  const serviceId = await serviceWithMain('cancelled-by', 'hq');
  const workflowId = await request(serviceId, 'engineer');
  await recordReaches(workflowId, 'AWAITING_APPROVAL');
  await ok(`mutation($w: ID!) { cancelDeploymentRequest(workflowId: $w) { step } }`, { w: workflowId }, 'approver');
  const entry = await recordReaches(workflowId, 'CANCELLED');
  assert.equal(entry.outcome, 'cancelled');
  assert.equal(entry.decidedBy, 'approver');
  assert.equal(entry.outcomeReason, 'cancelled by approver');
  const { deploymentRequest } = await ok<{ deploymentRequest: { decision: { byName: string; reason: string } } }>(
    `query($w: ID!) { deploymentRequest(workflowId: $w) { decision { byName reason } } }`,
    { w: workflowId },
  );
  assert.deepEqual(deploymentRequest.decision, { byName: 'approver', reason: 'cancelled by approver' });
  const { records } = await hub.driver.executeQuery(
    `MATCH (e:AuditEvent {workflowId: $w}) WHERE e.action IN ['deployment-request.cancel-requested', 'deployment-request.cancel']
     RETURN e.action AS action, e.actorName AS actor ORDER BY e.seq`,
    { w: workflowId },
  );
  assert.deepEqual(
    records.map((r) => [r.get('action'), r.get('actor')]),
    [
      ['deployment-request.cancel-requested', 'approver'],
      ['deployment-request.cancel', 'approver'],
    ],
  );
});

test('a request whose service is gone is listed no more, as deploymentRequest(workflowId) finds it no more', async () => {
  const serviceId = await serviceWithMain('gone', 'hq');
  const workflowId = await request(serviceId, 'engineer');
  await recordReaches(workflowId, 'AWAITING_APPROVAL');
  await (await temporalClient()).workflow.getHandle(workflowId).terminate('service deleted by the test');
  const before = await list('admin');
  await hub.driver.executeQuery('MATCH (s:Service {id: $s}) DETACH DELETE s', { s: serviceId });
  const { deploymentRequest } = await ok<{ deploymentRequest: unknown }>(
    `query($w: ID!) { deploymentRequest(workflowId: $w) { workflowId } }`,
    { w: workflowId },
  );
  assert.equal(deploymentRequest, null);
  for (const user of ['admin', 'approver', 'engineer']) {
    const page = await list(user);
    assert.ok(!page.edges.some((e) => e.node.workflowId === workflowId), `${user} still lists it`);
  }
  const afterDelete = await list('admin');
  assert.equal(afterDelete.totalCount, before.totalCount - 1);
  // Paging walks past the gap: pages of one list the same requests as one page.
  const walked: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 5; i++) {
    const page: Page['deploymentRequests'] = await list('admin', { first: 1, after: cursor });
    walked.push(...page.edges.map((e) => e.node.workflowId));
    if (!page.pageInfo.hasNextPage) break;
    cursor = page.pageInfo.endCursor;
  }
  assert.deepEqual(
    walked,
    afterDelete.edges.slice(0, walked.length).map((e) => e.node.workflowId),
  );
  assert.ok(!walked.includes(workflowId));
});
