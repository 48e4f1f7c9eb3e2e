// axe-core over every page of the portal (WCAG 2.1 A and AA rules), each as a role that may see it, on
// the demo seed: no serious or critical violation. Each page's screenshot goes to docs/screenshots/
// (linked from the README).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from './helpers/axe.js';
import { apiQuery, screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

let portal: PortalHarness;
const pages = new Map<string, Page>();
const pageErrors: string[] = [];
const ids: Record<string, string> = {
  service: 'seed-svc-nameplate-ocr',
  deployment: 'seed-dep-ocr-rec-a100',
  edgeDeployment: 'seed-dep-edge-det-ascend310',
  edgeService: 'seed-svc-substation-ocr',
};

async function searchId(kind: string, name: string): Promise<string> {
  const data = await apiQuery<{ search: { edges: { node: { id: string; name: string } }[] } }>(
    portal,
    'admin',
    'query($q: String!, $k: [AssetKind!]) { search(query: $q, kinds: $k, first: 20) { edges { node { id name } } } }',
    { q: name, k: [kind] },
  );
  const hit = data.search.edges.find((e) => e.node.name === name);
  assert.ok(hit, `seeded ${kind} "${name}" not found`);
  return hit.node.id;
}

async function signedIn(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    ({ page } = await portal.newPage());
    // Uncaught page errors fail the page's test (a crashed page would pass axe with nothing on it).
    page.on('pageerror', (error) => pageErrors.push(`${username}: ${error.message}`));
    await signIn(page, portal.origin, username);
    pages.set(username, page);
  }
  return page;
}

/** Waits until the page shows its h1 and no loader is left (queries answered, lazy chunks in). */
async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelectorAll('.mantine-Loader-root').length === 0, null, {
    timeout: 20_000,
  });
}

// The portal's routes (ui/src/routes.tsx): every in-app link on every page must lead to one of them.
const ROUTES = [
  /^\/$/,
  /^\/(datasets|dataset-versions|models|model-versions|orgs|services|deployments)\/[^/]+$/,
  /^\/hardware(\/(clusters|nodes|accelerators|edge-nodes)\/[^/]+)?$/,
  /^\/lineage(\/[^/]+)?$/,
  /^\/compliance\/(audit|chain|report\/[^/]+)$/,
  /^\/knowledge$/,
  /^\/(deployments|services)\/[^/]+\/predict$/,
  /^\/ocr$/,
  /^\/(training-runs|automl-studies)\/[^/]+$/,
  /^\/approvals$/,
  /^\/labeling(\/new|\/[^/]+(\/(annotate|review))?)?$/,
  // Deployment requests and edge rollouts are addressed by their workflow id, which has slashes.
  /^\/(deployment-requests|edge-rollouts)\/.+$/,
];

async function deadLinks(page: Page): Promise<string[]> {
  const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  return [...new Set(hrefs)].filter((href) => !ROUTES.some((r) => r.test(new URL(href, 'http://x').pathname)));
}

before(async () => {
  portal = await startPortal({ demoSeed: true });
  ids.dataset = await searchId('DATASET', '信贷风险 Group finance credit-risk table');
  ids.model = await searchId('MODEL', '信贷违约评分 Credit default scorer');
  const placed = await apiQuery<{
    d: { accelerator: { id: string; node: { id: string; cluster: { id: string } } } };
    e: { accelerator: { edgeNode: { id: string } } };
  }>(
    portal,
    'admin',
    `query($d: ID!, $e: ID!) {
      d: deployment(id: $d) { accelerator { id node { id cluster { id } } } }
      e: deployment(id: $e) { accelerator { edgeNode { id } } } }`,
    { d: ids.deployment, e: ids.edgeDeployment },
  );
  ids.accelerator = placed.d.accelerator.id;
  ids.node = placed.d.accelerator.node.id;
  ids.cluster = placed.d.accelerator.node.cluster.id;
  ids.edgeNode = placed.e.accelerator.edgeNode.id;
  // Part 2's pages on what the seed left: its detector version (the edge deployment's), and the training run
  // the seed started on its copy of the credit table: the first on that version (shown as it stands,
  // running or finished; later runs there are other tests', which may be gone by the time it is visited).
  const part2 = await apiQuery<{
    e: { modelVersion: { id: string } };
    dataset: { versions: { integrity: string; trainingRuns: { id: string; startedAt: string | null }[] }[] };
  }>(
    portal,
    'admin',
    `query($e: ID!, $ds: ID!) {
      e: deployment(id: $e) { modelVersion { id } }
      dataset(id: $ds) { versions { integrity trainingRuns(first: 50) { id startedAt } } } }`,
    { e: ids.edgeDeployment, ds: ids.dataset },
  );
  ids.detectorVersion = part2.e.modelVersion.id;
  const held = part2.dataset.versions.find((v) => v.integrity === 'VERIFIED');
  const [run] = (held?.trainingRuns ?? []).sort((a, b) => (a.startedAt ?? '~').localeCompare(b.startedAt ?? '~'));
  assert.ok(run, 'the seed started a training run on its credit table');
  ids.trainingRun = run.id;
});
after(async () => {
  await portal?.close();
});

