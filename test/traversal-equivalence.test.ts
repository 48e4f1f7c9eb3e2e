// The one-query lineage walk (Traverser.walk) against the by-level reference (Traverser.walkByLevel) on a
// small PROV graph built for the purpose: every kind of step, both modes (a deployment's accelerator and
// host, not the other deployments on the same box; from hardware, the deployments on it), a
// DERIVED_FROM cycle, parallel relationships, a version visible only through its shared model, nodes of
// an org outside the viewer's tree (neither returned nor walked through), date-times with an offset, with
// nanoseconds and with a named zone. For every node as root, every direction, depths 0 to 6 and 20, and
// two viewers: the same roots, nodes (distance and properties), edges and `truncated`; without
// properties, the same but for properties. Needs Neo4j with migrations (npm run stack -- up; npm run migrate).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createDriver } from '../lib/graph/driver.js';
import { viewerScope, type ViewerScope } from '../lib/graph/visibility.js';
import { Traverser, MAX_DEPTH, type Direction, type Traversal } from '../subgraphs/lineage/repository/traversal.js';

const driver = createDriver();
const traverser = new Traverser(driver);
const tag = `teq-${randomUUID().slice(0, 8)}`;
const foreignOrg = `${tag}-foreign`;
const names = [
  'ds',
  'raw',
  'clean',
  'foreign',
  'grand',
  'cycA',
  'cycB',
  'run',
  'trainer',
  'approver',
  'model',
  'mv',
  'evaluation',
  'model2',
  'mv2',
  'sharedModel',
  'sharedMv',
  'acc',
  'acc2',
  'edge',
  'host',
  'dep',
  'dep2',
  'dep3',
  'svc',
  'lrun',
  'job',
] as const;
const ids = Object.fromEntries(names.map((n) => [n, `${tag}-${n}`])) as Record<(typeof names)[number], string>;

