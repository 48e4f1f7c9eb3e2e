// The whole story of issue #15 as one scenario, as a new user would run it through the gateway with real
// Keycloak tokens, on the real Neo4j, Temporal and blob store, with the two workers `npm start` runs
// (orchestration and compute) as child processes on task queues of the test's own:
//   scientist  uploads a CSV with a text column and gaps, trains every algorithm and an AutoML study,
//              evaluates the chosen version on a second upload;
//   engineer   requests a canary of it on a service with a stable route;
//   approver   approves (the answer already shows the approval); the canary promotes on its health;
//   anyone     predicts by named columns through GraphQL and OIP, equal to a local onnxruntime run;
//   engineer   rolls the version out to two edge nodes;
//   auditor    reads lineage, impact (edge nodes included) and the compliance report (evaluations included).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { closeTemporalClient } from '../domain/temporal/client.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { deploymentClientOptions } from '../domain/deployment/client.js';
import { edgeRolloutClientOptions } from '../domain/edge/client.js';
import { evaluationClientOptions } from '../domain/evaluation/client.js';
import { recipeClientOptions } from '../domain/recipe/client.js';
import { seededRandom } from '../domain/random.js';
import { fetchBlob } from '../lib/storage/index.js';
import { registerTaggedDataset, removeDatasetsAndBlobs } from './helpers/datasets.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { killWorker, spawnWorker } from './helpers/worker-process.js';

const tag = `scenario-${randomUUID().slice(0, 8)}`;
const queues = { orchestration: `scenario-orch-${randomUUID()}`, compute: `scenario-compute-${randomUUID()}` };
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const datasets: string[] = [];
const deployments: string[] = [];
const workers = new Set<ChildProcess>();
let hub: Hub;

const SEGMENTS = ['retail', 'sme', 'corporate', 'agri'];
/**
 * A credit table: `segment` is text, `income` and `segment` have gaps, `debt_ratio` has values repeated on
 * a grid (ties at split thresholds), 10 rows have no target. `default` depends on all three.
 */
