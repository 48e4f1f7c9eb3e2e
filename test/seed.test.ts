// The demo seed: idempotent (a second run writes nothing), ontology-shaped, audited, and its datasets
// hold real content uploaded through the same ingest as a user's upload (verified, digest = the bytes
// generated into the cache), so a data scientist trains on a seeded dataset right away (through the
// gateway, in-process hub and worker). Runs against the real graph. When the seed was not there before,
// the test removes what it wrote (audit events stay: they are a hash chain), stored bytes included; when
// it was, it removes only what this run added (versions of an older seed's upgrade, the trained model).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ocrModelPath, seed, seedContentDir, seedTotals } from '../scripts/seed/index.js';
import { datasets, orgs, SEED_ACTOR } from '../scripts/seed/data.js';
import { clearViewerScopeCache } from '../lib/graph/visibility.js';
import { sha256File } from '../lib/storage/index.js';
import { trainingClientOptions } from '../domain/training/client.js';
import { deploymentClientOptions, deploymentStatus } from '../domain/deployment/client.js';
import { closeTemporalClient, temporalClient } from '../domain/temporal/client.js';
import { DEMO_ACTOR, DEMO_REQUEST_WORKFLOW_ID, type DemoStarted } from '../scripts/seed/demo.js';
import { routesProblem } from '../domain/deployment/routes.js';
import { services } from '../scripts/seed/data.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startInProcessWorker, type InProcessWorker } from './helpers/in-process-worker.js';
import { tokenFor } from './helpers/tokens.js';
import { removeUnreferencedBlobs, startCartTraining } from './helpers/training-fixtures.js';

let hub: Hub;
let driver: Hub['driver'];
let seededBefore = false;
/** The graph's clock when the test began: what the seed creates from here on is this run's. */
let startedAt: string;
let running: InProcessWorker | undefined;
/** The demo workflows the seed started in this run (none when an earlier seed had started them). */
const demo: DemoStarted = {};

before(async () => {
  hub = await startHub();
  driver = hub.driver;
  seededBefore = (await seedTotals(driver)).Dataset! > 0;
  const { records } = await driver.executeQuery('RETURN toString(datetime()) AS now');
  startedAt = records[0]!.get('now') as string;
  running = await startInProcessWorker(hub, 'test-seed-training');
  trainingClientOptions.taskQueue = running.taskQueue;
  deploymentClientOptions.taskQueue = running.taskQueue;
});

after(async () => {
  // The demo's workflows this run started: ended, and the training run's nodes removed below.
  for (const workflowId of [demo.training?.workflowId, demo.deploymentRequest].filter(Boolean) as string[])
    await (
      await temporalClient()
    ).workflow
      .getHandle(workflowId)
      .terminate('seed test cleanup')
      .catch(() => undefined);
  if (demo.training)
    await driver.executeQuery(
      'MATCH (r:TrainingRun {id: $id}) OPTIONAL MATCH (r)-[:GENERATED]->(v:ModelVersion) OPTIONAL MATCH (r)-[:GENERATED]->(e:Evaluation) DETACH DELETE r, v, e',
      { id: demo.training.runId },
    );
  await running?.stop();
  await closeTemporalClient();
  // Bytes this run may have stored: seeded dataset versions and model artifacts (ONNX, trained models).
  const { records } = await driver.executeQuery(
    `MATCH (n) WHERE (n:DatasetVersion OR n:ModelVersion) AND n.createdBy IN [$username, 'scientist']
     RETURN collect(DISTINCT coalesce(n.contentHash, n.artifactDigest)) AS digests`,
    { username: SEED_ACTOR.username },
  );
  const digests = records[0]!.get('digests') as string[];
  // What the training test made: its run and the model version it generated.
  await driver.executeQuery(
    `MATCH (r:TrainingRun)-[:GENERATED]->(v:ModelVersion)<-[:HAS_VERSION]-(:Model {createdBy: $username})
     WHERE r.startedAt >= datetime($startedAt) OPTIONAL MATCH (r)-[:GENERATED]->(e:Evaluation) DETACH DELETE r, v, e`,
    { username: SEED_ACTOR.username, startedAt },
  );
  if (!seededBefore) {
    await driver.executeQuery(
      `MATCH (n) WHERE n.createdBy = $username AND NOT n:AuditEvent
       OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) OPTIONAL MATCH (r:TrainingRun)-[:GENERATED|USED]->(v)
       DETACH DELETE n, v, r`,
      { username: SEED_ACTOR.username },
    );
    await driver.executeQuery('MATCH (o:Org) WHERE o.id IN $ids DETACH DELETE o', { ids: orgs.map((o) => o.id) });
    clearViewerScopeCache();
  } else {
    // An older seed got its content in this run: those versions go again, the older seed stays as it was.
    await driver.executeQuery(
      `MATCH (v:DatasetVersion {createdBy: $username}) WHERE v.createdAt >= datetime($startedAt)
       OPTIONAL MATCH (r:TrainingRun)-[:USED]->(v) DETACH DELETE v, r`,
      { username: SEED_ACTOR.username, startedAt },
    );
  }
  await removeUnreferencedBlobs(driver, digests);
  await hub.close();
});

