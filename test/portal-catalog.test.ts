// The catalog and the org page in Chromium over the demo seed: Chinese and English search with the matched
// terms highlighted, kind / org / status filters, paging, a hit's link, org visibility for a branch user,
// and the org page's tree and assets. Expectations come from the API (as another user or admin), never
// from the page under test.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiQuery, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

let portal: PortalHarness;
let scientist: Page;

interface Hit {
  kind: string;
  id: string;
  name: string;
  ownerOrg: { id: string; name: string };
}
const SEARCH = `query($q: String!, $kinds: [AssetKind!], $orgs: [ID!], $statuses: [AssetStatus!]) {
  search(query: $q, kinds: $kinds, orgs: $orgs, statuses: $statuses, first: 50) {
    totalCount edges { node { kind id name ownerOrg { id name } } } } }`;
const api = async (user: string, vars: Record<string, unknown>) =>
  (await apiQuery<{ search: { totalCount: number; edges: { node: Hit }[] } }>(portal, user, SEARCH, vars)).search;

before(async () => {
  portal = await startPortal({ demoSeed: true });
  scientist = (await portal.newPage()).page;
  await signIn(scientist, portal.origin, 'scientist', '/');
});
after(async () => {
  await portal?.close();
});

/** The hits table once it shows `count` results (the previous page stays up while the next loads). */
async function results(page: Page, count?: number) {
  const settled = page.locator('[data-testid="result-count"][data-busy="false"]');
  await (count === undefined ? settled : settled.filter({ hasText: `${count} results` })).waitFor({ timeout: 15_000 });
  const names = await page.getByTestId('hit').locator('td:first-child a').allInnerTexts();
  const kinds = await page.getByTestId('hit-kind').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  const marks = await page.getByTestId('highlight').allInnerTexts();
  const links = await page
    .getByTestId('hit')
    .locator('td:first-child a')
    .evaluateAll((els) => els.map((e) => e.getAttribute('href')));
  return { names, kinds, marks, links };
}