function creditCsv(seed: number, rows: number): string {
  const rand = seededRandom(seed);
  const lines = ['loan_id,age,income,debt_ratio,segment,default'];
  for (let i = 0; i < rows; i++) {
    const segment = SEGMENTS[Math.floor(rand() * SEGMENTS.length)]!;
    const age = 21 + Math.floor(rand() * 45);
    const income = Math.round((rand() * 80 + 10) * 10) / 10;
    const debt = Math.round(rand() * 20) / 20;
    const risk =
      debt * 2.2 - income / 45 + (segment === 'agri' ? 0.7 : segment === 'corporate' ? -0.5 : 0) + rand() * 0.9;
    const label = i % 53 === 7 ? '' : risk > 0.9 ? 'yes' : 'no';
    lines.push(
      [
        500_000 + i,
        age,
        rand() < 0.07 ? '' : income.toFixed(1),
        debt.toFixed(2),
        rand() < 0.07 ? '' : segment,
        label,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

const api = () => hub.gateway.url.replace(/\/graphql$/, '');

async function as<T>(user: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token: tokens[user], variables });
  assert.equal(res.body.errors, undefined, `${user}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data as T;
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const value = await probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function upload(datasetId: string, csv: string): Promise<string> {
  const res = await fetch(`${api()}/api/datasets/${datasetId}/versions?format=csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.scientist}`, 'content-type': 'text/csv' },
    body: csv,
  });
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { id: string }).id;
}

interface Version {
  id: string;
  version: number;
  artifactDigest: string;
  signature: { inputs: { name: string; dtype: string; shape: string[] }[] };
  metrics: Record<string, unknown> & { dataReport?: { droppedRows: { count: number }[] } };
}
const VERSION = `query($id: ID!) { modelVersion(id: $id) { id version artifactDigest signature { inputs { name dtype shape } } metrics } }`;
const version = async (id: string) => (await as<{ modelVersion: Version }>('scientist', VERSION, { id })).modelVersion;

const ALGORITHMS = ['LOGISTIC_REGRESSION', 'CART', 'RANDOM_FOREST', 'GRADIENT_BOOSTED_TREES'] as const;
const trained: Record<string, Version> = {};

before(async () => {
  hub = await startHub();
  for (const user of ['scientist', 'engineer', 'approver', 'auditor', 'admin']) tokens[user] = await tokenFor(user);
  // The hub starts workflows on the test's queues; the workers poll them, as `npm start`'s two would.
  trainingClientOptions.taskQueue = queues.compute;
  evaluationClientOptions.taskQueue = queues.compute;
  recipeClientOptions.taskQueue = queues.compute;
  deploymentClientOptions.taskQueue = queues.orchestration;
  edgeRolloutClientOptions.taskQueue = queues.orchestration;
  const env = {
    PLINTH_TASK_QUEUE: queues.orchestration,
    PLINTH_COMPUTE_TASK_QUEUE: queues.compute,
    GATEWAY_URL: hub.gateway.url,
  };
  await Promise.all([
    spawnWorker({ ...env, PLINTH_WORKER_ROLE: 'orchestration' }, workers),
    spawnWorker({ ...env, PLINTH_WORKER_ROLE: 'compute' }, workers),
  ]);
});

after(async () => {
  for (const id of deployments)
    await gql(hub.gateway.url, `mutation { stopDeployment(id: "${id}") { id } }`, { token: tokens.admin });
  for (const child of workers) await killWorker(child);
  await closeTemporalClient();
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Model {id: $model})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS digests',
    { model: ids.model ?? '' },
  );
  await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (v)--(e:Evaluation)
     OPTIONAL MATCH (s:AutoMLStudy {modelId: $model}) OPTIONAL MATCH (r:TrainingRun)-[:PART_OF_STUDY]->(s)
     OPTIONAL MATCH (t:TrainingRun {modelId: $model})
     DETACH DELETE m, v, e, s, r, t`,
    { model: ids.model ?? '' },
  );
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service OR n:EdgeNode) AND $tag IN n.tags
     DETACH DELETE n`,
    { tag },
  );
  await removeDatasetsAndBlobs(hub.driver, datasets, (records[0]?.get('digests') as string[] | undefined) ?? []);
  await hub.close();
});

test(
  'scientist: upload a CSV with a text column and gaps; every algorithm and an AutoML study train on it',
  {
    timeout: 300_000,
  },
  async () => {
    const dataset = await registerTaggedDataset(hub.gateway.url, tag, 'scenario credit');
    datasets.push(dataset);
    ids.dataset = dataset;
    ids.datasetVersion = await upload(dataset, creditCsv(15, 600));
    ids.model = (
      await as<{ registerModel: { id: string } }>(
        'scientist',
        `mutation { registerModel(input: {name: "${tag} credit default", task: "binary-classification", tags: ["${tag}"]}) { id } }`,
      )
    ).registerModel.id;

    const startRun = async (algorithm: string) =>
      (
        await as<{ startTraining: { id: string; workflowId: string } }>(
          'scientist',
          `mutation($i: StartTrainingInput!) { startTraining(input: $i) { id workflowId } }`,
          {
            i: {
              datasetVersionId: ids.datasetVersion,
              modelId: ids.model,
              targetColumn: 'default',
              task: 'BINARY',
              algorithm,
              hyperparameters: { maxDepth: 4, nEstimators: 20, numSteps: 400 },
              testFraction: 0.25,
              seed: 7,
            },
          },
        )
      ).startTraining;
    const runs = await Promise.all(ALGORITHMS.map(startRun));
    const study = (
      await as<{ startAutoML: { id: string } }>(
        'scientist',
        `mutation($i: StartAutoMLInput!) { startAutoML(input: $i) { id } }`,
        {
          i: {
            datasetVersionId: ids.datasetVersion,
            modelId: ids.model,
            targetColumn: 'default',
            task: 'BINARY',
            space: [
              { algorithm: 'CART', params: { maxDepth: { min: 2, max: 5, integer: true } } },
              { algorithm: 'GRADIENT_BOOSTED_TREES', params: { nEstimators: { values: [10, 30] } } },
            ],
            trials: 4,
            concurrency: 2,
            metric: 'rocAuc',
            strategy: 'RANDOM',
            seed: 11,
          },
        },
      )
    ).startAutoML;

    for (const [i, run] of runs.entries()) {
      // Workflow ids say what they are (the Temporal UI lists them by kind and model).
      assert.match(run.workflowId, /training/);
      const done = await until(`${ALGORITHMS[i]} run`, 240_000, async () => {
        const { trainingRun } = await as<{
          trainingRun: {
            status: string;
            error: { step: string; code: string; message: string } | null;
            log: { step: string }[];
            generated: { id: string }[];
          };
        }>(
          'scientist',
          `query($id: ID!) { trainingRun(id: $id) { status error { step code message } log { step } generated { id } } }`,
          { id: run.id },
        );
        if (trainingRun.status === 'RUNNING' || trainingRun.status === 'PENDING') return undefined;
        return trainingRun;
      });
      assert.equal(done.status, 'SUCCEEDED', `${ALGORITHMS[i]}: ${JSON.stringify(done.error)}`);
      assert.ok(done.log.length >= 5, `${ALGORITHMS[i]}: the run log has its steps`);
      trained[ALGORITHMS[i]!] = await version(done.generated[0]!.id);
    }
    const best = await until('AutoML study', 240_000, async () => {
      const { autoMLStudy } = await as<{
        autoMLStudy: {
          status: string;
          error: { code: string; message: string } | null;
          modelVersion: { id: string } | null;
        };
      }>(
        'scientist',
        `query($id: ID!) { autoMLStudy(id: $id) { status error { code message } modelVersion { id } } }`,
        {
          id: study.id,
        },
      );
      if (autoMLStudy.status === 'RUNNING' || autoMLStudy.status === 'PENDING') return undefined;
      return autoMLStudy;
    });
    assert.equal(best.status, 'SUCCEEDED', JSON.stringify(best.error));
    trained.AUTOML = await version(best.modelVersion!.id);

    for (const [name, v] of Object.entries(trained)) {
      // Named columns for every version, AutoML's included: the raw table's columns, not a positional x.
      assert.deepEqual(
        v.signature.inputs.map((s) => [s.name, s.dtype]),
        [
          ['age', 'float32'],
          ['income', 'float32'],
          ['debt_ratio', 'float32'],
          ['segment', 'string'],
        ],
        name,
      );
      // Rows without a target are reported, not silently dropped.
      assert.deepEqual(
        v.metrics.dataReport?.droppedRows.map((r) => r.count),
        [12],
        `${name}: ${JSON.stringify(v.metrics.dataReport)}`,
      );
    }
    const importance = trained.LOGISTIC_REGRESSION!.metrics.featureImportances as Record<string, number> | undefined;
    assert.ok(importance && Object.keys(importance).length > 0, 'logistic regression has feature importance');
    ids.version = trained.GRADIENT_BOOSTED_TREES!.id;
    ids.stableVersion = trained.LOGISTIC_REGRESSION!.id;
  },
);

test(
  'scientist: training recorded an Evaluation; evaluateModelVersion scores it on a second upload',
  {
    timeout: 180_000,
  },
  async () => {
    ids.holdout = await upload(ids.dataset!, creditCsv(16, 300));
    const started = await as<{ evaluateModelVersion: { id: string } }>(
      'scientist',
      `mutation($v: ID!, $d: ID!) { evaluateModelVersion(versionId: $v, datasetVersionId: $d) { id } }`,
      { v: ids.version, d: ids.holdout },
    );
    assert.ok(started.evaluateModelVersion.id);
    const evaluations = await until('two evaluations', 120_000, async () => {
      const { modelVersion } = await as<{
        modelVersion: {
          evaluations: {
            id: string;
            kind: string;
            status: string;
            metrics: Record<string, unknown>;
            usedDatasetVersions: { id: string }[];
          }[];
        };
      }>(
        'scientist',
        `query($id: ID!) { modelVersion(id: $id) { evaluations { id kind status metrics usedDatasetVersions { id } } } }`,
        { id: ids.version },
      );
      const settled = modelVersion.evaluations.filter((e) => e.status !== 'RUNNING');
      return settled.length >= 2 ? settled : undefined;
    });
    assert.deepEqual(evaluations.map((e) => [e.kind, e.status, e.usedDatasetVersions.map((d) => d.id).join()]).sort(), [
      ['NEW_DATA', 'SUCCEEDED', ids.holdout],
      ['TEST_SPLIT', 'SUCCEEDED', ids.datasetVersion],
    ]);
    for (const e of evaluations) assert.equal(typeof e.metrics.rocAuc, 'number', JSON.stringify(e.metrics));
    // The AutoML study's version has its test-split Evaluation too.
    const automl = await as<{ modelVersion: { evaluations: { kind: string; status: string }[] } }>(
      'scientist',
      `query($id: ID!) { modelVersion(id: $id) { evaluations { kind status } } }`,
      { id: trained.AUTOML!.id },
    );
    assert.deepEqual(automl.modelVersion.evaluations, [{ kind: 'TEST_SPLIT', status: 'SUCCEEDED' }]);
  },
);

const REQUEST = `step requestedBy approvals { approverName accepted comment } decision { outcome byName reason }
  canary { id name status createdBy } health { requests healthy reason }`;
interface RequestView {
  step: string;
  requestedBy: string;
  approvals: { approverName: string; accepted: boolean; comment: string }[];
  decision: { outcome: string; byName: string | null; reason: string | null } | null;
  canary: { id: string; name: string; status: string; createdBy: string } | null;
  health: { requests: number; healthy: boolean; reason: string } | null;
}

test(
  'engineer requests a canary; approver approves (the answer shows it); the canary promotes',
  {
    timeout: 180_000,
  },
  async () => {
    const admin = <T>(q: string) => as<T>('admin', q);
    ids.cluster = (
      await admin<{ registerCluster: { id: string } }>(
        `mutation { registerCluster(input: {name: "${tag} cluster", tags: ["${tag}"]}) { id } }`,
      )
    ).registerCluster.id;
    ids.node = (
      await admin<{ registerNode: { id: string } }>(
        `mutation { registerNode(input: {clusterId: "${ids.cluster}", name: "${tag} node", hostname: "${tag}-host", tags: ["${tag}"]}) { id } }`,
      )
    ).registerNode.id;
    ids.cpu = (
      await admin<{ registerAccelerator: { id: string } }>(
        `mutation { registerAccelerator(input: {name: "${tag} cpu", kind: CPU, vendor: "Intel", model: "Xeon", memoryMb: 8192, executionProviders: ["cpu"], nodeId: "${ids.node}", tags: ["${tag}"]}) { id } }`,
      )
    ).registerAccelerator.id;
    // The stable deployment the service serves today: the logistic regression.
    ids.stable = (
      await as<{ createDeployment: { id: string } }>(
        'engineer',
        `mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`,
        { i: { name: `${tag} stable`, modelVersionId: ids.stableVersion, acceleratorId: ids.cpu, tags: [tag] } },
      )
    ).createDeployment.id;
    deployments.push(ids.stable);
    ids.service = (
      await as<{ registerService: { id: string } }>(
        'engineer',
        `mutation { registerService(input: {name: "${tag} credit scoring", tags: ["${tag}"]}) { id } }`,
      )
    ).registerService.id;
    await as(
      'engineer',
      `mutation($s: ID!, $d: ID!) { setServiceRoutes(serviceId: $s, routes: [{deploymentId: $d, weight: 100}]) { id } }`,
      {
        s: ids.service,
        d: ids.stable,
      },
    );

    const { requestDeployment } = await as<{ requestDeployment: { workflowId: string } }>(
      'engineer',
      `mutation($i: RequestDeploymentInput!) { requestDeployment(input: $i) { workflowId } }`,
      {
        i: {
          serviceId: ids.service,
          modelVersionId: ids.version,
          acceleratorId: ids.cpu,
          canaryWeight: 30,
          windowSeconds: 4,
          thresholds: { maxErrorRate: 0.2, maxP99Ms: 10_000 },
          requiredMetrics: { rocAuc: 0.6 },
        },
      },
    );
    const workflowId = requestDeployment.workflowId;
    assert.match(workflowId, /deploy/);
    await until('awaiting approval', 60_000, async () => {
      const { deploymentRequest } = await as<{ deploymentRequest: RequestView }>(
        'engineer',
        `query($w: ID!) { deploymentRequest(workflowId: $w) { ${REQUEST} } }`,
        { w: workflowId },
      );
      return deploymentRequest.step === 'AWAITING_APPROVAL' ? true : undefined;
    });
    // The engineer cannot approve their own request; the approver's answer already shows the approval.
    const own = await gql(
      hub.gateway.url,
      `mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "mine") { step } }`,
      {
        token: tokens.engineer,
        variables: { w: workflowId },
      },
    );
    assert.ok(own.body.errors?.length, 'the requester may not approve');
    const approved = (
      await as<{ approveDeployment: RequestView }>(
        'approver',
        `mutation($w: ID!) { approveDeployment(workflowId: $w, comment: "AUC and data report checked") { ${REQUEST} } }`,
        { w: workflowId },
      )
    ).approveDeployment;
    assert.notEqual(approved.step, 'AWAITING_APPROVAL');
    assert.deepEqual(
      approved.approvals.filter((a) => a.accepted).map((a) => [a.approverName, a.comment]),
      [['approver', 'AUC and data report checked']],
    );

    // Traffic through the service while the canary is watched: the canary gets its share, not all of it.
    const rows = { age: [35, 52], income: [42.5, null], debt_ratio: [0.35, 0.8], segment: ['sme', null] };
    const served = new Map<string, number>();
    const finished = await until('promotion', 120_000, async () => {
      for (let i = 0; i < 10; i++) {
        const { predict } = await as<{ predict: { deploymentId: string } }>(
          'engineer',
          `mutation($s: ID!, $k: String, $x: JSON!) { predict(serviceId: $s, routingKey: $k, inputs: $x) { deploymentId } }`,
          { s: ids.service, k: `customer-${i}-${served.size}`, x: rows },
        );
        served.set(predict.deploymentId, (served.get(predict.deploymentId) ?? 0) + 1);
      }
      const { deploymentRequest } = await as<{ deploymentRequest: RequestView }>(
        'engineer',
        `query($w: ID!) { deploymentRequest(workflowId: $w) { ${REQUEST} } }`,
        { w: workflowId },
      );
      return ['PROMOTED', 'ROLLED_BACK', 'FAILED', 'REJECTED'].includes(deploymentRequest.step)
        ? deploymentRequest
        : undefined;
    });
    assert.equal(finished.step, 'PROMOTED', JSON.stringify(finished));
    assert.equal(finished.decision?.byName, 'health-check');
    const canary = finished.canary!;
    deployments.push(canary.id);
    assert.ok(
      (served.get(ids.stable!) ?? 0) > 0,
      `the stable deployment kept its share: ${JSON.stringify([...served])}`,
    );
    assert.doesNotMatch(canary.name, /canary/i, 'the promoted deployment has a proper name');
    assert.equal(canary.createdBy, 'engineer', 'the canary was created for the engineer who asked');
    ids.promoted = canary.id;
  },
);

/** A local onnxruntime-node run of the version's stored artifact on the same named columns. */
async function localRun(v: Version, rows: Record<string, (number | string | null)[]>): Promise<number[]> {
  const blob = await fetchBlob(v.artifactDigest);
  assert.equal(blob.actual, v.artifactDigest);
  const session = await ort.InferenceSession.create(await readFile(blob.path));
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of v.signature.inputs) {
      const values = rows[input.name]!;
      feeds[input.name] =
        input.dtype === 'string'
          ? new ort.Tensor(
              'string',
              values.map((x) => (x === null ? '' : String(x))),
              [values.length, 1],
            )
          : new ort.Tensor(
              'float32',
              Float32Array.from(values, (x) => (x === null ? Number.NaN : Number(x))),
              [values.length, 1],
            );
    }
    const out = await session.run(feeds);
    return [...(out.probabilities!.data as Float32Array)];
  } finally {
    await session.release();
  }
}

test(
  'predict by named columns through GraphQL and OIP equals a local onnxruntime run',
  { timeout: 60_000 },
  async () => {
    const v = trained.GRADIENT_BOOSTED_TREES!;
    const rows = {
      age: [23, 47, 61],
      income: [18.5, null, 77],
      debt_ratio: [0.9, 0.45, 0.1],
      segment: ['agri', 'corporate', null],
    };
    const expected = await localRun(v, rows);
    const { predict } = await as<{
      predict: { outputs: Record<string, { data: number[] }> } & Record<string, unknown>;
    }>('engineer', `mutation($d: ID!, $x: JSON!) { predict(deploymentId: $d, inputs: $x) { outputs } }`, {
      d: ids.promoted,
      x: rows,
    });
    const graphql = predict.outputs.probabilities!.data;
    assert.equal(graphql.length, expected.length);
    graphql.forEach((p, i) => assert.ok(Math.abs(p - expected[i]!) <= 1e-6, `GraphQL row value ${i}`));

    const oip = await fetch(`${api()}/v2/models/${ids.promoted}/infer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.engineer}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        inputs: [
          { name: 'age', datatype: 'FP32', shape: [3, 1], data: rows.age },
          { name: 'income', datatype: 'FP32', shape: [3, 1], data: rows.income.map((x) => x ?? 'NaN') },
          { name: 'debt_ratio', datatype: 'FP32', shape: [3, 1], data: rows.debt_ratio },
          { name: 'segment', datatype: 'BYTES', shape: [3, 1], data: rows.segment.map((x) => x ?? '') },
        ],
      }),
    });
    assert.equal(oip.status, 200, await oip.clone().text());
    const body = (await oip.json()) as { outputs: { name: string; data: number[] }[] };
    const probabilities = body.outputs.find((o) => o.name === 'probabilities')!.data;
    probabilities.forEach((p, i) => assert.ok(Math.abs(p - expected[i]!) <= 1e-6, `OIP row value ${i}`));
  },
);