test('seeding twice: the second run creates nothing and every count stays the same', { timeout: 300_000 }, async () => {
  const first = await seed(driver);
  Object.assign(demo, first.started);
  if (!seededBefore) assert.ok((first.created.Dataset ?? 0) > 0, 'a fresh graph gets datasets');
  const auditBefore = first.totals.AuditEvent;
  const second = await seed(driver);
  assert.deepEqual(second.created, {}, 'second run creates nothing');
  assert.deepEqual(second.started, {}, 'and starts no second demo workflow');
  assert.deepEqual(second.totals, first.totals);
  assert.equal(second.totals.AuditEvent, auditBefore, 'and writes no audit event');
  for (const kind of [
    'Dataset',
    'DatasetVersion',
    'Model',
    'ModelVersion',
    'Cluster',
    'Node',
    'Accelerator',
    'EdgeNode',
    'Service',
    'Deployment',
  ]) {
    assert.ok(second.totals[kind]! > 0, `seed has ${kind}`);
  }
});

test('seeded assets follow the ontology: owner property matches OWNED_BY, tagsText, createdAt, createdBy seed, one audit event each', async () => {
  const { records } = await driver.executeQuery(
    `MATCH (n) WHERE n.createdBy = $username AND (n:Dataset OR n:DatasetVersion OR n:Model OR n:ModelVersion OR n:Cluster OR n:Node
           OR n:Accelerator OR n:EdgeNode OR n:Service OR n:Deployment)
     OPTIONAL MATCH (n)-[:OWNED_BY]->(o:Org)
     OPTIONAL MATCH (e:AuditEvent {targetId: n.id, actorId: $sub})
     RETURN labels(n)[0] AS label, n.name AS name, n.ownerOrgId AS owner, o.id AS ownedBy, n.createdAt IS NOT NULL AS dated,
            n.tagsText IS NOT NULL AS text, count(e) AS audits`,
    { username: SEED_ACTOR.username, sub: SEED_ACTOR.sub },
  );
  assert.ok(records.length > 40);
  for (const r of records) {
    const what = `${r.get('label')} ${r.get('name')}`;
    assert.ok(r.get('owner'), `${what} has ownerOrgId`);
    assert.ok(r.get('dated'), `${what} has createdAt`);
    if (r.get('label') !== 'ModelVersion') {
      // Model versions are written by the models subgraph's upload path, which owns their shape.
      assert.equal(r.get('ownedBy'), r.get('owner'), `${what}: OWNED_BY matches ownerOrgId`);
      assert.ok(r.get('text'), `${what} has tagsText`);
    }
    assert.ok((r.get('audits') as number) >= 1, `${what} has an audit event by the seed actor`);
  }
});

