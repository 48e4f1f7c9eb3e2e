// Asset-graph benchmark: writes 100,000 asset nodes of every searchable kind (Chinese and English names,
// spread over the org tree, tagged with `benchBatch`), then measures through the gateway, with
// autocannon, full-text `search` (English and Chinese) and get-by-id `dataset(id)` for an HQ user and a
// branch user: warm-up, then rounds in rotating order, throughput and p50/p99 latency. Writes
// bench/results/asset-graph.json and deletes the generated nodes (unless --keep).
// Needs the stack (npm run stack -- up) and migrations. Usage:
//   npm run bench:assets [-- --nodes 100000 --rounds 2 --seconds 8 --connections 10 --keep]
//   npm run bench:assets -- --cleanup <batch>     removes a kept batch
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import cliProgress from 'cli-progress';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { Label } from '../lib/graph/ontology.js';
import { median, startScript, token, waitForPort } from './support.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string, fallback: number): number => (opt(name) === undefined ? fallback : Number(opt(name)));
const NODES = num('nodes', 100_000);
const BATCH = num('batch', 5_000);
const ROUNDS = num('rounds', 3);
const SECONDS = num('seconds', 8);
const CONNECTIONS = num('connections', 10);
const KEEP = argv.includes('--keep');
const SUBGRAPH_PORT = 4201;
const GATEWAY_PORT = 4200;

// Kinds and their share of the generated nodes.
const KINDS: [Label, number][] = [
  [Label.Dataset, 0.22], [Label.DatasetVersion, 0.18], [Label.Model, 0.12], [Label.ModelVersion, 0.12], [Label.Service, 0.05],
  [Label.Deployment, 0.09], [Label.Cluster, 0.02], [Label.Node, 0.08], [Label.Accelerator, 0.09], [Label.EdgeNode, 0.03],
];
const ZH = ['输电线路', '变电站', '配电网', '电表', '绝缘子', '风电', '光伏', '负荷预测', '巡检', '故障诊断', '信贷风险', '调度', '无人机', '红外', '铭牌', '储能',
  '电缆', '杆塔', '计量', '用电', '营销', '安全帽', '烟火', '鸟巢', '覆冰', '雷击', '断路器', '变压器', '充电桩', '台区', '线损', '电价'];
const EN = ['transmission', 'substation', 'distribution', 'meter', 'insulator', 'wind', 'solar', 'load', 'inspection', 'fault', 'credit', 'dispatch', 'drone',
  'infrared', 'nameplate', 'storage', 'cable', 'tower', 'metering', 'consumption', 'marketing', 'helmet', 'smoke', 'nest', 'icing', 'lightning', 'breaker',
  'transformer', 'charging', 'feeder', 'loss', 'tariff'];
const NOUN: Partial<Record<Label, [string, string]>> = {
  [Label.Dataset]: ['数据集', 'dataset'], [Label.DatasetVersion]: ['数据版本', 'snapshot'], [Label.Model]: ['模型', 'model'],
  [Label.ModelVersion]: ['模型版本', 'model build'], [Label.Service]: ['服务', 'service'], [Label.Deployment]: ['部署', 'deployment'],
  [Label.Cluster]: ['集群', 'cluster'], [Label.Node]: ['节点', 'node'], [Label.Accelerator]: ['加速卡', 'accelerator'], [Label.EdgeNode]: ['边缘盒', 'edge box'],
};

/** Deterministic pseudo-random numbers, so two runs generate the same graph. */
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

function rowsFor(batch: string, label: Label, start: number, count: number, orgs: string[], random: () => number): Record<string, unknown>[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const [zhNoun, enNoun] = NOUN[label]!;
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const zhA = pick(ZH), zhB = pick(ZH), enA = pick(EN), enB = pick(EN);
    const row: Record<string, unknown> = {
      id: `bench-${batch}-${label}-${i}`,
      name: `${zhA}${zhB}${zhNoun} ${enA} ${enB} ${enNoun} ${i}`,
      description: `${pick(ZH)}与${pick(ZH)}相关的${zhNoun}。A ${enNoun} about ${pick(EN)} and ${pick(EN)}.`,
      tags: [enA, zhA, 'bench'],
      tagsText: `${enA} ${zhA} bench`,
      ownerOrgId: pick(orgs),
      createdBy: 'bench',
      archived: false,
      benchBatch: batch,
    };
    if (label === Label.DatasetVersion) Object.assign(row, { datasetId: `bench-${batch}-ds-${i}`, version: 1, contentHash: randomBytes(32).toString('hex'), format: 'PARQUET', rowCount: 1000, storageUri: `s3://bench/${i}`, schema: '{}' });
    if (label === Label.ModelVersion) Object.assign(row, { modelId: `bench-${batch}-m-${i}`, version: 1, format: 'ONNX', aliases: [] });
    return row;
  });
}

