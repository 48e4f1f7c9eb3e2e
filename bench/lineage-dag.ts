// Lineage DAG benchmark: upstream lineage at depth 10 on a synthetic lineage graph of 1,000,000 nodes,
// Plinth (gateway → lineage subgraph → Neo4j) against PostgreSQL with a recursive CTE (the way Marquez
// stores and walks lineage) as the peer, loaded with the same nodes and edges.
//
// The DAG, deterministic from --seed, layered like real lineage: raw DatasetVersions; derived
// DatasetVersions in generations, each DERIVED_FROM 2-3 parents near it in the generation before (now and
// then two generations back); TrainingRuns that USED 2-3 derived versions and GENERATED one ModelVersion
// each; Deployments that SERVE a model version; Services that ROUTE_TO 1-2 deployments. Every node carries
// `benchBatch` and (except TrainingRuns, ownerless in the ontology) ownerOrgId 'hq'. Written to Neo4j with
// UNWIND batches; the same nodes and edges are written to CSV and loaded into a throwaway PostgreSQL
// cluster with \copy.
//
// The question: upstream lineage at --depth (10) from a deterministic sample of Services and Deployments.
// Both sides are asked over HTTP: Plinth through the real gateway (`lineage(id, direction: UPSTREAM,
// depth: 10)`, `auditor` token); PostgreSQL through a small HTTP wrapper (this script with --serve-pg, a
// pg pool) around one recursive-CTE statement. Rounds alternate the sides: sequential requests (p50, p95,
// p99) then autocannon (throughput). Writes bench/results/lineage-dag.json; removes the generated nodes
// (unless --keep or --reuse) and stops the PostgreSQL cluster.
// Needs the stack (npm run stack -- up) and migrations. Usage:
//   npm run bench:lineage [-- --nodes 1000000 --seed 42 --rounds 3 --requests 100 --seconds 8 --connections 8 --keep]
//   npm run bench:lineage -- --reuse <batch> [--nodes N --seed S ...]
//                                                  measures again on a batch kept by an earlier --keep run
//                                                  (same --nodes and --seed): nothing is written to Neo4j,
//                                                  the same DAG is regenerated for PostgreSQL only, and
//                                                  the batch stays in Neo4j afterwards
//   npm run bench:lineage -- --cleanup <batch>     removes a kept batch from Neo4j
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import cliProgress from 'cli-progress';
import type { Driver } from 'neo4j-driver';
import pg from 'pg';
import { plinthHome } from '../lib/config.js';
import { createDriver } from '../lib/graph/driver.js';
import { Label, Rel } from '../lib/graph/ontology.js';
import { median, percentile, startScript, token, waitForPort } from './support.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string, fallback: number): number => (opt(name) === undefined ? fallback : Number(opt(name)));
const NODES = num('nodes', 1_000_000);
const SEED = num('seed', 42);
const BATCH = num('batch', 10_000);
const DEPTH = num('depth', 10);
const SAMPLES = num('samples', 200);
const REQUESTS = num('requests', 100);
const ROUNDS = num('rounds', 3);
const SECONDS = num('seconds', 8);
const CONNECTIONS = num('connections', 8);
const REUSE = opt('reuse');
const KEEP = argv.includes('--keep') || REUSE !== undefined;
const LINEAGE_PORT = 4301;
const GATEWAY_PORT = 4300;
const PG_HTTP_PORT = 4302;
/** Derived dataset-version generations, and how far (±) a parent may sit from the proportional position. */
const GENERATIONS = 8;
const WINDOW = 8;

