// Lineage DAG benchmark: lineage at depth 10 and 20, upstream and downstream, on a synthetic lineage graph
// (--nodes, 10,000,000 for bench/results/lineage-dag-10m.json), Plinth (gateway → lineage subgraph → Neo4j)
// against PostgreSQL with a recursive CTE (the way Marquez stores and walks lineage) as the peer, loaded
// with the same nodes and edges.
//
// The DAG, deterministic from --seed, layered like real lineage: raw DatasetVersions; derived
// DatasetVersions in generations, each DERIVED_FROM 2-3 parents near it in the generation before (now and
// then two generations back); TrainingRuns that USED 2-3 derived versions and GENERATED one ModelVersion
// each; Deployments that SERVE a model version; Services that ROUTE_TO 1-2 deployments. Every node carries
// `benchBatch` and (except TrainingRuns, ownerless in the ontology) ownerOrgId 'hq'. Written to the shared
// Neo4j with UNWIND batches, or (--own-neo4j, the way to 10M nodes) to a throwaway Neo4j with the bulk
// importer (bench/lineage-neo4j.ts); the same nodes and edges are written to CSV and loaded into a
// throwaway PostgreSQL cluster with \copy.
//
// The questions: for each depth (--depths 10,20), upstream from a seeded sample of Services and
// Deployments and downstream from one of raw and early derived DatasetVersions. Four series, all over HTTP:
// Plinth through the real gateway (`lineage(id, direction, depth, first: 100)`, `auditor` token), its floor
// (the same request for a missing id), PostgreSQL through a small HTTP wrapper (this script with
// --serve-pg, a pg pool) around one recursive-CTE statement, and its floor (the same statement for a
// missing id). The walk alone is answer − floor on each side. Per root the four series run back to back
// in a rotating order (--rounds rounds of --requests roots per question); p50/p95/p99 pooled and per round;
// targets: Plinth p95 ≤ 2x its floor's, and Plinth's walk no slower than PostgreSQL's. Autocannon
// throughput per series with --seconds N (default off). Writes --out (default
// bench/results/lineage-dag-10m.json; bench/results/lineage-dag.json is the earlier 1M, upstream-only run).
// Needs the stack (npm run stack -- up) and migrations. Usage:
//   npm run bench:lineage -- --own-neo4j --nodes 10000000 [--neo4j-heap 2g --neo4j-pagecache 5g]
//                                                  the 10M run: nothing is written to the shared Neo4j
//                                                  [--gate FILE]: load now, measure once FILE exists
//   npm run bench:lineage [-- --nodes 1000000 --seed 42 --rounds 3 --requests 100 --keep --parallel 2]
//                                                  on the shared Neo4j (--parallel batches in flight)
//   npm run bench:lineage -- --load-only --nodes N  writes a batch to the shared Neo4j and keeps it
//   npm run bench:lineage -- --resume <batch> --nodes N   continues a stopped --load-only (whole batches are
//                                                  transactions: one whose last node exists is skipped)
//   npm run bench:lineage -- --reuse <batch> [--nodes N --seed S ...]
//                                                  measures again on a batch kept by an earlier --keep run
//                                                  (same --nodes and --seed): nothing is written to Neo4j,
//                                                  the same DAG is regenerated for PostgreSQL only, and
//                                                  the batch stays in Neo4j afterwards
//   npm run bench:lineage -- --cleanup <batch> [--nodes N]   removes a kept batch from the shared Neo4j (by id
//                                                  with --nodes as loaded, then a sweep by benchBatch)
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import cliProgress from 'cli-progress';
import type { Driver } from 'neo4j-driver';
import pg from 'pg';
import { plinthHome } from '../lib/config.js';
import { createDriver } from '../lib/graph/driver.js';
import { startBenchNeo4j, type BenchNeo4j } from './lineage-neo4j.js';
import { Label, Rel } from '../lib/graph/ontology.js';
import { benchArgs, median, percentile, startScript, token, waitForPort } from './support.js';
import { seededRandom } from '../domain/random.js';

const { argv, opt, num } = benchArgs();
const NODES = num('nodes', 1_000_000);
const SEED = num('seed', 42);
const BATCH = num('batch', 10_000);
const PARALLEL = num('parallel', 2);
const DEPTHS = (opt('depths') ?? '10,20').split(',').map(Number);
const OUT = opt('out') ?? 'bench/results/lineage-dag-10m.json';
const SAMPLES = num('samples', 200);
const REQUESTS = num('requests', 100);
const ROUNDS = num('rounds', 3);
const SECONDS = num('seconds', 0);
const CONNECTIONS = num('connections', 8);
const RESUME = opt('resume');
/** A throwaway Neo4j loaded with the bulk importer (bench/lineage-neo4j.ts) instead of the shared one. */
const OWN_NEO4J = argv.includes('--own-neo4j');
const NEO4J_HEAP = opt('neo4j-heap') ?? '2g';
const NEO4J_PAGECACHE = opt('neo4j-pagecache') ?? '4g';
const REUSE = opt('reuse');
/** Waits for this file to exist before the hub starts and the rounds run: the long load can overlap other
 * work, and the measurement begins only when the machine is quiet (touch the file then). */
