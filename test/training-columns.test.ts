// Honest data handling and named columns, end to end (issue #15): a CSV with a text column, missing values,
// an id column, a free-text column and rows without a target trains with every algorithm and in an AutoML
// study; each run reports what it used, dropped and imputed; every version's signature names the columns
// (float32 for numbers, string for text, [N, 1]); deployed, each answers `predict` by named columns through
// GraphQL and the Open Inference Protocol exactly as a local onnxruntime-node run of its artifact does, and
// a request that leaves out a column, adds one, or sends the wrong type or length is refused naming it.
// Real Neo4j, Keycloak and Temporal; a worker of the test's own.
import { closeTemporalClient } from '../domain/temporal/client.js';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { removeDatasetsAndBlobs } from './helpers/datasets.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { tokenFor } from './helpers/tokens.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { seededRandom } from '../domain/random.js';
import { fetchBlob } from '../lib/storage/index.js';
import type { DataReport } from '../domain/training/shared.js';
import { createFixtureDataset, uploadFixtureVersion } from './helpers/training-fixtures.js';

const tag = `tcol-${randomUUID().slice(0, 8)}`;
const ids: Record<string, string> = { dataset: randomUUID(), model: randomUUID() };
const tokens: Record<string, string> = {};
const deployments: string[] = [];
let hub: Hub;
let running: InProcessWorker | undefined;

