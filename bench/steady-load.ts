// Steady-load soak (issue #12 must-show): a fixed request rate, open loop (requests leave on schedule
// whatever the answers take, so a slow hub cannot hide by slowing the load), mixing GraphQL reads,
// full-text searches, predictions and lineage walks through the gateway of a hub this script starts in
// child processes under the supervisor (every subgraph, the gateway and a worker), so the RSS of EVERY
// process is read from /proc. Records errors (must be 0), p50/p99 per kind (from each request's
// scheduled time, so queueing counts), RSS per process per minute, supervisor restarts (must be 0), and
// the verdict "RSS flat": each process's last-minute mean within 10% of its second-minute mean.
// Needs the stack (npm run stack -- up); seeds the demo graph if it has no datasets (npm run seed).
// Usage: npm run bench:steady [-- --minutes 10 --rate 20 --warmup 20]
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createDriver } from '../lib/graph/driver.js';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { subgraphs } from '../subgraphs/index.js';
import { Supervisor } from '../scripts/supervisor.js';
import { createServer } from 'node:net';
import { percentile, token, waitForPort } from './support.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got "${process.argv[i + 1] ?? ''}"`);
  return value;
};
const minutes = arg('minutes', 10);
const rate = arg('rate', 20);
const warmupSeconds = arg('warmup', 20);
const RSS_EVERY_MS = 5_000;
const TOKEN_REFRESH_MS = 60_000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const tag = `bench-steady-${randomUUID().slice(0, 8)}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const LINEAGE = `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 5, first: 50) {
  truncated nodes { totalCount edges { node { id kind distance } } } edges { from to relationship } } }`;
const READ = '{ datasets(first: 10) { totalCount edges { node { id name } } } }';
const SEARCH = 'query($q: String!) { search(query: $q, first: 10) { edges { node { kind id name score } } } }';
const PREDICT =
  'mutation($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }';
const SEARCH_TERMS = ['transformer', '变压器', 'load forecast', '负荷预测', 'substation', '巡检', 'meter', 'OCR'];
type Kind = 'read' | 'search' | 'predict' | 'lineage';
const KINDS: Kind[] = ['read', 'search', 'predict', 'lineage'];

// 1. Data: the demo graph (seeded when empty).
const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/seed/cli.ts', '--if-empty'], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (seeded.status !== 0)
  throw new Error('seeding the demo graph failed (see above); is the stack up? (npm run stack -- up)');

// 2. The hub, as `npm start` runs it, on free ports; the worker on a task queue of its own.
// Quiet but for problems (the Temporal SDK logs its INFO lines on stderr).
const supervisor = new Supervisor({
  initialDelayMs: 500,
  output: (name, line) =>
    void (/\b(ERROR|WARN|Error)\b|error:/.test(line) && process.stderr.write(`[${name}] ${line}\n`)),
});
const ports: Record<string, number> = { gateway: await freePort() };
for (const s of subgraphs) ports[s.name] = await freePort();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  LOG_LEVEL: 'warn',
  GATEWAY_PORT: String(ports.gateway),
  PLINTH_TASK_QUEUE: tag,
};
for (const s of subgraphs) {
  env[`${s.name.toUpperCase()}_PORT`] = String(ports[s.name]);
  env[`${s.name.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[s.name]}/graphql`;
}
env.GATEWAY_URL = `http://127.0.0.1:${ports.gateway}/graphql`;
const node = (script: string) => ({ command: process.execPath, args: ['--import', 'tsx', script], env, cwd: repoRoot });
const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
const origin = `http://127.0.0.1:${ports.gateway}`;
const driver = createDriver();
let restartsSeen = 0;
supervisor.on('exit', () => void (restartsSeen += 1));

async function gql<T>(query: string, bearer: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(`HTTP ${res.status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  return body.data;
}

const ids: { service?: string; deployment?: string } = {};
async function cleanup(): Promise<void> {
  if (ids.deployment)
    await gql(`mutation { stopDeployment(id: "${ids.deployment}") { id } }`, await token('admin')).catch(
      () => undefined,
    );
  await driver.executeQuery(
    `MATCH (n) WHERE (n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag },
  );
}