test('the PP-OCRv4 det, cls and rec ONNX files are registered as model versions with their real digests', async () => {
  const files = ['ch_PP-OCRv4_det_infer.onnx', 'ch_ppocr_mobile_v2.0_cls_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx'];
  for (const file of files) {
    const digest = createHash('sha256')
      .update(readFileSync(ocrModelPath(file)))
      .digest('hex');
    const { records } = await driver.executeQuery(
      'MATCH (m:Model)-[:HAS_VERSION]->(v:ModelVersion {artifactDigest: $digest}) WHERE v.createdBy = $username RETURN m.name AS model, v.inputs AS inputs',
      { digest, username: SEED_ACTOR.username },
    );
    assert.equal(records.length, 1, file);
    assert.ok(
      (JSON.parse(records[0]!.get('inputs') as string) as unknown[]).length > 0,
      `${file} has its ONNX inputs recorded`,
    );
  }
});

test('the org tree has city units under the provinces, and branch datasets are shared as the demo describes', async () => {
  const { records } = await driver.executeQuery(
    'MATCH (c:Org {id: "suzhou"})-[:PART_OF]->(p:Org)-[:PART_OF]->(hq:Org) RETURN p.id AS p, hq.id AS hq',
  );
  assert.deepEqual({ p: records[0]?.get('p'), hq: records[0]?.get('hq') }, { p: 'jiangsu', hq: 'hq' });
  const shared = await driver.executeQuery(
    'MATCH (d:Dataset {createdBy: $username, ownerOrgId: "zhejiang"})-[:SHARED_WITH]->(:Org {id: "jiangsu"}) MATCH (d)-[:HAS_VERSION]->(v) RETURN count(v) AS versions, all(x IN collect(EXISTS { (v)-[:SHARED_WITH]->(:Org {id: "jiangsu"}) }) WHERE x) AS allShared',
    { username: SEED_ACTOR.username },
  );
  assert.ok((shared.records[0]!.get('versions') as number) > 0);
  assert.equal(shared.records[0]!.get('allShared'), true);
});

test('every seeded dataset version is real content Plinth holds: uploaded, verified, its digest the bytes generated', async () => {
  const { records } = await driver.executeQuery(
    `MATCH (d:Dataset {createdBy: $username})-[:HAS_VERSION]->(v:DatasetVersion {origin: 'UPLOAD'})
     RETURN d.name AS dataset, v.format AS format, v.rowCount AS rows, v.contentHash AS digest, v.integrity AS integrity,
            [(v)-[:DERIVED_FROM]->(p) | p.id] AS parents`,
    { username: SEED_ACTOR.username },
  );
  const expected = datasets.flatMap((d) => d.versions.map((v) => ({ dataset: d.name, format: v.format })));
  assert.equal(records.length, expected.length, 'one uploaded version per seeded version');
  const files = new Map<string, string>();
  for (const name of readdirSync(seedContentDir()))
    files.set((await sha256File(join(seedContentDir(), name))).digest, name);
  for (const r of records) {
    const what = `${r.get('dataset')} ${r.get('format')}`;
    assert.equal(r.get('integrity'), 'VERIFIED', what);
    assert.ok(files.has(r.get('digest') as string), `${what}: its digest is a file the seed generated`);
  }
  const rows = (dataset: string, format: string): number[] =>
    records
      .filter((r) => (r.get('dataset') as string).startsWith(dataset) && r.get('format') === format)
      .map((r) => Number(r.get('rows')));
  assert.deepEqual(rows('信贷风险', 'CSV'), [2000], 'the credit table has 2,000 rows');
  assert.deepEqual(rows('电力设备铭牌', 'IMAGES_ZIP'), [300], 'a few hundred nameplate images');
  for (const n of rows('变电站电表时序', 'PARQUET'))
    assert.ok(n > 50_000 && n < 6 * 96 * 92, `meter rows ${n}: 15-minute series with gaps`);
  assert.ok(
    records.some((r) => (r.get('parents') as string[]).length > 0),
    'lineage between seeded versions is kept',
  );
});

