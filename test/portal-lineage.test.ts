// The lineage picture in Chromium, on the demo seed: the OCR deployment's picture walks to its dataset
// version, path mode marks it, a click expands a node, the kind filter hides nodes and says how many,
// SVG export holds the node names, and a user without the compliance role gets no picture.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { screenshot, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

const OCR_DEPLOYMENT = 'seed-dep-ocr-det-a100';

let portal: PortalHarness;
let page: Page;
before(async () => {
  portal = await startPortal({ demoSeed: true });
  ({ page } = await portal.newPage());
  await signIn(page, portal.origin, 'auditor', `/lineage/${OCR_DEPLOYMENT}`);
});
after(async () => {
  await portal?.close();
});

const shown = async (): Promise<number> => Number(await page.getByTestId('lineage-shown').getAttribute('data-nodes'));
const node = (kind: string) => page.locator(`[data-testid="lineage-node"][data-kind="${kind}"]`);

/** Waits until the picture shows `predicate`'s node count (the layout runs in a worker, so asynchronously). */
async function waitForCount(predicate: (n: number) => boolean): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const n = await shown();
    if (predicate(n)) return n;
    if (Date.now() > deadline) throw new Error(`node count stayed at ${n}`);
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="lineage-shown"]')?.getAttribute('data-nodes') !== before,
      String(n),
      { timeout: 20_000 },
    );
  }
}

describe('lineage picture', () => {
  test("the OCR deployment's picture walks to its dataset version, marked by path mode", async () => {
    await page.getByRole('heading', { level: 1, name: /Lineage of/ }).waitFor();
    await node('DATASET_VERSION').first().waitFor();
    assert.match(await node('DATASET_VERSION').first().innerText(), /nameplate OCR samples/);
    assert.equal(await node('DEPLOYMENT').first().getAttribute('data-id'), OCR_DEPLOYMENT);
    // Its state lives in the URL (?path=1): it turns on once the router has navigated.
    await page.getByRole('switch', { name: 'Path to source data' }).click({ force: true });
    await page.waitForURL(/path=1/);
    await page.locator('[data-testid="lineage-node"][data-kind="DATASET_VERSION"][data-on-path="true"]').waitFor();
    // The accelerator it runs on is lineage, but not the path to the data.
    assert.equal(await node('ACCELERATOR').first().getAttribute('data-on-path'), 'false');
    await screenshot(page, 'lineage');
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
  });

  test('clicking a node expands its neighbours: the node count grows', async () => {
    const before = await waitForCount((n) => n > 0);
    await node('MODEL_VERSION').first().click();
    const grown = await waitForCount((n) => n > before);
    assert.ok(grown > before);
    // The other deployment of the same model version (the edge detector) came in.
    await page.locator('[data-testid="lineage-node"]', { hasText: 'Ascend 310' }).first().waitFor();
  });

  test('the kind filter hides nodes and says how many', async () => {
    const users = await node('USER').count();
    assert.ok(users > 0, 'the seed run is associated with a user');
    const before = await shown();
    // The filter lives in the URL (?hide=USER): the box changes state once the router has navigated.
    await page.getByRole('checkbox', { name: /^User \(/ }).click();
    await page.waitForURL(/hide=USER/);
    await page.getByTestId('lineage-hidden-kind').waitFor();
    assert.equal(Number(await page.getByTestId('lineage-hidden-kind').getAttribute('data-count')), users);
    assert.match(await page.getByTestId('lineage-hidden-kind').innerText(), new RegExp(`^${users} hidden`));
    await waitForCount((n) => n === before - users);
    assert.equal(await node('USER').count(), 0);
    await page.getByRole('checkbox', { name: /^User \(/ }).click();
    await page.waitForURL((url) => !url.searchParams.has('hide'));
    await waitForCount((n) => n === before);
  });

  test('SVG export downloads a file with the node names', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export SVG' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), `lineage-${OCR_DEPLOYMENT}.svg`);
    const svg = await readFile((await download.path())!, 'utf8');
    assert.match(svg, /^<svg /);
    assert.match(svg, /Equipment nameplate OCR samples/);
    assert.match(svg, /det on A100/);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export PNG' }).click(),
    ]);
    const bytes = await readFile((await png.path())!);
    assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  test('a user without the compliance role gets no picture and no nav entry', async () => {
    const { page: other } = await portal.newPage();
    await signIn(other, portal.origin, 'scientist', `/lineage/${OCR_DEPLOYMENT}`);
    await other.getByTestId('not-allowed').waitFor();
    assert.equal(await other.locator('[data-testid="lineage-node"]').count(), 0);
    assert.equal(await other.getByRole('link', { name: 'Lineage' }).count(), 0);
  });
});
