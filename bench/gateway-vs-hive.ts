// Plinth's gateway against Hive Gateway (@graphql-hive/gateway, its defaults) and against the direct
// subgraph (issue #13). The same running subgraphs, the same supergraph (gateway/supergraph.graphql;
// Hive reads a copy whose subgraph URLs point at this run's ports, nothing else changed), the same token,
// the same queries at the same concurrency, with autocannon: `datasets(first: 10)` and `me` (one
// subgraph: direct, Plinth, Hive) and the cross-subgraph walk models → versions → deployments →
// accelerator → node (three subgraphs: Plinth, Hive). After a warm-up the targets alternate in rotating
// order each round; medians of the rounds, their ratios and p99 go to bench/results/gateway-vs-hive.json.
// The walk's data is a fixture this run creates (an org below HQ owning 5 models × 2 versions × 2
// deployments on 2 accelerators in 2 nodes) and deletes at the end; the walk filters models by that
// owner org, so that models other runs create meanwhile cannot change what it walks. The deployments
// are STOPPED: the serving subgraph would otherwise try to load their (absent) artifacts at start.
// Hive Gateway settings: bench/hive/gateway.config.ts (forwards `authorization`, nothing else changed).
// Needs the stack (npm run stack -- up). Usage: npm run bench:gateway [-- --rounds 3 --seconds 8 --connections 10
// --only walk,me --out file.json --port-base 4210]
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { config } from '../lib/config.js';
import { median, startScript, token, waitForPort } from './support.js';
import { assertWalkedWhole, createWalkFixture, deleteWalkFixture, walkOrg, walkQuery } from './walk-fixture.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 3);
const seconds = arg('seconds', 8);
const connections = arg('connections', 10);
const warmupSeconds = 3;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;
// `--before <dir>`: a checkout of the code before the loaders and the dedup (e.g. a git worktree of an
// older commit, with node_modules): its subgraphs and gateway run too, and the walk is measured through
// them as target `before`, alternating with the others in the same rounds.
const beforeTree = process.argv.includes('--before') ? process.argv[process.argv.indexOf('--before') + 1]! : null;
const out = process.argv.includes('--out')
  ? process.argv[process.argv.indexOf('--out') + 1]!
  : 'bench/results/gateway-vs-hive.json';

// `--port-base`: where this run's processes listen (base … base + 46), so that two runs on one host do not collide.
const BASE = arg('port-base', 4210);
const PORTS = {
  assets: BASE + 1,
  models: BASE + 2,
  serving: BASE + 3,
  compute: BASE + 4,
  lineage: BASE + 5,
  knowledge: BASE + 6,
} as const;
const PLINTH_PORT = BASE;
const HIVE_PORT = BASE + 10;
const BEFORE_PORT = BASE + 20;
const BEFORE_PORTS = Object.fromEntries(Object.entries(PORTS).map(([name, port]) => [name, port + 20])) as Record<
  keyof typeof PORTS,
  number
>;
const url = (port: number): string => `http://127.0.0.1:${port}/graphql`;
const tag = `bench-gw-${randomUUID().slice(0, 8)}`;

const WALK = walkQuery(tag);
const QUERIES = {
  datasets: {
    query: '{ datasets(first: 10) { totalCount edges { node { id name owner { id } } } } }',
    direct: 'assets' as const,
  },
  me: { query: '{ me { username roles } }', direct: 'assets' as const },
  walk: { query: WALK, direct: null, before: true },
};