/** Deterministic pseudo-random numbers (mulberry32), so two runs generate the same graph. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------
// The DAG

interface Link { rel: Rel; to: Layer }
interface Layer { key: string; label: Label; count: number; links: Link[]; props: (i: number) => Record<string, unknown> }

function plan(batch: string): Layer[] {
  const raw = Math.max(1, Math.round(NODES * 0.15));
  const derived = Math.max(GENERATIONS, Math.round(NODES * 0.45));
  const mv = Math.max(1, Math.round(NODES * 0.12));
  const dep = Math.max(1, Math.round(NODES * 0.1));
  const svc = Math.max(1, NODES - raw - derived - 2 * mv - dep);
  const base = (key: string, i: number, owned = true): Record<string, unknown> => ({
    id: `lb-${batch}-${key}-${i}`,
    name: `lineage bench ${batch} ${key} ${i}`,
    ...(owned ? { ownerOrgId: 'hq' } : {}),
    createdBy: 'bench',
    archived: false,
    benchBatch: batch,
  });
  const dv = (key: string) => (i: number) => ({
    ...base(key, i), datasetId: `lb-${batch}-ds-${key}-${i}`, version: 1, format: 'PARQUET', rowCount: 1000,
    storageUri: `s3://bench/${key}/${i}`, contentHash: `${key}-${i}`, schema: '{}',
  });
  const layers: Layer[] = [{ key: 'raw', label: Label.DatasetVersion, count: raw, links: [], props: dv('raw') }];
  for (let g = 1; g <= GENERATIONS; g++) {
    const count = Math.floor(derived / GENERATIONS) + (g <= derived % GENERATIONS ? 1 : 0);
    const prev = layers[g - 1]!;
    const skip = layers[Math.max(0, g - 2)]!;
    layers.push({ key: `d${g}`, label: Label.DatasetVersion, count, links: [{ rel: Rel.DERIVED_FROM, to: prev }, { rel: Rel.DERIVED_FROM, to: skip }], props: dv(`d${g}`) });
  }
  const mvLayer: Layer = {
    key: 'mv', label: Label.ModelVersion, count: mv, links: [],
    props: (i) => ({ ...base('mv', i), modelId: `lb-${batch}-m-${i}`, version: 1, format: 'ONNX', framework: 'onnx', aliases: [] }),
  };
  layers.push(mvLayer);
  // A training run uses versions of one of the later generations; the first of its links is filled per run.
  layers.push({
    key: 'tr', label: Label.TrainingRun, count: mv, links: [{ rel: Rel.USED, to: layers[GENERATIONS]! }, { rel: Rel.GENERATED, to: mvLayer }],
    props: (i) => ({ ...base('tr', i, false), status: 'COMPLETED', algorithm: 'bench' }),
  });
  const depLayer: Layer = {
    key: 'dep', label: Label.Deployment, count: dep, links: [{ rel: Rel.SERVES, to: mvLayer }],
    props: (i) => ({ ...base('dep', i), status: 'READY', executionProvider: 'cpu', replicas: 1 }),
  };
  layers.push(depLayer);
  layers.push({
    key: 'svc', label: Label.Service, count: svc, links: [{ rel: Rel.ROUTES_TO, to: depLayer }],
    props: (i) => ({ ...base('svc', i), endpoint: `/bench/${i}` }),
  });
  return layers;
}

const idOf = (batch: string, layer: Layer, i: number): string => `lb-${batch}-${layer.key}-${i}`;

/** Targets of each link of node `i` of `layer`, as indexes into the link's target layer. */
function targets(layers: Layer[], layer: Layer, i: number, random: () => number): { link: Link; to: Layer; indexes: number[] }[] {
  const near = (to: Layer, count: number): number[] => {
    const centre = Math.floor(((i + 0.5) * to.count) / layer.count);
    const out = new Set<number>();
    for (let k = 0; k < count; k++) out.add(Math.min(to.count - 1, Math.max(0, centre + Math.floor(random() * (2 * WINDOW + 1)) - WINDOW)));
    return [...out];
  };
  if (/^d\d+$/.test(layer.key)) {
    // 2-3 parents; each from the generation before, or (15%) from two generations back.
    const n = random() < 0.4 ? 3 : 2;
    let prev = 0;
    for (let k = 0; k < n; k++) if (random() >= 0.15) prev++;
    const [a, b] = layer.links;
    return [
      { link: a!, to: a!.to, indexes: near(a!.to, prev) },
      { link: b!, to: b!.to, indexes: near(b!.to, n - prev) },
    ];
  }
  if (layer.key === 'tr') {
    const gen = layers[4 + Math.floor(random() * (GENERATIONS - 3))]!;
    const n = random() < 0.4 ? 3 : 2;
    return [
      { link: layer.links[0]!, to: gen, indexes: near(gen, n) },
      { link: layer.links[1]!, to: layer.links[1]!.to, indexes: [i] },
    ];
  }
  if (layer.key === 'dep') return [{ link: layer.links[0]!, to: layer.links[0]!.to, indexes: [Math.floor(random() * layer.links[0]!.to.count)] }];
  if (layer.key === 'svc') {
    const to = layer.links[0]!.to;
    const n = random() < 0.4 ? 2 : 1;
    return [{ link: layer.links[0]!, to, indexes: [...new Set(Array.from({ length: n }, () => Math.floor(random() * to.count)))] }];
  }
  return [];
}

