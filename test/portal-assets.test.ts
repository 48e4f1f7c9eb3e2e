// The dataset and model pages in Chromium, signed in through the real Keycloak, over the demo seed:
// versions, profile charts, row preview and version switching; a model's versions, signature, metrics
// and a comparison of two versions; org visibility (a branch user gets the not-found page, as the API
// says) and share controls only for a scientist of the owner org.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { apiQuery, screenshot, signIn, startPortal, userToken, type PortalHarness } from './helpers/portal.js';
import { removeUnreferencedBlobs } from './helpers/training-fixtures.js';

const CREDIT = '信贷风险 Group finance credit-risk table';
const OCR_REC = 'PP-OCRv4 文字识别 text recognition';
const LINE_IMAGES = '输电线路巡检图像 Transmission line inspection images';
const tag = `portal-assets-${randomBytes(3).toString('hex')}`;

let portal: PortalHarness;
const ids = {
  dataset: '',
  readyVersions: [] as { id: string; version: number }[],
  ocrModel: '',
  model: '',
  shared: '',
};
const digests: string[] = [];

interface DatasetHit {
  id: string;
  name: string;
  owner: { id: string } | null;
  versions: { id: string; version: number; profileStatus: string | null }[];
}

async function uploadVersion(
  w: number[],
  metrics: Record<string, number>,
): Promise<{ id: string; artifactDigest: string }> {
  const url = new URL(`/api/models/${ids.model}/versions`, portal.hub.gateway.url);
  url.searchParams.set('framework', 'hand-built');
  url.searchParams.set('metrics', JSON.stringify(metrics));
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${await userToken('scientist')}`, 'content-type': 'application/octet-stream' },
    body: Buffer.from(logisticRegressionModel(w, 0.1)),
  });
  const body = (await res.json()) as { id: string; artifactDigest: string };
  assert.equal(res.status, 201, JSON.stringify(body));
  digests.push(body.artifactDigest);
  return body;
}

before(async () => {
  portal = await startPortal({ demoSeed: true });
  const { datasets } = await apiQuery<{ datasets: { edges: { node: DatasetHit }[] } }>(
    portal,
    'scientist',
    `query($f: DatasetFilter) { datasets(first: 20, filter: $f) { edges { node { id name owner { id } versions { id version profileStatus } } } } }`,
    { f: { nameContains: 'credit-risk table', ownerOrg: 'hq' } },
  );
  const credit = datasets.edges.map((e) => e.node).find((d) => d.name === CREDIT && d.owner?.id === 'hq');
  assert.ok(credit, 'the demo seed has the HQ credit-risk dataset');
  ids.dataset = credit.id;
  ids.readyVersions = credit.versions.filter((v) => v.profileStatus === 'READY');
  assert.ok(ids.readyVersions.length >= 2, 'the seeded credit table has two profiled versions');
  const { models } = await apiQuery<{ models: { edges: { node: { id: string; name: string } }[] } }>(
    portal,
    'scientist',
    `query { models(first: 20, filter: { nameContains: "PP-OCRv4" }) { edges { node { id name } } } }`,
  );
  ids.ocrModel = models.edges.find((e) => e.node.name === OCR_REC)!.node.id;
  // A model of the test's own with two versions (the seed's have one each): different metrics and a
  // different input width, so the comparison has differences to show.
  ids.model = (
    await apiQuery<{ registerModel: { id: string } }>(
      portal,
      'scientist',
      `mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }`,
      { i: { name: `${tag} scorer`, task: 'binary-classification', tags: [tag] } },
    )
  ).registerModel.id;
  await uploadVersion([0.5, -0.25, 1], { accuracy: 0.8, rocAuc: 0.85 });
  const v2 = await uploadVersion([0.5, -0.25, 1, 2], { accuracy: 0.9, rocAuc: 0.8, f1: 0.5 });
  await apiQuery(
    portal,
    'scientist',
    `mutation($v: ID!) { setModelVersionAlias(versionId: $v, alias: "champion") { id } }`,
    {
      v: v2.id,
    },
  );
});

after(async () => {
  if (portal && ids.shared)
    await portal.hub.driver.executeQuery(`MATCH (d:Dataset {id: $id}) DETACH DELETE d`, { id: ids.shared });
  if (portal && ids.model) {
    await portal.hub.driver.executeQuery(
      `MATCH (m:Model {id: $id}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v:ModelVersion) DETACH DELETE m, v`,
      { id: ids.model },
    );
    await removeUnreferencedBlobs(portal.hub.driver, digests);
  }
  await portal?.close();
});

const sessions = new Map<string, Page>();

/** A page signed in as `username` at `path`; one sign-in per user for the whole file (it costs seconds). */
async function signedIn(username: string, path: string): Promise<Page> {
  const open = sessions.get(username);
  if (open) {
    await open.goto(`${portal.origin}${path}`);
    return open;
  }
  const { page } = await portal.newPage();
  await signIn(page, portal.origin, username, path);
  sessions.set(username, page);
  return page;
}

const versionQuery = (page: Page): string | null => new URL(page.url()).searchParams.get('version');

describe('dataset page', () => {
  test('scientist: versions, a profile chart, preview rows, switching version, share controls', async () => {
    const page = await signedIn('scientist', `/datasets/${encodeURIComponent(ids.dataset)}`);
    await page.getByRole('heading', { level: 1, name: CREDIT }).waitFor();
    const versionRows = page.getByTestId('dataset-versions').locator('tbody tr');
    assert.ok((await versionRows.count()) >= 2);
    // No ?version=: the latest version is shown.
    const latest = ids.readyVersions.at(-1)!;
    await page.getByRole('heading', { level: 2, name: `Version ${latest.version}` }).waitFor();
    await page.getByTestId('profile-chart').first().locator('svg.recharts-surface').waitFor();
    const bars = page.getByTestId('profile-chart').first().locator('.recharts-bar-rectangle');
    assert.ok((await bars.count()) > 0, 'the chart draws bars');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'dataset');
    const preview = page.getByTestId('row-preview');
    await preview.locator('tbody tr').first().waitFor();
    assert.equal(await preview.locator('tbody tr').count(), 20);
    assert.ok((await preview.locator('thead th').allInnerTexts()).includes('default'));
    await page.getByRole('button', { name: 'Next rows' }).click();
    await preview.getByRole('cell', { name: '21', exact: true }).waitFor();
    assert.equal(await page.getByTestId('share-form').count(), 1);

    const other = ids.readyVersions.at(-2)!;
    await page.getByRole('button', { name: `Show version ${other.version}` }).click();
    await page.getByRole('heading', { level: 2, name: `Version ${other.version}` }).waitFor();
    assert.equal(versionQuery(page), other.id);
    await page.getByTestId('profile-chart').first().locator('svg.recharts-surface').waitFor();
    await page.getByTestId('row-preview').locator('tbody tr').first().waitFor();
    assert.equal(
      await page.getByRole('button', { name: `Show version ${other.version}` }).getAttribute('aria-pressed'),
      'true',
    );

    // A version's own URL resolves its dataset and lands on the page with it selected.
    await page.goto(`${portal.origin}/dataset-versions/${encodeURIComponent(latest.id)}`);
    await page.getByRole('heading', { level: 2, name: `Version ${latest.version}` }).waitFor();
    assert.equal(new URL(page.url()).pathname, `/datasets/${encodeURIComponent(ids.dataset)}`);
    assert.equal(versionQuery(page), latest.id);
  });

  test('scientist: an image collection’s label chart and rows; derived-from and shared-with link onward', async () => {
    const { datasets } = await apiQuery<{ datasets: { edges: { node: DatasetHit }[] } }>(
      portal,
      'scientist',
      `query($f: DatasetFilter) { datasets(first: 20, filter: $f) { edges { node { id name owner { id } versions { id version profileStatus } } } } }`,
      { f: { nameContains: 'Transmission line inspection images', ownerOrg: 'jiangsu' } },
    );
    const images = datasets.edges.map((e) => e.node).find((d) => d.name === LINE_IMAGES);
    assert.ok(images, 'the demo seed has the Jiangsu inspection images');
    const page = await signedIn('scientist', `/datasets/${encodeURIComponent(images.id)}`);
    await page.getByRole('heading', { level: 1, name: LINE_IMAGES }).waitFor();
    const labels = page.getByTestId('profile-chart').filter({ hasText: 'Images per label' });
    await labels.locator('.recharts-bar-rectangle').first().waitFor();
    await page.getByTestId('row-preview').getByRole('columnheader', { name: 'file' }).waitFor();
    await page
      .getByTestId('shared-with')
      .getByRole('link', { name: /Shandong/ })
      .waitFor();
    // The latest version was derived from an earlier one: its link selects that version.
    const derived = page.getByRole('link', { name: new RegExp(`${LINE_IMAGES} v\\d+`) }).first();
    const href = (await derived.getAttribute('href'))!;
    await derived.click();
    await page.waitForURL((url) => url.search !== '' && href.endsWith(url.search));
    const selected = new URL(page.url()).searchParams.get('version')!;
    const number = images.versions.find((v) => v.id === selected)!.version;
    await page.getByRole('heading', { level: 2, name: `Version ${number}` }).waitFor();
  });

  test('scientist shares a dataset of their org from the page; a refused share shows the API’s error', async () => {
    ids.shared = (
      await apiQuery<{ registerDataset: { id: string } }>(
        portal,
        'scientist',
        `mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`,
        { i: { name: `${tag} shared`, tags: [tag] } },
      )
    ).registerDataset.id;
    const page = await signedIn('scientist', `/datasets/${encodeURIComponent(ids.shared)}`);
    await page.getByRole('heading', { level: 1, name: `${tag} shared` }).waitFor();
    const orgField = page.getByLabel('Org id to share with');
    await orgField.fill('no-such-org');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'org no-such-org not found' }).waitFor();
    await orgField.fill('zhejiang');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page
      .getByTestId('shared-with')
      .getByRole('link', { name: /Zhejiang/ })
      .waitFor();
    const api = await apiQuery<{ dataset: { sharedWith: { id: string }[] } }>(
      portal,
      'viewer.zhejiang',
      'query($id: ID!) { dataset(id: $id) { sharedWith { id } } }',
      { id: ids.shared },
    );
    assert.deepEqual(api.dataset.sharedWith, [{ id: 'zhejiang' }]);
  });

  test('viewer (hq) sees the dataset but no share controls', async () => {
    const page = await signedIn('viewer', `/datasets/${encodeURIComponent(ids.dataset)}`);
    await page.getByRole('heading', { level: 1, name: CREDIT }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Sharing' }).waitFor();
    assert.equal(await page.getByTestId('share-form').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Share', exact: true }).count(), 0);
  });

  test('viewer.zhejiang: the HQ dataset is invisible to the API and its URL shows not found', async () => {
    const api = await apiQuery<{ dataset: unknown }>(
      portal,
      'viewer.zhejiang',
      'query($id: ID!) { dataset(id: $id) { id } }',
      {
        id: ids.dataset,
      },
    );
    assert.equal(api.dataset, null);
    const page = await signedIn('viewer.zhejiang', `/datasets/${encodeURIComponent(ids.dataset)}`);
    await page.getByTestId('not-found').waitFor();
    assert.equal(await page.getByText(CREDIT).count(), 0);
  });
});

describe('model page', () => {
  test('scientist: a seeded model’s versions, signature and metrics; two versions compared', async () => {
    const page = await signedIn('scientist', `/models/${encodeURIComponent(ids.ocrModel)}`);
    await page.getByRole('heading', { level: 1, name: OCR_REC }).waitFor();
    assert.ok((await page.getByTestId('model-versions').locator('tbody tr').count()) >= 1);
    const inputs = page.getByTestId('signature-inputs');
    await inputs.locator('tbody tr').first().waitFor();
    assert.match(await inputs.innerText(), /float32/);
    assert.match(await page.getByTestId('version-metrics').innerText(), /accuracy\s+0\.78/);
    await page.getByTestId('metrics-chart').locator('svg.recharts-surface').waitFor();
    await screenshot(page, 'model');

    await page.goto(`${portal.origin}/models/${ids.model}`);
    await page.getByRole('heading', { level: 1, name: `${tag} scorer` }).waitFor();
    await page.getByTestId('alias').filter({ hasText: 'champion' }).waitFor();
    await page.getByLabel('First version').selectOption({ label: 'v1' });
    await page.getByLabel('Second version').selectOption({ label: 'v2' });
    const comparison = page.getByTestId('comparison');
    await comparison.waitFor();
    assert.equal(new URL(page.url()).searchParams.get('compare'), '1,2');
    const metrics = page.getByTestId('compare-metrics');
    assert.match(await metrics.getByRole('row', { name: /accuracy/ }).innerText(), /0\.8\s+0\.9\s+\+0\.1/);
    assert.match(await metrics.getByRole('row', { name: /rocAuc/ }).innerText(), /0\.85\s+0\.8\s+-0\.05/);
    assert.match(await metrics.getByRole('row', { name: /f1/ }).innerText(), /–\s+0\.5\s+–/);
    const signature = page.getByTestId('signature-diff');
    await signature.waitFor();
    assert.match(await signature.getByRole('row', { name: /\bx\b/ }).innerText(), /changed.*\[N, 3\].*\[N, 4\]/s);
    await screenshot(page, 'model-compare');

    // The comparison is in the URL: opening it again shows the same.
    await page.goto(`${portal.origin}/models/${ids.model}?compare=2,1`);
    await page
      .getByTestId('compare-metrics')
      .getByRole('row', { name: /accuracy/ })
      .filter({ hasText: '-0.1' })
      .waitFor();
  });
});
