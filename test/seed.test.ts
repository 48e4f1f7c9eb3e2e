// The demo seed: idempotent (a second run writes nothing), ontology-shaped, audited. Runs against the
// real graph. When the seed was not there before, the test removes what it wrote (audit events stay:
// they are a hash chain); when it was, the test only checks idempotency and leaves the data alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { migrate } from '../graph-schema/migrate.js';
import { clearViewerScopeCache } from '../lib/graph/visibility.js';
import { ocrModelPath, seed, seedTotals } from '../scripts/seed/index.js';
import { orgs, SEED_ACTOR } from '../scripts/seed/data.js';

let driver: Driver;
let seededBefore = false;

before(async () => {
  driver = createDriver();
  await migrate(driver);
  seededBefore = (await seedTotals(driver)).Dataset! > 0;
});

after(async () => {
  if (!seededBefore) {
    await driver.executeQuery(
      `MATCH (n) WHERE n.createdBy = $username AND NOT n:AuditEvent
       OPTIONAL MATCH (n)-[:HAS_VERSION]->(v) OPTIONAL MATCH (r:TrainingRun)-[:GENERATED]->(v)
       DETACH DELETE n, v, r`,
      { username: SEED_ACTOR.username },
    );
    await driver.executeQuery('MATCH (o:Org) WHERE o.id IN $ids DETACH DELETE o', { ids: orgs.map((o) => o.id) });
    clearViewerScopeCache();
  }
  await driver.close();
});

test('seeding twice: the second run creates nothing and every count stays the same', { timeout: 180_000 }, async () => {
  const first = await seed(driver);
  if (!seededBefore) assert.ok((first.created.Dataset ?? 0) > 0, 'a fresh graph gets datasets');
  const auditBefore = first.totals.AuditEvent;
  const second = await seed(driver);
  assert.deepEqual(second.created, {}, 'second run creates nothing');
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