interface Generated { seconds: number; nodes: number; edges: number; byLayer: Record<string, number>; edgesByRel: Record<string, number> }

/** Writes the DAG to Neo4j (UNWIND batches; skipped with `toNeo4j` false, for --reuse) and to CSV files for PostgreSQL. */
async function generate(driver: Driver, batch: string, layers: Layer[], csvDir: string, toNeo4j = true): Promise<Generated> {
  mkdirSync(csvDir, { recursive: true });
  const nodesCsv = join(csvDir, 'nodes.csv');
  const edgesCsv = join(csvDir, 'edges.csv');
  writeFileSync(nodesCsv, '');
  writeFileSync(edgesCsv, '');
  const random = rng(SEED);
  const bar = new cliProgress.SingleBar({ format: 'generating {bar} {value}/{total} nodes  {layer}  {eta}s left', hideCursor: true }, cliProgress.Presets.shades_classic);
  const total = layers.reduce((s, l) => s + l.count, 0);
  const started = Date.now();
  bar.start(total, 0, { layer: '' });
  let done = 0;
  let edges = 0;
  const byLayer: Record<string, number> = {};
  const edgesByRel: Record<string, number> = {};
  for (const layer of layers) {
    byLayer[layer.key] = layer.count;
    // Labels and relationship types are ontology constants; every value is a parameter. A link's target
    // label is the same whichever layer of it a node picks (all dataset-version generations are DatasetVersion).
    const calls = layer.links.map((link, k) => `CALL { WITH n, r UNWIND r.l${k} AS t MATCH (m:${link.to.label} {id: t}) CREATE (n)-[:${link.rel}]->(m) }`);
    const cypher = `UNWIND $rows AS r
      CREATE (n:${layer.label}) SET n = r.p, n.createdAt = datetime()
      ${calls.length ? 'WITH n, r\n' + calls.join('\n') : ''}`;
    for (let start = 0; start < layer.count; start += BATCH) {
      const end = Math.min(layer.count, start + BATCH);
      const rows: Record<string, unknown>[] = [];
      let nodeLines = '';
      let edgeLines = '';
      for (let i = start; i < end; i++) {
        const p = layer.props(i);
        const row: Record<string, unknown> = { p };
        for (const [k, t] of targets(layers, layer, i, random).entries()) {
          const ids = t.indexes.map((x) => idOf(batch, t.to, x));
          row[`l${k}`] = ids;
          for (const to of ids) edgeLines += `${p.id as string},${to},${t.link.rel}\n`;
          edges += ids.length;
          edgesByRel[t.link.rel] = (edgesByRel[t.link.rel] ?? 0) + ids.length;
        }
        rows.push(row);
        nodeLines += `${p.id as string},${layer.label},${p.name as string}\n`;
      }
      if (toNeo4j) await driver.executeQuery(cypher, { rows });
      appendFileSync(nodesCsv, nodeLines);
      appendFileSync(edgesCsv, edgeLines);
      done += rows.length;
      bar.update(done, { layer: layer.key });
    }
  }
  bar.stop();
  return { seconds: (Date.now() - started) / 1000, nodes: done, edges, byLayer, edgesByRel };
}

/** --reuse: the kept batch must hold exactly the layers this --nodes plans (first and last node of each, nothing past it). */
async function checkKept(driver: Driver, batch: string, layers: Layer[]): Promise<void> {
  for (const layer of layers) {
    const ids = [idOf(batch, layer, 0), idOf(batch, layer, layer.count - 1), idOf(batch, layer, layer.count)];
    const res = await driver.executeQuery(`UNWIND $ids AS id OPTIONAL MATCH (n:${layer.label} {id: id}) RETURN n IS NOT NULL AS found`, { ids });
    const found = res.records.map((r) => r.get('found') as boolean);
    if (!found[0] || !found[1] || found[2]) {
      throw new Error(`--reuse ${batch}: Neo4j does not hold layer ${layer.key} as planned for --nodes ${NODES}; was it kept with other --nodes/--seed, or removed?`);
    }
  }
}

