// Does a long training run delay orchestration or a query? The hub's subgraphs and gateway in this process
// on free ports, the two workers as `npm start` runs them (workflows/worker.ts, orchestration and compute,
// each a process, on task queues of their own). Each round measures, idle and busy (order alternating):
//   - trainingRun.progress through the gateway, polled every 100 ms, and the workflow's progress query
//     straight to Temporal (the worker's share of it): idle on a run held in its train step
//     by the test hook (no CPU), busy on a random forest training (1000 trees on 16,000 rows: minutes of CPU, terminated once measured);
//   - an edge rollout to two nodes that report as soon as they are pushed: start → COMPLETED;
//   - a canary of WINDOW s: approval → decision.
// After a warm-up round, figures (medians over rounds, p50/p99 over all progress samples) and the load
// average go to bench/results/busy-worker.json. Needs the stack (npm run stack -- up).
// Usage: npm run bench:busy-worker [-- --rounds 2 --trees 1000]
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { config } from '../lib/config.js';
import type { Identity } from '../lib/auth/identity.js';
import { createDriver } from '../lib/graph/driver.js';
import { startSubgraph, type RunningServer } from '../lib/subgraph/server.js';
import { startGateway } from '../gateway/app.js';
import { subgraphs } from '../subgraphs/index.js';
import { seededRandom } from '../domain/random.js';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { ingestCopy } from '../domain/datasets/ingest-copy.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { digestReferenced } from '../domain/datasets/versions.js';
import { blobStore } from '../lib/storage/index.js';
import { trainingClientOptions, trainingProgress } from '../domain/training/client.js';
import { deploymentClientOptions } from '../domain/deployment/client.js';
import { edgeRolloutClientOptions } from '../domain/edge/client.js';
import { closeTemporalClient } from '../domain/temporal/client.js';
import { median, percentile, token } from './support.js';

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
const pct = (values: number[], p: number): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    p / 100,
  );

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 2);
const trees = arg('trees', 1000);
const WINDOW = 4;
const tag = `bench-busy-${randomUUID().slice(0, 8)}`;
const queues = { orchestration: `${tag}-orchestration`, compute: `${tag}-compute` };
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const loadBefore = loadavg();

// The hold hook (an idle run parked in its train step) is accepted only where test hooks are on.
process.env.PLINTH_TEST_HOOKS = '1';
const driver = createDriver();
const running: RunningServer[] = [];
const servers: Record<string, string> = {};
for (const s of subgraphs) {
  const server = await startSubgraph({ name: s.name, schema: s.schema, driver, port: 0, routes: s.routes });
  running.push(server);
  servers[s.name] = server.url;
}
const gateway = await startGateway({ port: 0, subgraphUrls: servers });
const url = gateway.url;
const connection = await Connection.connect({ address: config.temporal.address });
const client = new Client({ connection, namespace: config.temporal.namespace });
trainingClientOptions.taskQueue = queues.compute;
deploymentClientOptions.taskQueue = queues.orchestration;
edgeRolloutClientOptions.taskQueue = queues.orchestration;

