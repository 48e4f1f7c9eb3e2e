// Where a lineage answer's time goes: for the same roots, the walk in-process (LineageStore.lineage: the
// Cypher round trip and decoding, no HTTP), the lineage subgraph straight over HTTP (its GraphQL
// execution and JSON), and the gateway (query planning, the subgraph fetch, Apollo's result
// processing), each with its floor (the same request for an id that does not exist). With `--before
// <checkout>` (e.g. a git worktree of an earlier commit) that checkout's lineage subgraph and gateway run
// on their own ports as three more series (subgraph, gateway, gateway floor), in the same rounds, against
// the same Neo4j.
//
// On a batch written by `npm run bench:lineage -- --load-only --nodes N --seed S` (the ids are derived
// from the batch name the way bench/lineage-dag.ts names them). Usage:
//   npx tsx bench/lineage-breakdown.ts --batch <batch> [--nodes 100000 --direction DOWNSTREAM --depth 10
//     --roots 60 --rounds 3 --before /tmp/lineage-before --out bench/results/lineage-breakdown.json]
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { identityFromClaims } from '../lib/auth/identity.js';
import { createDriver } from '../lib/graph/driver.js';
import { LineageStore } from '../subgraphs/lineage/repository/lineage-store.js';
import type { Direction } from '../subgraphs/lineage/repository/traversal.js';
import { median, percentile, startScript, token, waitForPort } from './support.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined =>
  argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined;
const BATCH = opt('batch');
if (!BATCH) throw new Error('--batch <name> is required (a batch kept by npm run bench:lineage -- --load-only)');
const NODES = Number(opt('nodes') ?? 100_000);
const DIRECTION = (opt('direction') ?? 'DOWNSTREAM') as Direction;
const DEPTH = Number(opt('depth') ?? 10);
const ROOTS = Number(opt('roots') ?? 60);
const ROUNDS = Number(opt('rounds') ?? 3);
const BEFORE = opt('before') ?? null;
const OUT = opt('out') ?? 'bench/results/lineage-breakdown.json';
const PORTS = { lineage: 4311, gateway: 4310, beforeLineage: 4313, beforeGateway: 4312 };

// The same question bench/lineage-dag.ts asks.
const QUERY = `query($id: ID!, $direction: LineageDirection!, $depth: Int!) {
  lineage(id: $id, direction: $direction, depth: $depth, first: 100) {
    truncated nodes { totalCount edges { node { id kind distance } } } edges { from to relationship } } }`;

// Downstream from raw dataset versions (the first 15% of the DAG), upstream from services (the last layer
// is 'svc'; its ids start at 0), as bench/lineage-dag.ts names them; every 7th of the first ROOTS*7.
const roots = Array.from(
  { length: ROOTS },
  (_, k) =>
    `lb-${BATCH}-${DIRECTION === 'UPSTREAM' ? 'svc' : 'raw'}-${(k * 7919) % Math.floor(NODES * (DIRECTION === 'UPSTREAM' ? 0.04 : 0.15))}`,
);

