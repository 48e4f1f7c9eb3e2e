// Deployment requests in Chromium: an engineer requests a canary through the form (placement suggested),
// an approver finds it in /approvals and approves it with a comment, and the request page shows it moving
// on to PROMOTED while the journey helper drives predictions. The requester sees no approve button, with
// why; a platform admin who requested (holding the approver role) sees none either, and the API refuses
// the admin's approval when the UI is bypassed. Real hub, Keycloak, Temporal (an in-process worker) and Neo4j.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from './helpers/axe.js';
import { gql } from './helpers/hub.js';
import { deployableVersion, type Deployable } from './helpers/deployable.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { approveFromInbox, requestDeployment, waitForPromotion } from './helpers/journey/deploy.js';
import { screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';
import { tokenFor } from './helpers/tokens.js';
import { deploymentClientOptions } from '../domain/deployment/client.js';
import { temporalClient } from '../domain/temporal/client.js';

const tag = `pdr-${randomUUID().slice(0, 8)}`;
const INPUTS = { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } };
let portal: PortalHarness;
let worker: InProcessWorker;
let ids: Deployable;
let serviceId: string;
const workflows: string[] = [];

async function api<T>(query: string, user: string, variables: Record<string, unknown> = {}) {
  return (await gql<T>(portal.hub.gateway.url, query, { token: await tokenFor(user), variables })).body;
}
async function ok<T>(query: string, user: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = await api<T>(query, user, variables);
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data as T;
}

before(async () => {
  portal = await startPortal({ demoSeed: true });
  // The hub runs in this process: its requests start on this worker's queue.
  worker = await startInProcessWorker(portal.hub, 'test-portal-deploy');
  deploymentClientOptions.taskQueue = worker.taskQueue;
  ids = await deployableVersion(portal.hub.gateway.url, await tokenFor('admin'), tag);
  const main = await ok<{ createDeployment: { id: string } }>(
    'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }',
    'admin',
    { i: { name: `${tag} main`, modelVersionId: ids.version, acceleratorId: ids.cpu, tags: [tag] } },
  );
  serviceId = (
    await ok<{ registerService: { id: string } }>(
      'mutation($i: RegisterServiceInput!) { registerService(input: $i) { id } }',
      'admin',
      { i: { name: `${tag} service`, tags: [tag], ownerOrgId: 'hq' } },
    )
  ).registerService.id;
  await ok(
    'mutation($s: ID!, $d: ID!) { setServiceRoutes(serviceId: $s, routes: [{deploymentId: $d, weight: 100}]) { id } }',
    'admin',
    {
      s: serviceId,
      d: main.createDeployment.id,
    },
  );
});

