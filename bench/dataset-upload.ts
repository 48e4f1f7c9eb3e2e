// Issue #14's ingest bench: a generated CSV (1 GB by default) uploaded through the gateway, against the
// floor of what any ingest must do with the same file, measured in the same run: `sha256sum` plus a
// DuckDB `read_csv` count. Also the hub's memory: the RSS of the gateway and the assets subgraph while the
// upload streams (target: grows < 100 MB), and that the digest equals sha256sum's and the row count DuckDB's.
// Rounds alternate baseline and ingest after a warm-up; each ingest goes into a fresh dataset and its
// bytes are removed afterwards, so every round stores them anew.
//
//   npm run bench:upload [-- --size-mb 1024 --rounds 3]
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import type { ChildProcess } from 'node:child_process';
import { paths } from '../lib/config.js';
import { createDriver } from '../lib/graph/driver.js';
import { withDuck } from '../domain/datasets/duck.js';
import { median, startScript, token, waitForPort } from './support.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SIZE_MB = arg('size-mb', 1024);
const ROUNDS = arg('rounds', 3);
const GATEWAY_PORT = 4790;
const ASSETS_PORT = 4791;
const benchHome = join(paths.home, 'bench', 'dataset-upload');
const csvPath = join(benchHome, `meter-readings-${SIZE_MB}mb.csv`);
const storeDir = join(benchHome, 'store');