const GATE = opt('gate');
/** Only writes the batch to Neo4j and keeps it (for --reuse runs): nothing is measured. */
const LOAD_ONLY = argv.includes('--load-only') || RESUME !== undefined;
const KEEP = argv.includes('--keep') || LOAD_ONLY || REUSE !== undefined || OWN_NEO4J;
const LINEAGE_PORT = 4301;
const GATEWAY_PORT = 4300;
const PG_HTTP_PORT = 4302;
/** Derived dataset-version generations, and how far (±) a parent may sit from the proportional position. */
const GENERATIONS = 8;
const WINDOW = 8;

// ---------------------------------------------------------------------------------------------------
// The DAG

interface Link {
  rel: Rel;
  to: Layer;
}
interface Layer {
  key: string;
  label: Label;
  count: number;
  links: Link[];
  props: (i: number) => Record<string, unknown>;
}

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
    ...base(key, i),
    datasetId: `lb-${batch}-ds-${key}-${i}`,
    version: 1,
    format: 'PARQUET',
    rowCount: 1000,
    storageUri: `s3://bench/${key}/${i}`,
    contentHash: `${key}-${i}`,
    schema: '{}',
  });
  const layers: Layer[] = [{ key: 'raw', label: Label.DatasetVersion, count: raw, links: [], props: dv('raw') }];
  for (let g = 1; g <= GENERATIONS; g++) {
    const count = Math.floor(derived / GENERATIONS) + (g <= derived % GENERATIONS ? 1 : 0);
    const prev = layers[g - 1]!;
    const skip = layers[Math.max(0, g - 2)]!;
    layers.push({
      key: `d${g}`,
      label: Label.DatasetVersion,
      count,
      links: [
        { rel: Rel.DERIVED_FROM, to: prev },
        { rel: Rel.DERIVED_FROM, to: skip },
      ],
      props: dv(`d${g}`),
    });
  }
  const mvLayer: Layer = {
    key: 'mv',
    label: Label.ModelVersion,
    count: mv,
    links: [],
    props: (i) => ({
      ...base('mv', i),
      modelId: `lb-${batch}-m-${i}`,
      version: 1,
      format: 'ONNX',
      framework: 'onnx',
      aliases: [],
    }),
  };
  layers.push(mvLayer);
  // A training run uses versions of one of the later generations; the first of its links is filled per run.
  layers.push({
    key: 'tr',
    label: Label.TrainingRun,
    count: mv,
    links: [
      { rel: Rel.USED, to: layers[GENERATIONS]! },
      { rel: Rel.GENERATED, to: mvLayer },
    ],
    props: (i) => ({ ...base('tr', i, false), status: 'COMPLETED', algorithm: 'bench' }),
  });
  const depLayer: Layer = {
    key: 'dep',
    label: Label.Deployment,
    count: dep,
    links: [{ rel: Rel.SERVES, to: mvLayer }],
    props: (i) => ({ ...base('dep', i), status: 'READY', executionProvider: 'cpu', replicas: 1 }),
  };
  layers.push(depLayer);
  layers.push({
    key: 'svc',
    label: Label.Service,
    count: svc,
    links: [{ rel: Rel.ROUTES_TO, to: depLayer }],
    props: (i) => ({ ...base('svc', i), endpoint: `/bench/${i}` }),
  });
  return layers;
}

const idOf = (batch: string, layer: Layer, i: number): string => `lb-${batch}-${layer.key}-${i}`;