after(async () => {
  const client = await temporalClient();
  for (const w of workflows)
    await client.workflow
      .getHandle(w)
      .terminate('test cleanup')
      .catch(() => undefined);
  await worker?.stop();
  if (portal) {
    const driver = portal.hub.driver;
    if (serviceId)
      await api('mutation($s: ID!) { setServiceRoutes(serviceId: $s, routes: []) { id } }', 'admin', { s: serviceId });
    await driver.executeQuery('MATCH (n:DeploymentRequest) WHERE n.id IN $w DETACH DELETE n', { w: workflows });
    await driver.executeQuery(
      `MATCH (n) WHERE ((n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags)
         OR (n:Deployment AND (n.requestWorkflowId IN $w OR n.name IN $names))
       OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
      { tag, w: workflows, names: workflows.map((w) => `canary ${w}`) },
    );
    await portal.close();
  }
});

const signedIn = async (user: string, path: string): Promise<Page> => {
  const { page } = await portal.newPage();
  await signIn(page, portal.origin, user, path);
  return page;
};

test('a platform admin who requested sees no approve button, and the API refuses the approval when the UI is bypassed', async () => {
  const { requestDeployment: started } = await ok<{ requestDeployment: { workflowId: string } }>(
    'mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }',
    'admin',
    {
      i: {
        serviceId,
        modelVersionId: ids.version,
        acceleratorId: ids.cpu,
        canaryWeight: 10,
        windowSeconds: 60,
        thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
      },
    },
  );
  workflows.push(started.workflowId);
  const admin = await signedIn('admin', `/deployment-requests/${started.workflowId}`);
  const request = admin.getByTestId('deployment-request');
  await request.waitFor();
  await admin.getByTestId('own-request').waitFor();
  assert.equal(await admin.getByRole('button', { name: 'Approve' }).count(), 0);
  assert.equal(await admin.getByRole('button', { name: 'Reject' }).count(), 0);
  // Bypassing the UI: the admin's own token holds the approver role, and four eyes still refuses.
  const bypass = await api(
    'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "self-approval") { step } }',
    'admin',
    { w: started.workflowId },
  );
  assert.equal(bypass.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.match(bypass.errors?.[0]?.message ?? '', /four eyes: admin requested this deployment and may not approve it/);
  // A rejection is refused in its own words.
  const ownReject = await api(
    'mutation($w: ID!) { rejectDeployment(workflowId: $w, comment: "self-rejection") { step } }',
    'admin',
    { w: started.workflowId },
  );
  assert.equal(ownReject.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  assert.match(
    ownReject.errors?.[0]?.message ?? '',
    /four eyes: admin requested this deployment and may not reject it$/,
  );
  // Cancelled from its page by its requester, so it leaves the service to the next test.
  await admin.getByRole('button', { name: 'Cancel request' }).click();
  await admin.locator('[data-testid="deployment-request"][data-step="CANCELLED"]').waitFor({ timeout: 30_000 });
  await admin.context().close();
});

test('engineer requests through the form, approver approves from the inbox with a comment, the canary promotes', async () => {
  const engineer = await signedIn('engineer', `/services/${serviceId}`);
  // The service page offers the form to those who may request.
  await engineer.getByTestId('request-deployment').click();
  // Opened from the service page: the service prefilled, no version yet, so no placement to suggest.
  await engineer.getByText('Pick a model version to see where it can run.').waitFor();
  assert.equal(new URL(engineer.url()).searchParams.get('serviceId'), serviceId);
  assert.deepEqual(await seriousViolations(engineer), [], 'request form');
  const workflowId = await requestDeployment(engineer, portal.origin, { serviceId, modelVersionId: ids.version });
  workflows.push(workflowId);
  // The requester reads why there is no decision for them; no approve or reject button.
  await engineer.getByTestId('own-request').waitFor();
  assert.equal(await engineer.getByRole('button', { name: 'Approve' }).count(), 0);
  assert.equal(await engineer.getByRole('button', { name: 'Reject' }).count(), 0);
  assert.deepEqual(await seriousViolations(engineer), [], 'request page');
  // The engineer may not approve through the API either (not an approver).
  const bypass = await api(
    'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "mine") { step } }',
    'engineer',
    {
      w: workflowId,
    },
  );
  assert.equal(bypass.errors?.[0]?.extensions?.code, 'FORBIDDEN');

  const approver = await signedIn('approver', '/approvals');
  const row = approver.locator(`[data-testid="inbox-row"][data-workflow-id="${workflowId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`${tag} service[\\s\\S]*${tag} lr v1[\\s\\S]*engineer`));
  await screenshot(approver, 'portal-approvals-inbox');
  assert.deepEqual(await seriousViolations(approver), [], 'approvals inbox');
  await approveFromInbox(approver, portal.origin, workflowId, 'Reviewed the metrics; canary approved.');
  // At once: the canary is judged on the traffic of its window, which starts a moment after the approval.
  await waitForPromotion(approver, portal.origin, workflowId, { serviceId, inputs: INPUTS });
  // The approval is listed with its comment (the workflow's state).
  await approver.getByText('Reviewed the metrics; canary approved.').first().waitFor();
  const reached = await approver
    .locator('[data-testid="timeline-step"][data-reached="true"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-step')));
  assert.deepEqual(reached, [
    'VALIDATING',
    'AWAITING_APPROVAL',
    'DEPLOYING_CANARY',
    'WATCHING_CANARY',
    'PROMOTING',
    'PROMOTED',
  ]);
  assert.equal(await approver.getByTestId('canary-health').getAttribute('data-healthy'), 'true');
  // The live split: all traffic on the promoted canary.
  await approver
    .locator('[data-testid="traffic-route"][data-canary="true"][data-weight="100"]')
    .waitFor({ timeout: 15_000 });
  await approver.getByTestId('decided').getByText('Approved by approver').waitFor();
  assert.deepEqual(await seriousViolations(approver), [], 'promoted request page');
  await screenshot(approver, 'portal-deployment-request-promoted');
  // The inbox no longer lists it as awaiting approval; it is among the finished.
  await approver.goto(`${portal.origin}/approvals?state=FINISHED`);
  await approver.locator(`[data-testid="inbox-row"][data-workflow-id="${workflowId}"]`).waitFor();
});
