// Edge nodes as lineage (issue #15): a model version that edge rollouts made ACTIVE on two edge nodes (and
// rolled back on a third) is seen from every side: EdgeNode.activeVersion and activeAssignment (compute),
// lineage downstream of the version and upstream of an edge node, with the ASSIGNED edge naming its rollout
// and workflow, and impactAnalysis of the training data counting and listing the two nodes (the rolled-back
// one is not there). The assignments are written by domain/edge/assignment-store.ts, the module the edge
// rollout workflow's activities write them with. Real Neo4j and Keycloak, through the gateway.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startHub, type Hub } from './helpers/hub.js';
import { client, ok, type Gql } from './helpers/hardware.js';
import { applyNodeStep } from '../domain/edge/assignment-store.js';
import type { NodeStep } from '../domain/edge/shared.js';

const tag = `edln-${randomUUID().slice(0, 8)}`;
const id = (name: string): string => `${tag}-${name}`;
const ids = {
  ds: id('ds'),
  dv: id('dv'),
  run: id('run'),
  model: id('model'),
  mv: id('mv'),
  e1: id('edge-1'),
  e2: id('edge-2'),
  e3: id('edge-3'),
};
const rollout = randomUUID();
const workflowId = `edge-rollout/${ids.mv}/${rollout}`;
const actor = { sub: 'edge-lineage-test', username: 'edge-lineage-test', roles: [], org: 'hq' };

let hub: Hub;
let call: Gql;

async function step(step: NodeStep, edgeNodeId: string): Promise<void> {
  const done = await applyNodeStep(
    hub.driver,
    actor,
    { step, rolloutId: rollout, modelVersionId: ids.mv, edgeNodeId, detail: step },
    { workflowId, runId: `${tag}-run` },
  );
  assert.equal(done, true, `${step} ${edgeNodeId}`);
}

before(async () => {
  hub = await startHub();
  call = client(hub.gateway.url);
  await hub.driver.executeQuery(
    `MATCH (hq:Org {id: 'hq'})
     WITH hq, {tags: [$tag], tagsText: $tag, createdBy: 'test', createdAt: datetime(), archived: false, description: '', ownerOrgId: 'hq'} AS c
     CREATE (ds:Dataset {id: $ids.ds, name: $tag + ' transformer readings'})-[:OWNED_BY]->(hq) SET ds += c
     CREATE (ds)-[:HAS_VERSION]->(dv:DatasetVersion {id: $ids.dv, datasetId: $ids.ds, version: 1, name: $tag + ' v1'})-[:OWNED_BY]->(hq) SET dv += c
     CREATE (run:TrainingRun {id: $ids.run, status: 'SUCCEEDED', algorithm: 'logistic-regression', tags: [$tag]})-[:USED]->(dv)
     CREATE (m:Model {id: $ids.model, name: $tag + ' oil temperature', task: 'binary-classification'})-[:OWNED_BY]->(hq) SET m += c
     CREATE (m)-[:HAS_VERSION]->(mv:ModelVersion {id: $ids.mv, modelId: $ids.model, version: 1, name: $tag + ' oil temperature v1'})-[:OWNED_BY]->(hq)
     SET mv += c
     CREATE (run)-[:GENERATED]->(mv)
     WITH hq, c UNWIND [$ids.e1, $ids.e2, $ids.e3] AS e
     CREATE (n:EdgeNode {id: e, name: e, site: 'substation 9', status: 'ONLINE'})-[:OWNED_BY]->(hq) SET n += c`,
    { ids, tag },
  );
  // Two nodes report ok (ACTIVE); the third was pushed and rolled back.
  for (const n of [ids.e1, ids.e2, ids.e3]) await step('push', n);
  await step('active', ids.e1);
  await step('active', ids.e2);
  await step('rollback', ids.e3);
});

after(async () => {
  // Audit events stay: they are links of the hash chain.
  await hub.driver.executeQuery('MATCH (n) WHERE $tag IN n.tags DETACH DELETE n', { tag });
  await hub.close();
});