const children: ChildProcess[] = [];
async function spawnWorker(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workflows/worker.ts'], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker polling task queue')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before polling:\n${output}`)));
  });
}

const tokens: Record<string, string> = {};
for (const user of ['admin', 'engineer', 'approver', 'viewer', 'scientist']) tokens[user] = await token(user);

async function gql<T>(query: string, variables: Record<string, unknown> = {}, bearer = tokens.admin!): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

const ids = { dataset: randomUUID(), datasetVersion: '', model: randomUUID(), lrModel: '', lrVersion: '', cpu: '' };
const workflows: string[] = [];
const services: string[] = [];

async function setup(): Promise<void> {
  const rand = seededRandom(15_004);
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 20_000; i++) {
    const [a, b, c] = [rand() * 4 - 2, rand() * 4 - 2, rand() * 2 - 1];
    lines.push(`${a.toFixed(5)},${b.toFixed(5)},${c.toFixed(5)},${a * b - c + 0.3 * (rand() - 0.5) > 0 ? 1 : 0}`);
  }
  await driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (:Dataset {id: $dataset, name: $tag, description: '', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                       createdBy: 'bench', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
     CREATE (:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
                     ownerOrgId: 'hq', createdBy: 'bench', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { dataset: ids.dataset, model: ids.model, tag },
  );
  const uploader: Identity = { sub: 'plinth-bench', username: 'bench', roles: ['data-scientist'], org: 'hq' };
  ids.datasetVersion = (
    await ingestCopy(driver, uploader, {
      datasetId: ids.dataset,
      source: { bytes: `${lines.join('\n')}\n` },
      declared: 'CSV',
    })
  ).id;
  ids.lrModel = (
    await gql<{ registerModel: { id: string } }>(
      `mutation { registerModel(input: {name: "${tag} lr", task: "binary-classification", tags: ["${tag}"]}) { id } }`,
    )
  ).registerModel.id;
  const upload = await fetch(
    `${url.replace(/\/graphql$/, '')}/api/models/${ids.lrModel}/versions?framework=hand-built`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens.admin}`,
        'content-type': 'application/octet-stream',
        'x-plinth-metrics': JSON.stringify({ auc: 0.9 }),
      },
      body: Buffer.from(logisticRegressionModel([0.5, -1, 2, 0.25], 0.1)),
    },
  );
  if (upload.status !== 201) throw new Error(`model upload: HTTP ${upload.status} ${await upload.text()}`);
  ids.lrVersion = ((await upload.json()) as { id: string }).id;
  const cluster = (
    await gql<{ registerCluster: { id: string } }>(
      `mutation { registerCluster(input: {name: "${tag} cluster", tags: ["${tag}"]}) { id } }`,
    )
  ).registerCluster.id;
  const node = (
    await gql<{ registerNode: { id: string } }>(
      `mutation { registerNode(input: {clusterId: "${cluster}", name: "${tag} node", hostname: "${tag}-host", tags: ["${tag}"]}) { id } }`,
    )
  ).registerNode.id;
  ids.cpu = (
    await gql<{ registerAccelerator: { id: string } }>(
      `mutation { registerAccelerator(input: {name: "${tag} cpu", kind: CPU, vendor: "Intel", model: "Xeon", memoryMb: 8192, executionProviders: ["cpu"], nodeId: "${node}", tags: ["${tag}"]}) { id } }`,
    )
  ).registerAccelerator.id;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function edgeRollout(label: string): Promise<number> {
  const nodes: string[] = [];
  for (let i = 0; i < 2; i++)
    nodes.push(
      (
        await gql<{ registerEdgeNode: { id: string } }>(
          'mutation($i: RegisterEdgeNodeInput!) { registerEdgeNode(input: $i) { id } }',
          {
            i: { name: `${tag} ${label} ${workflows.length} ${i}`, site: `${tag}-site`, status: 'ONLINE', tags: [tag] },
          },
        )
      ).registerEdgeNode.id,
    );
  const started = Date.now();
  const workflowId = (
    await gql<{ startEdgeRollout: { workflowId: string } }>(
      'mutation($i: StartEdgeRolloutInput!) { startEdgeRollout(input: $i) { workflowId } }',
      {
        i: {
          modelVersionId: ids.lrVersion,
          edgeNodeIds: nodes,
          batchSize: 2,
          failureBudget: 0,
          reportTimeoutSeconds: 60,
        },
      },
    )
  ).startEdgeRollout.workflowId;
  workflows.push(workflowId);
  const done = client.workflow.getHandle(workflowId).result();
  for (const node of nodes) {
    while (
      !(
        await gql<{ edgeRollout: { pushed: string[] } }>('query($w: ID!) { edgeRollout(workflowId: $w) { pushed } }', {
          w: workflowId,
        })
      ).edgeRollout.pushed.includes(node)
    )
      await sleep(50);
    await gql(
      'mutation($w: ID!, $n: ID!) { reportEdgeNodeStatus(rolloutWorkflowId: $w, edgeNodeId: $n, ok: true, message: "up") { state } }',
      { w: workflowId, n: node },
    );
  }
  await done;
  return Date.now() - started;
}

async function canary(): Promise<number> {
  const mainId = (
    await gql<{ createDeployment: { id: string } }>(
      'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }',
      { i: { name: `${tag} main`, modelVersionId: ids.lrVersion, acceleratorId: ids.cpu, tags: [tag] } },
    )
  ).createDeployment.id;
  const serviceId = (
    await gql<{ registerService: { id: string } }>(
      `mutation { registerService(input: {name: "${tag} ${services.length}", tags: ["${tag}"]}) { id } }`,
    )
  ).registerService.id;
  services.push(serviceId);
  await gql(
    `mutation { setServiceRoutes(serviceId: "${serviceId}", routes: [{deploymentId: "${mainId}", weight: 100}]) { id } }`,
  );
  const workflowId = (
    await gql<{ requestDeployment: { workflowId: string } }>(
      'mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }',
      {
        i: {
          serviceId,
          modelVersionId: ids.lrVersion,
          acceleratorId: ids.cpu,
          canaryWeight: 50,
          windowSeconds: WINDOW,
          thresholds: { maxErrorRate: 0.5, maxP99Ms: 10_000 },
          requiredMetrics: { auc: 0.75 },
        },
      },
      tokens.engineer,
    )
  ).requestDeployment.workflowId;
  workflows.push(workflowId);
  const stepOf = async () =>
    (
      await gql<{ deploymentRequest: { step: string } }>(
        'query($w: ID!) { deploymentRequest(workflowId: $w) { step } }',
        {
          w: workflowId,
        },
      )
    ).deploymentRequest.step;
  while ((await stepOf()) !== 'AWAITING_APPROVAL') await sleep(100);
  const approved = Date.now();
  await gql(
    'mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "go") { step } }',
    { w: workflowId },
    tokens.approver,
  );
  let done = false;
  const result = client.workflow
    .getHandle(workflowId)
    .result()
    .finally(() => (done = true));
  for (let n = 0; !done; n++) {
    await gql(
      'mutation($s: ID!, $k: String, $i: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $i) { deploymentId } }',
      { s: serviceId, k: `k-${n}`, i: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } },
      tokens.viewer,
    ).catch(() => undefined);
    await sleep(20);
  }
  const status = (await result) as { step: string };
  if (status.step !== 'PROMOTED') throw new Error(`canary ${workflowId} ended ${JSON.stringify(status)}`);
  return Date.now() - approved;
}