test(
  'engineer rolls the version out to two edge nodes; each says which version it runs',
  { timeout: 120_000 },
  async () => {
    const nodes: string[] = [];
    for (const i of [1, 2])
      nodes.push(
        (
          await as<{ registerEdgeNode: { id: string } }>(
            'admin',
            `mutation($i: RegisterEdgeNodeInput!) { registerEdgeNode(input: $i) { id } }`,
            { i: { name: `${tag} substation ${i}`, site: `${tag}-site`, status: 'ONLINE', tags: [tag] } },
          )
        ).registerEdgeNode.id,
      );
    ids.edge1 = nodes[0]!;
    const { startEdgeRollout } = await as<{ startEdgeRollout: { workflowId: string } }>(
      'engineer',
      `mutation($i: StartEdgeRolloutInput!) { startEdgeRollout(input: $i) { workflowId } }`,
      {
        i: {
          modelVersionId: ids.version,
          edgeNodeIds: nodes,
          batchSize: 2,
          failureBudget: 0,
          reportTimeoutSeconds: 60,
        },
      },
    );
    const workflowId = startEdgeRollout.workflowId;
    const STATUS = `query($w: ID!) { edgeRollout(workflowId: $w) { state pushed active } }`;
    type View = { state: string; pushed: string[]; active: string[] };
    await until('both pushed', 60_000, async () => {
      const { edgeRollout } = await as<{ edgeRollout: View }>('engineer', STATUS, { w: workflowId });
      return edgeRollout.pushed.length === 2 ? true : undefined;
    });
    for (const node of nodes)
      await as(
        'engineer',
        `mutation($w: ID!, $n: ID!) { reportEdgeNodeStatus(rolloutWorkflowId: $w, edgeNodeId: $n, ok: true, message: "serving") { state } }`,
        { w: workflowId, n: node },
      );
    const done = await until('rollout done', 60_000, async () => {
      const { edgeRollout } = await as<{ edgeRollout: View }>('engineer', STATUS, { w: workflowId });
      return ['COMPLETED', 'ROLLED_BACK'].includes(edgeRollout.state) ? edgeRollout : undefined;
    });
    assert.equal(done.state, 'COMPLETED', JSON.stringify(done));
    for (const node of nodes) {
      const { edgeNode } = await as<{ edgeNode: { activeVersion: { id: string } | null } }>(
        'engineer',
        `query($id: ID!) { edgeNode(id: $id) { activeVersion { id } } }`,
        { id: node },
      );
      assert.equal(edgeNode.activeVersion?.id, ids.version);
    }
  },
);

