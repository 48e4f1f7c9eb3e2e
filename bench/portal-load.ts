// The portal's first load and the catalog's interactive time, in Debian's Chromium against a hub in this
// process (scripts/portal-browser.ts) with the demo seed, signed in as the scientist through Keycloak.
//   - First load: every script the browser downloads for `/` signed in, HTTP cache disabled, until the
//     catalog shows results; the bytes on the wire (brotli/gzip as the gateway serves them, what
//     Chromium's accept-encoding gets) and decoded, per file. Budget: 500 KB compressed.
//   - Catalog interactive: navigation start (performance.timeOrigin) → the search box is enabled and the
//     first results are rendered, stamped in the page by a MutationObserver (no polling delay). Runs
//     alternate cold (cache disabled) and warm (HTTP cache), after a warm-up of each; medians. Target 1.5 s.
// Figures go to bench/results/portal-load.json. Needs the stack (npm run stack -- up).
// Usage: npm run bench:portal [-- --runs 8]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Page, Response } from 'playwright-core';
import { ensurePortalBuilt } from '../scripts/portal-build.js';
import { signIn, startPortal } from '../scripts/portal-browser.js';
import { median } from './support.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '8' } } });
const RUNS = Number(values.runs);
const BUDGET_BYTES = 500 * 1000;
const TARGET_MS = 1500;

// Ready: the catalog's search box usable and at least one result row (ui/src/pages/catalog).
const READY_PROBE = `(() => {
  const ready = () => {
    const box = document.querySelector('input[data-testid="catalog-query"], [data-testid="catalog-query"] input');
    return box && !box.disabled && document.querySelector('[data-testid="hit"]');
  };
  const observer = new MutationObserver(() => {
    if (window.__catalogReady === undefined && ready()) {
      window.__catalogReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();`;

async function setCache(page: Page, enabled: boolean): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: !enabled });
}

async function catalogReadyMs(page: Page, origin: string): Promise<number> {
  await page.goto(`${origin}/`);
  const handle = await page.waitForFunction(() => (window as { __catalogReady?: number }).__catalogReady, null, {
    timeout: 30_000,
  });
  return (await handle.jsonValue()) as number;
}

console.log('building the portal when stale…');
ensurePortalBuilt();
const portal = await startPortal({ demoSeed: true });
try {
  const { page } = await portal.newPage();
  await page.addInitScript(READY_PROBE);
  await signIn(page, portal.origin, 'scientist');

  // First load, cold.
  await setCache(page, false);
  const scripts: Response[] = [];
  const onResponse = (r: Response) => {
    // Module preloads and workers count too, whatever resource type Chromium files them under.
    if (r.request().resourceType() === 'script' || /\.m?js$/.test(new URL(r.url()).pathname)) scripts.push(r);
  };
  page.on('response', onResponse);
  await catalogReadyMs(page, portal.origin);
  page.off('response', onResponse);
  const files = await Promise.all(
    scripts.map(async (r) => ({
      path: new URL(r.url()).pathname,
      encoding: (await r.allHeaders())['content-encoding'] ?? 'identity',
      transferredBytes: (await r.request().sizes()).responseBodySize,
      decodedBytes: (await r.body()).length,
    })),
  );
  files.sort((a, b) => b.transferredBytes - a.transferredBytes);
  const compressed = files.reduce((s, f) => s + f.transferredBytes, 0);
  const decoded = files.reduce((s, f) => s + f.decodedBytes, 0);
  console.log(`first load: ${files.length} scripts, ${(compressed / 1000).toFixed(1)} kB compressed`);

  // Catalog interactive time: a warm-up of each kind, then alternating cold and warm runs.
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = -1; i < RUNS; i++) {
    for (const kind of ['cold', 'warm'] as const) {
      await setCache(page, kind === 'warm');
      const ms = await catalogReadyMs(page, portal.origin);
      if (i >= 0) (kind === 'cold' ? cold : warm).push(ms);
    }
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, loadavg1m: round(loadavg()[0]!) },
    browser: `chromium ${portal.browser.version()} headless, 1280×800, signed in as scientist, demo seed`,
    firstLoad: {
      what: 'every script response for / signed in, HTTP cache disabled, until catalog results render',
      scripts: files.length,
      compressedBytes: compressed,
      decodedBytes: decoded,
      budgetBytes: BUDGET_BYTES,
      withinBudget: compressed <= BUDGET_BYTES,
      files,
    },
    catalogInteractive: {
      what: 'navigation start → search box enabled and first result row rendered (MutationObserver stamp)',
      runs: RUNS,
      coldMedianMs: round(median(cold)),
      warmMedianMs: round(median(warm)),
      coldMs: cold.map(round),
      warmMs: warm.map(round),
      targetMs: TARGET_MS,
      withinTarget: median(cold) <= TARGET_MS,
    },
  };
  console.log(
    `catalog interactive: cold median ${result.catalogInteractive.coldMedianMs} ms, warm median ${result.catalogInteractive.warmMedianMs} ms`,
  );
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/portal-load.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await portal.close();
}