const PROGRESS = 'query($id: ID!) { trainingRun(id: $id) { status progress { step } } }';
type View = { status: string; progress: { step: string } | null };

/** Starts a training run and waits for its train step: a 50-tree forest (busy) or a held run (idle). */
async function startRun(busy: boolean): Promise<{ id: string; workflowId: string }> {
  const run = (
    await gql<{ startTraining: { id: string; workflowId: string } }>(
      'mutation($i: StartTrainingInput!) { startTraining(input: $i) { id workflowId } }',
      {
        i: {
          datasetVersionId: ids.datasetVersion,
          modelId: ids.model,
          targetColumn: 'y',
          task: 'BINARY',
          algorithm: 'RANDOM_FOREST',
          hyperparameters: busy ? { nEstimators: trees, maxDepth: 8 } : { nEstimators: 2, testHoldInTrainMs: 60_000 },
          testFraction: 0.2,
          seed: 7,
        },
      },
      tokens.scientist,
    )
  ).startTraining;
  workflows.push(run.workflowId);
  while ((await gql<{ trainingRun: View }>(PROGRESS, { id: run.id })).trainingRun.progress?.step !== 'train')
    await sleep(100);
  return run;
}

interface Phase {
  busy: boolean;
  progressMs: number[];
  queryMs: number[];
  notTraining: number;
  errors: string[];
  rolloutMs: number;
  canaryMs: number;
  stillTraining: boolean;
}

async function phase(busy: boolean): Promise<Phase> {
  const run = await startRun(busy);
  const progressMs: number[] = [];
  const queryMs: number[] = [];
  let notTraining = 0;
  const errors: string[] = [];
  let measuring = true;
  const poller = (async () => {
    while (measuring) {
      const t0 = performance.now();
      try {
        const view = (await gql<{ trainingRun: View | null }>(PROGRESS, { id: run.id })).trainingRun;
        if (view?.progress?.step !== 'train') notTraining++;
      } catch (error) {
        errors.push((error as Error).message);
      }
      progressMs.push(performance.now() - t0);
      // The same question straight to Temporal (no gateway, subgraph or graph read): the worker's share.
      const t1 = performance.now();
      await trainingProgress(run.workflowId).catch((error: Error) => errors.push(error.message));
      queryMs.push(performance.now() - t1);
      await sleep(100);
    }
  })();
  let rolloutMs: number;
  let canaryMs: number;
  let last: View | null;
  try {
    rolloutMs = await edgeRollout(busy ? 'busy' : 'idle');
    canaryMs = await canary();
    last = (await gql<{ trainingRun: View | null }>(PROGRESS, { id: run.id })).trainingRun;
  } finally {
    measuring = false;
    await poller;
  }
  await client.workflow
    .getHandle(run.workflowId)
    .terminate('bench phase done')
    .catch(() => undefined);
  return {
    busy,
    progressMs,
    queryMs,
    notTraining,
    errors,
    rolloutMs,
    canaryMs,
    stillTraining: last?.progress?.step === 'train',
  };
}

