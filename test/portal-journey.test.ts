// Issue #17's journey across roles, in ONE hub and ONE browser (a signed-in context per role), on the demo
// seed, with a Temporal worker of the test's own, through the slices' journey steps (test/helpers/journey/):
//   scientist  trains the credit scorer on the seeded credit table from the dataset version page and sees
//              its metrics charts (ROC, confusion matrix, feature importance);
//   engineer   requests a canary of that version on a credit-scoring service with a stable route;
//   approver   finds the request in the inbox (/approvals) and approves it with a comment;
//   engineer   the request page sends predictions while the canary is watched; the canary promotes; its
//              operations charts count that traffic;
//   auditor    opens the lineage picture of the promoted deployment in path mode: the training run is on the
//              path to the dataset version, and the approver is on it with an "approved by" edge;
//   dispatcher asks a question and sees the evidence path drawn;
//   engineer   drops an OCR image and sees a box per line with its text.
// axe-core runs on the pages only a live workflow fills (the finished run, the request past approval); the
// other new pages are in test/portal-a11y.test.ts. Four eyes in the UI and the API (the requester, even a
// platform admin, gets no approve button and the API refuses) is test/portal-deploy-requests.test.ts.
// Each step leaves a screenshot, docs/screenshots/journey-<n>-<step>.png (linked from the README).
// The fixture (a CPU accelerator, the service's stable deployment) is made through the API, as an
// engineer would have done before; everything the test creates is removed afterwards.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { deploymentClientOptions } from '../domain/deployment/client.js';
import { edgeRolloutClientOptions } from '../domain/edge/client.js';
import { evaluationClientOptions } from '../domain/evaluation/client.js';
import { recipeClientOptions } from '../domain/recipe/client.js';
import { closeTemporalClient, temporalClient } from '../domain/temporal/client.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { seriousViolations } from './helpers/axe.js';
import { askDispatcherQuestion } from './helpers/journey/dispatcher.js';
import { approveFromInbox, requestDeployment, waitForPromotion } from './helpers/journey/deploy.js';
import { seeDeploymentTraffic } from './helpers/journey/operations.js';
import { ocrShowsBoxes } from './helpers/journey/predict.js';
import { trainOnDatasetVersion } from './helpers/journey/training.js';
import { LINES, registerCjkFont, render, squash } from './helpers/render-text.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { gql } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

const tag = `journey-${randomUUID().slice(0, 8)}`;
const CREDIT_DATASET = '信贷风险 Group finance credit-risk table';
const CREDIT_MODEL = '信贷违约评分 Credit default scorer';
const APPROVAL_COMMENT = 'AUC and the data report checked; approved for a canary.';

let portal: PortalHarness;
let worker: InProcessWorker | undefined;
const queues = [
  trainingClientOptions,
  evaluationClientOptions,
  recipeClientOptions,
  deploymentClientOptions,
  edgeRolloutClientOptions,
];
const savedQueues = queues.map((o) => o.taskQueue);
const pages = new Map<string, Page>();
const pageErrors: string[] = [];
/** What the steps hand on to each other, and what the cleanup removes. */
const ids: Record<string, string> = {};
const created = { trainingRuns: [] as string[], workflows: [] as string[] };
let shot = 0;