/** A deterministic meter-readings CSV of about SIZE_MB megabytes (generated once, kept in the cache). */
async function generate(): Promise<void> {
  const target = SIZE_MB * 1_000_000;
  const existing = await stat(csvPath).catch(() => null);
  if (existing && existing.size >= target) return;
  await mkdir(benchHome, { recursive: true });
  const out = createWriteStream(`${csvPath}.partial`);
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const regions = ['north', 'south', 'east', 'west', 'central'];
  let written = 0;
  let i = 0;
  out.write('id,meter,reading_at,kwh,voltage,region,status,note\n');
  const started = Date.now();
  while (written < target) {
    const lines: string[] = [];
    for (let k = 0; k < 20_000; k++, i++) {
      const minute = i % (60 * 24 * 28);
      const day = 1 + Math.floor(minute / (60 * 24));
      const hh = Math.floor((minute % (60 * 24)) / 60);
      const mm = minute % 60;
      const kwh = random() < 0.01 ? '' : (random() * 100).toFixed(3);
      lines.push(
        `${i},M${String(i % 5000).padStart(5, '0')},2026-01-${String(day).padStart(2, '0')} ${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00,${kwh},${(220 + (random() - 0.5) * 6).toFixed(2)},${regions[i % 5]},${i % 7 ? 'ok' : 'alarm'},reading number ${i}`,
      );
    }
    const chunk = lines.join('\n') + '\n';
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
    if (i % 1_000_000 === 0) process.stdout.write(`\rgenerating ${(written / 1e6).toFixed(0)} / ${SIZE_MB} MB`);
  }
  out.end();
  await once(out, 'finish');
  await rm(csvPath, { force: true });
  await import('node:fs/promises').then((fs) => fs.rename(`${csvPath}.partial`, csvPath));
  console.log(
    `\rgenerated ${csvPath}: ${(written / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Samples the RSS of the processes every 50 ms until stopped; returns the peak of each. */
function sampleRss(pids: Record<string, number>): { stop(): Promise<Record<string, number>> } {
  const peak: Record<string, number> = Object.fromEntries(Object.keys(pids).map((k) => [k, 0]));
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const [name, pid] of Object.entries(pids)) peak[name] = Math.max(peak[name]!, await rssMb(pid));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}

async function baseline(): Promise<{ sha256sum: number; duckdbCount: number; digest: string; rows: number }> {
  let started = performance.now();
  const { stdout } = await promisify(execFile)('sha256sum', [csvPath]);
  const sha256sum = (performance.now() - started) / 1000;
  started = performance.now();
  const rows = await withDuck(async (db) =>
    Number((await db.runAndReadAll(`SELECT count(*) FROM read_csv('${csvPath}')`)).getRows()[0]![0]),
  );
  return { sha256sum, duckdbCount: (performance.now() - started) / 1000, digest: stdout.split(' ')[0]!, rows };
}

async function gql<T>(accessToken: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${GATEWAY_PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** POSTs the file through the gateway, streamed from disk; resolves with the 201 body and the seconds to it. */
async function upload(accessToken: string, datasetId: string, file: string) {
  const size = (await stat(file)).size;
  const started = performance.now();
  const body = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: GATEWAY_PORT,
        path: `/api/datasets/${datasetId}/versions?format=csv`,
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-length': size, 'content-type': 'text/csv' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          if (res.statusCode !== 201) reject(new Error(`upload answered ${res.statusCode}: ${JSON.stringify(json)}`));
          else resolve(json);
        });
      },
    );
    req.on('error', reject);
    createReadStream(file, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
  return { body, seconds: (performance.now() - started) / 1000 };
}

const driver = createDriver();
const children: ChildProcess[] = [];
const tag = `bench${randomBytes(4).toString('hex')}`;
const load = { start: loadavg() };
try {
  await generate();
  await rm(storeDir, { recursive: true, force: true });
  const env = { PLINTH_STORE: storeDir, PLINTH_MAX_DATASET_BYTES: String(4 * 1024 * 1024 * 1024) };
  const assets = startScript(['subgraphs/assets/server.ts'], { ...env, ASSETS_PORT: String(ASSETS_PORT) });
  const gateway = startScript(['gateway/server.ts'], {
    ...env,
    GATEWAY_PORT: String(GATEWAY_PORT),
    ASSETS_URL: `http://127.0.0.1:${ASSETS_PORT}/graphql`,
  });
  children.push(assets, gateway);
  await Promise.all([waitForPort(ASSETS_PORT), waitForPort(GATEWAY_PORT)]);
  const accessToken = await token('scientist');
  const pids = { gateway: gateway.pid!, assets: assets.pid! };

  const newDataset = async (): Promise<string> =>
    (
      await gql<{ registerDataset: { id: string } }>(
        accessToken,
        `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
        { input: { name: `upload bench ${tag} ${randomBytes(3).toString('hex')}`, tags: [tag] } },
      )
    ).registerDataset.id;
  const waitForProfile = async (id: string): Promise<{ status: string; seconds: number }> => {
    const started = performance.now();
    for (;;) {
      const { datasetVersion } = await gql<{ datasetVersion: { profileStatus: string } }>(
        accessToken,
        `query($id: ID!) { datasetVersion(id: $id) { profileStatus } }`,
        { id },
      );
      if (datasetVersion.profileStatus !== 'PENDING')
        return { status: datasetVersion.profileStatus, seconds: (performance.now() - started) / 1000 };
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const removeBytes = async (digest: string) =>
    rm(join(storeDir, 'sha256', digest.slice(0, 2), digest), { force: true });

  // Warm-up: a small upload and one baseline read (page cache, JIT, DuckDB load).
  const small = join(benchHome, 'warm-up.csv');
  await writeFile(small, 'a,b\n1,2\n3,4\n');
  const warm = await upload(accessToken, await newDataset(), small);
  await waitForProfile(warm.body.id as string);
  await baseline();

  const rounds: Record<string, unknown>[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const base = await baseline();
    const datasetId = await newDataset();
    const before = { gateway: await rssMb(pids.gateway), assets: await rssMb(pids.assets) };
    const sampler = sampleRss(pids);
    const ingest = await upload(accessToken, datasetId, csvPath);
    const peak = await sampler.stop();
    const profileSampler = sampleRss(pids);
    const profile = await waitForProfile(ingest.body.id as string);
    const profilePeak = await profileSampler.stop();
    const floor = base.sha256sum + base.duckdbCount;
    const result = {
      round,
      baseline: { sha256sum_s: base.sha256sum, duckdb_count_s: base.duckdbCount, sum_s: floor },
      ingest_s: ingest.seconds,
      speed_vs_baseline: floor / ingest.seconds,
      digest_equals_sha256sum: ingest.body.contentHash === base.digest,
      rowcount_equals_duckdb: ingest.body.rowCount === base.rows,
      rows: ingest.body.rowCount,
      rss_mb: {
        gateway: { before: before.gateway, peak: peak.gateway, growth: peak.gateway! - before.gateway },
        assets: { before: before.assets, peak: peak.assets, growth: peak.assets! - before.assets },
      },
      profile: {
        status: profile.status,
        seconds_after_201: profile.seconds,
        assets_rss_peak_mb: profilePeak.assets,
      },
    };
    rounds.push(result);
    console.log(
      `round ${round}: sha256sum ${base.sha256sum.toFixed(2)} s + DuckDB count ${base.duckdbCount.toFixed(2)} s = ${floor.toFixed(2)} s; ingest ${ingest.seconds.toFixed(2)} s (${(floor / ingest.seconds).toFixed(2)}x); RSS growth gateway ${result.rss_mb.gateway.growth.toFixed(0)} MB, assets ${result.rss_mb.assets.growth.toFixed(0)} MB; digest ${result.digest_equals_sha256sum ? '=' : '≠'} sha256sum, rows ${result.rowcount_equals_duckdb ? '=' : '≠'} DuckDB (${base.rows}); profile ${profile.status} ${profile.seconds.toFixed(1)} s after the 201`,
    );
    await driver.executeQuery(
      `MATCH (d:Dataset) WHERE $tag IN d.tags OPTIONAL MATCH (d)-[:HAS_VERSION]->(v:DatasetVersion) DETACH DELETE d, v`,
      { tag },
    );
    await removeBytes(ingest.body.contentHash as string);
  }
  const ratio = median(rounds.map((r) => r.speed_vs_baseline as number));
  const growth = Math.max(
    ...rounds.map((r) => {
      const rss = r.rss_mb as Record<string, { growth: number }>;
      return Math.max(rss.gateway!.growth, rss.assets!.growth);
    }),
  );
  const summary = {
    file_mb: (await stat(csvPath)).size / 1e6,
    median_speed_vs_baseline: ratio,
    target_speed_vs_baseline: 0.5,
    max_rss_growth_mb: growth,
    target_rss_growth_mb: 100,
    digests_equal: rounds.every((r) => r.digest_equals_sha256sum),
    rowcounts_equal: rounds.every((r) => r.rowcount_equals_duckdb),
  };
  console.log(
    `median ${ratio.toFixed(2)}x the speed of sha256sum + DuckDB count (target ≥ 0.5x); largest RSS growth ${growth.toFixed(0)} MB (target < 100 MB)`,
  );
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/dataset-upload.json',
    JSON.stringify(
      {
        bench: 'dataset-upload',
        date: new Date().toISOString(),
        loadavg: { ...load, end: loadavg() },
        summary,
        rounds,
      },
      null,
      2,
    ) + '\n',
  );
} finally {
  await driver.executeQuery(
    `MATCH (d:Dataset) WHERE $tag IN d.tags OPTIONAL MATCH (d)-[:HAS_VERSION]->(v:DatasetVersion) DETACH DELETE d, v`,
    { tag },
  );
  for (const child of children) child.kill('SIGTERM');
  await driver.close();
  await rm(storeDir, { recursive: true, force: true });
}