describe('catalog', () => {
  test('a Chinese and an English query find seeded assets with the term highlighted', async () => {
    const zh = await api('scientist', { q: '巡检' });
    assert.ok(
      zh.edges.some((e) => e.node.name.startsWith('输电线路巡检图像')),
      'the API finds the seeded dataset',
    );
    await scientist.goto(`${portal.origin}/?q=${encodeURIComponent('巡检')}`);
    const found = await results(scientist, zh.totalCount);
    assert.ok(
      found.names.some((n) => n.startsWith('输电线路巡检图像')),
      found.names.join(' | '),
    );
    assert.ok(found.marks.includes('巡检'), `marks: ${found.marks.join(', ')}`);

    // The header's search box navigates to /?q=… and the catalog's own box follows it.
    const en = await api('scientist', { q: 'transformer' });
    assert.ok(en.totalCount > 0);
    await scientist.getByRole('textbox', { name: 'Search the catalog' }).fill('transformer');
    await scientist.getByRole('textbox', { name: 'Search the catalog' }).press('Enter');
    // The count alone may equal the previous query's: wait for the new query's best hit as well.
    await scientist.waitForURL((u) => u.searchParams.get('q') === 'transformer');
    await scientist
      .getByTestId('hit')
      .first()
      .locator('td:first-child a')
      .filter({ hasText: en.edges[0]!.node.name })
      .waitFor({ timeout: 15_000 });
    const english = await results(scientist, en.totalCount);
    assert.equal(new URL(scientist.url()).searchParams.get('q'), 'transformer');
    assert.equal(await scientist.getByTestId('catalog-query').inputValue(), 'transformer');
    // The page shows the API's best matches in the API's order (other data may outrank the seed's).
    assert.ok(english.names.length > 0);
    assert.deepEqual(
      english.names,
      en.edges.slice(0, english.names.length).map((e) => e.node.name),
    );
    assert.ok(english.marks.some((m) => m.toLowerCase() === 'transformer'));
  });

  test('kind, org and status filters narrow the results', async () => {
    const all = await api('scientist', { q: 'OCR' });
    const models = await api('scientist', { q: 'OCR', kinds: ['MODEL'] });
    assert.ok(models.totalCount > 0 && models.totalCount < all.totalCount);
    await scientist.goto(`${portal.origin}/?q=OCR`);
    await results(scientist, all.totalCount);
    await scientist.getByRole('combobox', { name: 'Kind' }).click();
    await scientist.getByRole('option', { name: 'Model', exact: true }).click();
    await scientist.keyboard.press('Escape');
    const onlyModels = await results(scientist, models.totalCount);
    assert.deepEqual(new URL(scientist.url()).searchParams.getAll('kind'), ['MODEL']);
    assert.ok(onlyModels.kinds.length > 0 && onlyModels.kinds.every((k) => k === 'MODEL'));

    // Org: browse (empty query) everything Jiangsu owns.
    const jiangsu = await api('scientist', { q: '', orgs: ['jiangsu'] });
    await scientist.goto(`${portal.origin}/`);
    await scientist.getByRole('combobox', { name: 'Owner organisation' }).click();
    await scientist.getByRole('option', { name: /Jiangsu Branch/ }).click();
    await results(scientist, jiangsu.totalCount);
    const owners = await scientist.getByTestId('hit').locator('td:nth-child(3)').allInnerTexts();
    assert.ok(owners.length > 0 && owners.every((o) => o === 'Jiangsu Branch 江苏分公司'), owners.join(' | '));

    // Status, through a shared link: READY deployments only.
    const ready = await api('scientist', { q: '', kinds: ['DEPLOYMENT'], statuses: ['READY'] });
    const deployments = await api('scientist', { q: '', kinds: ['DEPLOYMENT'] });
    assert.ok(ready.totalCount > 0 && ready.totalCount <= deployments.totalCount);
    await scientist.goto(`${portal.origin}/?kind=DEPLOYMENT&status=READY`);
    await results(scientist, ready.totalCount);
    const statuses = await scientist
      .getByTestId('hit')
      .locator('[data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    assert.ok(statuses.length > 0 && statuses.every((s) => s === 'READY'), statuses.join(','));
  });

  test('paging moves to the next page and back, and a hit opens its page', async () => {
    await scientist.goto(`${portal.origin}/`);
    const first = await results(scientist);
    assert.equal(first.names.length, 20);
    await scientist.getByRole('button', { name: 'Next page' }).click();
    await scientist.getByTestId('page-number').filter({ hasText: 'Page 2' }).waitFor();
    await scientist.getByRole('button', { name: 'Previous page' }).and(scientist.locator(':enabled')).waitFor();
    const second = await results(scientist);
    assert.ok(second.names.length > 0);
    assert.deepEqual(
      second.links.filter((href) => first.links.includes(href)),
      [],
      'no hit of page 1 repeats on page 2',
    );
    assert.ok(new URL(scientist.url()).searchParams.get('pages'));
    await scientist.getByRole('button', { name: 'Previous page' }).click();
    await scientist.getByTestId('page-number').filter({ hasText: 'Page 1' }).waitFor();
    assert.deepEqual((await results(scientist)).links, first.links);

    const [dataset] = (await api('scientist', { q: '绝缘子缺陷图像', kinds: ['DATASET'] })).edges;
    assert.ok(dataset);
    await scientist.goto(`${portal.origin}/?q=${encodeURIComponent('绝缘子缺陷图像')}&kind=DATASET`);
    await scientist.getByRole('link', { name: dataset.node.name }).click();
    await scientist.waitForURL(`**/datasets/${encodeURIComponent(dataset.node.id)}`);
    await scientist.getByRole('heading', { level: 1 }).waitFor();
  });

  test('a link whose page positions the search refuses starts again from the first page, saying so', async () => {
    // Search cursors open only for the user and the search they were issued to (sealed by the assets
    // subgraph): a shared link can carry positions this user may not use. Here: one no search issued.
    const q = encodeURIComponent('巡检');
    const expected = await api('scientist', { q: '巡检' });
    assert.ok(expected.totalCount > 0);
    await scientist.goto(`${portal.origin}/?q=${q}&pages=${encodeURIComponent('aGl0OjI6OTAwMA')}`);
    await scientist.getByTestId('pages-restarted').waitFor();
    const shown = await results(scientist, expected.totalCount);
    assert.ok(shown.names.length > 0);
    assert.equal(new URL(scientist.url()).searchParams.get('pages'), null);
    await scientist.getByTestId('page-number').filter({ hasText: 'Page 1' }).waitFor();
  });

  test('scientist.jiangsu never sees an HQ-private asset', async () => {
    const hqOwned = await api('admin', { q: '', orgs: ['hq'], kinds: ['DATASET', 'MODEL'] });
    const credit = hqOwned.edges.find((e) => e.node.name.startsWith('信贷风险'));
    assert.ok(credit, 'the API says HQ owns the credit-risk table');
    const seen = await api('scientist.jiangsu', { q: '信贷风险' });
    assert.ok(!seen.edges.some((e) => e.node.id === credit.node.id));
    const { page } = await portal.newPage();
    await signIn(page, portal.origin, 'scientist.jiangsu', `/?q=${encodeURIComponent('信贷风险')}`);
    const found = await results(page, seen.totalCount);
    assert.ok(!found.names.includes(credit.node.name), found.names.join(' | '));
    assert.ok(!found.links.includes(`/datasets/${encodeURIComponent(credit.node.id)}`));
    // Browsing everything it may see: owners are Jiangsu, its cities, or orgs that shared with it.
    await page.goto(`${portal.origin}/?org=hq`);
    await results(page, 0);
    await page.goto(`${portal.origin}/`);
    await results(page);
    const owners = await page.getByTestId('hit').locator('td:nth-child(3)').allInnerTexts();
    assert.ok(owners.length > 0);
    assert.ok(!owners.includes('Group Headquarters 集团总部'), owners.join(' | '));
    await page.goto(`${portal.origin}/orgs/shandong`);
    await page.getByTestId('not-found').waitFor();
    await page.close();
  });
});

describe('org page', () => {
  test('lists the parent, the children and the assets by kind, linked', async () => {
    const { org } = await apiQuery<{
      org: { children: { id: string; name: string }[]; assetCounts: { kind: string; count: number }[] };
    }>(portal, 'scientist', 'query { org(id: "jiangsu") { children { id name } assetCounts { kind count } } }');
    await scientist.goto(`${portal.origin}/orgs/jiangsu`);
    await scientist.getByRole('heading', { level: 1, name: 'Jiangsu Branch 江苏分公司' }).waitFor();
    assert.equal(await scientist.getByTestId('org-parent').innerText(), 'Group Headquarters 集团总部');
    const children = await scientist.getByTestId('org-children').getByRole('link').allInnerTexts();
    assert.deepEqual(children.sort(), org.children.map((c) => c.name).sort());
    assert.ok(children.includes('Suzhou Power Supply 苏州供电公司'));
    for (const { kind, count } of org.assetCounts)
      assert.equal(
        await scientist.getByTestId(`org-assets-${kind}`).getByTestId('org-asset-count').innerText(),
        String(count),
      );
    const newest = await apiQuery<{ search: { edges: { node: { name: string } }[] } }>(
      portal,
      'scientist',
      'query { search(query: "", orgs: ["jiangsu"], kinds: [DATASET], first: 5) { edges { node { name } } } }',
    );
    const datasets = scientist.getByTestId('org-assets-DATASET');
    await datasets.getByRole('listitem').first().waitFor();
    assert.deepEqual(
      await datasets.getByRole('listitem').getByRole('link').allInnerTexts(),
      newest.search.edges.map((e) => e.node.name),
    );
    await scientist.getByTestId('org-children').getByRole('link', { name: 'Suzhou Power Supply 苏州供电公司' }).click();
    await scientist.getByRole('heading', { level: 1, name: 'Suzhou Power Supply 苏州供电公司' }).waitFor();
    assert.match(scientist.url(), /\/orgs\/suzhou$/);

    // In Chinese: the catalog's own words switch, the data stays as the API gives it.
    await scientist.getByText('中文', { exact: true }).click();
    await scientist.goto(`${portal.origin}/?org=jiangsu`);
    await scientist.getByRole('heading', { level: 1, name: '资产目录' }).waitFor();
    await scientist
      .locator('[data-testid="result-count"][data-busy="false"]')
      .filter({ hasText: /^共 \d+ 条结果$/ })
      .waitFor();
    await scientist.getByRole('button', { name: '下一页' }).waitFor();
    await scientist.getByText('English', { exact: true }).click();
  });
});