test('EdgeNode.activeVersion and activeAssignment: the version an edge node runs now, from its ACTIVE assignment', async () => {
  type Edge = {
    activeVersion: { id: string } | null;
    activeAssignment: { rolloutId: string; workflowId: string; state: string } | null;
  };
  const node = async (edgeNodeId: string) =>
    ok(
      await call<{ edgeNode: Edge }>(
        'engineer',
        'query($id: ID!) { edgeNode(id: $id) { activeVersion { id } activeAssignment { rolloutId workflowId state } } }',
        { id: edgeNodeId },
      ),
    ).edgeNode;
  for (const n of [ids.e1, ids.e2])
    assert.deepEqual(await node(n), {
      activeVersion: { id: ids.mv },
      activeAssignment: { rolloutId: rollout, workflowId, state: 'ACTIVE' },
    });
  assert.deepEqual(await node(ids.e3), { activeVersion: null, activeAssignment: null }, 'rolled back: runs nothing');
});

const LINEAGE = `query($id: ID!, $direction: LineageDirection) {
  lineage(id: $id, direction: $direction, depth: 10, first: 100) {
    nodes { totalCount edges { node { id kind name distance properties } } }
    edges { from to relationship at properties }
  }
}`;
type Graph = {
  nodes: { edges: { node: { id: string; kind: string } }[] };
  edges: { from: string; to: string; relationship: string; at: string | null; properties: Record<string, unknown> }[];
};

test('lineage: downstream of the version, the edge nodes that run it (ASSIGNED names the rollout); upstream of an edge node, the version and its data', async () => {
  const down = ok(await call<{ lineage: Graph }>('auditor', LINEAGE, { id: ids.mv, direction: 'DOWNSTREAM' })).lineage;
  const edgeNodes = down.nodes.edges
    .map((e) => e.node)
    .filter((n) => n.kind === 'EDGE_NODE')
    .map((n) => n.id)
    .sort();
  assert.deepEqual(edgeNodes, [ids.e1, ids.e2]);
  const assigned = down.edges.filter((e) => e.relationship === 'ASSIGNED').sort((a, b) => a.from.localeCompare(b.from));
  assert.deepEqual(
    assigned.map((e) => [e.from, e.to, { ...e.properties, at: undefined }]),
    [ids.e1, ids.e2].map((n) => [n, ids.mv, { rolloutId: rollout, workflowId, state: 'ACTIVE', at: undefined }]),
  );
  assert.ok(
    assigned.every((e) => e.at),
    'when the assignment became ACTIVE',
  );

  const up = ok(await call<{ lineage: Graph }>('auditor', LINEAGE, { id: ids.e1, direction: 'UPSTREAM' })).lineage;
  const seen = new Set(up.nodes.edges.map((e) => e.node.id));
  for (const want of [ids.e1, ids.mv, ids.run, ids.dv]) assert.ok(seen.has(want), `missing ${want}`);
  assert.ok(!seen.has(ids.e2), 'the other edge node is not upstream of this one');
});

test('impactAnalysis of the training data counts and lists the edge nodes the version is active on', async () => {
  const res = ok(
    await call<{
      impactAnalysis: { total: number; groups: { kind: string; count: number; nodes: { id: string }[] }[] };
    }>(
      'auditor',
      'query($id: ID!) { impactAnalysis(datasetVersionId: $id) { total groups { kind count nodes { id } } } }',
      { id: ids.dv },
    ),
  ).impactAnalysis;
  const edge = res.groups.find((g) => g.kind === 'EDGE_NODE')!;
  assert.equal(edge.count, 2);
  assert.deepEqual(edge.nodes.map((n) => n.id).sort(), [ids.e1, ids.e2]);
  assert.deepEqual(res.groups.find((g) => g.kind === 'MODEL_VERSION')!.nodes, [{ id: ids.mv }]);
  assert.equal(res.total, 3);
});