const children: ChildProcess[] = [];
const driver = createDriver();
try {
  children.push(startScript(['subgraphs/lineage/server.ts'], { LINEAGE_PORT: String(PORTS.lineage) }));
  children.push(
    startScript(['gateway/server.ts'], {
      GATEWAY_PORT: String(PORTS.gateway),
      LINEAGE_URL: `http://127.0.0.1:${PORTS.lineage}/graphql`,
    }),
  );
  if (BEFORE) {
    const inBefore = (args: string[], env: Record<string, string>): ChildProcess =>
      spawn(process.execPath, ['--import', 'tsx', ...args], {
        cwd: BEFORE,
        // NODE_ENV=production as startScript runs this tree's processes: graphql-js's development checks
        // otherwise slow the `before` series alone.
        env: { ...process.env, NODE_ENV: 'production', ...env, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    children.push(inBefore(['subgraphs/lineage/server.ts'], { LINEAGE_PORT: String(PORTS.beforeLineage) }));
    children.push(
      inBefore(['gateway/server.ts'], {
        GATEWAY_PORT: String(PORTS.beforeGateway),
        LINEAGE_URL: `http://127.0.0.1:${PORTS.beforeLineage}/graphql`,
      }),
    );
  }
  await Promise.all(
    Object.entries(PORTS)
      .filter(([k]) => BEFORE || !k.startsWith('before'))
      .map(([, p]) => waitForPort(p)),
  );

  let bearer = await token('auditor');
  const identity = identityFromClaims(
    JSON.parse(Buffer.from(bearer.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>,
  );
  const store = new LineageStore(driver);
  const post = async (port: number, id: string): Promise<string> => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query: QUERY, variables: { id, direction: DIRECTION, depth: DEPTH } }),
    });
    const text = await res.text();
    if (res.status !== 200 || text.includes('"errors"'))
      throw new Error(`port ${port}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return text;
  };
  const series: Record<string, (id: string) => Promise<unknown>> = {
    // The repository alone, as the resolver calls it (no properties are asked for).
    repository: (id) => store.lineage(identity, id, DIRECTION, DEPTH, null, { properties: false }),
    repositoryFloor: (id) => store.lineage(identity, `missing-${id}`, DIRECTION, DEPTH, null, { properties: false }),
    subgraph: (id) => post(PORTS.lineage, id),
    subgraphFloor: (id) => post(PORTS.lineage, `missing-${id}`),
    gateway: (id) => post(PORTS.gateway, id),
    gatewayFloor: (id) => post(PORTS.gateway, `missing-${id}`),
    ...(BEFORE
      ? {
          beforeSubgraph: (id: string) => post(PORTS.beforeLineage, id),
          beforeGateway: (id: string) => post(PORTS.beforeGateway, id),
          // The walk alone (answer minus floor) is what bench/lineage-dag.ts compares with PostgreSQL: a change
          // that also moves the floor needs the before tree's floor to be judged by it.
          beforeGatewayFloor: (id: string) => post(PORTS.beforeGateway, `missing-${id}`),
        }
      : {}),
  };
  const names = Object.keys(series);

  // Same answer everywhere (byte for byte over HTTP), and the walk sizes; doubles as the warm-up.
  const sizes: number[] = [];
  const answerBytes: number[] = [];
  for (const id of roots) {
    const a = await post(PORTS.gateway, id);
    for (const port of [PORTS.lineage, ...(BEFORE ? [PORTS.beforeLineage, PORTS.beforeGateway] : [])]) {
      const b = await post(port, id);
      if (b !== a)
        throw new Error(
          `answers differ for ${id} between the gateway and port ${port}:\n${a.slice(0, 400)}\n${b.slice(0, 400)}`,
        );
    }
    const graph = await store.lineage(identity, id, DIRECTION, DEPTH, null, { properties: false });
    if (!graph) throw new Error(`root ${id} not found: is batch ${BATCH} loaded with --nodes ${NODES}?`);
    sizes.push(graph.nodes.length);
    answerBytes.push(a.length);
    for (const name of names) await series[name]!(id);
  }
  console.log(
    `${roots.length} roots, ${DIRECTION} depth ${DEPTH}: nodes per walk min ${Math.min(...sizes)} median ${median(sizes)} max ${Math.max(...sizes)}; answer ${median(answerBytes)} bytes (median)`,
  );

  const loadStart = loadavg();
  const lat: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    bearer = await token('auditor');
    for (let k = 0; k < roots.length; k++) {
      // Series in an order that rotates per root, so load and GC fall on all alike.
      for (let j = 0; j < names.length; j++) {
        const name = names[(j + k + r) % names.length]!;
        const t = performance.now();
        await series[name]!(roots[k]!);
        lat[name]!.push(performance.now() - t);
      }
    }
  }
  const loadEnd = loadavg();
  const round2 = (x: number): number => Math.round(x * 100) / 100;
  const stats = Object.fromEntries(
    names.map((n) => {
      const s = [...lat[n]!].sort((a, b) => a - b);
      return [n, { p50: round2(percentile(s, 0.5)), p95: round2(percentile(s, 0.95)) }];
    }),
  ) as Record<string, { p50: number; p95: number }>;
  for (const n of names)
    console.log(
      `  ${n.padEnd(15)} p50 ${String(stats[n]!.p50).padStart(7)} ms  p95 ${String(stats[n]!.p95).padStart(7)} ms`,
    );
  const at = (f: 'p50' | 'p95') => ({
    repositoryMs: stats.repository![f],
    subgraphOverRepositoryMs: round2(stats.subgraph![f] - stats.repository![f]),
    gatewayOverSubgraphMs: round2(stats.gateway![f] - stats.subgraph![f]),
    gatewayWalkMs: round2(stats.gateway![f] - stats.gatewayFloor![f]),
    gatewayToFloor: round2(stats.gateway![f] / stats.gatewayFloor![f]),
    ...(BEFORE
      ? {
          gatewayToBefore: round2(stats.gateway![f] / stats.beforeGateway![f]),
          beforeGatewayWalkMs: round2(stats.beforeGateway![f] - stats.beforeGatewayFloor![f]),
          subgraphToBefore: round2(stats.subgraph![f] / stats.beforeSubgraph![f]),
        }
      : {}),
  });
  const breakdown = { p50: at('p50'), p95: at('p95') };
  console.log(JSON.stringify(breakdown));
  writeFileSync(
    OUT,
    JSON.stringify(
      {
        benchmark: 'lineage-breakdown',
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        loadavg: {
          start: loadStart,
          end: loadEnd,
          note: 'os.loadavg() at the start and end of the measured rounds; 2 cores shared with other helpers',
        },
        settings: {
          batch: BATCH,
          nodes: NODES,
          direction: DIRECTION,
          depth: DEPTH,
          roots: roots.length,
          rounds: ROUNDS,
          query: QUERY,
          before: BEFORE,
          order: 'per root all series back to back, order rotating',
        },
        walk: {
          nodesMin: Math.min(...sizes),
          nodesMedian: median(sizes),
          nodesMax: Math.max(...sizes),
          answerBytesMedian: median(answerBytes),
        },
        series: stats,
        breakdown,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`wrote ${OUT}`);
} finally {
  for (const c of children) c.kill('SIGTERM');
  await driver.close();
}
