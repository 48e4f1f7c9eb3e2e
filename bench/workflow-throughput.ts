// Temporal overhead on the dev server, with an in-process worker (a task queue of its own):
//   (a) throughput: N trivial one-activity workflows started at once; completions per second from the
//       first start to the last result (published Python SDK reference: 73–86 workflows/s);
//   (b) orchestration overhead: the same training (CART on a 600-row CSV, through ONNX export, verify
//       and registration) as trainingWorkflow vs the same activities called directly in sequence.
// After a warm-up, rounds alternate (and alternate their order in (b)); medians go to
// bench/results/workflow-throughput.json. Needs the stack (npm run stack -- up).
// Usage: npm run bench:workflows [-- --n 200 --rounds 5 --training-rounds 5]
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Context, asyncLocalStorage, type Info } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { config } from '../lib/config.js';
import { blobStore } from '../lib/storage/index.js';
import { ingestCopy } from '../domain/datasets/ingest-copy.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { digestReferenced } from '../domain/datasets/versions.js';
import { createDriver } from '../lib/graph/driver.js';
import { createActivities } from '../workflows/activities.js';
import { seededRandom } from '../domain/random.js';
import type { TrainingInput } from '../domain/training/shared.js';
import { median } from './support.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg('n', 200);
const rounds = arg('rounds', 5);
const trainingRounds = arg('training-rounds', 5);
const round2 = (x: number): number => Math.round(x * 100) / 100;

Runtime.install({ logger: new DefaultLogger('WARN') });
const loadBefore = loadavg();
const driver = createDriver();
const clientConnection = await Connection.connect({ address: config.temporal.address });
const client = new Client({ connection: clientConnection, namespace: config.temporal.namespace });
const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
const activities = createActivities({ driver });
const tag = `bench-wf-${randomUUID().slice(0, 8)}`;

// ---- (a) throughput ----
const trivialQueue = `bench-trivial-${randomUUID()}`;
const trivialWorker = await Worker.create({
  connection: workerConnection,
  namespace: config.temporal.namespace,
  taskQueue: trivialQueue,
  workflowsPath: fileURLToPath(new URL('./workflows/throughput-workflows.ts', import.meta.url)),
  activities: { bump: async (n: number) => n + 1 },
});

/** Workflows completed per second, and how long the server took to accept the N starts alone. */
async function burst(n: number): Promise<{ rate: number; startSeconds: number }> {
  const t0 = performance.now();
  const handles = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      client.workflow.start('trivialWorkflow', {
        taskQueue: trivialQueue,
        workflowId: `${tag}-trivial-${randomUUID()}`,
        args: [i],
      }),
    ),
  );
  const started = performance.now();
  const results = (await Promise.all(handles.map((h) => h.result()))) as number[];
  const seconds = (performance.now() - t0) / 1000;
  if (results.some((r, i) => r !== i + 1)) throw new Error('a trivial workflow returned a wrong result');
  return { rate: n / seconds, startSeconds: (started - t0) / 1000 };
}

const throughput = await trivialWorker.runUntil(async () => {
  await burst(Math.min(50, N));
  const perRound: { rate: number; startSeconds: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    perRound.push(await burst(N));
    console.log(
      `(a) round ${r + 1}: ${perRound.at(-1)!.rate.toFixed(1)} workflows/s (starts accepted in ${perRound.at(-1)!.startSeconds.toFixed(2)} s)`,
    );
  }
  return perRound;
});