const BENCH_LABELS = [Label.Service, Label.Deployment, Label.TrainingRun, Label.ModelVersion, Label.DatasetVersion];

/** Removes the batch: by id through the unique indexes when the plan is known, then a sweep by `benchBatch`. */
async function cleanup(driver: Driver, batch: string, layers: Layer[] | null): Promise<number> {
  let removed = 0;
  const bar = new cliProgress.SingleBar({ format: 'removing   {bar} {value}/{total} nodes', hideCursor: true }, cliProgress.Presets.shades_classic);
  bar.start(layers ? layers.reduce((s, l) => s + l.count, 0) : 0, 0);
  for (const layer of [...(layers ?? [])].reverse()) {
    for (let start = 0; start < layer.count; start += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, layer.count - start) }, (_, k) => idOf(batch, layer, start + k));
      const res = await driver.executeQuery(`UNWIND $ids AS id MATCH (n:${layer.label} {id: id}) DETACH DELETE n RETURN count(*) AS n`, { ids });
      removed += res.records[0]!.get('n') as number;
      bar.update(removed);
    }
  }
  for (const label of BENCH_LABELS) {
    for (;;) {
      const res = await driver.executeQuery(`MATCH (n:${label}) WHERE n.benchBatch = $batch WITH n LIMIT ${BATCH} DETACH DELETE n RETURN count(*) AS n`, { batch });
      const n = res.records[0]!.get('n') as number;
      removed += n;
      bar.update(removed);
      if (n === 0) break;
    }
  }
  bar.stop();
  return removed;
}

// ---------------------------------------------------------------------------------------------------
// PostgreSQL peer

