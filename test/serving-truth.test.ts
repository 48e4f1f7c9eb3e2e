// Serving that says the truth (issue #15): an OCR pipeline service answers every call the same way (the
// seeded OCR service once split its traffic across det, cls and rec at weight 100 each and six identical
// predicts came back as three kinds of output or `internal error`), and predict failures a caller can
// cause or wait out carry a code and a message that says what happened and what to do, never a bare
// `internal error; reference …`. Real Neo4j, Keycloak and onnxruntime, through the gateway.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { deployableVersion, type Deployable } from './helpers/deployable.js';
import { LINES, registerCjkFont, render, squash } from './helpers/render-text.js';
import { encodeModel } from '../domain/models/onnx-builder.js';
import { getRuntime } from '../subgraphs/serving/inference/host.js';
import { removeUnreferencedBlobs } from './helpers/training-fixtures.js';

const tag = `truth-${randomUUID().slice(0, 8)}`;
let hub: Hub;
let admin: string;
let viewer: string;
let ids: Deployable;
const deployments: string[] = [];

type Errors = { message: string; extensions?: { code?: string } }[] | undefined;

async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql<T>(hub.gateway.url, query, { token: admin, variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data as T;
}

const registerService = async (name: string, kind: string): Promise<string> =>
  (
    await ok<{ registerService: { id: string; kind: string } }>(
      'mutation($i: RegisterServiceInput!) { registerService(input: $i) { id kind } }',
      { i: { name: `${tag} ${name}`, tags: [tag], kind } },
    )
  ).registerService.id;

async function deploy(name: string, modelVersionId: string): Promise<string> {
  const created = await ok<{ createDeployment: { id: string; status: string } }>(
    'mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id status } }',
    { i: { name: `${tag} ${name}`, modelVersionId, acceleratorId: ids.cpu, tags: [tag] } },
  );
  assert.equal(created.createDeployment.status, 'READY');
  deployments.push(created.createDeployment.id);
  return created.createDeployment.id;
}

/** x [N, K] + B[2]: loads and warms up (K = 1 broadcasts), but any K other than 1 or 2 fails inside the graph. */
function broadcastingModel(): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 'K'] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 2] }],
    initializers: [{ name: 'B', dtype: 'float32', dims: [2], values: [1, 2] }],
    nodes: [{ op: 'Add', inputs: ['x', 'B'], outputs: ['y'] }],
  });
}

async function uploadVersion(bytes: Uint8Array): Promise<string> {
  const res = await fetch(
    `${hub.gateway.url.replace(/\/graphql$/, '')}/api/models/${ids.model}/versions?framework=hand-built`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(bytes),
    },
  );
  assert.equal(res.status, 201, await res.clone().text());
  return ((await res.json()) as { id: string }).id;
}

const predict = (variables: Record<string, unknown>) =>
  gql<{ predict: { deploymentId: string | null; pipeline: string | null; outputs: unknown } }>(
    hub.gateway.url,
    'mutation($d: ID, $s: ID, $i: JSON!) { predict(deploymentId: $d, serviceId: $s, inputs: $i) { deploymentId pipeline outputs } }',
    { token: viewer, variables },
  );

const assertNotMasked = (errors: Errors): void =>
  assert.doesNotMatch(errors?.[0]?.message ?? '', /internal error; reference/, JSON.stringify(errors));

before(async () => {
  registerCjkFont();
  hub = await startHub();
  admin = await tokenFor('admin');
  viewer = await tokenFor('viewer');
  ids = await deployableVersion(hub.gateway.url, admin, tag);
});

