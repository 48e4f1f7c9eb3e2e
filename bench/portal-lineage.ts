// Lineage picture benchmark (issue #16: "a generated 2,000-node lineage renders and pans with a median
// frame time under 50 ms in headless chromium"). Usage: npx tsx bench/portal-lineage.ts [--nodes 2000
// --rounds 3 --frames 120 --loads 3 --out bench/results/portal-lineage.json]
//
// 1. Writes a lineage DAG of --nodes nodes to the shared Neo4j (one transaction; every node carries
//    benchBatch and an id prefixed with it, and is deleted at the end, also on failure): one raw dataset
//    version (the root), 8 generations of derived versions (each DERIVED_FROM 1-2 parents in the
//    generation before), training runs that USED 2 versions of the last three generations and GENERATED
//    a model version each, deployments that SERVE a model version. Everything is downstream of the root
//    within 11 steps and owned by hq, so the auditor's picture (downstream, depth 20) holds all of it.
// 2. The API alone: the picture's own query (lineage, first: 100, paged to the end), timed from here.
// 3. Headless Chromium (scripts/portal-browser.ts: an in-process hub serving the built portal), signed
//    in as auditor: --loads page loads of /lineage/<root>?direction=DOWNSTREAM&depth=20, time to the first
//    drawn node (API pages + layout in the web worker + render), with the page's own API and layout times.
// 4. Frame times: in the page, a requestAnimationFrame loop records the time between frames while the
//    canvas is panned (a mouse drag, one move per frame) and zoomed (a wheel event per frame, out and back
//    in: zoomed out, far more nodes are on screen), after a warm-up; --rounds alternating pan and zoom
//    runs of --frames frames each. Each run checks that the viewport really moved. Target: median < 50 ms.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Page } from 'playwright-core';
import { config } from '../lib/config.js';
import { Label, Rel } from '../lib/graph/ontology.js';
import { signIn, startPortal } from '../scripts/portal-browser.js';
import { benchArgs, median, percentile, token } from './support.js';
import { seededRandom } from '../domain/random.js';

const { opt, num } = benchArgs();
const NODES = num('nodes', 2_000);
const ROUNDS = num('rounds', 3);
const FRAMES = num('frames', 120);
const WARMUP = num('warmup', 60);
const LOADS = num('loads', 3);
const API_REPEATS = num('api-repeats', 5);
const OUT = opt('out') ?? 'bench/results/portal-lineage.json';
const GENERATIONS = 8;
const TARGET_MEDIAN_MS = 50;
/** Wheel pixels per frame: with xyflow's zoom speed about 1.4 % a frame, 0.75 → 0.32 over 60 frames and back. */
const WHEEL_DELTA = 10;

interface Dag {
  root: string;
  nodes: { label: Label; props: Record<string, unknown> }[];
  edges: { from: string; rel: Rel; to: string }[];
}