async function cleanup(): Promise<void> {
  for (const w of workflows)
    await client.workflow
      .getHandle(w)
      .terminate('bench cleanup')
      .catch(() => undefined);
  for (const s of services)
    await gql(`mutation { setServiceRoutes(serviceId: "${s}", routes: []) { id } }`).catch(() => undefined);
  const deployments = await driver.executeQuery(
    'MATCH (d:Deployment) WHERE $tag IN d.tags OR d.requestWorkflowId IN $w RETURN d.id AS id',
    { tag, w: workflows },
  );
  for (const r of deployments.records)
    await gql(`mutation { stopDeployment(id: "${r.get('id') as string}") { id } }`).catch(() => undefined);
  const stored = await driver.executeQuery(
    `MATCH (m:Model)-[:HAS_VERSION]->(v:ModelVersion) WHERE m.id IN $models RETURN v.artifactDigest AS d
     UNION MATCH (:Dataset {id: $dataset})-[:HAS_VERSION]->(v:DatasetVersion) RETURN v.contentHash AS d`,
    { models: [ids.model, ids.lrModel], dataset: ids.dataset },
  );
  await driver.executeQuery(
    `MATCH (n) WHERE ((n:Model OR n:Dataset OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service OR n:EdgeNode) AND $tag IN n.tags)
       OR (n:Deployment AND n.requestWorkflowId IN $w) OR (n:TrainingRun AND n.workflowId IN $w)
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag, w: workflows },
  );
  await profilesSettled();
  for (const r of stored.records) {
    const digest = r.get('d') as string | null;
    if (digest && !(await digestReferenced(driver, digest))) await blobStore().remove(digest);
  }
}

const phases: Phase[] = [];
const failures: string[] = [];
try {
  await spawnWorker({ PLINTH_WORKER_ROLE: 'orchestration', PLINTH_TASK_QUEUE: queues.orchestration, GATEWAY_URL: url });
  await spawnWorker({ PLINTH_WORKER_ROLE: 'compute', PLINTH_COMPUTE_TASK_QUEUE: queues.compute });
  await setup();
  console.log('warm-up');
  await edgeRollout('warm-up');
  await canary();
  for (let r = 0; r < rounds; r++) {
    for (const busy of r % 2 === 0 ? [false, true] : [true, false]) {
      let p: Phase;
      try {
        p = await phase(busy);
      } catch (error) {
        // One failed phase (a canary refused, a rollout stopped) is reported, not fatal to the others.
        console.error(`round ${r + 1} ${busy ? 'busy' : 'idle'} failed: ${(error as Error).message}`);
        failures.push(`round ${r + 1} ${busy ? 'busy' : 'idle'}: ${(error as Error).message}`);
        continue;
      }
      phases.push(p);
      console.log(
        `round ${r + 1} ${busy ? 'busy' : 'idle'}: progress p50 ${pct(p.progressMs, 50).toFixed(0)} ms p99 ${pct(p.progressMs, 99).toFixed(0)} ms (${p.progressMs.length} asked, ${p.notTraining} not in the train step; Temporal query alone, for comparison p99 ${pct(p.queryMs, 99).toFixed(0)} ms), ` +
          `rollout ${p.rolloutMs} ms, canary ${p.canaryMs} ms (window ${WINDOW} s), still training: ${p.stillTraining}`,
      );
    }
  }
} finally {
  await cleanup().catch((error: Error) => console.error(`cleanup: ${error.message}`));
  for (const child of children) child.kill('SIGTERM');
  await gateway.stop();
  await Promise.all(running.map((s) => s.stop()));
  await closeTemporalClient();
  await connection.close();
  await driver.close();
}

const summary = (busy: boolean) => {
  const of = phases.filter((p) => p.busy === busy);
  const all = of.flatMap((p) => p.progressMs);
  return {
    progressQueries: all.length,
    progressNotTraining: of.reduce((s, p) => s + p.notTraining, 0),
    progressErrors: of.flatMap((p) => p.errors),
    progressP50Ms: Math.round(pct(all, 50)),
    progressP99Ms: Math.round(pct(all, 99)),
    progressMaxMs: Math.round(Math.max(...all)),
    workflowQueryP50Ms: Math.round(
      pct(
        of.flatMap((p) => p.queryMs),
        50,
      ),
    ),
    workflowQueryP99Ms: Math.round(
      pct(
        of.flatMap((p) => p.queryMs),
        99,
      ),
    ),
    edgeRolloutMedianMs: median(of.map((p) => p.rolloutMs)),
    canaryDecisionMedianMs: median(of.map((p) => p.canaryMs)),
    measuredWhileTraining: busy ? of.every((p) => p.stillTraining) : null,
  };
};
const result = {
  benchmark: 'busy-worker',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavgBefore: loadBefore, loadavgAfter: loadavg() },
  setup: {
    rounds,
    busyTraining: `random forest, ${trees} trees, maxDepth 8, 20,000 rows × 3 features, 80% to train (one compute thread)`,
    idleTraining: 'a run held in its train step by the test hook (no CPU)',
    canaryWindowSeconds: WINDOW,
    workers: 'two processes of workflows/worker.ts: orchestration and compute (as npm start runs them)',
  },
  idle: summary(false),
  busy: summary(true),
  failures,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/busy-worker.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
process.exit(0);