test(
  'auditor: lineage from the deployment to its data, impact with the edge nodes, the report with evaluations',
  {
    timeout: 60_000,
  },
  async () => {
    const { lineage } = await as<{
      lineage: {
        nodes: { edges: { node: { id: string; kind: string } }[] };
        edges: { relationship: string; properties: Record<string, unknown> | null }[];
      };
    }>(
      'auditor',
      `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 8, first: 100) { nodes { edges { node { id kind properties } } } edges { relationship properties } } }`,
      { id: ids.promoted },
    );
    const nodes = lineage.nodes.edges.map((e) => e.node);
    const upstream = new Set(nodes.map((n) => n.id));
    for (const id of [ids.version, ids.datasetVersion]) assert.ok(upstream.has(id!), `lineage reaches ${id}`);
    assert.ok(
      nodes.some((n) => n.kind === 'TRAINING_RUN'),
      'the training run is on the path',
    );

    const { impactAnalysis } = await as<{
      impactAnalysis: { groups: { kind: string; count: number; nodes: { id: string }[] }[] };
    }>('auditor', `query($id: ID!) { impactAnalysis(datasetVersionId: $id) { groups { kind count nodes { id } } } }`, {
      id: ids.datasetVersion,
    });
    const group = (kind: string) => impactAnalysis.groups.find((g) => g.kind === kind);
    assert.equal(group('EDGE_NODE')?.count, 2, JSON.stringify(impactAnalysis.groups));
    assert.ok(group('DEPLOYMENT')!.nodes.some((n) => n.id === ids.promoted));
    assert.ok(group('SERVICE')!.nodes.some((n) => n.id === ids.service));

    const report = await fetch(`${api()}/api/compliance/deployments/${ids.promoted}/report.json`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    assert.equal(report.status, 200, await report.clone().text());
    const body = (await report.json()) as {
      evaluations: unknown[];
      approvals?: unknown[];
    } & Record<string, unknown>;
    assert.ok(body.evaluations.length >= 2, `the report holds both evaluations: ${JSON.stringify(body.evaluations)}`);
    const html = await fetch(`${api()}/api/compliance/deployments/${ids.promoted}/report`, {
      headers: { authorization: `Bearer ${tokens.auditor}` },
    });
    assert.equal(html.status, 200);
    assert.doesNotMatch(await html.text(), /no evaluation recorded/);
  },
);
