// Gateway overhead benchmark: the same one-subgraph query sent straight to the assets subgraph (the
// baseline), through Plinth's gateway, and through the gateway wired as the packages document it
// (GATEWAY_MODE=stock), with autocannon. All processes run the whole time (same process set); after a
// warm-up the targets alternate in rotating order, and ratios of medians to the baseline measured in
// the same run are written to bench/results/.
// Needs the stack (npm run stack -- up). Usage: npm run bench [-- --rounds 3 --seconds 8 --connections 10]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import autocannon from 'autocannon';
import { median, startScript, token, waitForPort } from './support.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 3);
const seconds = arg('seconds', 8);
const connections = arg('connections', 10);
const SUBGRAPH_PORT = 4101;
const GATEWAY_PORT = 4100;
const STOCK_PORT = 4102;

const queries = {
  datasets: '{ datasets(first: 10) { totalCount edges { node { id name owner { id } } } } }',
  me: '{ me { username roles } }',
};

async function load(
  url: string,
  query: string,
  bearer: string,
  duration: number,
): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query }),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const subgraph = startScript(['subgraphs/assets/server.ts'], { ASSETS_PORT: String(SUBGRAPH_PORT) });
const gateway = startScript(['gateway/server.ts'], {
  GATEWAY_PORT: String(GATEWAY_PORT),
  ASSETS_URL: `http://127.0.0.1:${SUBGRAPH_PORT}/graphql`,
});
const stock = startScript(['gateway/server.ts'], {
  GATEWAY_PORT: String(STOCK_PORT),
  GATEWAY_MODE: 'stock',
  ASSETS_URL: `http://127.0.0.1:${SUBGRAPH_PORT}/graphql`,
});
type Target = 'direct' | 'gateway' | 'stock';
const TARGETS: Target[] = ['direct', 'gateway', 'stock'];

async function sanityCheck(url: string, query: string, bearer: string): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(
      `${url} did not answer the query cleanly: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`,
    );
}
try {
  await Promise.all([waitForPort(SUBGRAPH_PORT), waitForPort(GATEWAY_PORT), waitForPort(STOCK_PORT)]);
  const bearer = await token('viewer');
  const targets: Record<Target, string> = {
    direct: `http://127.0.0.1:${SUBGRAPH_PORT}/graphql`,
    gateway: `http://127.0.0.1:${GATEWAY_PORT}/graphql`,
    stock: `http://127.0.0.1:${STOCK_PORT}/graphql`,
  };
  const report: Record<string, unknown> = {};
  for (const [name, query] of Object.entries(queries)) {
    console.log(`\n${name}: warm-up`);
    for (const target of TARGETS) {
      await sanityCheck(targets[target], query, bearer);
      await load(targets[target], query, bearer, 3);
    }
    const runs: Record<Target, { rps: number; p50: number; p99: number; errors: number }[]> = {
      direct: [],
      gateway: [],
      stock: [],
    };
    for (let r = 0; r < rounds; r++) {
      // Rotate the order each round so drift (JIT, GC, page cache) favours no target.
      const order = TARGETS.map((_, i) => TARGETS[(i + r) % TARGETS.length]!);
      for (const target of order) {
        const result = await load(targets[target], query, bearer, seconds);
        if (result.errors > 0) throw new Error(`${target} returned ${result.errors} errors`);
        runs[target].push(result);
        console.log(
          `  round ${r + 1} ${target.padEnd(7)} ${result.rps.toFixed(0)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms`,
        );
      }
    }
    const med = Object.fromEntries(TARGETS.map((t) => [t, median(runs[t].map((x) => x.rps))])) as Record<
      Target,
      number
    >;
    const ratio = {
      gateway: Number((med.gateway / med.direct).toFixed(3)),
      stockGateway: Number((med.stock / med.direct).toFixed(3)),
    };
    report[name] = { query, runs, medianRps: med, ratioToDirect: ratio };
    console.log(
      `  ${name}: gateway/direct = ${ratio.gateway}, stock gateway/direct = ${ratio.stockGateway} (median req/s: direct ${med.direct.toFixed(0)}, gateway ${med.gateway.toFixed(0)}, stock ${med.stock.toFixed(0)})`,
    );
  }
  mkdirSync('bench/results', { recursive: true });
  const out = {
    benchmark: 'gateway-vs-subgraph',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    settings: { rounds, seconds, connections, warmupSeconds: 3 },
    target: 'gateway throughput >= 0.5x direct subgraph for a one-subgraph query',
    results: report,
  };
  writeFileSync('bench/results/gateway-vs-subgraph.json', JSON.stringify(out, null, 2) + '\n');
  console.log('\nwrote bench/results/gateway-vs-subgraph.json');
} finally {
  for (const child of [subgraph, gateway, stock]) child.kill('SIGTERM');
}