function plan(batch: string): Dag {
  const random = seededRandom(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const id = (key: string, i: number) => `plb-${batch}-${key}-${i}`;
  const owned = (key: string, i: number, label: string) => ({
    id: id(key, i),
    name: `${label} ${key}-${i}`,
    ownerOrgId: 'hq',
    createdBy: 'bench',
    archived: false,
    benchBatch: batch,
  });
  const nodes: Dag['nodes'] = [];
  const edges: Dag['edges'] = [];
  // The rest after the root: 60 % data generations, then equal thirds of runs, versions and deployments.
  const rest = NODES - 1;
  const perGeneration = Math.floor((rest * 0.6) / GENERATIONS);
  const runs = Math.floor((rest - perGeneration * GENERATIONS) / 3);
  const deployments = rest - perGeneration * GENERATIONS - 2 * runs;
  const dv = (key: string, i: number) => ({
    label: Label.DatasetVersion,
    props: { ...owned(key, i, 'bench data'), datasetId: `plb-${batch}-ds-${key}-${i}`, version: 1, format: 'CSV' },
  });
  nodes.push(dv('raw', 0));
  let previous = [id('raw', 0)];
  const generations: string[][] = [];
  for (let g = 1; g <= GENERATIONS; g++) {
    const current: string[] = [];
    for (let i = 0; i < perGeneration; i++) {
      nodes.push(dv(`g${g}`, i));
      current.push(id(`g${g}`, i));
      const parents = new Set([previous[Math.floor((i / perGeneration) * previous.length)]!, pick(previous)]);
      for (const p of parents) edges.push({ from: id(`g${g}`, i), rel: Rel.DERIVED_FROM, to: p });
    }
    generations.push(current);
    previous = current;
  }
  const late = generations.slice(-3).flat();
  for (let i = 0; i < runs; i++) {
    nodes.push({
      label: Label.TrainingRun,
      props: { id: id('tr', i), status: 'COMPLETED', algorithm: 'bench', benchBatch: batch },
    });
    nodes.push({
      label: Label.ModelVersion,
      props: {
        ...owned('mv', i, 'bench model'),
        modelId: `plb-${batch}-m-${i}`,
        version: 1,
        format: 'ONNX',
        aliases: [],
      },
    });
    for (const used of new Set([pick(late), pick(late)])) edges.push({ from: id('tr', i), rel: Rel.USED, to: used });
    edges.push({ from: id('tr', i), rel: Rel.GENERATED, to: id('mv', i) });
  }
  for (let i = 0; i < deployments; i++) {
    nodes.push({
      label: Label.Deployment,
      props: { ...owned('dep', i, 'bench deployment'), status: 'READY', replicas: 1 },
    });
    edges.push({ from: id('dep', i), rel: Rel.SERVES, to: id('mv', i % runs) });
  }
  return { root: id('raw', 0), nodes, edges };
}

/** The labels at either end of each relationship the DAG has. */
const ENDS: [Rel, Label, Label][] = [
  [Rel.DERIVED_FROM, Label.DatasetVersion, Label.DatasetVersion],
  [Rel.USED, Label.TrainingRun, Label.DatasetVersion],
  [Rel.GENERATED, Label.TrainingRun, Label.ModelVersion],
  [Rel.SERVES, Label.Deployment, Label.ModelVersion],
];

async function write(driver: Driver, dag: Dag): Promise<void> {
  const session = driver.session({ database: config.neo4j.database });
  try {
    await session.executeWrite(async (tx) => {
      // Labels and relationship types are ontology constants; every value is a parameter.
      for (const label of new Set(dag.nodes.map((n) => n.label)))
        await tx.run(`UNWIND $rows AS p CREATE (n:${label}) SET n = p`, {
          rows: dag.nodes.filter((n) => n.label === label).map((n) => n.props),
        });
      // By label, so each end is found through the label's id constraint (an index), not a scan.
      for (const [rel, from, to] of ENDS)
        await tx.run(
          `UNWIND $rows AS e MATCH (a:${from} {id: e.from}) MATCH (b:${to} {id: e.to}) CREATE (a)-[:${rel}]->(b)`,
          { rows: dag.edges.filter((e) => e.rel === rel) },
        );
    });
  } finally {
    await session.close();
  }
}

async function cleanup(driver: Driver, batch: string): Promise<number> {
  const session = driver.session({ database: config.neo4j.database });
  try {
    let removed = 0;
    for (const label of [Label.DatasetVersion, Label.TrainingRun, Label.ModelVersion, Label.Deployment]) {
      const r = await session.run(
        `MATCH (n:${label}) WHERE n.id STARTS WITH $prefix AND n.benchBatch = $batch DETACH DELETE n RETURN count(*) AS n`,
        { prefix: `plb-${batch}-`, batch },
      );
      removed += Number(r.records[0]!.get('n'));
    }
    return removed;
  } finally {
    await session.close();
  }
}

const PICTURE_QUERY = `query BenchLineagePicture($id: ID!, $after: String, $withEdges: Boolean!) {
  lineage(id: $id, direction: DOWNSTREAM, depth: 20, first: 100, after: $after) {
    truncated
    nodes { totalCount pageInfo { hasNextPage endCursor } edges { node { id kind name distance } } }
    edges @include(if: $withEdges) { from to relationship }
  }
}`;

/** The picture's query as the page sends it, paged to the end: total ms, first page ms, nodes, edges. */
async function apiTimes(url: string, bearer: string, root: string) {
  const post = async (variables: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: PICTURE_QUERY, variables }),
    });
    const body = (await res.json()) as {
      data?: {
        lineage: {
          truncated: boolean;
          nodes: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: unknown[] };
          edges?: unknown[];
        };
      };
      errors?: unknown[];
    };
    if (!body.data?.lineage) throw new Error(`lineage query failed: ${JSON.stringify(body.errors)}`);
    return body.data.lineage;
  };
  const started = performance.now();
  let after: string | null = null;
  let firstPageMs = 0;
  let nodes = 0;
  let edges = 0;
  let pages = 0;
  let totalCount = 0;
  let truncated = false;
  for (;;) {
    const t = performance.now();
    const page = await post({ id: root, after, withEdges: after === null });
    if (pages === 0) firstPageMs = performance.now() - t;
    pages += 1;
    nodes += page.nodes.edges.length;
    edges += page.edges?.length ?? 0;
    totalCount = page.nodes.totalCount;
    truncated = page.truncated;
    if (!page.nodes.pageInfo.hasNextPage) break;
    after = page.nodes.pageInfo.endCursor;
  }
  return { totalMs: performance.now() - started, firstPageMs, pages, nodes, edges, totalCount, truncated };
}