before(async () => {
  await driver.executeQuery('CREATE (:Org {id: $id, name: $id, level: "province"})', { id: foreignOrg });
  await driver.executeQuery(
    `WITH {tags: [$tag], createdBy: 'test', createdAt: datetime(), archived: false, description: ''} AS c
     CREATE (ds:Dataset {id: $ids.ds, name: 'ds', ownerOrgId: 'hq'}) SET ds += c
     CREATE (raw:DatasetVersion {id: $ids.raw, name: 'raw', ownerOrgId: 'hq', version: 1,
             updatedAt: datetime('2024-05-06T07:08:09.123456789+05:30')}) SET raw += c
     CREATE (clean:DatasetVersion {id: $ids.clean, name: 'clean', ownerOrgId: 'hq', version: 2, schema: '{"fields":[]}'}) SET clean += c
     SET clean.updatedAt = datetime({year: 2024, month: 1, day: 2, timezone: 'Europe/Berlin'})
     CREATE (foreign:DatasetVersion {id: $ids.foreign, name: 'foreign', ownerOrgId: $foreignOrg}) SET foreign += c
     CREATE (grand:DatasetVersion {id: $ids.grand, name: 'grand', ownerOrgId: 'hq'}) SET grand += c
     CREATE (a:DatasetVersion {id: $ids.cycA, name: 'a', ownerOrgId: 'hq'}) SET a += c
     CREATE (b:DatasetVersion {id: $ids.cycB, name: 'b', ownerOrgId: 'hq'}) SET b += c
     CREATE (ds)-[:HAS_VERSION]->(raw), (ds)-[:HAS_VERSION]->(clean)
     CREATE (clean)-[:DERIVED_FROM]->(raw), (clean)-[:DERIVED_FROM]->(foreign), (foreign)-[:DERIVED_FROM]->(grand)
     CREATE (a)-[:DERIVED_FROM]->(b), (b)-[:DERIVED_FROM]->(a), (a)-[:DERIVED_FROM]->(raw)
     CREATE (trainer:User {id: $ids.trainer, username: 'trainer-' + $tag, tags: [$tag]})
     CREATE (approver:User {id: $ids.approver, username: 'approver-' + $tag, tags: [$tag]})
     CREATE (run:TrainingRun {id: $ids.run, status: 'SUCCEEDED', algorithm: 'gbt', params: '{"d":3}', startedAt: datetime(), tags: [$tag]})
     CREATE (run)-[:USED]->(clean), (run)-[:USED]->(clean), (run)-[:USED]->(cycA), (run)-[:ASSOCIATED_WITH]->(trainer)
     CREATE (m:Model {id: $ids.model, name: 'model', ownerOrgId: 'hq'}) SET m += c
     CREATE (mv:ModelVersion {id: $ids.mv, name: 'mv', ownerOrgId: 'hq', metrics: '{"mape":0.04}'}) SET mv += c
     CREATE (m)-[:HAS_VERSION]->(mv), (run)-[:GENERATED]->(mv)
     CREATE (ev:Evaluation {id: $ids.evaluation, metrics: '{}', at: datetime(), tags: [$tag]})-[:EVALUATES]->(mv), (ev)-[:USED]->(raw)
     CREATE (m2:Model {id: $ids.model2, name: 'model2', ownerOrgId: 'hq'}) SET m2 += c
     CREATE (mv2:ModelVersion {id: $ids.mv2, name: 'mv2', ownerOrgId: 'hq'}) SET mv2 += c
     CREATE (m2)-[:HAS_VERSION]->(mv2)
     CREATE (sm:Model {id: $ids.sharedModel, name: 'shared', ownerOrgId: $foreignOrg}) SET sm += c
     CREATE (smv:ModelVersion {id: $ids.sharedMv, name: 'shared v1', ownerOrgId: $foreignOrg}) SET smv += c
     CREATE (sm)-[:HAS_VERSION]->(smv)
     CREATE (edge:EdgeNode {id: $ids.edge, name: 'edge', site: 's7', ownerOrgId: 'hq'}) SET edge += c
     CREATE (host:Node {id: $ids.host, name: 'host', hostname: 'h1', ownerOrgId: 'hq'}) SET host += c
     CREATE (acc:Accelerator {id: $ids.acc, name: 'acc', kind: 'NPU', ownerOrgId: 'hq'}) SET acc += c
     CREATE (acc2:Accelerator {id: $ids.acc2, name: 'acc2', kind: 'GPU', ownerOrgId: 'hq'}) SET acc2 += c
     CREATE (acc)-[:INSTALLED_IN]->(edge), (acc2)-[:INSTALLED_IN]->(edge), (acc2)-[:INSTALLED_IN]->(host)
     CREATE (dep:Deployment {id: $ids.dep, name: 'dep', status: 'READY', ownerOrgId: 'hq'}) SET dep += c
     CREATE (dep2:Deployment {id: $ids.dep2, name: 'dep2', status: 'READY', ownerOrgId: 'hq'}) SET dep2 += c
     CREATE (dep3:Deployment {id: $ids.dep3, name: 'dep3', status: 'READY', ownerOrgId: 'hq'}) SET dep3 += c
     CREATE (dep)-[:SERVES]->(mv), (dep)-[:RUNS_ON]->(acc), (dep)-[:RUNS_ON]->(acc2)
     CREATE (dep)-[:APPROVED_BY {comment: 'ok', at: datetime('2025-01-02T03:04:05.000000006-08:00')}]->(approver), (dep)-[:REQUESTED_BY]->(trainer)
     CREATE (dep2)-[:SERVES]->(mv2), (dep2)-[:RUNS_ON]->(acc)
     CREATE (edge)-[:ASSIGNED {rolloutId: 'r2', workflowId: 'edge-rollout/r2', state: 'ACTIVE', at: datetime()}]->(mv)
     CREATE (edge)-[:ASSIGNED {rolloutId: 'r1', workflowId: 'edge-rollout/r1', state: 'REPLACED', at: datetime()}]->(mv2)
     CREATE (dep3)-[:SERVES]->(smv), (dep3)-[:RUNS_ON]->(acc2)
     CREATE (svc:Service {id: $ids.svc, name: 'svc', endpoint: '/x', ownerOrgId: 'hq'}) SET svc += c
     CREATE (svc)-[:ROUTES_TO {weight: 60}]->(dep), (svc)-[:ROUTES_TO {weight: 40}]->(dep3)
     CREATE (job:Job {id: $ids.job, name: 'job', namespace: 'ns', ownerOrgId: 'hq'}) SET job += c
     CREATE (lr:LineageRun {id: $ids.lrun, name: 'lr', state: 'COMPLETE', ownerOrgId: 'hq'}) SET lr += c
     CREATE (lr)-[:USED]->(grand), (lr)-[:GENERATED]->(raw), (lr)-[:RUN_OF]->(job), (lr)-[:ASSOCIATED_WITH]->(trainer)
     WITH sm MATCH (hq:Org {id: 'hq'}) CREATE (sm)-[:SHARED_WITH]->(hq)`,
    { ids, tag, foreignOrg },
  );
});

