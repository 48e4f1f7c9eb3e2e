// Where one cross-subgraph walk's time goes (issue #13): the walk through Plinth's gateway, one request at
// a time, against each of its subgraph fetches sent straight to its subgraph, one at a time, with the
// same body the gateway sent (recorded once through a second gateway whose subgraph URLs point at
// recording proxies). Walk minus the sum of its fetches is the gateway's own share (planning, merging,
// HTTP, token check). Medians of `--n` sequential requests each, so load on a shared host moves them
// less than throughput. `--cpu-prof <dir>` runs the gateway and subgraphs under `node --cpu-prof`.
// Needs the stack. Usage: npx tsx bench/walk-profile.ts [--n 300 --port-base 4610 --cpu-prof /tmp/prof]
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { Pool } from 'undici';
import { median, percentile, token, waitForPort } from './support.js';
import { assertWalkedWhole, createWalkFixture, deleteWalkFixture, walkOrg, walkQuery } from './walk-fixture.js';

const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const n = Number(argOf('n') ?? 300);
const base = Number(argOf('port-base') ?? 4610);
const cpuProf = argOf('cpu-prof');

const NAMES = ['assets', 'models', 'serving', 'compute', 'lineage', 'knowledge'] as const;
const port = (i: number): number => base + 1 + i;
const proxyPort = (i: number): number => base + 11 + i;
const GATEWAY = base;
const RECORDING_GATEWAY = base + 10;
const url = (p: number): string => `http://127.0.0.1:${p}/graphql`;

const children: ChildProcess[] = [];
/** Process name → child, for its CPU time. */
const named = new Map<string, ChildProcess>();
function start(name: string, args: string[], env: Record<string, string>): void {
  const prof = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', ...args], {
    env: { ...process.env, NODE_ENV: 'production', ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  named.set(name, child);
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface Recorded {
  subgraph: string;
  body: string;
}
const recorded: Recorded[] = [];
let recording = false;

/** Forwards to subgraph `i`, recording the bodies while `recording`. */
function recordingProxy(i: number) {
  const pool = new Pool(`http://127.0.0.1:${port(i)}`, { connections: 16 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (recording) recorded.push({ subgraph: NAMES[i]!, body });
      pool
        .request({ path: '/graphql', method: 'POST', headers: req.headers, body })
        .then(async (up) => {
          res.writeHead(up.statusCode, { 'content-type': 'application/json' });
          res.end(await up.body.text());
        })
        .catch((error: Error) => {
          res.writeHead(502);
          res.end(error.message);
        });
    });
  });
  server.listen(proxyPort(i), '127.0.0.1');
  return server;
}

async function timed(pool: Pool, path: string, body: string, bearer: string): Promise<number> {
  const began = performance.now();
  const res = await pool.request({
    path,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${bearer}` },
    body,
  });
  const text = await res.body.text();
  const ms = performance.now() - began;
  if (res.statusCode !== 200 || text.includes('"errors"'))
    throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
  return ms;
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return {
    p50: Number(median(xs).toFixed(2)),
    p90: Number(percentile(sorted, 0.9).toFixed(2)),
    p99: Number(percentile(sorted, 0.99).toFixed(2)),
  };
};

const tag = `bench-walkprof-${randomUUID().slice(0, 8)}`;
const loadStart = loadavg()[0]!;
const proxies = NAMES.map((_, i) => recordingProxy(i));
try {
  await createWalkFixture(tag, walkOrg(tag));
  NAMES.forEach((name, i) =>
    start(name, [`subgraphs/${name}/server.ts`], { [`${name.toUpperCase()}_PORT`]: String(port(i)) }),
  );
  const urls = (p: (i: number) => number) =>
    Object.fromEntries(NAMES.map((name, i) => [`${name.toUpperCase()}_URL`, url(p(i))]));
  start('gateway', ['gateway/server.ts'], { GATEWAY_PORT: String(GATEWAY), ...urls(port) });
  start('recording-gateway', ['gateway/server.ts'], { GATEWAY_PORT: String(RECORDING_GATEWAY), ...urls(proxyPort) });
  for (const p of [...NAMES.map((_, i) => port(i)), GATEWAY, RECORDING_GATEWAY]) await waitForPort(p);
  // Let start-up work settle (serving loads the models of the graph's running deployments at start).
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const bearer = await token('viewer');
  const query = JSON.stringify({ query: walkQuery(tag) });

  const recorder = new Pool(`http://127.0.0.1:${RECORDING_GATEWAY}`, { connections: 1 });
  recording = true;
  const first = await recorder.request({
    path: '/graphql',
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: query,
  });
  const answer = (await first.body.json()) as { data?: unknown };
  if (!answer.data) throw new Error(`recording walk failed: ${JSON.stringify(answer).slice(0, 500)}`);
  assertWalkedWhole(answer.data);
  recording = false;
  await recorder.close();

  const gateway = new Pool(`http://127.0.0.1:${GATEWAY}`, { connections: 1 });
  const direct = Object.fromEntries(
    NAMES.map((name, i) => [name, new Pool(`http://127.0.0.1:${port(i)}`, { connections: 1 })]),
  );
  // Warm-up, then the measured runs interleaved (walk, fetch 1, fetch 2, …) so drifting load hits all alike.
  for (let k = 0; k < 50; k++) {
    await timed(gateway, '/graphql', query, bearer);
    for (const r of recorded) await timed(direct[r.subgraph]!, '/graphql', r.body, bearer);
  }
  const walk: number[] = [];
  const hops: number[][] = recorded.map(() => []);
  for (let k = 0; k < n; k++) {
    walk.push(await timed(gateway, '/graphql', query, bearer));
    for (const [j, r] of recorded.entries())
      hops[j]!.push(await timed(direct[r.subgraph]!, '/graphql', r.body, bearer));
  }
  // CPU per walk of each process, over walks alone (no direct fetches in between): what throughput at
  // 10 connections is bound by on a 2-core host. Neo4j's share is not here (shared with other work).
  const cpuOf = (): Record<string, number> =>
    Object.fromEntries(['gateway', 'models', 'serving', 'compute'].map((name) => [name, cpuMs(named.get(name)!.pid!)]));
  const cpuBefore = cpuOf();
  for (let k = 0; k < n; k++) await timed(gateway, '/graphql', query, bearer);
  const cpuAfter = cpuOf();
  const cpuPerWalk = Object.fromEntries(
    Object.keys(cpuBefore).map((name) => [name, Number(((cpuAfter[name]! - cpuBefore[name]!) / n).toFixed(2))]),
  );
  const sumOfHops = median(walk.map((_, k) => hops.reduce((s, h) => s + h[k]!, 0)));
  console.log(
    JSON.stringify(
      {
        n,
        loadavg1: { start: loadStart, end: loadavg()[0] },
        walk: stats(walk),
        fetches: recorded.map((r, j) => ({
          subgraph: r.subgraph,
          body: r.body.length > 160 ? `${r.body.slice(0, 160)}…` : r.body,
          ...stats(hops[j]!),
        })),
        sumOfFetchesP50: Number(sumOfHops.toFixed(2)),
        gatewayShareP50: Number((median(walk) - sumOfHops).toFixed(2)),
        cpuMsPerWalk: cpuPerWalk,
      },
      null,
      2,
    ),
  );
  await gateway.close();
  for (const pool of Object.values(direct)) await pool.close();
} finally {
  for (const child of children) child.kill('SIGTERM');
  for (const proxy of proxies) proxy.close();
  await deleteWalkFixture(tag);
}
