// Each demo role signs in through the real Keycloak and sees the navigation and actions its role allows
// and nothing else; the branch user (viewer.zhejiang) cannot open an HQ asset's page by URL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { apiQuery, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

// What each role is offered, written out by hand (not derived from ui/src/lib/roles.ts, which is under test):
// the API's authScopes decide it (lineage/audit: compliance-officer; knowledge: dispatcher and
// compliance-officer; approvals: approver; labeling: annotator and data-scientist; everything else, OCR
// included, any signed-in user).
const EVERYONE = ['Catalog', 'Hardware', 'OCR'];
const NAV: Record<string, string[]> = {
  scientist: [...EVERYONE, 'Labeling'],
  annotator: [...EVERYONE, 'Labeling'],
  auditor: [...EVERYONE, 'Lineage', 'Audit trail', 'Chain verification', 'Knowledge Q&A'],
  approver: [...EVERYONE, 'Approvals'],
  dispatcher: [...EVERYONE, 'Knowledge Q&A'],
  'viewer.zhejiang': EVERYONE,
};

// Seeded HQ assets that are not shared with zhejiang (scripts/seed/data.ts); ids looked up as admin.
const HQ_DATASET = '信贷风险 Group finance credit-risk table';
const HQ_MODEL = '信贷违约评分 Credit default scorer';
const HQ_DEPLOYMENT = 'seed-dep-ocr-rec-a100';

let portal: PortalHarness;
const pages = new Map<string, Page>();
const hq = { dataset: '', model: '', deployment: HQ_DEPLOYMENT };

async function findId(kind: 'DATASET' | 'MODEL', name: string): Promise<string> {
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

async function pageOf(username: string): Promise<Page> {
  let page = pages.get(username);
  if (!page) {
    ({ page } = await portal.newPage());
    await signIn(page, portal.origin, username);
    pages.set(username, page);
  }
  return page;
}

async function navEntries(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Navigation' });
  await nav.getByRole('link').first().waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
}

/** Opens `path` in the signed-in app (client-side navigation would do too; a URL is what a user pastes). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${portal.origin}${path}`);
  await page.getByTestId('viewer').waitFor();
}

before(async () => {
  portal = await startPortal({ demoSeed: true });
  hq.dataset = await findId('DATASET', HQ_DATASET);
  hq.model = await findId('MODEL', HQ_MODEL);
  // The premise of the URL test: the API itself hides these from the branch user, and shows them to HQ.
  const visible = `query($d: ID!, $m: ID!, $x: ID!) {
    dataset(id: $d) { id owner { id } } model(id: $m) { id } deployment(id: $x) { id } }`;
  const vars = { d: hq.dataset, m: hq.model, x: hq.deployment };
  const asHq = await apiQuery<Record<string, { id: string; owner?: { id: string } } | null>>(
    portal,
    'scientist',
    visible,
    vars,
  );
  assert.equal(asHq.dataset?.owner?.id, 'hq');
  assert.ok(asHq.model && asHq.deployment, 'HQ sees its model and deployment');
  const asBranch = await apiQuery<Record<string, unknown>>(portal, 'viewer.zhejiang', visible, vars);
  assert.deepEqual(asBranch, { dataset: null, model: null, deployment: null });
});
after(async () => {
  await portal?.close();
});

describe('portal roles', () => {
  for (const [username, expected] of Object.entries(NAV)) {
    test(`${username} sees exactly their navigation`, async () => {
      const page = await pageOf(username);
      assert.match(await page.getByTestId('viewer').innerText(), new RegExp(username.replace('.', '\\.')));
      assert.deepEqual(await navEntries(page), expected);
    });
  }

  test('compliance and Q&A pages by URL: allowed roles get them, others a "not allowed" page, never data', async () => {
    const dep = encodeURIComponent(hq.deployment);
    const [audit, chain, report, lineage, knowledge] = [
      '/compliance/audit',
      '/compliance/chain',
      `/compliance/report/${dep}`,
      `/lineage/${dep}`,
      '/knowledge',
    ];
    const cases: [string, string, boolean][] = [
      ['auditor', audit, true],
      ['auditor', lineage, true],
      ['dispatcher', knowledge, true],
      ['scientist', audit, false],
      ['scientist', lineage, false],
      ['scientist', knowledge, false],
      ['dispatcher', chain, false],
      ['dispatcher', report, false],
      ['approver', lineage, false],
      ['viewer.zhejiang', audit, false],
      ['viewer.zhejiang', knowledge, false],
    ];
    for (const [username, path, allowed] of cases) {
      const page = await pageOf(username);
      await open(page, path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const refused = page.getByTestId('not-allowed');
      if (allowed) assert.equal(await refused.count(), 0, `${username} may use ${path}`);
      else {
        await refused.waitFor();
        assert.equal(await page.getByRole('table').count(), 0, `${username} sees no data on ${path}`);
      }
    }
  });

  test('sharing a dataset is offered to the data scientist of the owner org only', async () => {
    const path = `/datasets/${encodeURIComponent(hq.dataset)}`;
    const scientist = await pageOf('scientist');
    await open(scientist, path);
    await scientist.getByTestId('share-form').waitFor();
    for (const username of ['auditor', 'approver', 'dispatcher']) {
      const page = await pageOf(username);
      await open(page, path);
      await page.getByRole('heading', { level: 1, name: HQ_DATASET }).waitFor();
      assert.equal(await page.getByTestId('share-form').count(), 0, `${username} is not offered sharing`);
    }
  });

  test('lineage and compliance-report links on entity pages are offered to the compliance officer only', async () => {
    const compliance = 'main a[href^="/lineage"], main a[href^="/compliance"]';
    for (const path of [
      `/deployments/${encodeURIComponent(hq.deployment)}`,
      `/datasets/${encodeURIComponent(hq.dataset)}`,
    ]) {
      const auditor = await pageOf('auditor');
      await open(auditor, path);
      await auditor.locator('main a[href^="/lineage/"]').first().waitFor();
      if (path.startsWith('/deployments/'))
        await auditor.locator(`main a[href="/compliance/report/${encodeURIComponent(hq.deployment)}"]`).waitFor();
      for (const username of ['scientist', 'approver', 'dispatcher']) {
        const page = await pageOf(username);
        await open(page, path);
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert.equal(await page.locator(compliance).count(), 0, `${username} on ${path}`);
      }
    }
  });

  test('the branch user opening HQ assets by URL gets the not-found page; HQ gets the asset', async () => {
    const branch = await pageOf('viewer.zhejiang');
    const scientist = await pageOf('scientist');
    const paths = [
      `/datasets/${encodeURIComponent(hq.dataset)}`,
      `/models/${encodeURIComponent(hq.model)}`,
      `/deployments/${encodeURIComponent(hq.deployment)}`,
    ];
    for (const path of paths) {
      await open(branch, path);
      await branch.getByTestId('not-found').waitFor();
      assert.equal(await branch.getByRole('heading', { level: 1 }).innerText(), 'Not found', path);
      await open(scientist, path);
      await scientist.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await scientist.getByTestId('not-found').count(), 0, `HQ sees ${path}`);
    }
  });
});
