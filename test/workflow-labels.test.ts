// Workflow ids that say what they are, with a memo and search attributes (domain/temporal/labels.ts,
// issue #15): an edge rollout started through GraphQL is `edge-rollout/<modelVersionId>/<rolloutId>`,
// its memo names who asked and what, and Temporal lists it by model version, edge node, org and user.
// The rollout runs on a task queue no worker polls (nothing of it executes) and is terminated after.
// Real Keycloak, Neo4j and Temporal (the dev server with the launcher's search attributes).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { config } from '../lib/config.js';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { closeTemporalClient } from '../domain/temporal/client.js';
import { edgeRolloutClientOptions, isEdgeRolloutWorkflowId } from '../domain/edge/client.js';
import { isDeploymentWorkflowId } from '../domain/deployment/client.js';
import { labelled, workflowIdFor } from '../domain/temporal/labels.js';

const tag = `wfl-${randomUUID().slice(0, 8)}`;
let hub: Hub;
let admin: string;
let client: Client;
let connection: Connection;
const started: string[] = [];
const ids: Record<string, string> = {};

async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token: admin, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

before(async () => {
  hub = await startHub();
  admin = await tokenFor('admin');
  edgeRolloutClientOptions.taskQueue = `test-${tag}-nobody-polls`;
  connection = await Connection.connect({ address: config.temporal.address });
  client = new Client({ connection, namespace: config.temporal.namespace });
  ids.model = (
    await ok<{ registerModel: { id: string } }>(
      `mutation { registerModel(input: {name: "${tag} lr", task: "binary-classification", tags: ["${tag}"]}) { id } }`,
    )
  ).registerModel.id;
  const upload = await fetch(
    `${hub.gateway.url.replace(/\/graphql$/, '')}/api/models/${ids.model}/versions?framework=hand-built`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(logisticRegressionModel([0.5, -1, 2, 0.25], 0.1)),
    },
  );
  assert.equal(upload.status, 201, await upload.clone().text());
  ids.version = ((await upload.json()) as { id: string }).id;
  for (const n of ['a', 'b'])
    ids[n] = (
      await ok<{ registerEdgeNode: { id: string } }>(
        `mutation($i: RegisterEdgeNodeInput!) { registerEdgeNode(input: $i) { id } }`,
        { i: { name: `${tag} ${n}`, site: `${tag}-site`, status: 'ONLINE', tags: [tag] } },
      )
    ).registerEdgeNode.id;
});

after(async () => {
  for (const w of started)
    await client?.workflow
      .getHandle(w)
      .terminate('test cleanup')
      .catch(() => undefined);
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Model OR n:EdgeNode) AND $tag IN n.tags OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag },
  );
  await closeTemporalClient();
  await connection?.close();
  await hub.close();
});

/** Visibility is eventually consistent: the ids a query lists, once it lists `want` (up to 15 s). */
async function listed(query: string, want: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found: string[] = [];
    for await (const w of client.workflow.list({ query })) found.push(w.workflowId);
    if (found.includes(want) || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('an edge rollout is edge-rollout/<modelVersionId>/<rolloutId>, with a memo, and Temporal lists it by model version, node, org and user', async () => {
  const { startEdgeRollout: handle } = await ok<{
    startEdgeRollout: { workflowId: string; rolloutId: string };
  }>(`mutation($i: StartEdgeRolloutInput!) { startEdgeRollout(input: $i) { workflowId rolloutId } }`, {
    i: {
      modelVersionId: ids.version,
      edgeNodeIds: [ids.a, ids.b],
      batchSize: 1,
      failureBudget: 0,
      reportTimeoutSeconds: 60,
    },
  });
  started.push(handle.workflowId);
  assert.equal(handle.workflowId, `edge-rollout/${ids.version}/${handle.rolloutId}`);
  assert.ok(isEdgeRolloutWorkflowId(handle.workflowId));

  const described = await client.workflow.getHandle(handle.workflowId).describe();
  assert.deepEqual(described.memo, {
    requestedBy: 'admin',
    org: 'hq',
    what: `roll model version ${ids.version} out to 2 edge node(s), 1 at a time, failure budget 0`,
    assetIds: [ids.version, ids.a, ids.b],
  });
  assert.deepEqual(described.searchAttributes.PlinthOrg, ['hq']);
  assert.deepEqual(described.searchAttributes.PlinthActor, ['admin']);
  assert.deepEqual(described.searchAttributes.PlinthAssetIds, [ids.version, ids.a, ids.b]);

  for (const query of [
    `PlinthAssetIds = '${ids.version}'`,
    `PlinthAssetIds = '${ids.b}' AND WorkflowType = 'edgeRolloutWorkflow'`,
    `PlinthOrg = 'hq' AND PlinthActor = 'admin' AND WorkflowId STARTS_WITH 'edge-rollout/${ids.version}/'`,
  ])
    assert.deepEqual(await listed(query, handle.workflowId), [handle.workflowId], query);
  assert.deepEqual(await listed(`PlinthActor = 'viewer' AND PlinthAssetIds = '${ids.version}'`, 'none'), []);
});

test('ids say what they are; ids of runs from before the scheme are still recognised', () => {
  const uuid = randomUUID();
  assert.equal(workflowIdFor('training', 'model-1', uuid), `training/model-1/${uuid}`);
  assert.equal(workflowIdFor('deployment', 'svc/1 x', uuid), `deployment/svc%2F1%20x/${uuid}`);
  assert.ok(isEdgeRolloutWorkflowId(`edge-rollout-${uuid}`));
  assert.ok(isDeploymentWorkflowId(`deploy-${uuid}`));
  assert.ok(isDeploymentWorkflowId(workflowIdFor('deployment', 'svc-1', uuid)));
  assert.ok(!isDeploymentWorkflowId(workflowIdFor('edge-rollout', 'mv-1', uuid)));
  const { memo, typedSearchAttributes } = labelled({
    actor: { username: 'scientist', org: 'hq' },
    what: 'train',
    assetIds: ['m', null, 'd', 'm', undefined],
  });
  assert.deepEqual(memo.assetIds, ['m', 'd']);
  assert.deepEqual(
    typedSearchAttributes.map((p) => [p.key.name, p.value]),
    [
      ['PlinthOrg', 'hq'],
      ['PlinthActor', 'scientist'],
      ['PlinthAssetIds', ['m', 'd']],
    ],
  );
});