const enc = encodeURIComponent;
// name (the screenshot's file name), user, path; `ready`: what shows the page has its content.
const PAGES: { name: string; user: string; path: () => string; ready?: (page: Page) => Promise<unknown> }[] = [
  { name: 'catalog', user: 'scientist', path: () => '/', ready: (p) => p.getByTestId('hit').first().waitFor() },
  {
    name: 'catalog-search',
    user: 'scientist',
    path: () => `/?q=${enc('绝缘子缺陷图像')}`,
    ready: (p) => p.getByTestId('hit').first().waitFor(),
  },
  { name: 'dataset', user: 'scientist', path: () => `/datasets/${enc(ids.dataset!)}` },
  { name: 'model', user: 'scientist', path: () => `/models/${enc(ids.model!)}` },
  { name: 'service', user: 'auditor', path: () => `/services/${enc(ids.service!)}` },
  { name: 'deployment', user: 'auditor', path: () => `/deployments/${enc(ids.deployment!)}` },
  { name: 'hardware', user: 'scientist', path: () => '/hardware' },
  { name: 'cluster', user: 'scientist', path: () => `/hardware/clusters/${enc(ids.cluster!)}` },
  { name: 'node', user: 'scientist', path: () => `/hardware/nodes/${enc(ids.node!)}` },
  { name: 'accelerator', user: 'scientist', path: () => `/hardware/accelerators/${enc(ids.accelerator!)}` },
  { name: 'edge-node', user: 'scientist', path: () => `/hardware/edge-nodes/${enc(ids.edgeNode!)}` },
  { name: 'org', user: 'scientist', path: () => '/orgs/hq' },
  {
    name: 'lineage',
    user: 'auditor',
    path: () => `/lineage/${enc(ids.deployment!)}`,
    ready: (p) => p.locator('.react-flow__node').first().waitFor({ timeout: 20_000 }),
  },
  { name: 'audit', user: 'auditor', path: () => '/compliance/audit' },
  { name: 'chain', user: 'auditor', path: () => '/compliance/chain' },
  { name: 'report', user: 'auditor', path: () => `/compliance/report/${enc(ids.deployment!)}` },
  {
    name: 'knowledge',
    user: 'auditor',
    path: () => `/knowledge?q=${enc('主变油温过高怎么处理')}`,
    ready: (p) => p.locator('[data-testid="ask-answer"], [data-testid="ask-no-answer"]').first().waitFor(),
  },
  // Part 2 (issue #17); the journey (test/portal-journey.test.ts) checks the pages that need a live workflow
  // (a finished training run's charts, a deployment request moving to PROMOTED).
  {
    name: 'training-run-seed',
    user: 'scientist',
    path: () => `/training-runs/${enc(ids.trainingRun!)}`,
    ready: (p) => p.getByTestId('run-status').waitFor(),
  },
  {
    name: 'request-form',
    user: 'engineer',
    path: () =>
      `/deployment-requests/new?serviceId=${enc(ids.edgeService!)}&modelVersionId=${enc(ids.detectorVersion!)}`,
    ready: (p) => p.getByTestId('suggested').waitFor({ timeout: 20_000 }),
  },
  { name: 'approvals', user: 'approver', path: () => '/approvals' },
  { name: 'labeling-list', user: 'annotator', path: () => '/labeling' },
  { name: 'labeling-new', user: 'scientist', path: () => '/labeling/new' },
  {
    name: 'predict-json',
    user: 'engineer',
    path: () => `/deployments/${enc(ids.edgeDeployment!)}/predict`,
    ready: (p) => p.getByRole('button', { name: 'Predict', exact: true }).waitFor(),
  },
  { name: 'ocr-drop', user: 'engineer', path: () => '/ocr' },
  {
    name: 'edge-rollout-new',
    user: 'engineer',
    path: () => `/edge-rollouts/new?modelVersion=${enc(ids.detectorVersion!)}&edgeNode=${enc(ids.edgeNode!)}`,
  },
  // The roles test covers the branch user's not-found on HQ assets; here the page itself.
  { name: 'not-found', user: 'scientist', path: () => '/datasets/no-such-dataset' },
  { name: 'no-such-page', user: 'scientist', path: () => '/no/such/page' },
];

describe('portal accessibility (axe-core, WCAG 2.1 AA): no serious or critical violation', () => {
  test('landing page (signed out)', async () => {
    const { page } = await portal.newPage();
    await page.goto(portal.origin);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'landing');
    assert.deepEqual(await seriousViolations(page), []);
  });

  for (const spec of PAGES) {
    test(`${spec.name} as ${spec.user}`, async () => {
      const page = await signedIn(spec.user);
      pageErrors.length = 0;
      try {
        await page.goto(`${portal.origin}${spec.path()}`);
        await page.getByTestId('viewer').waitFor();
        await settled(page);
        await spec.ready?.(page);
        if (spec.name === 'not-found') await page.getByTestId('not-found').waitFor();
      } finally {
        await screenshot(page, spec.name);
      }
      assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
      // Headings start at the page's h1 (the shell has none of its own).
      assert.equal(await page.evaluate(() => document.querySelector('h1, h2, h3, h4, h5, h6')?.tagName), 'H1');
      assert.deepEqual(await seriousViolations(page), [], `${spec.name}: ${page.url()}`);
      assert.deepEqual(await deadLinks(page), [], 'links lead to pages that exist');
    });
  }

  test('chinese shell (catalog in 中文)', async () => {
    const page = await signedIn('scientist');
    await page.goto(portal.origin);
    await settled(page);
    await page.getByRole('banner').getByText('中文', { exact: true }).click();
    await page.getByRole('navigation').getByRole('link', { name: '资产目录' }).waitFor();
    await page.getByTestId('hit').first().waitFor();
    await screenshot(page, 'catalog-zh');
    const violations = await seriousViolations(page);
    await page.getByRole('banner').getByText('English', { exact: true }).click();
    assert.deepEqual(violations, []);
  });
});