/** Upstream as Plinth defines it for these kinds: ROUTES_TO, SERVES, USED, DERIVED_FROM forwards; GENERATED backwards. */
export const PG_UPSTREAM = `WITH RECURSIVE walk(id, depth) AS (
    SELECT id, 0 FROM nodes WHERE id = $1
  UNION
    SELECT nxt.id, w.depth + 1
    FROM walk w
    CROSS JOIN LATERAL (
      SELECT e.to_id AS id FROM edges e WHERE e.from_id = w.id AND e.rel IN ('ROUTES_TO', 'SERVES', 'USED', 'DERIVED_FROM')
      UNION ALL
      SELECT e.from_id FROM edges e WHERE e.to_id = w.id AND e.rel = 'GENERATED'
    ) nxt
    WHERE w.depth < $2
  ),
  seen AS (SELECT id, min(depth) AS distance FROM walk GROUP BY id)
SELECT s.id, n.label, n.name, s.distance,
       (SELECT coalesce(json_agg(json_build_object('to', e.to_id, 'rel', e.rel)), '[]'::json)
          FROM edges e WHERE e.from_id = s.id AND e.to_id IN (SELECT id FROM seen)) AS out
FROM seen s JOIN nodes n USING (id)
ORDER BY s.distance, s.id`;

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const find = (): string[] =>
    existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  let versions = find();
  if (versions.length === 0 && process.getuid?.() === 0) {
    console.log('PostgreSQL server binaries missing: apt-get install -y postgresql');
    execFileSync('sh', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql'], { stdio: 'inherit' });
    versions = find();
  }
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install them (as root) with `apt-get update && apt-get install -y postgresql`');
  }
  return join(root, versions[0]!, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface PgCluster { bin: string; dir: string; port: number; asRoot: boolean }

/** PostgreSQL refuses to run as root: then the cluster runs as the `postgres` user, in a directory it can reach. */
function pgRun(cluster: PgCluster, cmd: string, args: string[]): void {
  const [file, all] = cluster.asRoot ? ['runuser', ['-u', 'postgres', '--', join(cluster.bin, cmd), ...args]] : [join(cluster.bin, cmd), args];
  const res = spawnSync(file, all, { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`${cmd} failed (${res.status}): ${res.stderr || res.stdout}`);
}

async function startPg(): Promise<PgCluster> {
  const bin = pgBin();
  const asRoot = process.getuid?.() === 0;
  // ~/.cache/plinth/pg-bench, except as root, where the `postgres` user can't enter /root.
  const dir = asRoot ? '/var/tmp/plinth/pg-bench' : join(plinthHome, 'pg-bench', 'cluster');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (asRoot) {
    const { uid, gid } = JSON.parse(execFileSync('sh', ['-c', 'printf \'{"uid":%s,"gid":%s}\' "$(id -u postgres)" "$(id -g postgres)"'], { encoding: 'utf8' })) as { uid: number; gid: number };
    chownSync(dir, uid, gid);
  }
  const cluster = { bin, dir, port: await freePort(), asRoot };
  pgRun(cluster, 'initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const settings = `-p ${cluster.port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c work_mem=64MB -c effective_cache_size=4GB -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_wal_size=4GB -c maintenance_work_mem=512MB`;
  pgRun(cluster, 'pg_ctl', ['-D', join(dir, 'data'), '-l', join(dir, 'server.log'), '-o', settings, '-w', 'start']);
  return cluster;
}

function stopPg(cluster: PgCluster): void {
  try {
    pgRun(cluster, 'pg_ctl', ['-D', join(cluster.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  } catch (error) {
    console.error(`stopping PostgreSQL: ${(error as Error).message}`);
  }
  rmSync(cluster.dir, { recursive: true, force: true });
}

/** Loads the CSV files with psql \copy, then builds the key and both edge indexes. */
function loadPg(cluster: PgCluster, csvDir: string): { copySeconds: number; indexSeconds: number } {
  const psql = (sql: string): void => {
    const res = spawnSync(join(cluster.bin, 'psql'), ['-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
  };
  psql('CREATE TABLE nodes (id text NOT NULL, label text NOT NULL, name text NOT NULL); CREATE TABLE edges (from_id text NOT NULL, to_id text NOT NULL, rel text NOT NULL);');
  let t = performance.now();
  psql(`\\copy nodes FROM '${join(csvDir, 'nodes.csv')}' WITH (FORMAT csv)`);
  psql(`\\copy edges FROM '${join(csvDir, 'edges.csv')}' WITH (FORMAT csv)`);
  const copySeconds = (performance.now() - t) / 1000;
  t = performance.now();
  psql('ALTER TABLE nodes ADD PRIMARY KEY (id)');
  psql('CREATE INDEX edges_from ON edges (from_id, rel, to_id)');
  psql('CREATE INDEX edges_to ON edges (to_id, rel, from_id)');
  psql('VACUUM ANALYZE nodes');
  psql('VACUUM ANALYZE edges');
  return { copySeconds, indexSeconds: (performance.now() - t) / 1000 };
}

/** --serve-pg: the PostgreSQL side's HTTP endpoint (a child process): POST {id} → the upstream walk as JSON. */
async function servePg(): Promise<void> {
  const pool = new pg.Pool({ host: '127.0.0.1', port: Number(opt('pg-port')), user: 'postgres', database: 'postgres', max: CONNECTIONS });
  // The cluster may stop before this child does (end of the run): an idle client's error is not a failure.
  pool.on('error', () => {});
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { id } = JSON.parse(body) as { id: string };
      pool.query(PG_UPSTREAM, [id, DEPTH]).then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ nodes: result.rows }));
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: error.message }));
        },
      );
    });
  });
  server.listen(PG_HTTP_PORT, '127.0.0.1');
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
  });
}

// ---------------------------------------------------------------------------------------------------
// Measuring




const LINEAGE_QUERY = `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: ${DEPTH}, first: 100) {
  truncated nodes { totalCount edges { node { id kind distance } } } edges { from to relationship } } }`;

// 'subgraph' is the same GraphQL request straight to the lineage subgraph (same token, re-verified
// there): not a side of the comparison, it shows what the gateway adds. 'floor' is the same request
// through the gateway for an id that does not exist: token check, gateway, subgraph and one Neo4j round
// trip that finds nothing. No lineage answer through the gateway can cost less, so PostgreSQL p95 /
// floor p95 bounds the ratio any walk could reach.
type Side = 'plinth' | 'subgraph' | 'floor' | 'postgres';
const SIDES: Side[] = ['plinth', 'subgraph', 'floor', 'postgres'];
interface Target { url: string; headers: () => Record<string, string>; body: (id: string) => string; count: (answer: unknown) => number }