const JOBS = ['clerk', 'engineer', 'nurse', 'driver', 'teacher'];
/** 320 rows: y from income, age and job; ~8% of age, income and job missing; 12 rows without y. */
function csv(): string {
  const rand = seededRandom(1515);
  const lines = ['customer_id,age,job,income,notes,y'];
  for (let i = 0; i < 320; i++) {
    const job = JOBS[Math.floor(rand() * JOBS.length)]!;
    const age = 20 + Math.floor(rand() * 45);
    const income = Math.round(rand() * 900 + 100) / 10;
    const score = income / 30 - age / 40 + (job === 'engineer' ? 1.2 : job === 'driver' ? -0.8 : 0) + rand() * 0.6;
    const y = i % 27 === 5 ? '' : score > 1.4 ? 'approved' : 'declined';
    lines.push(
      [
        10_000 + i,
        rand() < 0.08 ? '' : age,
        rand() < 0.08 ? '' : job,
        rand() < 0.08 ? '' : income.toFixed(1),
        `"customer ${i} said ${Math.floor(rand() * 1e6)}"`,
        y,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function ok<T>(query: string, variables: Record<string, unknown>, token = tokens.scientist!): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

interface Version {
  id: string;
  artifactDigest: string;
  signature: { inputs: { name: string; dtype: string; shape: string[] }[] };
  metrics: { dataReport?: DataReport; features?: string[] };
}
const VERSION = `query($id: ID!) { modelVersion(id: $id) { id artifactDigest signature { inputs { name dtype shape } } metrics } }`;
const versions: Record<string, Version> = {};

async function trained(algorithm: string): Promise<Version> {
  const { startTraining } = await ok<{ startTraining: { id: string } }>(
    `mutation($i: StartTrainingInput!) { startTraining(input: $i) { id } }`,
    {
      i: {
        datasetVersionId: ids.datasetVersion,
        modelId: ids.model,
        targetColumn: 'y',
        task: 'BINARY',
        algorithm,
        hyperparameters: { maxDepth: 4, nEstimators: 8, numSteps: 300 },
        testFraction: 0.25,
        seed: 4,
      },
    },
  );
  for (const deadline = Date.now() + 150_000; ;) {
    const { trainingRun } = await ok<{
      trainingRun: { status: string; generated: { id: string }[] };
    }>(`query($id: ID!) { trainingRun(id: $id) { status generated { id } } }`, { id: startTraining.id });
    if (trainingRun.status === 'SUCCEEDED')
      return (await ok<{ modelVersion: Version }>(VERSION, { id: trainingRun.generated[0]!.id })).modelVersion;
    if (trainingRun.status !== 'RUNNING') {
      // The reason, straight from the run (its GraphQL shape is another slice's).
      const { records } = await hub.driver.executeQuery('MATCH (r:TrainingRun {id: $id}) RETURN r.error AS error', {
        id: startTraining.id,
      });
      assert.fail(`${algorithm} ${trainingRun.status}: ${String(records[0]?.get('error'))}`);
    }
    assert.ok(Date.now() < deadline, `${algorithm} finishes`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function automl(): Promise<Version> {
  const { startAutoML } = await ok<{ startAutoML: { id: string } }>(
    `mutation($i: StartAutoMLInput!) { startAutoML(input: $i) { id } }`,
    {
      i: {
        datasetVersionId: ids.datasetVersion,
        modelId: ids.model,
        targetColumn: 'y',
        task: 'BINARY',
        space: [
          { algorithm: 'CART', params: { maxDepth: { min: 2, max: 4, integer: true } } },
          { algorithm: 'RANDOM_FOREST', params: { nEstimators: { values: [4, 8] } } },
        ],
        trials: 3,
        concurrency: 3,
        metric: 'accuracy',
        strategy: 'RANDOM',
        seed: 9,
      },
    },
  );
  for (const deadline = Date.now() + 150_000; ;) {
    const { autoMLStudy } = await ok<{
      autoMLStudy: {
        status: string;
        error: { code: string; message: string } | null;
        modelVersion: { id: string } | null;
      };
    }>(`query($id: ID!) { autoMLStudy(id: $id) { status error { code message } modelVersion { id } } }`, {
      id: startAutoML.id,
    });
    if (autoMLStudy.status === 'SUCCEEDED')
      return (await ok<{ modelVersion: Version }>(VERSION, { id: autoMLStudy.modelVersion!.id })).modelVersion;
    assert.equal(autoMLStudy.status, 'RUNNING', JSON.stringify(autoMLStudy.error));
    assert.ok(Date.now() < deadline, 'the study finishes');
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  hub = await startHub();
  for (const user of ['scientist', 'admin']) tokens[user] = await tokenFor(user);
  await createFixtureDataset(hub.driver, ids.dataset!, tag, 'credit with text and gaps');
  ids.datasetVersion = (await uploadFixtureVersion(hub.driver, ids.dataset!, csv())).id;
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (m:Model {id: $model, name: $tag, description: '', task: 'classification', tags: [$tag], tagsText: $tag, ownerOrgId: 'hq',
                      createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { model: ids.model, tag },
  );
  const admin = (query: string) => ok<Record<string, { id: string }>>(query, {}, tokens.admin);
  ids.cluster = (
    await admin(`mutation { registerCluster(input: {name: "${tag} c", tags: ["${tag}"]}) { id } }`)
  ).registerCluster!.id;
  ids.node = (
    await admin(
      `mutation { registerNode(input: {clusterId: "${ids.cluster}", name: "${tag} n", hostname: "${tag}-h", tags: ["${tag}"]}) { id } }`,
    )
  ).registerNode!.id;
  ids.cpu = (
    await admin(
      `mutation { registerAccelerator(input: {name: "${tag} cpu", kind: CPU, vendor: "Intel", model: "Xeon", memoryMb: 8192, executionProviders: ["cpu"], nodeId: "${ids.node}", tags: ["${tag}"]}) { id } }`,
    )
  ).registerAccelerator!.id;
  running = await startInProcessWorker(hub, 'test-training-columns');
  trainingClientOptions.taskQueue = running.taskQueue;
});

after(async () => {
  for (const id of deployments)
    await gql(hub.gateway.url, `mutation { stopDeployment(id: "${id}") { id } }`, { token: tokens.admin });
  await running?.stop();
  await closeTemporalClient();
  const { records } = await hub.driver.executeQuery(
    'MATCH (:Model {id: $model})-[:HAS_VERSION]->(v:ModelVersion) RETURN collect(v.artifactDigest) AS digests',
    ids,
  );
  await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model}) OPTIONAL MATCH (m)-[:HAS_VERSION]->(v) OPTIONAL MATCH (v)--(e:Evaluation)
     OPTIONAL MATCH (s:AutoMLStudy {modelId: $model}) OPTIONAL MATCH (r:TrainingRun)-[:PART_OF_STUDY]->(s)
     DETACH DELETE m, v, e, s, r`,
    ids,
  );
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Cluster OR n:Node OR n:Accelerator OR n:Deployment) AND $tag IN n.tags DETACH DELETE n`,
    { tag },
  );
  await removeDatasetsAndBlobs(hub.driver, [ids.dataset!], (records[0]?.get('digests') as string[] | undefined) ?? []);
  await hub.close();
});

const ALGORITHMS = ['LOGISTIC_REGRESSION', 'CART', 'RANDOM_FOREST', 'GRADIENT_BOOSTED_TREES'];
const COLUMNS = [
  ['age', 'float32', ['N', '1']],
  ['job', 'string', ['N', '1']],
  ['income', 'float32', ['N', '1']],
];

test(
  'every algorithm and an AutoML study train on text and gaps; each version takes the named columns and reports what it did',
  { timeout: 240_000 },
  async () => {
    const [lr, cart, forest, boosted, best] = await Promise.all([...ALGORITHMS.map(trained), automl()]);
    Object.assign(versions, { lr, cart, forest, boosted, automl: best });
    for (const [name, v] of Object.entries(versions)) {
      assert.deepEqual(
        v.signature.inputs.map((i) => [i.name, i.dtype, i.shape]),
        COLUMNS,
        `${name}: one input per column, named by it`,
      );
      const report = v.metrics.dataReport!;
      assert.ok(report, `${name}: the data report is in the metrics`);
      assert.deepEqual(
        report.droppedColumns.map((d) => [d.name, d.reason]),
        [
          ['customer_id', 'an identifier: a distinct whole number in every row'],
          ['notes', 'an identifier or free text: a distinct value in every row'],
        ],
        name,
      );
      assert.deepEqual(report.droppedRows, [{ reason: 'no value in the target column "y"', count: 12 }], name);
      assert.deepEqual(
        report.columns.map((c) => [c.name, c.kind, c.missing > 0]),
        [
          ['age', 'numeric', true],
          ['job', 'categorical', true],
          ['income', 'numeric', true],
        ],
        name,
      );
      assert.deepEqual(report.columns[1]!.categories, [...JOBS].sort());
      assert.equal(report.usedRows, 308);
      assert.deepEqual(v.metrics.features, ['age', ...[...JOBS].sort().map((j) => `job=${j}`), 'income']);
    }
  },
);

/** A local onnxruntime-node run of a version's stored artifact on the same raw values. */
async function local(v: Version, rows: { age: (number | null)[]; job: (string | null)[]; income: (number | null)[] }) {
  const blob = await fetchBlob(v.artifactDigest);
  assert.equal(blob.actual, v.artifactDigest);
  const session = await ort.InferenceSession.create(await readFile(blob.path));
  try {
    const n = rows.age.length;
    const float = (values: (number | null)[]) =>
      new ort.Tensor(
        'float32',
        Float32Array.from(values, (x) => x ?? Number.NaN),
        [n, 1],
      );
    const out = await session.run({
      age: float(rows.age),
      job: new ort.Tensor(
        'string',
        rows.job.map((j) => j ?? ''),
        [n, 1],
      ),
      income: float(rows.income),
    });
    return {
      label: Array.from(out.label!.data as BigInt64Array, Number),
      probabilities: Array.from(out.probabilities!.data as Float32Array),
    };
  } finally {
    await session.release();
  }
}

test(
  'predict by named columns through GraphQL and OIP equals a local onnxruntime run; bad requests name the column',
  { timeout: 120_000 },
  async () => {
    assert.ok(versions.automl, 'the versions of the first test');
    // Missing values, an unseen job, a missing job: the model imputes and encodes them itself.
    const rows = {
      age: [35, null, 52, 28],
      job: ['clerk', 'engineer', 'astronaut', null],
      income: [41.5, 77, null, 12.25],
    };
    const base = hub.gateway.url.replace(/\/graphql$/, '');
    for (const [name, v] of Object.entries(versions)) {
      const { createDeployment } = await ok<{ createDeployment: { id: string; status: string } }>(
        `mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id status } }`,
        { i: { name: `${tag} ${name}`, modelVersionId: v.id, acceleratorId: ids.cpu, tags: [tag] } },
        tokens.admin,
      );
      deployments.push(createDeployment.id);
      assert.equal(createDeployment.status, 'READY', name);
      const expected = await local(v, rows);

      const { predict } = await ok<{ predict: { outputs: Record<string, { shape: number[]; data: number[] }> } }>(
        'mutation($d: ID!, $i: JSON!) { predict(deploymentId: $d, inputs: $i) { outputs } }',
        { d: createDeployment.id, i: rows },
      );
      assert.deepEqual(predict.outputs.label!.data, expected.label, `${name}: GraphQL labels`);
      assert.deepEqual(predict.outputs.probabilities!.data, expected.probabilities, `${name}: GraphQL probabilities`);
      assert.deepEqual(predict.outputs.probabilities!.shape, [4, 2]);

      const infer = await fetch(`${base}/v2/models/${createDeployment.id}/infer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          inputs: [
            { name: 'age', datatype: 'FP32', shape: [4, 1], data: rows.age.map((a) => a ?? 'NaN') },
            { name: 'job', datatype: 'BYTES', shape: [4, 1], data: rows.job.map((j) => j ?? '') },
            { name: 'income', datatype: 'FP32', shape: [4, 1], data: rows.income.map((x) => x ?? 'NaN') },
          ],
        }),
      });
      assert.equal(infer.status, 200, await infer.clone().text());
      const oip = (await infer.json()) as { outputs: { name: string; data: number[] }[] };
      const byName = Object.fromEntries(oip.outputs.map((o) => [o.name, o.data]));
      assert.deepEqual(byName.label, expected.label, `${name}: OIP labels`);
      assert.deepEqual(byName.probabilities, expected.probabilities, `${name}: OIP probabilities`);
    }

    // One row as scalars.
    const one = await ok<{ predict: { outputs: Record<string, { shape: number[] }> } }>(
      'mutation($d: ID!, $i: JSON!) { predict(deploymentId: $d, inputs: $i) { outputs } }',
      { d: deployments[0], i: { age: 44, job: 'nurse', income: 50 } },
    );
    assert.deepEqual(one.predict.outputs.label!.shape, [1]);

    const refused = async (inputs: unknown) => {
      const res = await gql(
        hub.gateway.url,
        'mutation($d: ID!, $i: JSON!) { predict(deploymentId: $d, inputs: $i) { outputs } }',
        { token: tokens.scientist, variables: { d: deployments[0], i: inputs } },
      );
      assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(res.body));
      return res.body.errors![0]!.message;
    };
    assert.match(await refused({ age: [1], job: ['clerk'] }), /column "income": missing/);
    assert.match(await refused({ ...rows, city: ['x', 'y', 'z', 'w'] }), /column "city": unknown column/);
    assert.match(await refused({ ...rows, age: [1, 2, 'three', 4] }), /column "age": row 3 must be a number/);
    assert.match(await refused({ ...rows, job: ['clerk', 2, 'a', 'b'] }), /column "job": row 2 must be a string/);
    assert.match(await refused({ ...rows, income: [1, 2] }), /column "income": 2 value\(s\), but "age" has 4/);
    const oipMissing = await fetch(`${base}/v2/models/${deployments[0]}/infer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'age', datatype: 'FP32', shape: [1, 1], data: [3] }] }),
    });
    assert.equal(oipMissing.status, 400);
    assert.match(((await oipMissing.json()) as { error: string }).error, /input "job": required input is missing/);
  },
);