// ---- (b) orchestration overhead ----
// Uploaded through the same ingest as POST /api/datasets/:id/versions: training reads it by digest.
const rand = seededRandom(42);
const csv = [
  'a,b,c,y',
  ...Array.from({ length: 600 }, () => {
    const [a, b, c] = [rand() * 2 - 1, rand() * 2 - 1, rand()];
    return `${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${2 * a - b + 0.3 * (rand() - 0.5) > 0 ? 1 : 0}`;
  }),
].join('\n');
const ids = { dataset: randomUUID(), datasetVersion: '', model: randomUUID() };
await driver.executeQuery(
  `MATCH (o:Org {id: 'hq'})
   CREATE (d:Dataset {id: $dataset, name: $tag, description: 'bench', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq', createdBy: 'bench', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
   CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq', createdBy: 'bench',
                    createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
  { ...ids, tag },
);
const uploaded = await ingestCopy(
  driver,
  { sub: `sub-${tag}`, username: tag, roles: ['data-scientist'], org: 'hq' },
  { datasetId: ids.dataset, source: { bytes: csv }, declared: 'CSV' },
);
ids.datasetVersion = uploaded.id;
const input: TrainingInput = {
  datasetVersionId: ids.datasetVersion,
  targetColumn: 'y',
  task: 'binary',
  algorithm: 'cart',
  hyperparameters: { maxDepth: 5 },
  split: { test: 0.2 },
  seed: 7,
  requestedBy: { sub: `sub-${tag}`, username: tag, org: 'hq' },
  modelId: ids.model,
};

/** The workflow's steps in its order, each inside an activity context naming a fresh workflow id. */
async function direct(): Promise<number> {
  const workflowId = `${tag}-direct-${randomUUID()}`;
  const info = {
    workflowExecution: { workflowId, runId: randomUUID() },
    activityType: 'direct',
    attempt: 1,
  } as unknown as Info;
  const context = new Context(
    info,
    new Promise<never>(() => undefined),
    new AbortController().signal,
    () => undefined,
    undefined,
    undefined as never,
    undefined as never,
    undefined as never,
  );
  const t0 = performance.now();
  await asyncLocalStorage.run(context, async () => {
    const { trainingRunId } = await activities.trainingStart(input);
    await activities.trainingLoad(input);
    await activities.trainingSplit(input);
    await activities.trainingTrain(input);
    const evaluation = await activities.trainingEvaluate(input);
    const exported = await activities.trainingExport(input);
    const verified = await activities.trainingVerify(input);
    const metrics = {
      ...evaluation,
      onnxMaxAbsDiff: verified.maxAbsDiff,
      onnxLabelAgreement: verified.labelAgreement,
      artifactDigest: exported.digest,
    };
    await activities.trainingRegister(input, trainingRunId, metrics);
    await activities.trainingComplete(input, trainingRunId, { metrics });
  });
  return performance.now() - t0;
}

const trainingQueue = `bench-training-${randomUUID()}`;
const trainingWorker = await Worker.create({
  connection: workerConnection,
  namespace: config.temporal.namespace,
  taskQueue: trainingQueue,
  workflowsPath: fileURLToPath(new URL('../workflows/workflows.ts', import.meta.url)),
  activities,
});
async function viaTemporal(): Promise<number> {
  const t0 = performance.now();
  await client.workflow.execute('trainingWorkflow', {
    taskQueue: trainingQueue,
    workflowId: `${tag}-temporal-${randomUUID()}`,
    args: [input],
  });
  return performance.now() - t0;
}

const overhead = await trainingWorker.runUntil(async () => {
  await viaTemporal();
  await direct();
  const t: number[] = [];
  const d: number[] = [];
  for (let r = 0; r < trainingRounds; r++) {
    if (r % 2 === 0) {
      t.push(await viaTemporal());
      d.push(await direct());
    } else {
      d.push(await direct());
      t.push(await viaTemporal());
    }
    console.log(`(b) round ${r + 1}: temporal ${t.at(-1)!.toFixed(0)} ms, direct ${d.at(-1)!.toFixed(0)} ms`);
  }
  return { t, d };
});

await driver.executeQuery(
  `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (r:TrainingRun)-[:USED]->(:DatasetVersion {id: $datasetVersion})
   DETACH DELETE m, v, r`,
  ids,
);
await driver.executeQuery(
  'MATCH (d:Dataset {id: $dataset}) OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv) DETACH DELETE d, dv',
  ids,
);
await profilesSettled();
if (!(await digestReferenced(driver, uploaded.contentHash))) await blobStore().remove(uploaded.contentHash);

const result = {
  at: new Date().toISOString(),
  // The machine is shared: a 1-minute load average above its core count means the figures are contended.
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    loadAverage1m: { before: round2(loadBefore[0]!), after: round2(loadavg()[0]!) },
  },
  temporal: {
    address: config.temporal.address,
    server: 'temporal server start-dev --db-filename (dev server, SQLite on disk)',
    sdk: 'TypeScript, in-process worker, default worker options',
  },
  throughput: {
    workflow: 'trivialWorkflow: one activity (n => n + 1)',
    concurrentStarts: N,
    rounds,
    workflowsPerSecond: {
      median: round2(median(throughput.map((t) => t.rate))),
      perRound: throughput.map((t) => round2(t.rate)),
    },
    /** Seconds until the server had accepted all N starts: the server's share of the time. */
    startsAcceptedSeconds: {
      median: round2(median(throughput.map((t) => t.startSeconds))),
      perRound: throughput.map((t) => round2(t.startSeconds)),
    },
    reference: { sdk: 'Python', workflowsPerSecond: [73, 86] },
  },
  orchestration: {
    training: 'CART maxDepth 5, 600 rows: load → split → train → evaluate → ONNX export → verify → register → complete',
    rounds: trainingRounds,
    temporalMs: { median: Math.round(median(overhead.t)), perRound: overhead.t.map(Math.round) },
    directMs: { median: Math.round(median(overhead.d)), perRound: overhead.d.map(Math.round) },
    overheadMs: Math.round(median(overhead.t) - median(overhead.d)),
    ratio: round2(median(overhead.t) / median(overhead.d)),
  },
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/workflow-throughput.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
console.log('wrote bench/results/workflow-throughput.json');
await workerConnection.close();
await clientConnection.close();
await driver.close();