try {
  for (const s of subgraphs) supervisor.start({ name: s.name, ...node(`subgraphs/${s.name}/server.ts`) });
  await Promise.all(subgraphs.map((s) => waitForPort(ports[s.name]!)));
  supervisor.start({ name: 'gateway', ...node('gateway/server.ts') });
  supervisor.start({ name: 'worker', ...node('workflows/worker.ts') });
  await waitForPort(ports.gateway!);
  restartsSeen = 0;

  // 3. What the mix needs: a small deployment behind a service (predictions), visible lineage ids.
  const tokens = { viewer: await token('viewer'), auditor: await token('auditor'), admin: await token('admin') };
  const admin = tokens.admin;
  const model = (
    await gql<{ registerModel: { id: string } }>(
      `mutation { registerModel(input: {name: "${tag} lr", task: "binary-classification", tags: ["${tag}"]}) { id } }`,
      admin,
    )
  ).registerModel.id;
  const upload = await fetch(`${origin}/api/models/${model}/versions?framework=hand-built`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/octet-stream',
      'x-plinth-metrics': JSON.stringify({ auc: 0.9 }),
    },
    body: Buffer.from(logisticRegressionModel([0.5, -1, 2, 0.25], 0.1)),
  });
  if (upload.status !== 201) throw new Error(`model upload: HTTP ${upload.status} ${await upload.text()}`);
  const version = ((await upload.json()) as { id: string }).id;
  const cluster = (
    await gql<{ registerCluster: { id: string } }>(
      `mutation { registerCluster(input: {name: "${tag} cluster", tags: ["${tag}"]}) { id } }`,
      admin,
    )
  ).registerCluster.id;
  const nodeId = (
    await gql<{ registerNode: { id: string } }>(
      `mutation { registerNode(input: {clusterId: "${cluster}", name: "${tag} node", hostname: "${tag}-host", tags: ["${tag}"]}) { id } }`,
      admin,
    )
  ).registerNode.id;
  const cpu = (
    await gql<{ registerAccelerator: { id: string } }>(
      `mutation { registerAccelerator(input: {name: "${tag} cpu", kind: CPU, vendor: "Intel", model: "Xeon", memoryMb: 8192, executionProviders: ["cpu"], nodeId: "${nodeId}", tags: ["${tag}"]}) { id } }`,
      admin,
    )
  ).registerAccelerator.id;
  ids.deployment = (
    await gql<{ createDeployment: { id: string } }>(
      'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }',
      admin,
      {
        i: { name: `${tag} main`, modelVersionId: version, acceleratorId: cpu, tags: [tag] },
      },
    )
  ).createDeployment.id;
  ids.service = (
    await gql<{ registerService: { id: string } }>(
      `mutation { registerService(input: {name: "${tag}", tags: ["${tag}"]}) { id } }`,
      admin,
    )
  ).registerService.id;
  await gql(
    `mutation { setServiceRoutes(serviceId: "${ids.service}", routes: [{deploymentId: "${ids.deployment}", weight: 100}]) { id } }`,
    admin,
  );
  const { records } = await driver.executeQuery(
    'MATCH (v:ModelVersion)-[:TRAINED_ON|DERIVED_FROM|USED|GENERATED]-() RETURN DISTINCT v.id AS id LIMIT 20',
  );
  const lineageIds: string[] = [];
  for (const r of records) {
    const data = await gql<{ lineage: { nodes: { totalCount: number } } | null }>(LINEAGE, tokens.auditor, {
      id: r.get('id') as string,
    });
    if (data.lineage && data.lineage.nodes.totalCount > 1) lineageIds.push(r.get('id') as string);
  }
  if (lineageIds.length === 0)
    throw new Error('no model version with lineage visible to the auditor; seed the graph (npm run seed)');

  const request = (kind: Kind, n: number): Promise<unknown> => {
    switch (kind) {
      case 'read':
        return gql(READ, tokens.viewer);
      case 'search':
        return gql(SEARCH, tokens.viewer, { q: SEARCH_TERMS[n % SEARCH_TERMS.length] });
      case 'predict':
        return gql(PREDICT, tokens.viewer, {
          s: ids.service,
          k: `k-${n}`,
          i: { x: { dtype: 'float32', shape: [1, 4], data: [n % 3, 1, -1, 0.5] } },
        });
      case 'lineage':
        return gql(LINEAGE, tokens.auditor, { id: lineageIds[n % lineageIds.length] });
    }
  };
  // Fresh tokens before the old ones expire; a failed refresh keeps the old ones (and shows up as errors).
  const refresher = setInterval(() => {
    void Promise.all([token('viewer'), token('auditor')]).then(
      ([viewer, auditor]) => Object.assign(tokens, { viewer, auditor }),
      () => undefined,
    );
  }, TOKEN_REFRESH_MS);

  // 4. The open-loop schedule: request i leaves at start + i / rate, kinds in rotation.
  async function run(seconds: number, record: boolean) {
    const latencies: Record<Kind, number[]> = { read: [], search: [], predict: [], lineage: [] };
    const errors: Record<Kind, number> = { read: 0, search: 0, predict: 0, lineage: 0 };
    const firstErrors: string[] = [];
    const rss: Record<string, { minute: number; mb: number }[]> = {};
    const inflight = new Set<Promise<void>>();
    const start = performance.now();
    const total = Math.floor(seconds * rate);
    let lastRss = -RSS_EVERY_MS;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const kind = KINDS[i % KINDS.length]!;
      const p = request(kind, i).then(
        () => void (record && latencies[kind].push(performance.now() - due)),
        (error: Error) => {
          if (!record) return;
          errors[kind] += 1;
          if (firstErrors.length < 10) firstErrors.push(`${kind}: ${error.message}`);
        },
      );
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      if (record && performance.now() - lastRss >= RSS_EVERY_MS) {
        lastRss = performance.now();
        const minute = Math.floor((lastRss - start) / 60_000) + 1;
        for (const proc of supervisor.list()) {
          let status = '';
          try {
            status = readFileSync(`/proc/${proc.pid}/status`, 'utf8');
          } catch {
            continue; // exited between list() and the read; the restart count reports it
          }
          const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
          if (kb > 0) (rss[proc.name] ??= []).push({ minute, mb: kb / 1024 });
        }
      }
    }
    await Promise.all([...inflight]);
    return { latencies, errors, firstErrors, rss, seconds: (performance.now() - start) / 1000, total };
  }

  console.log(
    `steady load: warm-up ${warmupSeconds} s, then ${minutes} min at ${rate} req/s (${KINDS.join(', ')} in rotation) through ${gatewayUrl}`,
  );
  await run(warmupSeconds, false);
  restartsSeen = 0;
  const result = await run(minutes * 60, true);
  clearInterval(refresher);

  const round = (x: number) => Math.round(x * 100) / 100;
  const perKind = Object.fromEntries(
    KINDS.map((k) => {
      const sorted = [...result.latencies[k]].sort((a, b) => a - b);
      return [
        k,
        {
          requests: sorted.length + result.errors[k],
          errors: result.errors[k],
          p50Ms: round(percentile(sorted, 0.5)),
          p99Ms: round(percentile(sorted, 0.99)),
        },
      ];
    }),
  );
  const meanOf = (xs: { minute: number; mb: number }[], minute: number) => {
    const m = xs.filter((x) => x.minute === minute);
    return m.reduce((s, x) => s + x.mb, 0) / m.length;
  };
  const lastMinute = Math.max(
    ...Object.values(result.rss)
      .flat()
      .map((x) => x.minute),
  );
  const rssPerMinute = Object.fromEntries(
    Object.entries(result.rss).map(([name, xs]) => [
      name,
      Array.from({ length: lastMinute }, (_, i) => round(meanOf(xs, i + 1))),
    ]),
  );
  const flat = Object.fromEntries(
    Object.entries(result.rss).map(([name, xs]) => {
      const second = meanOf(xs, Math.min(2, lastMinute));
      const last = meanOf(xs, lastMinute);
      return [
        name,
        {
          secondMinuteMb: round(second),
          lastMinuteMb: round(last),
          change: `${round(((last - second) / second) * 100)}%`,
          flat: Math.abs(last - second) / second <= 0.1,
        },
      ];
    }),
  );
  const totalErrors = Object.values(result.errors).reduce((a, b) => a + b, 0);
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model },
    config: {
      minutes,
      ratePerSecond: rate,
      warmupSeconds,
      mix: KINDS,
      openLoop: true,
      latencyFrom: 'scheduled send time',
      rssSampleEveryMs: RSS_EVERY_MS,
    },
    requests: result.total,
    achievedRate: round(result.total / result.seconds),
    errors: totalErrors,
    firstErrors: result.firstErrors,
    supervisorRestarts: restartsSeen,
    perKind,
    rssMbPerMinute: rssPerMinute,
    rssFlat: flat,
    verdict: {
      zeroErrors: totalErrors === 0 && restartsSeen === 0,
      rssFlat: Object.values(flat).every((f) => f.flat),
      rule:
        'RSS flat: each process, mean RSS of the last minute within 10% of the second minute' +
        (lastMinute < 3 ? ' (under 3 minutes the two minutes overlap: run --minutes 10 for the real verdict)' : ''),
    },
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/steady-load.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    JSON.stringify(
      { errors: report.errors, restarts: restartsSeen, perKind, rssFlat: flat, verdict: report.verdict },
      null,
      2,
    ),
  );
  console.log('written to bench/results/steady-load.json');
  if (!report.verdict.zeroErrors || !report.verdict.rssFlat) process.exitCode = 1;
} finally {
  await cleanup().catch((error: Error) => console.error(`cleanup: ${error.message}`));
  await driver.close();
  await supervisor.stop();
}