/** A GraphQL call as `user` (tokens cached: a password grant per call trips Keycloak's brute-force guard). */
async function api<T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await gql<T>(portal.hub.gateway.url, query, { token: await tokenFor(user), variables });
  assert.equal(res.body.errors, undefined, `${user}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data!;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** One signed-in context per role, kept for the whole journey. */
async function as(username: string, path = '/'): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    ({ page } = await portal.newPage());
    page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
    await signIn(page, portal.origin, username, path);
    pages.set(username, page);
  } else {
    await page.goto(`${portal.origin}${path}`);
    await page.getByTestId('viewer').waitFor();
  }
  return page;
}

/** On a failed step, every role's page as it stood, in the OS temp folder (named in the error). */
async function failureShots(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'journey-failure-'));
  for (const [user, page] of pages) await page.screenshot({ path: join(dir, `${user}.png`) }).catch(() => undefined);
  return dir;
}

/** A step of the journey: on failure, the pages' screenshots and any uncaught page error are in the message. */
function step(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    try {
      await fn();
    } catch (error) {
      const dir = await failureShots();
      if (error instanceof Error)
        error.message += `\n(pages as they stood: ${dir}; page errors: ${JSON.stringify(pageErrors)})`;
      throw error;
    }
  });
}

const snap = (page: Page, name: string) => screenshot(page, `journey-${++shot}-${name}`);

async function searchId(kind: string, name: string): Promise<string> {
  const data = await api<{ search: { edges: { node: { id: string; name: string } }[] } }>(
    'admin',
    'query($q: String!, $k: [AssetKind!]) { search(query: $q, kinds: $k, first: 20) { edges { node { id name } } } }',
    { q: name, k: [kind] },
  );
  const hit = data.search.edges.find((e) => e.node.name === name);
  assert.ok(hit, `seeded ${kind} "${name}" not found`);
  return hit.node.id;
}

async function finishedRun(runId: string): Promise<{ status: string; generated: { id: string }[]; error: unknown }> {
  return until(`training run ${runId}`, 120_000, async () => {
    const { trainingRun } = await api<{
      trainingRun: { status: string; generated: { id: string }[]; error: unknown };
    }>(
      'scientist',
      'query($id: ID!) { trainingRun(id: $id) { status generated { id } error { step code message } } }',
      {
        id: runId,
      },
    );
    return trainingRun.status === 'RUNNING' || trainingRun.status === 'PENDING' ? undefined : trainingRun;
  });
}

/** A training run through the API (the fixture's stable version), resolving to its model version. */
async function trainByApi(algorithm: string): Promise<{ runId: string; versionId: string }> {
  const { startTraining } = await api<{ startTraining: { id: string } }>(
    'scientist',
    'mutation($i: StartTrainingInput!) { startTraining(input: $i) { id } }',
    {
      i: {
        datasetVersionId: ids.datasetVersion,
        modelId: ids.model,
        targetColumn: 'default',
        task: 'BINARY',
        algorithm,
        hyperparameters: {},
        testFraction: 0.2,
        seed: 7,
      },
    },
  );
  created.trainingRuns.push(startTraining.id);
  const run = await finishedRun(startTraining.id);
  assert.equal(run.status, 'SUCCEEDED', JSON.stringify(run.error));
  return { runId: startTraining.id, versionId: run.generated[0]!.id };
}

before(async () => {
  portal = await startPortal({ demoSeed: true });
  // After the seed: its demo request stays on the queue `npm start`'s workers serve.
  worker = await startInProcessWorker(portal.hub, 'journey');
  for (const o of queues) o.taskQueue = worker.taskQueue;

  const dataset = await searchId('DATASET', CREDIT_DATASET);
  // The seed's held copy of the table (versions registered by pointer, from before Plinth held bytes, may
  // remain in an old graph: training refuses those).
  const { dataset: d } = await api<{ dataset: { versions: { id: string; version: number; integrity: string }[] } }>(
    'scientist',
    'query($id: ID!) { dataset(id: $id) { versions { id version integrity } } }',
    { id: dataset },
  );
  ids.dataset = dataset;
  const held = d.versions.filter((v) => v.integrity === 'VERIFIED').sort((a, b) => a.version - b.version)[0];
  assert.ok(held, `the seeded credit table has a verified version: ${JSON.stringify(d.versions)}`);
  ids.datasetVersion = held.id;
  ids.model = await searchId('MODEL', CREDIT_MODEL);

  // The fixture: a CPU accelerator of the test's own, and a credit-scoring service that routes all its
  // traffic to a READY stable deployment (a canary is a share of a stable route's traffic).
  const admin = <T>(q: string, v: Record<string, unknown> = {}) => api<T>('admin', q, v);
  ids.cluster = (
    await admin<{ registerCluster: { id: string } }>(
      `mutation($t: String!) { registerCluster(input: {name: "${tag} cluster", tags: [$t]}) { id } }`,
      { t: tag },
    )
  ).registerCluster.id;
  ids.node = (
    await admin<{ registerNode: { id: string } }>(
      `mutation($c: ID!, $t: String!) { registerNode(input: {clusterId: $c, name: "${tag} node", hostname: "${tag}-host", tags: [$t]}) { id } }`,
      { c: ids.cluster, t: tag },
    )
  ).registerNode.id;
  ids.accelerator = (
    await admin<{ registerAccelerator: { id: string } }>(
      `mutation($n: ID!, $t: String!) { registerAccelerator(input: {name: "${tag} cpu", kind: CPU, vendor: "Intel", model: "Xeon", memoryMb: 8192, executionProviders: ["cpu"], nodeId: $n, tags: [$t]}) { id } }`,
      { n: ids.node, t: tag },
    )
  ).registerAccelerator.id;
  const stable = await trainByApi('LOGISTIC_REGRESSION');
  ids.stableVersion = stable.versionId;
  ids.stable = (
    await api<{ createDeployment: { id: string } }>(
      'engineer',
      'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }',
      { i: { name: `${tag} stable`, modelVersionId: ids.stableVersion, acceleratorId: ids.accelerator, tags: [tag] } },
    )
  ).createDeployment.id;
  ids.service = (
    await api<{ registerService: { id: string } }>(
      'engineer',
      `mutation($t: String!) { registerService(input: {name: "${tag} credit scoring", tags: [$t]}) { id } }`,
      { t: tag },
    )
  ).registerService.id;
  await api(
    'engineer',
    'mutation($s: ID!, $d: ID!) { setServiceRoutes(serviceId: $s, routes: [{deploymentId: $d, weight: 100}]) { id } }',
    {
      s: ids.service,
      d: ids.stable,
    },
  );
});

after(async () => {
  for (const [i, o] of queues.entries()) o.taskQueue = savedQueues[i]!;
  const driver = portal?.hub.driver;
  if (driver) {
    // Every request on the test's service, also one whose step failed before it handed back its workflow id;
    // one still running (a step failed mid-canary) is ended first.
    const requested = await driver.executeQuery('MATCH (n:DeploymentRequest {serviceId: $s}) RETURN n.id AS id', {
      s: ids.service ?? '',
    });
    for (const r of requested.records) created.workflows.push(r.get('id') as string);
    const temporal = await temporalClient();
    for (const w of new Set(created.workflows))
      await temporal.workflow
        .getHandle(w)
        .terminate('test cleanup')
        .catch(() => undefined);
    if (ids.service)
      await api('admin', 'mutation($s: ID!) { setServiceRoutes(serviceId: $s, routes: []) { id } }', {
        s: ids.service,
      }).catch(() => undefined);
    const { records } = await driver.executeQuery(
      `MATCH (d:Deployment) WHERE $tag IN d.tags OR d.requestWorkflowId IN $w OR d.id IN $ids RETURN d.id AS id`,
      { tag, w: created.workflows, ids: [ids.canary ?? ''] },
    );
    for (const r of records)
      await api('admin', 'mutation($d: ID!) { stopDeployment(id: $d) { id } }', { d: r.get('id') as string }).catch(
        () => undefined,
      );
    await driver.executeQuery(
      `MATCH (n) WHERE ((n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags)
         OR (n:Deployment AND (n.requestWorkflowId IN $w OR n.id IN $ids))
       DETACH DELETE n`,
      { tag, w: created.workflows, ids: [ids.canary ?? ''] },
    );
    // The requests' graph records (the inbox lists them).
    await driver.executeQuery('MATCH (n:DeploymentRequest) WHERE n.id IN $w DETACH DELETE n', { w: created.workflows });
    // The runs and the versions they generated, with their evaluations; the seeded model stays.
    await driver.executeQuery(
      `MATCH (r:TrainingRun) WHERE r.id IN $runs
       OPTIONAL MATCH (r)-[:GENERATED]->(v:ModelVersion) OPTIONAL MATCH (e:Evaluation)-[:EVALUATES]->(v)
       DETACH DELETE r, v, e`,
      { runs: created.trainingRuns },
    );
  }
  await portal?.close();
  await worker?.stop();
  await closeTemporalClient();
});

describe('the journey across roles (issue #17)', { timeout: 180_000 }, () => {
  step('scientist trains the credit scorer on the seeded credit table and sees its metrics', async () => {
    const page = await as('scientist');
    const trained = await trainOnDatasetVersion(page, portal.origin, ids.datasetVersion!, {
      modelName: CREDIT_MODEL,
      targetColumn: 'default',
      task: 'BINARY',
      algorithm: 'GRADIENT_BOOSTED_TREES',
      hyperparameters: { nEstimators: 20, maxDepth: 4 },
      seed: 7,
    });
    created.trainingRuns.push(trained.runId);
    ids.run = trained.runId;
    ids.version = trained.modelVersionId;
    await snap(page, 'scientist-training-run');
    assert.deepEqual(await seriousViolations(page), [], 'training run page');
  });

  step(
    'engineer requests a canary; approver approves it from the inbox with a comment; the canary promotes',
    async () => {
      const engineer = await as('engineer');
      ids.workflow = await requestDeployment(engineer, portal.origin, {
        serviceId: ids.service!,
        modelVersionId: ids.version!,
        canaryWeight: 30,
        windowSeconds: 4,
      });
      created.workflows.push(ids.workflow);
      await snap(engineer, 'engineer-request');

      const approver = await as('approver');
      await approveFromInbox(approver, portal.origin, ids.workflow, APPROVAL_COMMENT);
      await snap(approver, 'approver-approved');
      assert.deepEqual(await seriousViolations(approver), [], 'request page, as the approver');

      assert.equal(
        await waitForPromotion(engineer, portal.origin, ids.workflow, {
          serviceId: ids.service!,
          inputs: await oneRow(),
        }),
        'PROMOTED',
      );
      await snap(engineer, 'canary-promoted');
      const { deploymentRequest } = await api<{
        deploymentRequest: {
          canary: { id: string };
          approvals: { approverName: string; accepted: boolean; comment: string }[];
        };
      }>(
        'engineer',
        'query($w: ID!) { deploymentRequest(workflowId: $w) { canary { id } approvals { approverName accepted comment } } }',
        {
          w: ids.workflow,
        },
      );
      assert.deepEqual(
        deploymentRequest.approvals.filter((a) => a.accepted).map((a) => [a.approverName, a.comment]),
        [['approver', APPROVAL_COMMENT]],
      );
      ids.canary = deploymentRequest.canary.id;
    },
  );

  step("engineer sees the canary's traffic on the promoted deployment's operations charts", async () => {
    const page = await as('engineer');
    const shown = await seeDeploymentTraffic(page, portal.origin, ids.canary!, { requests: 1 });
    assert.ok(shown.requests >= 1, `requests counted: ${shown.requests}`);
    await page.getByTestId('operations').scrollIntoViewIfNeeded();
    await snap(page, 'engineer-operations');
  });

  step(
    'auditor opens the lineage picture of the promoted deployment: the approver and the training run are on it',
    async () => {
      const page = await as('auditor', `/lineage/${encodeURIComponent(ids.canary!)}?path=1`);
      await page.getByRole('heading', { level: 1, name: /Lineage of/ }).waitFor();
      const node = (kind: string, id: string) =>
        page.locator(`[data-testid="lineage-node"][data-kind="${kind}"][data-id="${id}"]`);
      // Path mode: the chain back to the source data, the training run on it, and who approved.
      await node('TRAINING_RUN', ids.run!).and(page.locator('[data-on-path="true"]')).waitFor({ timeout: 20_000 });
      await node('DATASET_VERSION', ids.datasetVersion!).waitFor();
      await page
        .locator('[data-testid="lineage-node"][data-kind="USER"] .lineage-name', { hasText: /^approver$/ })
        .first()
        .waitFor();
      // The APPROVED_BY edge is labelled with the approver's name (and when).
      await page
        .locator('.react-flow__edge-text', { hasText: /^approved by approver,/ })
        .first()
        .waitFor();
      await snap(page, 'auditor-lineage');
    },
  );

  step('a dispatcher asks a question and sees the evidence path', async () => {
    const page = await as('dispatcher');
    const answer = await askDispatcherQuestion(page, portal.origin, '主变油温过高怎么处理？');
    assert.equal(answer.noAnswer, false);
    assert.match(answer.answer, /主变油温过高/);
    assert.ok(answer.evidenceNodes > 1, `evidence graph drawn: ${answer.evidenceNodes} nodes`);
    assert.ok(answer.evidenceRelations > 0, 'the evidence relations are listed');
    await snap(page, 'dispatcher-evidence');
  });

  step('an OCR image shows its boxes, with the text of each line', async () => {
    const page = await as('engineer');
    registerCjkFont();
    const dir = await mkdtemp(join(tmpdir(), 'journey-ocr-'));
    try {
      const image = join(dir, 'contract.png');
      await writeFile(image, render(LINES).png);
      const shown = await ocrShowsBoxes(page, portal.origin, image);
      assert.ok(shown.boxes >= LINES.length, `boxes drawn: ${shown.boxes}`);
      assert.ok(
        shown.lines.some((l) => squash(l).includes(squash('HT-2026-001'))),
        `a line reads the contract number: ${JSON.stringify(shown.lines)}`,
      );
      await snap(page, 'ocr-boxes');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** One row of named columns the trained version accepts (its signature: numbers and text). */
async function oneRow(): Promise<Record<string, (number | string)[]>> {
  const { modelVersion } = await api<{ modelVersion: { signature: { inputs: { name: string; dtype: string }[] } } }>(
    'engineer',
    'query($id: ID!) { modelVersion(id: $id) { signature { inputs { name dtype } } } }',
    { id: ids.version },
  );
  return Object.fromEntries(
    modelVersion.signature.inputs.map((i) => [i.name, i.dtype === 'string' ? ['制造业'] : [1]]),
  );
}