test(
  'a data scientist trains on a seeded dataset through the gateway: SUCCEEDED, a model version generated',
  { timeout: 180_000 },
  async () => {
    const { records } = await driver.executeQuery(
      `MATCH (d:Dataset {createdBy: $username, ownerOrgId: 'hq'})-[:HAS_VERSION]->(v:DatasetVersion {origin: 'UPLOAD', format: 'CSV'})
     WHERE d.name STARTS WITH '信贷风险'
     MATCH (m:Model {createdBy: $username, ownerOrgId: 'hq'}) WHERE m.name STARTS WITH '信贷违约评分'
     RETURN v.id AS version, m.id AS model`,
      { username: SEED_ACTOR.username },
    );
    assert.equal(records.length, 1, 'the seeded credit table and credit model');
    const token = await tokenFor('scientist');
    const runId = await startCartTraining(hub.gateway.url, token, {
      datasetVersionId: records[0]!.get('version') as string,
      modelId: records[0]!.get('model') as string,
      targetColumn: 'default',
      maxDepth: 5,
      seed: 11,
    });
    type Run = {
      status: string;
      error: { message: string } | null;
      generated: { id: string }[];
      usedDatasetVersions: { id: string }[];
    };
    let run: Run;
    for (const deadline = Date.now() + 150_000; ; await new Promise((r) => setTimeout(r, 300))) {
      const polled = await gql<{ trainingRun: Run }>(
        hub.gateway.url,
        'query($id: ID!) { trainingRun(id: $id) { status error { message } generated { id } usedDatasetVersions { id } } }',
        { token, variables: { id: runId } },
      );
      assert.equal(polled.body.errors, undefined, JSON.stringify(polled.body.errors));
      run = polled.body.data!.trainingRun;
      if (run.status !== 'RUNNING') break;
      assert.ok(Date.now() < deadline, 'training on the seeded table still running after 150 s');
    }
    assert.equal(run.status, 'SUCCEEDED', run.error?.message ?? '');
    assert.equal(run.generated.length, 1);
    assert.deepEqual(run.usedDatasetVersions, [{ id: records[0]!.get('version') }]);
  },
);

test('the seeded OCR service is a pipeline service with no routes; every seeded MODEL service routes 100% (issue #15)', async () => {
  for (const s of services)
    if ((s.kind ?? 'MODEL') === 'MODEL')
      assert.equal(
        routesProblem(s.deployments.map((d) => ({ deploymentId: d.id, weight: d.weight ?? -1 }))),
        null,
        s.id,
      );
  const { records } = await driver.executeQuery(
    `MATCH (s:Service {createdBy: $username}) OPTIONAL MATCH (s)-[r:ROUTES_TO]->()
     RETURN s.id AS id, s.kind AS kind, collect(r.weight) AS weights ORDER BY id`,
    { username: SEED_ACTOR.username },
  );
  const seeded = Object.fromEntries(records.map((r) => [r.get('id') as string, r.toObject()]));
  assert.equal(seeded['seed-svc-nameplate-ocr']?.kind, 'OCR_PIPELINE');
  assert.deepEqual(seeded['seed-svc-nameplate-ocr']?.weights, [], 'no routes to det, cls and rec');
  for (const r of records)
    if (r.get('kind') === 'MODEL')
      assert.equal(
        (r.get('weights') as number[]).reduce((a, b) => a + Number(b), 0),
        100,
        `${r.get('id') as string} routes sum to 100`,
      );
});

test(
  'the demo leaves one training run of the seed and one deployment request awaiting approval',
  { timeout: 120_000 },
  async () => {
    const runs = await driver.executeQuery(
      'MATCH (r:TrainingRun)-[:ASSOCIATED_WITH]->(:User {id: $sub}) RETURN count(r) AS n',
      { sub: DEMO_ACTOR.sub },
    );
    assert.equal(runs.records[0]!.get('n'), 1, 'one training run started by the demo');
    let step = '';
    for (let i = 0; i < 600 && step !== 'AWAITING_APPROVAL'; i++) {
      step = (await deploymentStatus(DEMO_REQUEST_WORKFLOW_ID)).step;
      if (step !== 'AWAITING_APPROVAL') await new Promise((r) => setTimeout(r, 100));
    }
    const status = await deploymentStatus(DEMO_REQUEST_WORKFLOW_ID);
    assert.equal(status.step, 'AWAITING_APPROVAL', JSON.stringify(status.decision));
    assert.equal(status.requestedBy.username, DEMO_ACTOR.username);
    assert.equal(status.serviceId, 'seed-svc-substation-ocr');
  },
);