after(async () => {
  await driver.executeQuery('MATCH (n) WHERE $tag IN n.tags DETACH DELETE n', { tag });
  await driver.executeQuery('MATCH (o:Org {id: $id}) DETACH DELETE o', { id: foreignOrg });
  await driver.close();
});

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const edgeKey = (e: Traversal['edges'][number]): string =>
  JSON.stringify([e.from, e.to, e.relationship, e.at, e.properties]);
function canonical(t: Traversal, properties = true): unknown {
  return {
    roots: t.roots.map((n) => ({ ...n, properties: properties ? n.properties : {} })),
    nodes: [...t.nodes].sort(byId).map((n) => ({ ...n, properties: properties ? n.properties : {} })),
    edges: t.edges
      .map((e) => (properties ? e : { ...e, at: null, properties: {} }))
      .map(edgeKey)
      .sort(),
    truncated: t.truncated,
  };
}

describe('Traverser.walk (one query) against walkByLevel', () => {
  let scopes: [string, ViewerScope][];
  before(async () => {
    scopes = [
      ['hq', await viewerScope(driver, { org: 'hq' } as never)],
      ['foreign', { viewerOrg: foreignOrg, visibleOrgs: [foreignOrg] }],
    ];
  });

  test('the same walk for every root, direction, depth and viewer, with and without properties', async () => {
    const rootSets = [
      ...Object.values(ids).map((id) => [id]),
      [ids.svc, ids.raw, `${tag}-unknown`, ids.foreign, ids.svc],
    ];
    let nonEmpty = 0;
    let truncated = 0;
    for (const [viewer, scope] of scopes) {
      for (const roots of rootSets) {
        for (const direction of ['UPSTREAM', 'DOWNSTREAM', 'BOTH'] as Direction[]) {
          for (const depth of [0, 1, 2, 3, 4, 5, 6, MAX_DEPTH]) {
            const what = `${viewer} ${roots.join(',')} ${direction} ${depth}`;
            const expected = await traverser.walkByLevel(scope, roots, direction, depth);
            assert.deepEqual(
              canonical(await traverser.walk(scope, roots, direction, depth)),
              canonical(expected),
              what,
            );
            assert.deepEqual(
              canonical(await traverser.walk(scope, roots, direction, depth, { properties: false }), false),
              canonical(expected, false),
              `${what} without properties`,
            );
            if (expected.nodes.length > 1) nonEmpty++;
            if (expected.truncated) truncated++;
          }
        }
      }
    }
    // The graph exercises something: walks that go somewhere, and walks cut by the depth bound.
    assert.ok(nonEmpty > 100 && truncated > 50, `${nonEmpty} non-trivial walks, ${truncated} truncated`);
  });

  test('a date-time keeps its offset, nanoseconds or zone as the driver prints it', async () => {
    const [, hq] = scopes[0]!;
    const reference = await traverser.walkByLevel(hq, [ids.raw, ids.clean, ids.dep], 'UPSTREAM', 1);
    const fast = await traverser.walk(hq, [ids.raw, ids.clean, ids.dep], 'UPSTREAM', 1);
    const props = (t: Traversal, id: string) => t.nodes.find((n) => n.id === id)!.properties;
    assert.equal(props(fast, ids.raw).updatedAt, '2024-05-06T07:08:09.123456789+05:30');
    assert.equal(props(fast, ids.clean).updatedAt, props(reference, ids.clean).updatedAt);
    assert.match(String(props(fast, ids.clean).updatedAt), /\[Europe\/Berlin\]$/);
    const approval = fast.edges.find((e) => e.relationship === 'APPROVED_BY')!;
    assert.equal(approval.at, '2025-01-02T03:04:05.000000006-08:00');
  });

  test('depth must be an integer from 0 to MAX_DEPTH', async () => {
    const [, hq] = scopes[0]!;
    for (const depth of [-1, 1.5, MAX_DEPTH + 1, Number.NaN]) {
      await assert.rejects(traverser.walk(hq, [ids.svc], 'UPSTREAM', depth), /depth must be an integer/);
    }
  });
});