/**
 * `frames` animation frames in the page while panning (mouse drag, a move per frame) or zooming (a wheel
 * event per frame: out for the first half, back in for the second); the time between frames, ms.
 */
async function measureFrames(
  page: Page,
  mode: 'pan' | 'zoom',
  frames: number,
): Promise<{ deltas: number[]; transforms: string[] }> {
  return page.evaluate(
    async ({ mode, frames, wheel }) => {
      const pane = document.querySelector('.react-flow__pane')!;
      const box = pane.getBoundingClientRect();
      const cx = box.left + box.width / 2;
      const cy = box.top + box.height / 2;
      const mouse = (type: string, x: number, y: number, target: EventTarget) =>
        target.dispatchEvent(
          new MouseEvent(type, {
            clientX: x,
            clientY: y,
            bubbles: true,
            cancelable: true,
            view: window,
            button: 0,
            buttons: 1,
          }),
        );
      const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const deltas: number[] = [];
      const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
      const transforms = [viewport.style.transform];
      if (mode === 'pan') mouse('mousedown', cx, cy, pane);
      let last = await frame();
      for (let i = 0; i < frames; i++) {
        if (mode === 'pan') {
          // A slow loop around the centre: every frame moves the viewport and brings nodes on and off screen.
          const a = (i / frames) * 2 * Math.PI;
          mouse('mousemove', cx + 350 * Math.sin(a), cy + 220 * Math.sin(2 * a), window);
        } else {
          pane.dispatchEvent(
            new WheelEvent('wheel', {
              clientX: cx,
              clientY: cy,
              deltaY: i < frames / 2 ? wheel : -wheel,
              deltaMode: 0,
              bubbles: true,
              cancelable: true,
            }),
          );
        }
        const now = await frame();
        deltas.push(now - last);
        last = now;
        if (i === Math.floor(frames / 2) - 1) transforms.push(viewport.style.transform);
      }
      transforms.push(viewport.style.transform);
      if (mode === 'pan') mouse('mouseup', cx, cy, window);
      return { deltas, transforms };
    },
    { mode, frames, wheel: WHEEL_DELTA },
  );
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    frames: xs.length,
    medianMs: Number(median(xs).toFixed(1)),
    p95Ms: Number(percentile(sorted, 0.95).toFixed(1)),
    maxMs: Number(sorted.at(-1)!.toFixed(1)),
  };
};