async function generate(driver: Driver, batch: string): Promise<{ seconds: number; byKind: Record<string, number>; orgs: string[] }> {
  const { records } = await driver.executeQuery('MATCH (o:Org) RETURN collect(o.id) AS ids');
  const orgs = records[0]!.get('ids') as string[];
  const random = rng(42);
  const bar = new cliProgress.SingleBar({ format: 'generating {bar} {value}/{total} nodes  {kind}  {eta}s left', hideCursor: true }, cliProgress.Presets.shades_classic);
  const started = Date.now();
  bar.start(NODES, 0, { kind: '' });
  const byKind: Record<string, number> = {};
  let done = 0;
  for (const [index, [label, share]] of KINDS.entries()) {
    const total = index === KINDS.length - 1 ? NODES - done : Math.round(NODES * share);
    byKind[label] = total;
    for (let start = 0; start < total; start += BATCH) {
      const rows = rowsFor(batch, label, start, Math.min(BATCH, total - start), orgs, random);
      // The label is an ontology constant; every value is a parameter.
      await driver.executeQuery(
        `UNWIND $rows AS r
         MATCH (o:Org {id: r.ownerOrgId})
         CREATE (n:${label}) SET n = r, n.createdAt = datetime()
         CREATE (n)-[:OWNED_BY]->(o)`,
        { rows },
      );
      done += rows.length;
      bar.update(done, { kind: label });
    }
  }
  // A sprinkle of shares, so the branch user's visibility check takes both paths.
  await driver.executeQuery(
    `MATCH (d:Dataset {benchBatch: $batch}) WHERE d.ownerOrgId = 'zhejiang' AND toInteger(split(d.id, '-')[3]) % 10 = 0
     MATCH (j:Org {id: 'jiangsu'}) CREATE (d)-[:SHARED_WITH]->(j)`,
    { batch },
  );
  await driver.executeQuery('CALL db.awaitIndexes(300)');
  bar.stop();
  return { seconds: (Date.now() - started) / 1000, byKind, orgs };
}