after(async () => {
  for (const id of deployments)
    await gql(hub.gateway.url, `mutation { stopDeployment(id: "${id}") { id } }`, { token: admin });
  const { records } = await hub.driver.executeQuery(
    `MATCH (m:Model {id: $model})-[:HAS_VERSION]->(v) RETURN collect(v.artifactDigest) AS digests`,
    { model: ids.model },
  );
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Model OR n:Cluster OR n:Node OR n:Accelerator OR n:Deployment OR n:Service) AND $tag IN n.tags
     OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) DETACH DELETE n, v`,
    { tag },
  );
  await removeUnreferencedBlobs(hub.driver, records[0]!.get('digests') as string[]);
  await hub.close();
});

test(
  'an OCR_PIPELINE service: six identical predicts give six identical text answers; it takes no routes',
  { timeout: 180_000 },
  async () => {
    const serviceId = await registerService('nameplates', 'OCR_PIPELINE');
    const { png } = render(LINES);
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await predict({ s: serviceId, i: { image: png.toString('base64') } });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      const p = res.body.data!.predict;
      assert.equal(p.pipeline, 'OCR_PIPELINE');
      assert.equal(p.deploymentId, null);
      answers.push(JSON.stringify(p.outputs));
    }
    assert.equal(new Set(answers).size, 1, 'one kind of answer, every time');
    const lines = (JSON.parse(answers[0]!) as { lines: { text: string }[] }).lines;
    assert.deepEqual(
      lines.map((l) => squash(l.text)),
      LINES.map((l) => squash(l.text)),
    );
    // What ran it: the service, the pipeline's own latency and each stage's provider (no single deployment's).
    const facts = await gql<{
      predict: { serviceId: string; latencyMs: number; executionProvider: string | null; stageProviders: object };
    }>(
      hub.gateway.url,
      'mutation($s: ID, $i: JSON!) { predict(serviceId: $s, inputs: $i) { serviceId latencyMs executionProvider stageProviders } }',
      { token: viewer, variables: { s: serviceId, i: { image: png.toString('base64') } } },
    );
    assert.equal(facts.body.errors, undefined, JSON.stringify(facts.body.errors));
    const { serviceId: via, latencyMs, executionProvider, stageProviders } = facts.body.data!.predict;
    assert.deepEqual([via, executionProvider], [serviceId, null]);
    assert.ok(latencyMs > 0, `latency ${latencyMs}`);
    assert.deepEqual(Object.keys(stageProviders), ['det', 'cls', 'rec']);
    // Its stages are not alternatives to split traffic across.
    const mainId = await deploy('main', ids.version);
    const routed = await gql(
      hub.gateway.url,
      `mutation { setServiceRoutes(serviceId: "${serviceId}", routes: [{deploymentId: "${mainId}", weight: 100}]) { id } }`,
      { token: admin },
    );
    assert.equal(routed.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(routed.body.errors![0]!.message, /OCR_PIPELINE service.*takes no routes/);
    // Not an image: what to send.
    const wrong = await predict({ s: serviceId, i: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } });
    assert.equal(wrong.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(wrong.body.errors![0]!.message, /takes inputs \{"image"/);
  },
);

test(
  'a model that rejects an input shape at run time: MODEL_REJECTED_INPUT naming the model’s complaint and what to do',
  { timeout: 60_000 },
  async () => {
    const deploymentId = await deploy('broadcasting', await uploadVersion(broadcastingModel()));
    const fine = await predict({ d: deploymentId, i: { x: { dtype: 'float32', shape: [1, 2], data: [1, 1] } } });
    assert.equal(fine.body.errors, undefined, JSON.stringify(fine.body.errors));
    const res = await predict({ d: deploymentId, i: { x: { dtype: 'float32', shape: [1, 3], data: [1, 1, 1] } } });
    assertNotMasked(res.body.errors as Errors);
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'MODEL_REJECTED_INPUT', JSON.stringify(res.body.errors));
    assert.match(res.body.errors![0]!.message, /the model could not run on this input: .*broadcast/i);
    assert.match(res.body.errors![0]!.message, /send inputs shaped as the model was trained on/);
  },
);

test(
  'a service with no READY deployment, and a deployment this host has not loaded: UNAVAILABLE saying what to do',
  { timeout: 60_000 },
  async () => {
    const serviceId = await registerService('empty', 'MODEL');
    const input = { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } };
    const empty = await predict({ s: serviceId, i: input });
    assertNotMasked(empty.body.errors as Errors);
    assert.equal(empty.body.errors?.[0]?.extensions?.code, 'UNAVAILABLE');
    assert.match(empty.body.errors![0]!.message, /has no READY deployment to route to: .*setServiceRoutes/);

    const deploymentId = await deploy('unloaded', ids.version);
    await getRuntime().undeploy(deploymentId); // READY in the graph, not (yet) loaded on this serving host
    const unloaded = await predict({ d: deploymentId, i: input });
    assertNotMasked(unloaded.body.errors as Errors);
    assert.equal(unloaded.body.errors?.[0]?.extensions?.code, 'UNAVAILABLE', JSON.stringify(unloaded.body.errors));
    assert.match(unloaded.body.errors![0]!.message, /not loaded on this serving host.*retry/);
  },
);