async function main(): Promise<void> {
  const leftover = opt('cleanup');
  if (leftover) {
    // A batch a killed run left behind: npx tsx bench/portal-lineage.ts --cleanup <batch>
    const { createDriver } = await import('../lib/graph/driver.js');
    const driver = createDriver();
    console.log(`removed ${await cleanup(driver, leftover)} nodes of batch ${leftover}`);
    await driver.close();
    return;
  }
  const batch = randomBytes(4).toString('hex');
  const dag = plan(batch);
  console.log(`portal-lineage: ${dag.nodes.length} nodes, ${dag.edges.length} edges (batch ${batch})`);
  const portal = await startPortal();
  let removed = 0;
  try {
    const t0 = performance.now();
    await write(portal.hub.driver, dag);
    console.log(`written in ${(performance.now() - t0).toFixed(0)} ms`);

    const bearer = await token('auditor');
    const api: Awaited<ReturnType<typeof apiTimes>>[] = [];
    for (let i = 0; i < API_REPEATS; i++) api.push(await apiTimes(portal.hub.gateway.url, bearer, dag.root));
    const lastApi = api.at(-1)!;
    if (lastApi.totalCount !== dag.nodes.length)
      throw new Error(`the walk found ${lastApi.totalCount} nodes, expected ${dag.nodes.length}`);
    console.log(
      `API: ${lastApi.pages} pages, all pages median ${median(api.map((a) => a.totalMs)).toFixed(0)} ms, first page ${median(api.map((a) => a.firstPageMs)).toFixed(0)} ms`,
    );

    const { page } = await portal.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    // tsx compiles this file with esbuild's keepNames, which wraps the functions page.evaluate sends in
    // a __name(...) helper the page does not have: give the page a no-op one.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await signIn(page, portal.origin, 'auditor', '/lineage');
    const url = `${portal.origin}/lineage/${encodeURIComponent(dag.root)}?direction=DOWNSTREAM&depth=20`;
    const loads: {
      firstNodeMs: number;
      pageApiMs: number;
      layoutMs: number;
      shownNodes: number;
      shownEdges: number;
    }[] = [];
    for (let i = 0; i < LOADS; i++) {
      const started = performance.now();
      await page.goto(url);
      await page.locator('[data-testid="lineage-node"]').first().waitFor({ timeout: 120_000 });
      const firstNodeMs = performance.now() - started;
      const timing = page.getByTestId('lineage-timing');
      const shown = page.getByTestId('lineage-shown');
      loads.push({
        firstNodeMs: Math.round(firstNodeMs),
        pageApiMs: Number(await timing.getAttribute('data-api-ms')),
        layoutMs: Number(await timing.getAttribute('data-layout-ms')),
        shownNodes: Number(await shown.getAttribute('data-nodes')),
        shownEdges: Number(await shown.getAttribute('data-edges')),
      });
      console.log(`load ${i + 1}: first node after ${loads.at(-1)!.firstNodeMs} ms`, loads.at(-1));
    }
    if (loads.at(-1)!.shownNodes !== dag.nodes.length)
      throw new Error(`the picture shows ${loads.at(-1)!.shownNodes} nodes, expected ${dag.nodes.length}`);
    const rendered = await page.locator('.react-flow__node').count();

    await measureFrames(page, 'pan', WARMUP);
    await measureFrames(page, 'zoom', WARMUP);
    const pan: number[] = [];
    const zoom: number[] = [];
    const rounds: { round: number; mode: string; medianMs: number; p95Ms: number }[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      // Alternating order per round, so neither mode always runs on a warmer page.
      const order: ('pan' | 'zoom')[] = r % 2 === 0 ? ['pan', 'zoom'] : ['zoom', 'pan'];
      for (const mode of order) {
        const { deltas, transforms } = await measureFrames(page, mode, FRAMES);
        // The viewport must have moved (start, middle, end of the run), or the frames measured nothing.
        if (new Set(transforms).size < 2) throw new Error(`${mode} did not move the viewport: ${transforms[0]}`);
        if (r === 0) console.log(`${mode} viewport: ${transforms.join(' → ')}`);
        (mode === 'pan' ? pan : zoom).push(...deltas);
        const s = stats(deltas);
        rounds.push({ round: r + 1, mode, medianMs: s.medianMs, p95Ms: s.p95Ms });
        console.log(`round ${r + 1} ${mode}: median ${s.medianMs} ms, p95 ${s.p95Ms} ms`);
      }
    }
    // Zoomed out at the end of a wheel-out half, how many nodes the canvas had on screen (DOM).
    const all = [...pan, ...zoom];
    const result = {
      bench: 'portal-lineage',
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memGiB: Math.round(totalmem() / 2 ** 30),
        loadavg: loadavg(),
      },
      browser: 'Debian chromium, headless, 1600×1000 viewport',
      graph: { nodes: dag.nodes.length, edges: dag.edges.length, root: 'raw dataset version, downstream, depth 20' },
      api: {
        query: 'lineage(id, DOWNSTREAM, depth 20, first: 100) paged to the end, edges with the first page',
        repeats: api.length,
        pages: lastApi.pages,
        allPagesMedianMs: Math.round(median(api.map((a) => a.totalMs))),
        firstPageMedianMs: Math.round(median(api.map((a) => a.firstPageMs))),
        runsMs: api.map((a) => Math.round(a.totalMs)),
      },
      timeToFirstRender: {
        note: 'page.goto to the first drawn node: app start, API pages, elkjs layout in the web worker, render',
        loads,
        medianMs: Math.round(median(loads.map((l) => l.firstNodeMs))),
      },
      renderedNodesAtOpen: rendered,
      frames: {
        method: `requestAnimationFrame deltas while panning (mouse drag) and zooming (wheel), ${WARMUP}-frame warm-up each, ${ROUNDS} alternating rounds of ${FRAMES} frames`,
        pan: stats(pan),
        zoom: stats(zoom),
        all: stats(all),
        rounds,
      },
      target: { medianFrameMs: TARGET_MEDIAN_MS, met: median(all) < TARGET_MEDIAN_MS },
    };
    writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`median frame ${result.frames.all.medianMs} ms (p95 ${result.frames.all.p95Ms}); wrote ${OUT}`);
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  } finally {
    removed = await cleanup(portal.hub.driver, batch);
    console.log(`cleaned up ${removed} bench nodes`);
    await portal.close();
  }
}

await main();