const round2 = (x: number): number => Math.round(x * 100) / 100;

async function ask(target: Target, id: string): Promise<number> {
  const res = await fetch(target.url, { method: 'POST', headers: target.headers(), body: target.body(id) });
  const answer = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`${target.url}: HTTP ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
  return target.count(answer);
}

async function sequential(target: Target, ids: string[], offset: number): Promise<number[]> {
  const times: number[] = [];
  for (let k = 0; k < REQUESTS; k++) {
    const t = performance.now();
    await ask(target, ids[(offset + k) % ids.length]!);
    times.push(performance.now() - t);
  }
  return times;
}

async function cannon(target: Target, ids: string[], duration: number): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const random = rng(SEED + 3);
  const result = await autocannon({
    url: target.url, method: 'POST', connections: CONNECTIONS, duration, headers: target.headers(),
    requests: [{ setupRequest: (req) => ({ ...req, body: target.body(ids[Math.floor(random() * ids.length)]!) }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

// ---------------------------------------------------------------------------------------------------

if (argv.includes('--serve-pg')) {
  await servePg();
} else {
  const driver = createDriver();
  const cleanupOnly = opt('cleanup');
  if (cleanupOnly) {
    console.log(`removed ${await cleanup(driver, cleanupOnly, null)} nodes of batch ${cleanupOnly}`);
    await driver.close();
    process.exit(0);
  }
  const batch = REUSE ?? randomBytes(4).toString('hex');
  const layers = plan(batch);
  const csvDir = join(plinthHome, 'pg-bench', `csv-${batch}`);
  const children: ChildProcess[] = [];
  let cluster: PgCluster | null = null;
  let exitCode = 0;
  const started = Date.now();
  try {
    console.log(`lineage-dag bench: batch ${batch}, ${NODES} nodes (seed ${SEED}) in batches of ${BATCH}, depth ${DEPTH}`);
    if (REUSE) await checkKept(driver, batch, layers);
    const generated = await generate(driver, batch, layers, csvDir, !REUSE);
    console.log(REUSE
      ? `reusing ${generated.nodes} nodes, ${generated.edges} edges of batch ${batch} in Neo4j (CSV regenerated in ${generated.seconds.toFixed(1)} s)`
      : `generated ${generated.nodes} nodes, ${generated.edges} edges in Neo4j in ${generated.seconds.toFixed(1)} s`);

    cluster = await startPg();
    console.log(`PostgreSQL (${cluster.bin}) on 127.0.0.1:${cluster.port}, cluster in ${cluster.dir}`);
    const pgLoad = loadPg(cluster, csvDir);
    console.log(`PostgreSQL: \\copy ${pgLoad.copySeconds.toFixed(1)} s, key + indexes + analyze ${pgLoad.indexSeconds.toFixed(1)} s`);
    rmSync(csvDir, { recursive: true, force: true });

    children.push(startScript(['subgraphs/lineage/server.ts'], { LINEAGE_PORT: String(LINEAGE_PORT) }));
    children.push(startScript(['gateway/server.ts'], { GATEWAY_PORT: String(GATEWAY_PORT), LINEAGE_URL: `http://127.0.0.1:${LINEAGE_PORT}/graphql` }));
    children.push(startScript(['bench/lineage-dag.ts', '--serve-pg', '--pg-port', String(cluster.port), '--depth', String(DEPTH), '--connections', String(CONNECTIONS)], {}));
    await Promise.all([waitForPort(LINEAGE_PORT), waitForPort(GATEWAY_PORT), waitForPort(PG_HTTP_PORT)]);

    // Roots: half Services, half Deployments, chosen by a seeded generator.
    const pick = rng(SEED + 1);
    const svc = layers.find((l) => l.key === 'svc')!;
    const dep = layers.find((l) => l.key === 'dep')!;
    const ids = Array.from({ length: SAMPLES }, (_, k) => {
      const layer = k % 2 === 0 ? svc : dep;
      return idOf(batch, layer, Math.floor(pick() * layer.count));
    });

    let bearer = await token('auditor');
    /** The GraphQL lineage question with the auditor's token, at the gateway or straight at the subgraph. */
    const graphqlTarget = (label: string, port: number): Target => ({
      url: `http://127.0.0.1:${port}/graphql`,
      headers: () => ({ 'content-type': 'application/json', authorization: `Bearer ${bearer}` }),
      body: (id) => JSON.stringify({ query: LINEAGE_QUERY, variables: { id } }),
      count: (answer) => {
        const a = answer as { data?: { lineage?: { nodes: { totalCount: number } } | null }; errors?: unknown[] };
        if (a.errors || !a.data?.lineage) throw new Error(`${label}: ${JSON.stringify(answer).slice(0, 300)}`);
        return a.data.lineage.nodes.totalCount;
      },
    });
    const targets: Record<Side, Target> = {
      plinth: graphqlTarget('gateway', GATEWAY_PORT),
      subgraph: graphqlTarget('subgraph', LINEAGE_PORT),
      floor: {
        ...graphqlTarget('floor', GATEWAY_PORT),
        body: (id) => JSON.stringify({ query: LINEAGE_QUERY, variables: { id: `missing-${id}` } }),
        count: (answer) => {
          const a = answer as { data?: { lineage?: unknown }; errors?: unknown[] };
          if (a.errors || a.data?.lineage !== null) throw new Error(`floor: expected lineage null, got ${JSON.stringify(answer).slice(0, 300)}`);
          return 0;
        },
      },
      postgres: {
        url: `http://127.0.0.1:${PG_HTTP_PORT}/`,
        headers: () => ({ 'content-type': 'application/json' }),
        body: (id) => JSON.stringify({ id }),
        count: (answer) => (answer as { nodes: unknown[] }).nodes.length,
      },
    };

    // Both sides must find the same upstream: compare node counts over the whole sample.
    console.log('\nsanity check (same node count on both sides) and warm-up');
    const sizes: number[] = [];
    let mismatches = 0;
    for (const id of ids) {
      const [a, b] = [await ask(targets.plinth, id), await ask(targets.postgres, id)];
      if (a !== b) {
        mismatches++;
        if (mismatches <= 5) console.log(`  node count differs for ${id}: plinth ${a}, postgres ${b}`);
      }
      sizes.push(a);
    }
    const sortedSizes = [...sizes].sort((x, y) => x - y);
    console.log(`  upstream nodes per root: min ${sortedSizes[0]}, median ${median(sizes)}, max ${sortedSizes.at(-1)}; mismatches ${mismatches}/${ids.length}`);
    for (const side of SIDES) await cannon(targets[side], ids, 3);

    const latencies: Record<Side, number[]> = { plinth: [], subgraph: [], floor: [], postgres: [] };
    const runs: Record<Side, { rps: number; p50: number; p99: number; errors: number }[]> = { plinth: [], subgraph: [], floor: [], postgres: [] };
    for (let r = 0; r < ROUNDS; r++) {
      bearer = await token('auditor');
      // Alternate which side goes first, so drift (JIT, GC, caches) favours neither.
      const order = r % 2 === 0 ? SIDES : [...SIDES].reverse();
      for (const side of order) {
        const times = await sequential(targets[side], ids, r * REQUESTS);
        latencies[side].push(...times);
        const run = await cannon(targets[side], ids, SECONDS);
        if (run.errors > 0) throw new Error(`${side}: ${run.errors} errors under load`);
        runs[side].push(run);
        const s = [...times].sort((x, y) => x - y);
        console.log(`  round ${r + 1} ${side.padEnd(8)} sequential p50 ${percentile(s, 0.5).toFixed(1)} ms  p95 ${percentile(s, 0.95).toFixed(1)} ms  p99 ${percentile(s, 0.99).toFixed(1)} ms | ${CONNECTIONS} conn ${run.rps.toFixed(1)} req/s`);
      }
    }
    const figure = (side: Side) => {
      const s = [...latencies[side]].sort((x, y) => x - y);
      return {
        requests: s.length, p50: round2(percentile(s, 0.5)), p95: round2(percentile(s, 0.95)), p99: round2(percentile(s, 0.99)),
        throughputRps: round2(median(runs[side].map((x) => x.rps))),
        underLoad: { p50: median(runs[side].map((x) => x.p50)), p99: median(runs[side].map((x) => x.p99)) },
        runs: runs[side],
      };
    };
    const figures = { plinth: figure('plinth'), subgraph: figure('subgraph'), floor: figure('floor'), postgres: figure('postgres') };
    const ratio = round2(figures.postgres.p95 / figures.plinth.p95);
    const ceiling = round2(figures.postgres.p95 / figures.floor.p95);
    const targetsMet = { plinthP95AtMost50ms: figures.plinth.p95 <= 50, atLeast10xFasterThanPostgres: ratio >= 10 };
    console.log('\nresults');
    for (const side of SIDES) {
      const f = figures[side];
      console.log(`  ${side.padEnd(8)} p50 ${f.p50} ms  p95 ${f.p95} ms  p99 ${f.p99} ms  throughput ${f.throughputRps} req/s`);
    }
    console.log(`  PostgreSQL p95 / floor p95 = ${ceiling}: the most any lineage answer through the gateway could reach`);
    console.log(`  PostgreSQL p95 / Plinth p95 = ${ratio}  (targets: Plinth p95 ≤ 50 ms ${targetsMet.plinthP95AtMost50ms ? 'met' : 'NOT met'}; ≥ 10x ${targetsMet.atLeast10xFasterThanPostgres ? 'met' : 'NOT met'})`);

    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/lineage-dag.json', JSON.stringify({
      benchmark: 'lineage-dag',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
      settings: {
        nodes: NODES, seed: SEED, batch: BATCH, depth: DEPTH, samples: SAMPLES, sequentialRequestsPerRound: REQUESTS, rounds: ROUNDS,
        autocannonSeconds: SECONDS, connections: CONNECTIONS, warmupSeconds: 3, generations: GENERATIONS, window: WINDOW,
        plinth: 'gateway → lineage subgraph → Neo4j, GraphQL lineage(id, direction: UPSTREAM, depth), auditor token',
        subgraph: 'the same request straight to the lineage subgraph (what the gateway adds; not part of the comparison)',
        floor: 'the same request through the gateway for an id that does not exist (token, gateway, subgraph, one Neo4j round trip, null answer): the least any lineage answer can cost',
        postgres: 'HTTP wrapper (pg pool) → one recursive CTE (UNION on (id, depth), depth bound) over edges(from_id, to_id, rel), indexes on from_id and to_id',
        query: LINEAGE_QUERY,
        pgQuery: PG_UPSTREAM,
      },
      graph: { nodes: generated.nodes, edges: generated.edges, edgesPerNode: round2(generated.edges / generated.nodes), byLayer: generated.byLayer, edgesByRel: generated.edgesByRel },
      load: {
        // With --reuse the Neo4j load happened in an earlier run: no load figure here.
        ...(REUSE ? { neo4jReusedBatch: batch, neo4jSeconds: null, neo4jNodesPerSecond: null } : { neo4jSeconds: generated.seconds, neo4jNodesPerSecond: Math.round(generated.nodes / generated.seconds) }),
        postgresCopySeconds: pgLoad.copySeconds, postgresIndexSeconds: pgLoad.indexSeconds },
      upstream: { min: sortedSizes[0], median: median(sizes), max: sortedSizes.at(-1), countMismatches: mismatches },
      results: figures,
      ratioPostgresP95ToPlinthP95: ratio,
      ratioPostgresP95ToFloorP95: ceiling,
      targets: { plinthP95Ms: 50, minRatio: 10, met: targetsMet },
    }, null, 2) + '\n');
    console.log('\nwrote bench/results/lineage-dag.json');
  } catch (error) {
    console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
    exitCode = 1;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    if (cluster) stopPg(cluster);
    rmSync(csvDir, { recursive: true, force: true });
    if (KEEP) console.log(`kept batch ${batch} in Neo4j; remove it with: npm run bench:lineage -- --cleanup ${batch}`);
    else console.log(`removed ${await cleanup(driver, batch, layers)} generated nodes`);
    await driver.close();
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    process.exit(exitCode);
  }
}