async function cleanup(driver: Driver, batch: string): Promise<number> {
  let removed = 0;
  const bar = new cliProgress.SingleBar({ format: 'removing   {bar} {value}/{total} nodes', hideCursor: true }, cliProgress.Presets.shades_classic);
  const counts = await driver.executeQuery('MATCH (n) WHERE n.benchBatch = $batch RETURN count(n) AS n', { batch });
  bar.start(counts.records[0]!.get('n') as number, 0);
  for (const [label] of KINDS) {
    for (;;) {
      const res = await driver.executeQuery(
        `MATCH (n:${label}) WHERE n.benchBatch = $batch WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n`,
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




interface Scenario { name: string; query: string; variables: () => Record<string, unknown> }
interface Run { rps: number; p50: number; p99: number; errors: number }

const url = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;

async function post(bearer: string, query: string, variables: Record<string, unknown>): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

async function load(bearer: string, scenario: Scenario, duration: number): Promise<Run> {
  const result = await autocannon({
    url, method: 'POST', connections: CONNECTIONS, duration,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ query: scenario.query, variables: scenario.variables() }) }) }],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

/** Middle value; the mean of the two middle ones for an even count. */

const driver = createDriver();
const cleanupOnly = opt('cleanup');
if (cleanupOnly) {
  console.log(`removed ${await cleanup(driver, cleanupOnly)} nodes of batch ${cleanupOnly}`);
  await driver.close();
  process.exit(0);
}

const batch = randomBytes(4).toString('hex');
const children: ChildProcess[] = [];
let exitCode = 0;
try {
  console.log(`asset-graph bench: batch ${batch}, ${NODES} nodes in batches of ${BATCH}`);
  const generated = await generate(driver, batch);
  console.log(`generated ${NODES} nodes in ${generated.seconds.toFixed(1)} s (${(NODES / generated.seconds).toFixed(0)} nodes/s)`);

  children.push(startScript(['subgraphs/assets/server.ts'], { ASSETS_PORT: String(SUBGRAPH_PORT) }));
  children.push(startScript(['gateway/server.ts'], { GATEWAY_PORT: String(GATEWAY_PORT), ASSETS_URL: `http://127.0.0.1:${SUBGRAPH_PORT}/graphql` }));
  await Promise.all([waitForPort(SUBGRAPH_PORT), waitForPort(GATEWAY_PORT)]);

  // Get-by-id picks among Jiangsu-owned bench datasets: visible to HQ and to the Jiangsu user alike.
  const ids = (await driver.executeQuery(
    `MATCH (d:Dataset {benchBatch: $batch}) WHERE d.ownerOrgId = 'jiangsu' RETURN d.id AS id LIMIT 1000`, { batch },
  )).records.map((r) => r.get('id') as string);
  const random = rng(7);
  const scenarios: Scenario[] = [
    { name: 'search-en', query: 'query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { kind id name score } } } }', variables: () => ({ q: 'transmission' }) },
    { name: 'search-zh', query: 'query($q: String!) { search(query: $q, first: 10) { totalCount edges { node { kind id name score } } } }', variables: () => ({ q: '输电线路' }) },
    { name: 'dataset-by-id', query: 'query($id: ID!) { dataset(id: $id) { id name description tags owner { id name } } }', variables: () => ({ id: ids[Math.floor(random() * ids.length)] }) },
  ];
  const users = [{ who: 'hq', username: 'viewer' }, { who: 'branch', username: 'scientist.jiangsu' }];
  const cells = users.flatMap((u) => scenarios.map((s) => ({ ...u, scenario: s, key: `${u.who}/${s.name}` })));

  const report: Record<string, { user: string; totalCount?: number; runs: Run[]; medianRps?: number; medianP50?: number; medianP99?: number }> = {};
  console.log('\nsanity check and warm-up');
  for (const cell of cells) {
    const bearer = await token(cell.username);
    const answer = await post(bearer, cell.scenario.query, cell.scenario.variables());
    if (answer.errors || !answer.data) throw new Error(`${cell.key}: ${JSON.stringify(answer).slice(0, 300)}`);
    const totalCount = (answer.data.search as { totalCount?: number } | undefined)?.totalCount;
    report[cell.key] = { user: cell.username, totalCount, runs: [] };
    await load(bearer, cell.scenario, 3);
    console.log(`  ${cell.key.padEnd(22)} ok${totalCount === undefined ? '' : ` (totalCount ${totalCount})`}`);
  }
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order every round so drift (JIT, GC, page cache) favours no cell.
    const order = cells.map((_, i) => cells[(i + r * 2) % cells.length]!);
    for (const cell of order) {
      const run = await load(await token(cell.username), cell.scenario, SECONDS);
      if (run.errors > 0) throw new Error(`${cell.key}: ${run.errors} errors`);
      report[cell.key]!.runs.push(run);
      console.log(`  round ${r + 1} ${cell.key.padEnd(22)} ${run.rps.toFixed(0).padStart(5)} req/s  p50 ${run.p50} ms  p99 ${run.p99} ms`);
    }
  }
  for (const cell of Object.values(report)) {
    cell.medianRps = median(cell.runs.map((x) => x.rps));
    cell.medianP50 = median(cell.runs.map((x) => x.p50));
    cell.medianP99 = median(cell.runs.map((x) => x.p99));
  }
  console.log('\nmedians');
  for (const [key, cell] of Object.entries(report)) console.log(`  ${key.padEnd(22)} ${(cell.medianRps ?? Number.NaN).toFixed(0).padStart(5)} req/s  p50 ${cell.medianP50} ms  p99 ${cell.medianP99} ms`);

  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/asset-graph.json', JSON.stringify({
    benchmark: 'asset-graph',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    settings: { nodes: NODES, batch: BATCH, rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, warmupSeconds: 3, path: 'gateway → assets subgraph → Neo4j' },
    generated: { seconds: generated.seconds, nodesPerSecond: Math.round(NODES / generated.seconds), byKind: generated.byKind, orgs: generated.orgs },
    users: Object.fromEntries(users.map((u) => [u.who, u.username])),
    results: report,
  }, null, 2) + '\n');
  console.log('\nwrote bench/results/asset-graph.json');
} catch (error) {
  console.error(`bench failed: ${(error as Error).stack ?? String(error)}`);
  exitCode = 1;
} finally {
  for (const child of children) child.kill('SIGTERM');
  if (KEEP) console.log(`kept batch ${batch}; remove it with: npm run bench:assets -- --cleanup ${batch}`);
  else console.log(`removed ${await cleanup(driver, batch)} generated nodes`);
  await driver.close();
  process.exit(exitCode);
}
