// Model artifacts live in the one content-addressed store (issue #14 item 2), for the local folder and
// for S3 on the launcher's real s3proxy: an ONNX file uploaded through the gateway with a real
// scientist token is stored under its sha256 (artifactUri = the store's uri), deployed by an engineer
// (READY, and it answers predictions with the registered weights); the stored bytes then swapped for
// another loadable model behind Plinth's back: the next deployment FAILS before onnxruntime sees them,
// its failureReason (GraphQL) names the version and both digests, and one audit event by Plinth's
// integrity checker records them; the bytes deleted: FAILED as MISSING, with its event. And a version
// registered before the store (artifactUri file://…/artifacts/…) is verified, adopted into the store
// and served.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { paths } from '../lib/config.js';
import { digestOf } from '../lib/graph/audit.js';
import { blobKey, blobStore } from '../lib/storage/index.js';
import { Writer, logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { legacyArtifactPath } from '../domain/models/artifacts.js';
import { auditEvents, tamperableStores } from './helpers/datasets.js';
import { startHub, type Hub } from './helpers/hub.js';
import { client, deleteTagged, ok, registerHardware, type Gql } from './helpers/hardware.js';
import { setEnv } from './helpers/s3.js';
import { tokenFor } from './helpers/tokens.js';

const tag = `t${randomBytes(5).toString('hex')}`;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const WEIGHTS = [0.5, -1, 2, 0.25];
const BIAS = 0.1;
let hub: Hub;
let call: Gql;
let cpu: string;
const stores = tamperableStores(`model-artifacts-${tag}`);
const digests = new Set<string>();

/** A logistic regression with bytes of its own: a doc_string (ModelProto field 6) unique to the call. */
function model(weights = WEIGHTS): Buffer {
  const doc = new Writer().string(6, `plinth ${tag} ${randomUUID()}`).finish();
  const bytes = Buffer.concat([logisticRegressionModel(weights, BIAS), doc]);
  digests.add(sha256(bytes));
  return bytes;
}

before(async () => {
  await stores.open();
  hub = await startHub();
  call = client(hub.gateway.url);
  cpu = (
    await registerHardware(call, tag, 'hq', 'hq', { cpu: { kind: 'CPU', memoryMb: 8192, executionProviders: ['cpu'] } })
  ).acceleratorIds.cpu!;
});

after(async () => {
  await deleteTagged(hub.driver, tag);
  await hub.close();
  await stores.close();
  for (const digest of digests) {
    await rm(join(paths.home, 's3-cache', blobKey(digest)), { force: true });
    await rm(legacyArtifactPath(digest), { force: true });
  }
});

async function newModel(name: string): Promise<string> {
  return ok(
    await call<{ registerModel: { id: string } }>(
      'scientist',
      'mutation($input: RegisterModelInput!) { registerModel(input: $input) { id } }',
      {
        input: { name: `${tag} ${name} ${randomBytes(3).toString('hex')}`, task: 'binary-classification', tags: [tag] },
      },
    ),
  ).registerModel.id;
}

async function upload(modelId: string, bytes: Buffer): Promise<{ id: string; artifactDigest: string }> {
  const res = await fetch(new URL(`/api/models/${modelId}/versions?framework=hand-built`, hub.gateway.url), {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor('scientist')}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  const body = (await res.json()) as { id: string; artifactDigest: string };
  assert.equal(res.status, 201, JSON.stringify(body));
  return body;
}

interface Deployed {
  id: string;
  status: string;
  failureReason: string | null;
}

async function deploy(modelVersionId: string): Promise<Deployed> {
  return ok(
    await call<{ createDeployment: Deployed }>(
      'engineer',
      'mutation($input: CreateDeploymentInput!) { createDeployment(input: $input) { id status failureReason } }',
      {
        input: { name: `${tag} ${randomBytes(3).toString('hex')}`, tags: [tag], modelVersionId, acceleratorId: cpu },
      },
    ),
  ).createDeployment;
}

async function predictOne(deploymentId: string): Promise<number> {
  const data = ok(
    await call<{ predict: { outputs: { y: { data: number[] } } } }>(
      'engineer',
      'mutation($id: ID!, $inputs: JSON!) { predict(deploymentId: $id, inputs: $inputs) { outputs } }',
      { id: deploymentId, inputs: { x: { dtype: 'float32', shape: [1, 4], data: [1, 1, 1, 1] } } },
    ),
  );
  return data.predict.outputs.y.data[0]!;
}

const expectedY = 1 / (1 + Math.exp(-(WEIGHTS.reduce((a, b) => a + b, 0) + BIAS)));

async function artifactUri(versionId: string): Promise<string> {
  const { records } = await hub.driver.executeQuery('MATCH (v:ModelVersion {id: $id}) RETURN v.artifactUri AS uri', {
    id: versionId,
  });
  return records[0]?.get('uri') as string;
}

async function integrity(versionId: string): Promise<string> {
  return ok(
    await call<{ modelVersion: { integrity: string } }>(
      'scientist',
      'query($id: ID!) { modelVersion(id: $id) { integrity } }',
      { id: versionId },
    ),
  ).modelVersion.integrity;
}

const events = (targetId: string, action: string) => auditEvents(hub.driver, targetId, action);

const backends = stores.backends;

for (const backend of backends) {
  describe(`model artifacts in the ${backend.name}`, () => {
    let restore: () => void;
    before(() => {
      restore = setEnv(backend.env());
    });
    after(() => restore());

    test('registered and served from the store; swapped bytes fail the deployment naming both digests, with an audit event; deleted: MISSING', async () => {
      const bytes = model();
      const digest = sha256(bytes);
      const version = await upload(await newModel('served'), bytes);
      assert.equal(version.artifactDigest, digest);
      assert.equal(await artifactUri(version.id), blobStore().uri(digest));
      assert.ok((await artifactUri(version.id)).startsWith(backend.uriPrefix()), await artifactUri(version.id));
      assert.ok(await backend.exists(digest), 'the ONNX bytes are in the store under their digest');

      const served = await deploy(version.id);
      assert.deepEqual([served.status, served.failureReason], ['READY', null]);
      assert.ok(Math.abs((await predictOne(served.id)) - expectedY) < 1e-5, 'answers with the registered weights');
      assert.equal(await integrity(version.id), 'VERIFIED');

      // Another model that loads just as well: only the digest tells them apart.
      const swapped = model([-3, 1, 1, 1]);
      await backend.overwrite(digest, swapped);
      const failures: string[] = [];
      for (let i = 0; i < 2; i++) {
        const failed = await deploy(version.id);
        failures.push(failed.id);
        assert.equal(failed.status, 'FAILED');
        const reason = failed.failureReason ?? '';
        assert.ok(reason.includes(version.id), `names the version: ${reason}`);
        assert.ok(reason.includes(digest), `names the registered digest: ${reason}`);
        assert.ok(reason.includes(sha256(swapped)), `names the digest found: ${reason}`);
        assert.match(reason, /TAMPERED/);
        const failedEvents = await events(failed.id, 'deployment.failed');
        assert.equal(failedEvents.length, 1, 'the deployment failure is audited');
      }
      assert.equal(await integrity(version.id), 'TAMPERED');
      const tampered = await events(version.id, 'modelVersion.integrity.tampered');
      assert.equal(tampered.length, 1, 'one event per change of state, however often it is read');
      assert.equal(tampered[0]!.actorName, 'plinth-integrity');
      assert.deepEqual(tampered[0]!.targets, [version.id]);
      assert.equal(
        tampered[0]!.afterDigest,
        digestOf({
          integrity: 'TAMPERED',
          artifactDigest: digest,
          foundDigest: sha256(swapped),
          noticedBy: `deployment ${failures[0]}`,
        }),
        'the event records both digests and the deployment that noticed',
      );

      await backend.remove(digest);
      const missing = await deploy(version.id);
      assert.equal(missing.status, 'FAILED');
      assert.match(
        missing.failureReason ?? '',
        new RegExp(`${version.id} is MISSING: no ONNX artifact with sha256 ${digest}`),
      );
      assert.equal(await integrity(version.id), 'MISSING');
      const missingEvents = await events(version.id, 'modelVersion.integrity.missing');
      assert.equal(missingEvents.length, 1);
      assert.equal(missingEvents[0]!.actorName, 'plinth-integrity');
    });
  });
}

describe('model versions registered before the store', () => {
  let restore: () => void;
  before(() => {
    restore = setEnv(backends[0]!.env());
  });
  after(() => restore());

  test('a file:// artifact in the old layout is verified, adopted into the store (audited) and served', async () => {
    const bytes = model();
    const digest = sha256(bytes);
    const legacy = legacyArtifactPath(digest);
    await mkdir(dirname(legacy), { recursive: true });
    await writeFile(legacy, bytes);
    const modelId = await newModel('legacy');
    const versionId = randomUUID();
    await hub.driver.executeQuery(
      `MATCH (m:Model {id: $modelId})
       CREATE (m)-[:HAS_VERSION]->(v:ModelVersion {id: $versionId, modelId: $modelId, version: 1, format: 'ONNX',
         framework: 'hand-built', inputs: '[]', outputs: '[]', metrics: '{}', artifactDigest: $digest, artifactSize: $size,
         artifactUri: $uri, aliases: [], ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime()})`,
      { modelId, versionId, digest, size: bytes.length, uri: pathToFileURL(legacy).href },
    );
    const served = await deploy(versionId);
    assert.deepEqual([served.status, served.failureReason], ['READY', null]);
    assert.ok(Math.abs((await predictOne(served.id)) - expectedY) < 1e-5);
    assert.equal(await artifactUri(versionId), blobStore().uri(digest), 'artifactUri rewritten to the store');
    assert.ok(await backends[0]!.exists(digest), 'the bytes are in the store');
    assert.equal((await deploy(versionId)).status, 'READY');
    const adopted = await events(versionId, 'modelVersion.artifact.adopt');
    assert.equal(adopted.length, 1, 'adopted once');
    assert.equal(adopted[0]!.actorName, 'plinth-integrity');
  });
});