type Target = 'direct' | 'plinth' | 'hive' | 'before';
interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(target: string, query: string, bearer: string, duration: number): Promise<Run> {
  const result = await autocannon({
    url: target,
    method: 'POST',
    connections,
    duration,
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query }),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

async function answer(target: string, query: string, bearer: string): Promise<unknown> {
  const res = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(`${target} did not answer cleanly: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body.data;
}

const commitOf = (dir: string): string =>
  execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();

const children: ChildProcess[] = [];
// Plinth's processes run at their default limits: the walk costs 6,732 by lib/graphql/cost.ts (each unpaged
// list priced at 10 items: 5 models × 10 versions × 10 deployments), within the default GRAPHQL_MAX_COST of
// 10,000. A --before tree older than that default (5,000) would refuse the walk, so it gets this tree's
// default. Hive Gateway has no cost limit by default.
const beforeCostEnv = { GRAPHQL_MAX_COST: String(config.limits.maxCost) };
const subgraphEnv = Object.fromEntries(
  Object.entries(PORTS).map(([name, port]) => [`${name.toUpperCase()}_PORT`, String(port)]),
);
const urlEnv = Object.fromEntries(
  Object.entries(PORTS).map(([name, port]) => [`${name.toUpperCase()}_URL`, url(port)]),
);

const loadStart = loadavg();
try {
  await createWalkFixture(tag, walkOrg(tag));
  for (const name of Object.keys(PORTS)) children.push(startScript([`subgraphs/${name}/server.ts`], subgraphEnv));
  children.push(startScript(['gateway/server.ts'], { GATEWAY_PORT: String(PLINTH_PORT), ...urlEnv }));
  // Hive: the committed supergraph, subgraph URLs rewritten to this run's ports.
  const supergraph = readFileSync('gateway/supergraph.graphql', 'utf8').replace(
    /@join__graph\(name: "(\w+)", url: "[^"]+"\)/g,
    (_m, name: keyof typeof PORTS) => `@join__graph(name: "${name}", url: "${url(PORTS[name])}")`,
  );
  const supergraphPath = join(mkdtempSync(join(tmpdir(), 'plinth-hive-')), 'supergraph.graphql');
  writeFileSync(supergraphPath, supergraph);
  const hiveBin = fileURLToPath(new URL('../node_modules/@graphql-hive/gateway/dist/bin.js', import.meta.url));
  children.push(
    spawn(
      process.execPath,
      [
        hiveBin,
        'supergraph',
        supergraphPath,
        '--port',
        String(HIVE_PORT),
        '--host',
        '127.0.0.1',
        '--config-path',
        'bench/hive/gateway.config.ts',
      ],
      {
        env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn' }, // as startScript runs Plinth's
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    ),
  );
  // On a busy 2-core host a process can take over a minute to start: wait up to three times waitForPort's.
  const started = async (ports: number[]): Promise<void> => {
    for (const port of ports) {
      for (let attempt = 1; ; attempt++) {
        try {
          await waitForPort(port);
          break;
        } catch (error) {
          if (attempt === 3) throw error;
        }
      }
    }
  };
  await started([...Object.values(PORTS), PLINTH_PORT, HIVE_PORT]);
  if (beforeTree) {
    const env = { ...process.env, NODE_ENV: 'production', ...beforeCostEnv, LOG_LEVEL: 'warn' };
    const run = (args: string[], extra: Record<string, string>) =>
      spawn(process.execPath, ['--import', 'tsx', ...args], {
        cwd: beforeTree,
        env: { ...env, ...extra },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    for (const [name, port] of Object.entries(BEFORE_PORTS))
      children.push(run([`subgraphs/${name}/server.ts`], { [`${name.toUpperCase()}_PORT`]: String(port) }));
    children.push(
      run(['gateway/server.ts'], {
        GATEWAY_PORT: String(BEFORE_PORT),
        ...Object.fromEntries(
          Object.entries(BEFORE_PORTS).map(([name, port]) => [`${name.toUpperCase()}_URL`, url(port)]),
        ),
      }),
    );
  }
  if (beforeTree) await started([...Object.values(BEFORE_PORTS), BEFORE_PORT]);
  const bearer = await token('viewer');
  const targets: Record<Target, (direct: string | null, before?: boolean) => string | null> = {
    direct: (direct) => (direct ? url(PORTS[direct as keyof typeof PORTS]) : null),
    plinth: () => url(PLINTH_PORT),
    hive: () => url(HIVE_PORT),
    before: (_direct, before) => (before && beforeTree ? url(BEFORE_PORT) : null),
  };
  const results: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(QUERIES).filter(([n]) => !only || only.includes(n))) {
    const { query, direct } = spec;
    const before = 'before' in spec;
    const at = (t: Target): string => targets[t](direct, before)!;
    const active = (['direct', 'plinth', 'hive', 'before'] as Target[]).filter((t) => targets[t](direct, before));
    console.log(`\n${name}: warm-up (${active.join(', ')})`);
    // The same answer from every target, before anything is timed.
    const answers = await Promise.all(active.map((t) => answer(at(t), query, bearer)));
    for (const a of answers.slice(1))
      if (JSON.stringify(a) !== JSON.stringify(answers[0])) throw new Error(`${name}: targets answered differently`);
    if (name === 'walk') {
      assertWalkedWhole(answers[0]);
    }
    for (const t of active) await load(at(t), query, bearer, warmupSeconds);
    const runs = Object.fromEntries(active.map((t) => [t, [] as Run[]])) as Record<Target, Run[]>;
    for (let r = 0; r < rounds; r++) {
      const order = active.map((_, i) => active[(i + r) % active.length]!);
      for (const t of order) {
        const run = await load(at(t), query, bearer, seconds);
        if (run.errors > 0) throw new Error(`${name} via ${t}: ${run.errors} errors`);
        runs[t].push(run);
        console.log(
          `  round ${r + 1} ${t.padEnd(6)} ${run.rps.toFixed(0)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms`,
        );
      }
    }
    const med = (t: Target, k: keyof Run) => median(runs[t].map((x) => x[k]));
    const summary = Object.fromEntries(
      active.map((t) => [t, { rps: med(t, 'rps'), p50: med(t, 'p50'), p99: med(t, 'p99') }]),
    );
    const ratios = {
      plinthToHive: Number((med('plinth', 'rps') / med('hive', 'rps')).toFixed(3)),
      ...(runs.direct ? { plinthToDirect: Number((med('plinth', 'rps') / med('direct', 'rps')).toFixed(3)) } : {}),
      ...(runs.before ? { plinthToBefore: Number((med('plinth', 'rps') / med('before', 'rps')).toFixed(3)) } : {}),
    };
    results[name] = { query, medians: summary, ratios, runs };
    console.log(`  ${name}: ${JSON.stringify(summary)} ${JSON.stringify(ratios)}`);
  }
  const loadEnd = loadavg();
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        benchmark: 'gateway-vs-hive',
        date: new Date().toISOString(),
        machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
        loadavg: {
          start: loadStart,
          end: loadEnd,
          note: 'other work shared the machine when the 1-minute figure exceeds ~1',
        },
        settings: {
          rounds,
          seconds,
          connections,
          warmupSeconds,
          token: 'one token (demo user viewer, org hq)',
          graphqlMaxCost: `${config.limits.maxCost} (the default; the walk costs 6,732)`,
          before: beforeTree ? `${beforeTree} (${commitOf(beforeTree)})` : null,
        },
        hive: {
          package: '@graphql-hive/gateway 2.15.1 (CLI: supergraph <file>, single process: its default fork of 1)',
          config:
            'bench/hive/gateway.config.ts: propagateHeaders forwards the client authorization header; everything else default',
        },
        targets: {
          walk: '>= 1.2x Hive throughput; p99 <= 50 ms at 10 connections through the gateway',
          datasets: '>= 1.2x Hive, >= 0.6x direct',
          me: '>= 1.2x Hive, >= 0.6x direct',
        },
        results,
      },
      null,
      2,
    ) + '\n',
  );
  console.log(`\nwrote ${out}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  await deleteWalkFixture(tag);
}