/** Targets of each link of node `i` of `layer`, as indexes into the link's target layer. */
function targets(
  layers: Layer[],
  layer: Layer,
  i: number,
  random: () => number,
): { link: Link; to: Layer; indexes: number[] }[] {
  const near = (to: Layer, count: number): number[] => {
    const centre = Math.floor(((i + 0.5) * to.count) / layer.count);
    const out = new Set<number>();
    for (let k = 0; k < count; k++)
      out.add(Math.min(to.count - 1, Math.max(0, centre + Math.floor(random() * (2 * WINDOW + 1)) - WINDOW)));
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
  if (layer.key === 'dep')
    return [
      { link: layer.links[0]!, to: layer.links[0]!.to, indexes: [Math.floor(random() * layer.links[0]!.to.count)] },
    ];
  if (layer.key === 'svc') {
    const to = layer.links[0]!.to;
    const n = random() < 0.4 ? 2 : 1;
    return [
      {
        link: layer.links[0]!,
        to,
        indexes: [...new Set(Array.from({ length: n }, () => Math.floor(random() * to.count)))],
      },
    ];
  }
  return [];
}

/** At most `size` promises in flight: `add` waits for a free slot; `drain` waits for all (and throws the first failure). */
function pool(size: number): { add: (job: () => Promise<unknown>) => Promise<void>; drain: () => Promise<void> } {
  const running = new Set<Promise<unknown>>();
  let failure: unknown = null;
  return {
    async add(job) {
      while (running.size >= size) await Promise.race(running);
      if (failure) throw failure;
      const p: Promise<unknown> = job()
        .catch((e: unknown) => {
          failure ??= e;
        })
        .finally(() => running.delete(p));
      running.add(p);
    },
    async drain() {
      await Promise.all(running);
      if (failure) throw failure;
    },
  };
}

interface Generated {
  seconds: number;
  nodes: number;
  edges: number;
  byLayer: Record<string, number>;
  edgesByRel: Record<string, number>;
}

/**
 * Writes the DAG to the shared Neo4j ('bolt': UNWIND batches), or to a CSV file for the bulk importer of
 * a throwaway Neo4j ('import', --own-neo4j), or not at all ('none', --reuse); always to CSV files for PostgreSQL.
 */
async function generate(
  driver: Driver,
  batch: string,
  layers: Layer[],
  csvDir: string,
  neo4jMode: 'bolt' | 'import' | 'none',
): Promise<Generated> {
  const toNeo4j = neo4jMode === 'bolt';
  mkdirSync(csvDir, { recursive: true });
  // For the bulk importer (--own-neo4j): id, label, ownerOrgId, benchBatch (edges.csv serves both).
  const importCsv = join(csvDir, 'neo4j-nodes.csv');
  writeFileSync(importCsv, '');
  const nodesCsv = join(csvDir, 'nodes.csv');
  const edgesCsv = join(csvDir, 'edges.csv');
  writeFileSync(nodesCsv, '');
  writeFileSync(edgesCsv, '');
  const random = seededRandom(SEED);
  const bar = new cliProgress.SingleBar(
    { format: 'generating {bar} {value}/{total} nodes  {layer}  {eta}s left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const total = layers.reduce((s, l) => s + l.count, 0);
  const started = Date.now();
  bar.start(total, 0, { layer: '' });
  let done = 0;
  let edges = 0;
  const byLayer: Record<string, number> = {};
  const edgesByRel: Record<string, number> = {};
  // Up to PARALLEL batches in flight: Neo4j works on one while this process builds the next (a layer's
  // batches touch disjoint new nodes; their links go to earlier layers, which are complete: each layer
  // waits for the one before). The Neo4j nodes carry only what the walk reads (id, ownerOrgId for the
  // visibility rule) and benchBatch: no name, so 10M bench nodes stay out of the shared full-text index
  // (asset_search) that other benchmarks measure, and no per-kind fields that feed other indexes and
  // constraints (datasetId/version, createdAt) and only slow the load; lineage then names a node by its id.
  // PostgreSQL stores id, label and name.
  const inFlight = pool(PARALLEL);
  for (const layer of layers) {
    await inFlight.drain();
    byLayer[layer.key] = layer.count;
    // Labels and relationship types are ontology constants; every value is a parameter. A link's target
    // label is the same whichever layer of it a node picks (all dataset-version generations are DatasetVersion).
    const calls = layer.links.map(
      (link, k) =>
        `CALL { WITH n, r UNWIND r.l${k} AS t MATCH (m:${link.to.label} {id: t}) CREATE (n)-[:${link.rel}]->(m) }`,
    );
    const cypher = `UNWIND $rows AS r
      CREATE (n:${layer.label}) SET n = r.p
      ${calls.length ? 'WITH n, r\n' + calls.join('\n') : ''}`;
    for (let start = 0; start < layer.count; start += BATCH) {
      const end = Math.min(layer.count, start + BATCH);
      const rows: Record<string, unknown>[] = [];
      let nodeLines = '';
      let importLines = '';
      let edgeLines = '';
      for (let i = start; i < end; i++) {
        const p = layer.props(i);
        const row: Record<string, unknown> = {
          p: { id: p.id, benchBatch: batch, ...(p.ownerOrgId ? { ownerOrgId: p.ownerOrgId } : {}) },
        };
        for (const [k, t] of targets(layers, layer, i, random).entries()) {
          const ids = t.indexes.map((x) => idOf(batch, t.to, x));
          row[`l${k}`] = ids;
          for (const to of ids) edgeLines += `${p.id as string},${to},${t.link.rel}\n`;
          edges += ids.length;
          edgesByRel[t.link.rel] = (edgesByRel[t.link.rel] ?? 0) + ids.length;
        }
        rows.push(row);
        nodeLines += `${p.id as string},${layer.label},${p.name as string}\n`;
        if (neo4jMode === 'import')
          importLines += `${p.id as string},${layer.label},${(p.ownerOrgId as string | undefined) ?? ''},${batch}\n`;
      }
      // --resume: a batch is one transaction, so its last node present means the whole batch is.
      const present =
        RESUME !== undefined &&
        toNeo4j &&
        (
          await driver.executeQuery(`MATCH (n:${layer.label} {id: $id}) RETURN count(n) AS n`, {
            id: idOf(batch, layer, end - 1),
          })
        ).records[0]!.get('n') > 0;
      if (toNeo4j && !present) await inFlight.add(() => driver.executeQuery(cypher, { rows }));
      appendFileSync(nodesCsv, nodeLines);
      if (importLines) appendFileSync(importCsv, importLines);
      appendFileSync(edgesCsv, edgeLines);
      done += rows.length;
      bar.update(done, { layer: layer.key });
    }
  }
  await inFlight.drain();
  bar.stop();
  return { seconds: (Date.now() - started) / 1000, nodes: done, edges, byLayer, edgesByRel };
}

/** --reuse: the kept batch must hold exactly the layers this --nodes plans (first and last node of each, nothing past it). */
async function checkKept(driver: Driver, batch: string, layers: Layer[]): Promise<void> {
  for (const layer of layers) {
    const ids = [idOf(batch, layer, 0), idOf(batch, layer, layer.count - 1), idOf(batch, layer, layer.count)];
    const res = await driver.executeQuery(
      `UNWIND $ids AS id OPTIONAL MATCH (n:${layer.label} {id: id}) RETURN n IS NOT NULL AS found`,
      { ids },
    );
    const found = res.records.map((r) => r.get('found') as boolean);
    if (!found[0] || !found[1] || found[2]) {
      throw new Error(
        `--reuse ${batch}: Neo4j does not hold layer ${layer.key} as planned for --nodes ${NODES}; was it kept with other --nodes/--seed, or removed?`,
      );
    }
  }
}

const BENCH_LABELS = [Label.Service, Label.Deployment, Label.TrainingRun, Label.ModelVersion, Label.DatasetVersion];

/** Removes the batch: by id through the unique indexes when the plan is known, then a sweep by `benchBatch`. */
async function cleanup(driver: Driver, batch: string, layers: Layer[] | null): Promise<number> {
  let removed = 0;
  const bar = new cliProgress.SingleBar(
    { format: 'removing   {bar} {value}/{total} nodes', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(layers ? layers.reduce((s, l) => s + l.count, 0) : 0, 0);
  // Batches in flight as in the load (a deadlock between two is retried by executeQuery).
  const inFlight = pool(PARALLEL);
  for (const layer of [...(layers ?? [])].reverse()) {
    for (let start = 0; start < layer.count; start += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, layer.count - start) }, (_, k) => idOf(batch, layer, start + k));
      await inFlight.add(async () => {
        const res = await driver.executeQuery(
          `UNWIND $ids AS id MATCH (n:${layer.label} {id: id}) DETACH DELETE n RETURN count(*) AS n`,
          { ids },
        );
        removed += res.records[0]!.get('n') as number;
        bar.update(removed);
      });
    }
  }
  await inFlight.drain();
  for (const label of BENCH_LABELS) {
    for (;;) {
      const res = await driver.executeQuery(
        `MATCH (n:${label}) WHERE n.benchBatch = $batch WITH n LIMIT ${BATCH} DETACH DELETE n RETURN count(*) AS n`,
        { batch },
      );
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

type Walk = 'UPSTREAM' | 'DOWNSTREAM';

/**
 * The recursive-CTE walk, as Plinth defines the directions for these kinds. Upstream: ROUTES_TO, SERVES,
 * USED, DERIVED_FROM forwards, GENERATED backwards; downstream the reverse. UNION on (id, depth) with a
 * depth bound, then each node at its least depth, with the edges between found nodes. An unknown id finds
 * no anchor row and answers empty after one index probe: that is PostgreSQL's floor.
 */
export function pgWalk(direction: Walk): string {
  const forwards = "('ROUTES_TO', 'SERVES', 'USED', 'DERIVED_FROM')";
  const backwards = "('GENERATED')";
  const [out, inn] = direction === 'UPSTREAM' ? [forwards, backwards] : [backwards, forwards];
  return `WITH RECURSIVE walk(id, depth) AS (
    SELECT id, 0 FROM nodes WHERE id = $1
  UNION
    SELECT nxt.id, w.depth + 1
    FROM walk w
    CROSS JOIN LATERAL (
      SELECT e.to_id AS id FROM edges e WHERE e.from_id = w.id AND e.rel IN ${out}
      UNION ALL
      SELECT e.from_id FROM edges e WHERE e.to_id = w.id AND e.rel IN ${inn}
    ) nxt
    WHERE w.depth < $2
  ),
  seen AS (SELECT id, min(depth) AS distance FROM walk GROUP BY id)
SELECT s.id, n.label, n.name, s.distance,
       (SELECT coalesce(json_agg(json_build_object('to', e.to_id, 'rel', e.rel)), '[]'::json)
          FROM edges e WHERE e.from_id = s.id AND e.to_id IN (SELECT id FROM seen)) AS out
FROM seen s JOIN nodes n USING (id)
ORDER BY s.distance, s.id`;
}
const PG_WALKS: Record<Walk, string> = { UPSTREAM: pgWalk('UPSTREAM'), DOWNSTREAM: pgWalk('DOWNSTREAM') };

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  const find = (): string[] =>
    existsSync(root)
      ? readdirSync(root)
          .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
          .sort((a, b) => Number(b) - Number(a))
      : [];
  let versions = find();
  if (versions.length === 0 && process.getuid?.() === 0) {
    console.log('PostgreSQL server binaries missing: apt-get install -y postgresql');
    execFileSync('sh', ['-c', 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql'], {
      stdio: 'inherit',
    });
    versions = find();
  }
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install them (as root) with `apt-get update && apt-get install -y postgresql`',
    );
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

interface PgCluster {
  bin: string;
  dir: string;
  port: number;
  asRoot: boolean;
}

async function waitForGate(path: string): Promise<void> {
  console.log(`loaded; waiting for ${path} to exist before the hub starts and the rounds run`);
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 2_000));
  console.log(
    `gate open (load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}): measuring`,
  );
}

/** PostgreSQL refuses to run as root: then the cluster runs as the `postgres` user, in a directory it can reach. */
function pgRun(cluster: PgCluster, cmd: string, args: string[]): void {
  const [file, all] = cluster.asRoot
    ? ['runuser', ['-u', 'postgres', '--', join(cluster.bin, cmd), ...args]]
    : [join(cluster.bin, cmd), args];
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
    const { uid, gid } = JSON.parse(
      execFileSync('sh', ['-c', 'printf \'{"uid":%s,"gid":%s}\' "$(id -u postgres)" "$(id -g postgres)"'], {
        encoding: 'utf8',
      }),
    ) as { uid: number; gid: number };
    chownSync(dir, uid, gid);
  }
  const cluster = { bin, dir, port: await freePort(), asRoot };
  pgRun(cluster, 'initdb', [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
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
    const res = spawnSync(
      join(cluster.bin, 'psql'),
      [
        '-h',
        '127.0.0.1',
        '-p',
        String(cluster.port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-c',
        sql,
      ],
      { encoding: 'utf8' },
    );
    if (res.status !== 0) throw new Error(`psql failed: ${res.stderr}`);
  };
  psql(
    'CREATE TABLE nodes (id text NOT NULL, label text NOT NULL, name text NOT NULL); CREATE TABLE edges (from_id text NOT NULL, to_id text NOT NULL, rel text NOT NULL);',
  );
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

/** --serve-pg: the PostgreSQL side's HTTP endpoint (a child process): POST {id, direction, depth} → the walk as JSON. */
async function servePg(): Promise<void> {
  const pool = new pg.Pool({
    host: '127.0.0.1',
    port: Number(opt('pg-port')),
    user: 'postgres',
    database: 'postgres',
    max: CONNECTIONS,
  });
  // The cluster may stop before this child does (end of the run): an idle client's error is not a failure.
  pool.on('error', () => {});
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { id, direction, depth } = JSON.parse(body) as { id: string; direction: Walk; depth: number };
      pool.query(PG_WALKS[direction], [id, depth]).then(
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

const LINEAGE_QUERY = `query($id: ID!, $direction: LineageDirection!, $depth: Int!) {
  lineage(id: $id, direction: $direction, depth: $depth, first: 100) {
    truncated nodes { totalCount edges { node { id kind distance } } } edges { from to relationship } } }`;

/** One question: a direction and a depth, asked from a sample of roots. */
interface Question {
  key: string;
  direction: Walk;
  depth: number;
  ids: string[];
}

// Four series per question, asked over HTTP the same way. 'plinth': the GraphQL lineage question through
// the gateway (auditor token). 'floor': the same request for an id that does not exist (token check,
// gateway, subgraph, the walk query finding no root, a null answer): the least a lineage answer through
// the gateway can cost. 'postgres': the HTTP wrapper (pg pool) around the recursive CTE. 'pgFloor': the
// same wrapper and statement for an id that does not exist (one index probe, an empty answer). The walk
// alone is answer − floor on each side.
type Side = 'plinth' | 'floor' | 'postgres' | 'pgFloor';
const SIDES: Side[] = ['plinth', 'floor', 'postgres', 'pgFloor'];
interface Target {
  url: string;
  headers: () => Record<string, string>;
  body: (id: string, q: Question) => string;
  count: (answer: unknown) => number;
}

/** Ends a --load-only run after the load (through the same cleanup path as a measured run). */
class LoadOnlyDone extends Error {}

const round2 = (x: number): number => Math.round(x * 100) / 100;

async function ask(target: Target, id: string, q: Question): Promise<number> {
  const res = await fetch(target.url, { method: 'POST', headers: target.headers(), body: target.body(id, q) });
  const answer = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`${target.url}: HTTP ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
  return target.count(answer);
}

async function timed(target: Target, id: string, q: Question): Promise<number> {
  const t = performance.now();
  await ask(target, id, q);
  return performance.now() - t;
}

async function cannon(
  target: Target,
  q: Question,
  duration: number,
): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const random = seededRandom(SEED + 3);
  const result = await autocannon({
    url: target.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration,
    headers: target.headers(),
    requests: [
      { setupRequest: (req) => ({ ...req, body: target.body(q.ids[Math.floor(random() * q.ids.length)]!, q) }) },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const stats = (xs: number[]): { requests: number; p50: number; p95: number; p99: number } => {
  const s = [...xs].sort((a, b) => a - b);
  return {
    requests: s.length,
    p50: round2(percentile(s, 0.5)),
    p95: round2(percentile(s, 0.95)),
    p99: round2(percentile(s, 0.99)),
  };
};

/** Neo4j's memory settings as the server reports them. */
async function neo4jMemory(driver: Driver): Promise<Record<string, string>> {
  const res = await driver.executeQuery(
    "SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'server.memory' RETURN name, value",
  );
  return Object.fromEntries(res.records.map((r) => [r.get('name') as string, String(r.get('value'))]));
}

// ---------------------------------------------------------------------------------------------------

if (argv.includes('--serve-pg')) {
  await servePg();
} else {
  const driver = createDriver();
  const cleanupOnly = opt('cleanup');
  if (cleanupOnly) {
    // With --nodes (as loaded), by id through the unique indexes, layer by layer; without, only the sweep.
    console.log(
      `removed ${await cleanup(driver, cleanupOnly, opt('nodes') ? plan(cleanupOnly) : null)} nodes of batch ${cleanupOnly}`,
    );
    await driver.close();
    process.exit(0);
  }
  const batch = REUSE ?? RESUME ?? randomBytes(4).toString('hex');
  const layers = plan(batch);
  const csvDir = join(plinthHome, 'pg-bench', `csv-${batch}`);
  const children: ChildProcess[] = [];
  let cluster: PgCluster | null = null;
  let own: BenchNeo4j | null = null;
  let exitCode = 0;
  const started = Date.now();
  try {
    console.log(
      `lineage-dag bench: batch ${batch}, ${NODES} nodes (seed ${SEED}) in batches of ${BATCH}, depths ${DEPTHS.join(', ')}`,
    );
    if (REUSE) await checkKept(driver, batch, layers);
    const generated = await generate(driver, batch, layers, csvDir, OWN_NEO4J ? 'import' : REUSE ? 'none' : 'bolt');
    console.log(
      OWN_NEO4J
        ? `generated ${generated.nodes} nodes, ${generated.edges} edges as CSV in ${generated.seconds.toFixed(1)} s`
        : REUSE
          ? `reusing ${generated.nodes} nodes, ${generated.edges} edges of batch ${batch} in Neo4j (CSV regenerated in ${generated.seconds.toFixed(1)} s)`
          : `generated ${generated.nodes} nodes, ${generated.edges} edges in Neo4j in ${generated.seconds.toFixed(1)} s`,
    );
    if (LOAD_ONLY) {
      console.log(`load only: ${Math.round(generated.nodes / generated.seconds)} nodes/s`);
      throw new LoadOnlyDone();
    }

    cluster = await startPg();
    console.log(`PostgreSQL (${cluster.bin}) on 127.0.0.1:${cluster.port}, cluster in ${cluster.dir}`);
    const pgLoad = loadPg(cluster, csvDir);
    console.log(
      `PostgreSQL: \\copy ${pgLoad.copySeconds.toFixed(1)} s, key + indexes + analyze ${pgLoad.indexSeconds.toFixed(1)} s`,
    );
    const neo4jEnv: Record<string, string> = {};
    if (OWN_NEO4J) {
      own = await startBenchNeo4j({
        nodesCsv: join(csvDir, 'neo4j-nodes.csv'),
        edgesCsv: join(csvDir, 'edges.csv'),
        boltPort: await freePort(),
        httpPort: await freePort(),
        heap: NEO4J_HEAP,
        pageCache: NEO4J_PAGECACHE,
      });
      console.log(
        `bench Neo4j on ${own.uri}: import ${own.importSeconds.toFixed(1)} s, migrations + index population ${own.migrateSeconds.toFixed(1)} s`,
      );
      Object.assign(neo4jEnv, { NEO4J_URI: own.uri, NEO4J_PASSWORD: own.password });
    }
    rmSync(csvDir, { recursive: true, force: true });
    if (GATE) await waitForGate(GATE);

    children.push(startScript(['subgraphs/lineage/server.ts'], { ...neo4jEnv, LINEAGE_PORT: String(LINEAGE_PORT) }));
    children.push(
      startScript(['gateway/server.ts'], {
        ...neo4jEnv,
        GATEWAY_PORT: String(GATEWAY_PORT),
        LINEAGE_URL: `http://127.0.0.1:${LINEAGE_PORT}/graphql`,
      }),
    );
    children.push(
      startScript(
        ['bench/lineage-dag.ts', '--serve-pg', '--pg-port', String(cluster.port), '--connections', String(CONNECTIONS)],
        {},
      ),
    );
    await Promise.all([waitForPort(LINEAGE_PORT), waitForPort(GATEWAY_PORT), waitForPort(PG_HTTP_PORT)]);

    // Roots, chosen by a seeded generator: upstream from Services and Deployments (half each), downstream
    // from raw dataset versions and derived ones of the first four generations (half each).
    const pick = seededRandom(SEED + 1);
    const layer = (key: string): Layer => layers.find((l) => l.key === key)!;
    const sample = (choose: (k: number) => Layer): string[] =>
      Array.from({ length: SAMPLES }, (_, k) => {
        const l = choose(k);
        return idOf(batch, l, Math.floor(pick() * l.count));
      });
    const upIds = sample((k) => layer(k % 2 === 0 ? 'svc' : 'dep'));
    const downIds = sample((k) => layer(k % 2 === 0 ? 'raw' : `d${1 + Math.floor(pick() * 4)}`));
    const questions: Question[] = DEPTHS.flatMap((depth) => [
      { key: `upstream-depth-${depth}`, direction: 'UPSTREAM' as const, depth, ids: upIds },
      { key: `downstream-depth-${depth}`, direction: 'DOWNSTREAM' as const, depth, ids: downIds },
    ]);

    let bearer = await token('auditor');
    const gateway = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
    const gql = (id: string, q: Question): string =>
      JSON.stringify({ query: LINEAGE_QUERY, variables: { id, direction: q.direction, depth: q.depth } });
    const headers = (): Record<string, string> => ({
      'content-type': 'application/json',
      authorization: `Bearer ${bearer}`,
    });
    const pgBody = (id: string, q: Question): string => JSON.stringify({ id, direction: q.direction, depth: q.depth });
    const targets: Record<Side, Target> = {
      plinth: {
        url: gateway,
        headers,
        body: gql,
        count: (answer) => {
          const a = answer as { data?: { lineage?: { nodes: { totalCount: number } } | null }; errors?: unknown[] };
          if (a.errors || !a.data?.lineage) throw new Error(`gateway: ${JSON.stringify(answer).slice(0, 300)}`);
          return a.data.lineage.nodes.totalCount;
        },
      },
      floor: {
        url: gateway,
        headers,
        body: (id, q) => gql(`missing-${id}`, q),
        count: (answer) => {
          const a = answer as { data?: { lineage?: unknown }; errors?: unknown[] };
          if (a.errors || a.data?.lineage !== null)
            throw new Error(`floor: expected lineage null, got ${JSON.stringify(answer).slice(0, 300)}`);
          return 0;
        },
      },
      postgres: {
        url: `http://127.0.0.1:${PG_HTTP_PORT}/`,
        headers: () => ({ 'content-type': 'application/json' }),
        body: pgBody,
        count: (answer) => (answer as { nodes: unknown[] }).nodes.length,
      },
      pgFloor: {
        url: `http://127.0.0.1:${PG_HTTP_PORT}/`,
        headers: () => ({ 'content-type': 'application/json' }),
        body: (id, q) => pgBody(`missing-${id}`, q),
        count: (answer) => {
          const n = (answer as { nodes: unknown[] }).nodes.length;
          if (n !== 0) throw new Error(`pgFloor: expected no rows, got ${n}`);
          return 0;
        },
      },
    };

    // Both sides must find the same nodes: compare counts over the whole sample of every question (this
    // is also the warm-up of both walks); then a warm-up of both floors.
    console.log('\nsanity check (same node count on both sides) and warm-up');
    const sizes: Record<string, { min: number; median: number; max: number; countMismatches: number }> = {};
    for (const q of questions) {
      const found: number[] = [];
      let mismatches = 0;
      for (const id of q.ids) {
        const [a, b] = [await ask(targets.plinth, id, q), await ask(targets.postgres, id, q)];
        if (a !== b && ++mismatches <= 5)
          console.log(`  ${q.key}: node count differs for ${id}: plinth ${a}, postgres ${b}`);
        found.push(a);
      }
      const s = [...found].sort((x, y) => x - y);
      sizes[q.key] = { min: s[0]!, median: median(found), max: s.at(-1)!, countMismatches: mismatches };
      console.log(
        `  ${q.key}: nodes per root min ${s[0]}, median ${median(found)}, max ${s.at(-1)}; mismatches ${mismatches}/${q.ids.length}`,
      );
      if (mismatches > 0) throw new Error(`${q.key}: Plinth and PostgreSQL disagree on ${mismatches} roots`);
      for (const id of q.ids.slice(0, 50)) {
        await ask(targets.floor, id, q);
        await ask(targets.pgFloor, id, q);
      }
    }

    // Rounds: each question in turn (the order rotates per round); per root the four series one after the
    // other, in an order that rotates per request, so load from other processes, GC and caches fall on
    // every series alike. Latencies are kept per round for medians across rounds.
    const loadStart = loadavg();
    const lat: Record<string, Record<Side, number[][]>> = Object.fromEntries(
      questions.map((q) => [q.key, { plinth: [], floor: [], postgres: [], pgFloor: [] }]),
    );
    for (let r = 0; r < ROUNDS; r++) {
      bearer = await token('auditor');
      const order = questions.map((_, k) => questions[(k + r) % questions.length]!);
      for (const q of order) {
        const round: Record<Side, number[]> = { plinth: [], floor: [], postgres: [], pgFloor: [] };
        for (let k = 0; k < REQUESTS; k++) {
          const id = q.ids[(r * REQUESTS + k) % q.ids.length]!;
          for (let j = 0; j < SIDES.length; j++) {
            const side = SIDES[(j + k) % SIDES.length]!;
            round[side].push(await timed(targets[side], id, q));
          }
        }
        for (const side of SIDES) lat[q.key]![side].push(round[side]);
        const p95 = (side: Side): string => stats(round[side]).p95.toFixed(1);
        console.log(
          `  round ${r + 1} ${q.key.padEnd(20)} p95 ms: plinth ${p95('plinth')} floor ${p95('floor')} postgres ${p95('postgres')} pgFloor ${p95('pgFloor')}`,
        );
      }
    }
    const loadEnd = loadavg();

    const results: Record<string, unknown> = {};
    const met: Record<string, { plinthP95AtMost2xFloorP95: boolean; walkAtMostPostgresWalk: boolean }> = {};
    console.log('\nresults (pooled over rounds; ratios at p95 and p50, and the median of the per-round ratios)');
    for (const q of questions) {
      const l = lat[q.key]!;
      const series = Object.fromEntries(
        SIDES.map((side) => [side, { ...stats(l[side].flat()), perRound: l[side].map(stats) }]),
      ) as Record<Side, ReturnType<typeof stats> & { perRound: ReturnType<typeof stats>[] }>;
      const at = (f: 'p50' | 'p95') => ({
        plinthToFloor: round2(series.plinth[f] / series.floor[f]),
        plinthWalkMs: round2(series.plinth[f] - series.floor[f]),
        postgresWalkMs: round2(series.postgres[f] - series.pgFloor[f]),
        walkRatio: round2((series.plinth[f] - series.floor[f]) / (series.postgres[f] - series.pgFloor[f])),
      });
      const perRound = (f: (k: number) => number): number =>
        round2(median(Array.from({ length: ROUNDS }, (_, k) => f(k))));
      const rs = (side: Side, k: number): ReturnType<typeof stats> => series[side].perRound[k]!;
      const ratios = {
        p95: at('p95'),
        p50: at('p50'),
        medianOfRounds: {
          plinthP95ToFloorP95: perRound((k) => rs('plinth', k).p95 / rs('floor', k).p95),
          walkRatioP95: perRound(
            (k) => (rs('plinth', k).p95 - rs('floor', k).p95) / (rs('postgres', k).p95 - rs('pgFloor', k).p95),
          ),
          walkRatioP50: perRound(
            (k) => (rs('plinth', k).p50 - rs('floor', k).p50) / (rs('postgres', k).p50 - rs('pgFloor', k).p50),
          ),
        },
      };
      met[q.key] = {
        plinthP95AtMost2xFloorP95: ratios.p95.plinthToFloor <= 2,
        walkAtMostPostgresWalk: ratios.p95.walkRatio <= 1,
      };
      let throughput: Record<string, unknown> | undefined;
      if (SECONDS > 0) {
        throughput = {};
        for (const side of SIDES) {
          const run = await cannon(targets[side], q, SECONDS);
          if (run.errors > 0) throw new Error(`${q.key} ${side}: ${run.errors} errors under load`);
          throughput[side] = run;
        }
      }
      results[q.key] = {
        direction: q.direction,
        depth: q.depth,
        nodesPerRoot: sizes[q.key],
        series,
        ratios,
        ...(throughput ? { throughput } : {}),
      };
      for (const side of SIDES)
        console.log(
          `  ${q.key.padEnd(20)} ${side.padEnd(8)} p50 ${series[side].p50} ms  p95 ${series[side].p95} ms  p99 ${series[side].p99} ms`,
        );
      console.log(
        `  ${q.key.padEnd(20)} plinth/floor p95 ${ratios.p95.plinthToFloor} (target ≤ 2: ${met[q.key]!.plinthP95AtMost2xFloorP95 ? 'met' : 'NOT met'}); ` +
          `walk p95 ${ratios.p95.plinthWalkMs} ms vs PostgreSQL ${ratios.p95.postgresWalkMs} ms = ${ratios.p95.walkRatio} (target ≤ 1: ${met[q.key]!.walkAtMostPostgresWalk ? 'met' : 'NOT met'}); ` +
          `at p50 ${ratios.p50.plinthToFloor} and ${ratios.p50.walkRatio}`,
      );
    }

    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      OUT,
      JSON.stringify(
        {
          benchmark: 'lineage-dag',
          date: new Date().toISOString(),
          machine: {
            cpus: cpus().length,
            model: cpus()[0]?.model,
            memoryGb: Math.round(totalmem() / 2 ** 30),
            node: process.version,
          },
          loadavg: {
            start: loadStart,
            end: loadEnd,
            note: 'os.loadavg() (1, 5, 15 min) at the start and end of the measured rounds; the machine has 2 cores shared with other work',
          },
          neo4jMemory: await neo4jMemory(own?.driver ?? driver),
          neo4j: own
            ? {
                instance: 'throwaway (bench/lineage-neo4j.ts): bulk import, then the project migrations',
                importSeconds: own.importSeconds,
                migrateSeconds: own.migrateSeconds,
              }
            : { instance: 'the shared stack Neo4j' },
          settings: {
            nodes: NODES,
            seed: SEED,
            depths: DEPTHS,
            samples: SAMPLES,
            requestsPerRoundPerSeries: REQUESTS,
            rounds: ROUNDS,
            autocannonSeconds: SECONDS,
            connections: CONNECTIONS,
            generations: GENERATIONS,
            window: WINDOW,
            order:
              'per root the four series back to back, their order rotating per request; questions rotate per round',
            plinth:
              'gateway → lineage subgraph → Neo4j, GraphQL lineage(id, direction, depth, first: 100), auditor token',
            floor:
              'the same request through the gateway for an id that does not exist: token check, gateway, subgraph, the walk query finding no root, null',
            postgres:
              'HTTP wrapper (pg pool) → one recursive CTE (UNION on (id, depth), depth bound) over edges(from_id, to_id, rel), indexes (from_id, rel, to_id) and (to_id, rel, from_id)',
            pgFloor: 'the same wrapper and statement for an id that does not exist: one index probe, no rows',
            neo4jNodes:
              'id, ownerOrgId (TrainingRuns none), benchBatch; no name (kept out of the shared full-text index)',
            query: LINEAGE_QUERY,
            pgQueries: PG_WALKS,
          },
          graph: {
            nodes: generated.nodes,
            edges: generated.edges,
            edgesPerNode: round2(generated.edges / generated.nodes),
            byLayer: generated.byLayer,
            edgesByRel: generated.edgesByRel,
          },
          load: {
            ...(own
              ? {
                  csvSeconds: generated.seconds,
                  neo4jImportSeconds: own.importSeconds,
                  neo4jImportNodesPerSecond: Math.round(generated.nodes / own.importSeconds),
                  neo4jMigrateSeconds: own.migrateSeconds,
                }
              : REUSE
                ? { neo4jReusedBatch: batch, neo4jSeconds: null, neo4jNodesPerSecond: null }
                : {
                    neo4jSeconds: generated.seconds,
                    neo4jNodesPerSecond: Math.round(generated.nodes / generated.seconds),
                  }),
            postgresCopySeconds: pgLoad.copySeconds,
            postgresIndexSeconds: pgLoad.indexSeconds,
          },
          results,
          targets: { plinthP95ToFloorP95: '≤ 2', walkRatio: '(plinth − floor) / (postgres − pgFloor) at p95 ≤ 1', met },
        },
        null,
        2,
      ) + '\n',
    );
    console.log(`\nwrote ${OUT}`);
  } catch (error) {
    if (!(error instanceof LoadOnlyDone)) {
      console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
      exitCode = 1;
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    if (cluster) stopPg(cluster);
    if (own) await own.stop();
    rmSync(csvDir, { recursive: true, force: true });
    if (OWN_NEO4J) console.log('bench Neo4j stopped and its folder removed; nothing was written to the shared Neo4j');
    else if (KEEP)
      console.log(`kept batch ${batch} in Neo4j; remove it with: npm run bench:lineage -- --cleanup ${batch}`);
    else console.log(`removed ${await cleanup(driver, batch, layers)} generated nodes`);
    await driver.close();
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
    process.exit(exitCode);
  }
}
