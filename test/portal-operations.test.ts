// Operations charts and edge rollout progress in Chromium, over the demo enterprise (scripts/seed), real
// Neo4j, Keycloak and Temporal (an in-process worker on a queue of its own runs the rollout):
//  - predictions sent through the API to a seeded deployment (and one refused input) show on its page
//    as exactly those request and error counts, with the traffic, latency and batch charts drawn;
//  - an edge rollout started from the form shows every node's progress as nodes report through the
//    API: active, failed with its message, pending until its batch, then the rollout COMPLETED; the
//    edge node page links the rollout.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { activateDeployment } from '../subgraphs/serving/inference/host.js';
import { edgeRolloutClientOptions } from '../domain/edge/client.js';
import { apiQuery, screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { seeDeploymentTraffic, startEdgeRolloutFromForm, waitForRolloutNodes } from './helpers/journey/operations.js';

// The seeded edge deployment of the PP-OCRv4 detector (CPU): small inputs run in milliseconds.
const DEPLOYMENT = 'seed-dep-edge-det-ascend310';
const SERVICE = 'seed-svc-substation-ocr';
const tag = `ops-${randomUUID().slice(0, 8)}`;

let portal: PortalHarness;
let worker: InProcessWorker | undefined;
let engineer: Page;
const workflows: string[] = [];
const edgeNodes: string[] = [];

before(async () => {
  portal = await startPortal({ demoSeed: true });
  worker = await startInProcessWorker(portal.hub, 'test-portal-ops');
  edgeRolloutClientOptions.taskQueue = worker.taskQueue;
  // What a serving process does for every READY deployment when it starts (the in-process hub does not).
  const status = await activateDeployment(portal.hub.driver, DEPLOYMENT);
  assert.equal(status?.state, 'READY', status?.error ?? 'not found');
  engineer = (await portal.newPage()).page;
  await signIn(engineer, portal.origin, 'engineer');
});

after(async () => {
  const { temporalClient } = await import('../domain/temporal/client.js');
  for (const w of workflows)
    await (
      await temporalClient()
    ).workflow
      .getHandle(w)
      .terminate('test cleanup')
      .catch(() => undefined);
  await worker?.stop();
  if (edgeNodes.length)
    await portal.hub.driver.executeQuery('MATCH (n:EdgeNode) WHERE n.id IN $ids DETACH DELETE n', { ids: edgeNodes });
  await portal?.close();
});

/** No serious or critical WCAG 2.1 AA violation on the page as it stands. */
async function assertAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(bad, [], `${what}: ${bad.join('; ')}`);
}

const PREDICT = `mutation ($d: ID!, $i: JSON!) { predict(deploymentId: $d, inputs: $i) { deploymentId } }`;
const image = (side: number) => ({
  x: { dtype: 'float32', shape: [1, 3, side, side], data: new Array(3 * side * side).fill(0.5) },
});

describe('portal: operations and edge rollouts', () => {
  test('predictions through the API show on the deployment page: counts, errors, charts', async () => {
    const sent = 12;
    for (let i = 0; i < sent; i++) await apiQuery(portal, 'engineer', PREDICT, { d: DEPLOYMENT, i: image(32) });
    // An input of the wrong type is refused by the runtime and counted as an error.
    await assert.rejects(
      apiQuery(portal, 'engineer', PREDICT, { d: DEPLOYMENT, i: { x: { dtype: 'int64', shape: [1], data: [1] } } }),
      /x/,
    );
    // The API's own account of it, then the page's: the same process's samples, so exactly what was sent.
    const { deployment } = await apiQuery<{
      deployment: { operations: { total: { requests: number; errors: number; meanBatchRows: number } } };
    }>(
      portal,
      'engineer',
      `query ($d: ID!) { deployment(id: $d) { operations { total { requests errors meanBatchRows } } } }`,
      {
        d: DEPLOYMENT,
      },
    );
    assert.equal(deployment.operations.total.requests, sent + 1);
    assert.equal(deployment.operations.total.errors, 1);
    assert.ok(deployment.operations.total.meanBatchRows >= 1);
    const shown = await seeDeploymentTraffic(engineer, portal.origin, DEPLOYMENT, { requests: sent + 1, errors: 1 });
    assert.deepEqual(shown, { requests: sent + 1, errors: 1 });
    await engineer.getByTestId('operations').scrollIntoViewIfNeeded();
    await screenshot(engineer, 'deployment-operations');
    await assertAccessible(engineer, 'deployment page with operations');
    // The service routing to it compares its deployments side by side: the same counts.
    await engineer.goto(`${portal.origin}/services/${SERVICE}`);
    const row = engineer.locator(`[data-testid="service-operations-row"][data-deployment-id="${DEPLOYMENT}"]`);
    await row.getByRole('cell', { name: String(sent + 1), exact: true }).waitFor();
    // Out-of-range windows are refused with the field named.
    await assert.rejects(
      apiQuery(portal, 'engineer', `query ($d: ID!) { deployment(id: $d) { operations(minutes: 61) { minutes } } }`, {
        d: DEPLOYMENT,
      }),
      /minutes must be an integer from 1 to 60/,
    );
  });

  test('an edge rollout started from the form shows each node as it reports', async () => {
    const { deployment } = await apiQuery<{ deployment: { modelVersion: { id: string } } }>(
      portal,
      'engineer',
      `query ($d: ID!) { deployment(id: $d) { modelVersion { id } } }`,
      { d: DEPLOYMENT },
    );
    for (let i = 0; i < 3; i++) {
      const { registerEdgeNode } = await apiQuery<{ registerEdgeNode: { id: string } }>(
        portal,
        'engineer',
        `mutation ($i: RegisterEdgeNodeInput!) { registerEdgeNode(input: $i) { id } }`,
        { i: { name: `${tag} box ${i}`, site: `${tag}-site`, status: 'ONLINE', tags: [tag] } },
      );
      edgeNodes.push(registerEdgeNode.id);
    }
    const [a, b, c] = edgeNodes as [string, string, string];
    const workflowId = await startEdgeRolloutFromForm(engineer, portal.origin, {
      modelVersionId: deployment.modelVersion.id,
      edgeNodeIds: edgeNodes,
      batchSize: 2,
      failureBudget: 1,
    });
    workflows.push(workflowId);
    assert.match(workflowId, /^edge-rollout\//);
    // The first batch is pushed; the third node waits for the second batch.
    await waitForRolloutNodes(engineer, {
      [a]: { state: 'PUSHED' },
      [b]: { state: 'PUSHED' },
      [c]: { state: 'PENDING' },
    });
    await engineer.getByTestId('rollout-batch').filter({ hasText: 'Batch 1 of 2' }).waitFor();

    const report = (node: string, ok: boolean, message: string) =>
      apiQuery(
        portal,
        'engineer',
        `mutation ($w: ID!, $n: ID!, $ok: Boolean!, $m: String) { reportEdgeNodeStatus(rolloutWorkflowId: $w, edgeNodeId: $n, ok: $ok, message: $m) { state } }`,
        { w: workflowId, n: node, ok, m: message },
      );
    await report(a, true, 'serving');
    await waitForRolloutNodes(engineer, { [a]: { state: 'ACTIVE' }, [b]: { state: 'PUSHED' } });
    await report(b, false, 'disk full on /data');
    // One failure is within the budget of one: the second batch goes out.
    await waitForRolloutNodes(engineer, {
      [b]: { state: 'FAILED', message: 'disk full on /data' },
      [c]: { state: 'PUSHED' },
    });
    await engineer.getByTestId('rollout-budget').filter({ hasText: '1 failed of 1 tolerated' }).waitFor();
    await screenshot(engineer, 'edge-rollout-progress');
    await assertAccessible(engineer, 'edge rollout page');
    await report(c, true, 'serving');
    await waitForRolloutNodes(engineer, { [c]: { state: 'ACTIVE' } });
    await engineer.locator('[data-testid="edge-rollout"][data-state="COMPLETED"]').waitFor({ timeout: 60_000 });

    // Where rollouts are found: the edge node page links this one.
    await engineer.getByRole('link', { name: `${tag} box 0` }).click();
    await engineer.waitForURL(`**/hardware/edge-nodes/${a}`);
    await engineer.getByTestId('assignment-rollout').filter({ hasText: workflowId }).click();
    await engineer.getByTestId('rollout-workflow-id').filter({ hasText: workflowId }).waitFor();
  });

  test('without a preset, the start form finds a model by typing and offers its versions; a viewer gets no form', async () => {
    const viewer = (await portal.newPage()).page;
    await signIn(viewer, portal.origin, 'viewer', '/edge-rollouts/new');
    await viewer.getByTestId('not-allowed').waitFor();
    // The model list loads (it was refused as over GRAPHQL_MAX_COST, leaving the picker empty, which a
    // ?modelVersion= preset hid): the seeded deployment's model is found by part of its name.
    const { deployment } = await apiQuery<{
      deployment: { modelVersion: { id: string; version: number; model: { name: string } } };
    }>(portal, 'engineer', `query ($d: ID!) { deployment(id: $d) { modelVersion { id version model { name } } } }`, {
      d: DEPLOYMENT,
    });
    const { name } = deployment.modelVersion.model;
    await engineer.goto(`${portal.origin}/edge-rollouts/new`);
    const form = engineer.getByTestId('start-rollout-form');
    await engineer.getByRole('button', { name: 'Start rollout' }).waitFor();
    await form.getByLabel('Model', { exact: true }).fill(name.slice(0, Math.min(8, name.length)));
    await engineer.getByRole('option', { name, exact: true }).click();
    await form.getByLabel('Version', { exact: true }).click();
    await engineer.getByRole('option', { name: `v${deployment.modelVersion.version}`, exact: true }).click();
    await engineer.locator('[data-testid="start-rollout-form"][data-ready="true"]').waitFor();
    assert.equal(await engineer.getByTestId('start-rollout-load-error').count(), 0);
    await assertAccessible(engineer, 'start edge rollout form');
  });
});
