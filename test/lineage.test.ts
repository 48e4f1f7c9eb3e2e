// The lineage subgraph end-to-end through the gateway with real Keycloak tokens: a PROV chain seeded
// as ONTOLOGY.md describes it (raw data → cleaned data → training run → model version → evaluation →
// approved deployment on an edge accelerator → service), walked upstream and downstream; impact
// analysis; provenance; a DERIVED_FROM cycle; org visibility inside the walk (a throwaway org outside
// HQ's tree is invisible even to HQ and is not walked through); the audit trail and a tampered audit
// event found by verifyAuditChain; the compliance report as JSON and HTML.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { tamper, tokenFor } from './helpers/tokens.js';
import { client, errorCode, ok, type Gql } from './helpers/hardware.js';
import { writeAudit } from '../lib/graph/audit.js';
import { Label } from '../lib/graph/ontology.js';
import { matching, PROJECTION } from '../subgraphs/lineage/repository/audit-store.js';

const tag = `ln-${randomUUID().slice(0, 8)}`;
const foreignOrg = `${tag}-foreign`;
const id = (name: string): string => `${tag}-${name}`;
const ids = {
  rawDs: id('raw-ds'),
  raw: id('raw'),
  cleanDs: id('clean-ds'),
  clean: id('clean'),
  run: id('run'),
  trainer: id('trainer'),
  model: id('model'),
  mv: id('mv'),
  evaluation: id('eval'),
  approver: id('approver'),
  edge: id('edge'),
  acc: id('acc'),
  dep: id('dep'),
  svc: id('svc'),
  // Another deployment on the same accelerator, of another model: not part of the chain above.
  model2: id('model2'),
  mv2: id('mv2'),
  dep2: id('dep2'),
  // Outside HQ's tree: the cleaned data was also derived from a foreign version, itself derived from an HQ one.
  foreignDs: id('foreign-ds'),
  foreign: id('foreign'),
  grand: id('grand'),
  cycDs: id('cyc-ds'),
  cycA: id('cyc-a'),
  cycB: id('cyc-b'),
};
const DEPLOYMENT_NAME = `${tag} deploy <b>"&"</b>`;
const APPROVAL_COMMENT = 'looks good <script>alert(1)</script>';
const actor = { sub: 'lineage-test', username: 'lineage-test', roles: [], org: 'hq' };

let hub: Hub;
let call: Gql;
let origin: string;
const auditSeqs: number[] = [];

async function audit(action: string, targetId: string, targetLabel: Label, workflowId?: string): Promise<number> {
  const session = hub.driver.session();
  try {
    const record = await session.executeWrite((tx) =>
      writeAudit(tx, { action, actor, targetId, targetLabel, after: { targetId }, workflowId }),
    );
    return record.seq;
  } finally {
    await session.close();
  }
}

before(async () => {
  hub = await startHub();
  call = client(hub.gateway.url);
  origin = new URL(hub.gateway.url).origin;
  await hub.driver.executeQuery('CREATE (:Org {id: $id, name: $id, level: "province"})', { id: foreignOrg });
  await hub.driver.executeQuery(
    `MATCH (hq:Org {id: 'hq'}), (fo:Org {id: $foreignOrg})
     WITH hq, fo, {tags: [$tag], tagsText: $tag, createdBy: 'test', createdAt: datetime(), archived: false, description: ''} AS common
     CREATE (rawDs:Dataset {id: $ids.rawDs, name: $tag + ' raw meter readings', ownerOrgId: 'hq'})-[:OWNED_BY]->(hq) SET rawDs += common
     CREATE (cleanDs:Dataset {id: $ids.cleanDs, name: $tag + ' cleaned meter readings', ownerOrgId: 'hq'})-[:OWNED_BY]->(hq) SET cleanDs += common
     CREATE (cycDs:Dataset {id: $ids.cycDs, name: $tag + ' cyclic', ownerOrgId: 'hq'})-[:OWNED_BY]->(hq) SET cycDs += common
     CREATE (foreignDs:Dataset {id: $ids.foreignDs, name: $tag + ' foreign', ownerOrgId: $foreignOrg})-[:OWNED_BY]->(fo) SET foreignDs += common
     WITH hq, fo, common, rawDs, cleanDs, cycDs, foreignDs
     UNWIND [
       {id: $ids.raw, ds: rawDs, v: 1, org: 'hq'}, {id: $ids.grand, ds: rawDs, v: 2, org: 'hq'},
       {id: $ids.clean, ds: cleanDs, v: 1, org: 'hq'}, {id: $ids.foreign, ds: foreignDs, v: 1, org: $foreignOrg},
       {id: $ids.cycA, ds: cycDs, v: 1, org: 'hq'}, {id: $ids.cycB, ds: cycDs, v: 2, org: 'hq'}
     ] AS spec
     WITH spec, common, spec.ds AS ds
     CREATE (ds)-[:HAS_VERSION]->(v:DatasetVersion {id: spec.id, datasetId: ds.id, version: spec.v, name: ds.name + ' v' + spec.v,
       contentHash: '${'a'.repeat(64)}', schema: '{"fields":[]}', rowCount: 1000, storageUri: 's3://bucket/' + spec.id, format: 'PARQUET',
       ownerOrgId: spec.org})
     SET v += common
     WITH v, spec MATCH (o:Org {id: spec.org}) CREATE (v)-[:OWNED_BY]->(o)`,
    { ids, tag, foreignOrg },
  );
  await hub.driver.executeQuery(
    `MATCH (raw:DatasetVersion {id: $ids.raw}), (clean:DatasetVersion {id: $ids.clean}), (foreign:DatasetVersion {id: $ids.foreign}),
           (grand:DatasetVersion {id: $ids.grand}), (a:DatasetVersion {id: $ids.cycA}), (b:DatasetVersion {id: $ids.cycB}), (hq:Org {id: 'hq'})
     CREATE (clean)-[:DERIVED_FROM]->(raw), (clean)-[:DERIVED_FROM]->(foreign), (foreign)-[:DERIVED_FROM]->(grand)
     CREATE (a)-[:DERIVED_FROM]->(b), (b)-[:DERIVED_FROM]->(a)
     WITH clean, hq, {tags: [$tag], tagsText: $tag, createdBy: 'test', createdAt: datetime(), archived: false, description: ''} AS common
     CREATE (trainer:User {id: $ids.trainer, username: 'scientist'}), (approver:User {id: $ids.approver, username: 'approver'})
     CREATE (run:TrainingRun {id: $ids.run, status: 'SUCCEEDED', algorithm: 'gradient-boosting', params: '{"depth":3}',
                              workflowId: $tag + '-wf', runId: $tag + '-temporal-run', startedAt: datetime(), endedAt: datetime(), tags: [$tag]})
     CREATE (run)-[:USED]->(clean), (run)-[:ASSOCIATED_WITH]->(trainer)
     CREATE (m:Model {id: $ids.model, name: $tag + ' load forecast', task: 'regression', ownerOrgId: 'hq'})-[:OWNED_BY]->(hq) SET m += common
     CREATE (m)-[:HAS_VERSION]->(mv:ModelVersion {id: $ids.mv, modelId: $ids.model, version: 1, name: $tag + ' load forecast v1', format: 'ONNX',
       framework: 'sklearn', inputs: '[]', outputs: '[]', metrics: '{"mape":0.04}', artifactDigest: '${'b'.repeat(64)}', artifactSize: 1024,
       artifactUri: 'file:///dev/null', aliases: [], ownerOrgId: 'hq'}) SET mv += common
     CREATE (run)-[:GENERATED]->(mv)
     CREATE (ev:Evaluation {id: $ids.evaluation, metrics: '{"mape":0.05}', at: datetime(), tags: [$tag]})-[:EVALUATES]->(mv), (ev)-[:USED]->(clean)
     CREATE (edge:EdgeNode {id: $ids.edge, name: $tag + ' substation box', site: 'substation 7', status: 'ONLINE', ownerOrgId: 'hq'})-[:OWNED_BY]->(hq)
     SET edge += common
     CREATE (acc:Accelerator {id: $ids.acc, name: $tag + ' edge npu', kind: 'NPU', vendor: 'test', model: 'n1', memoryMb: 8192,
       executionProviders: ['cpu'], ownerOrgId: 'hq'})-[:OWNED_BY]->(hq) SET acc += common
     CREATE (acc)-[:INSTALLED_IN]->(edge)
     CREATE (dep:Deployment {id: $ids.dep, name: $deploymentName, status: 'READY', executionProvider: 'cpu', replicas: 1, ownerOrgId: 'hq'})-[:OWNED_BY]->(hq)
     SET dep += common, dep.createdBy = 'engineer'
     CREATE (dep)-[:SERVES]->(mv), (dep)-[:RUNS_ON]->(acc), (dep)-[:APPROVED_BY {comment: $comment, at: datetime()}]->(approver)
     CREATE (svc:Service {id: $ids.svc, name: $tag + ' forecast api', endpoint: '/forecast', ownerOrgId: 'hq'})-[:OWNED_BY]->(hq) SET svc += common
     CREATE (svc)-[:ROUTES_TO {weight: 100}]->(dep)
     CREATE (m2:Model {id: $ids.model2, name: $tag + ' other model', task: 'classification', ownerOrgId: 'hq'})-[:OWNED_BY]->(hq) SET m2 += common
     CREATE (m2)-[:HAS_VERSION]->(mv2:ModelVersion {id: $ids.mv2, modelId: $ids.model2, version: 1, name: $tag + ' other v1', format: 'ONNX',
       framework: 'onnx', inputs: '[]', outputs: '[]', metrics: '{}', artifactDigest: '${'c'.repeat(64)}', artifactSize: 1, artifactUri: 'file:///dev/null',
       aliases: [], ownerOrgId: 'hq'}) SET mv2 += common
     CREATE (dep2:Deployment {id: $ids.dep2, name: $tag + ' other deployment', status: 'READY', replicas: 1, ownerOrgId: 'hq'})-[:OWNED_BY]->(hq)
     SET dep2 += common
     CREATE (dep2)-[:SERVES]->(mv2), (dep2)-[:RUNS_ON]->(acc)`,
    { ids, tag, deploymentName: DEPLOYMENT_NAME, comment: APPROVAL_COMMENT },
  );
  auditSeqs.push(await audit('lineage-test.deploy', ids.dep, Label.Deployment));
  auditSeqs.push(await audit('lineage-test.train', ids.run, Label.TrainingRun, `${tag}-wf`));
  auditSeqs.push(await audit('lineage-test.foreign', ids.foreign, Label.DatasetVersion));
});

after(async () => {
  // Audit events stay: they are links of the hash chain.
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Dataset OR n:DatasetVersion OR n:Model OR n:ModelVersion OR n:TrainingRun OR n:Evaluation OR n:Deployment
                      OR n:Service OR n:EdgeNode OR n:Accelerator) AND $tag IN n.tags
     DETACH DELETE n`,
    { tag },
  );
  await hub.driver.executeQuery('MATCH (u:User) WHERE u.id IN $users DETACH DELETE u', {
    users: [ids.trainer, ids.approver],
  });
  await hub.driver.executeQuery('MATCH (o:Org {id: $id}) DETACH DELETE o', { id: foreignOrg });
  await hub.close();
});

interface Graph {
  root: { id: string; kind: string };
  nodes: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean };
    edges: {
      node: { id: string; kind: string; name: string; distance: number; properties: Record<string, unknown> };
    }[];
  };
  edges: { from: string; to: string; relationship: string; at: string | null; properties: Record<string, unknown> }[];
  truncated: boolean;
}

const LINEAGE =
  `query($id: ID!, $direction: LineageDirection, $depth: Int, $kinds: [LineageNodeKind!], $first: Int, $after: String) {
  lineage(id: $id, direction: $direction, depth: $depth, kinds: $kinds, first: $first, after: $after) {
    root { id kind }
    nodes(first: 100) { totalCount pageInfo { hasNextPage } edges { node { id kind name distance properties } } }
    edges { from to relationship at properties }
    truncated
  }
}`.replace('nodes(first: 100)', 'nodes');

async function lineage(user: string, vars: Record<string, unknown>): Promise<Graph | null> {
  return ok(await call<{ lineage: Graph | null }>(user, LINEAGE, { first: 100, ...vars })).lineage;
}

const nodeIds = (g: Graph | null): Set<string> => new Set(g?.nodes.edges.map((e) => e.node.id));
const chain = [
  ids.svc,
  ids.dep,
  ids.approver,
  ids.acc,
  ids.edge,
  ids.mv,
  ids.evaluation,
  ids.run,
  ids.trainer,
  ids.clean,
  ids.raw,
];

describe('lineage', () => {
  test('upstream from the service: the whole chain down to the raw data, approver included; nothing else', async () => {
    const g = await lineage('auditor', { id: ids.svc, direction: 'UPSTREAM', depth: 20 });
    assert.ok(g);
    assert.deepEqual(g.root, { id: ids.svc, kind: 'SERVICE' });
    const seen = nodeIds(g);
    for (const want of chain) assert.ok(seen.has(want), `missing ${want}`);
    assert.equal(seen.size, chain.length, JSON.stringify([...seen]));
    assert.equal(g.truncated, false);
    // The other deployment on the same accelerator is not part of this lineage; the foreign version
    // is invisible, and the HQ version behind it is not reached through it.
    for (const not of [ids.dep2, ids.mv2, ids.foreign, ids.grand]) assert.ok(!seen.has(not), `${not} leaked`);
    const rels = new Set(g.edges.map((e) => `${e.from}-${e.relationship}->${e.to}`));
    for (const rel of [
      `${ids.svc}-ROUTES_TO->${ids.dep}`,
      `${ids.dep}-SERVES->${ids.mv}`,
      `${ids.dep}-RUNS_ON->${ids.acc}`,
      `${ids.acc}-INSTALLED_IN->${ids.edge}`,
      `${ids.dep}-APPROVED_BY->${ids.approver}`,
      `${ids.run}-GENERATED->${ids.mv}`,
      `${ids.evaluation}-EVALUATES->${ids.mv}`,
      `${ids.run}-USED->${ids.clean}`,
      `${ids.run}-ASSOCIATED_WITH->${ids.trainer}`,
      `${ids.clean}-DERIVED_FROM->${ids.raw}`,
    ])
      assert.ok(rels.has(rel), `edge ${rel}`);
    assert.ok(![...rels].some((r) => r.includes(ids.foreign)));
    const approval = g.edges.find((e) => e.relationship === 'APPROVED_BY')!;
    assert.equal(approval.properties.comment, APPROVAL_COMMENT);
    assert.ok(approval.at);
    const byId = new Map(g.nodes.edges.map((e) => [e.node.id, e.node]));
    assert.equal(byId.get(ids.run)!.properties.workflowId, `${tag}-wf`);
    assert.equal(byId.get(ids.run)!.kind, 'TRAINING_RUN');
    assert.equal(byId.get(ids.approver)!.name, 'approver');
    assert.equal(byId.get(ids.raw)!.distance, 5);
    assert.deepEqual(byId.get(ids.mv)!.properties.metrics, { mape: 0.04 });
  });

  test('upstream from the edge node: what runs on it and where it came from, approver included', async () => {
    const g = await lineage('auditor', { id: ids.edge, depth: 20 });
    const seen = nodeIds(g);
    for (const want of chain.filter((x) => x !== ids.svc)) assert.ok(seen.has(want), `missing ${want}`);
    assert.ok(seen.has(ids.dep2) && seen.has(ids.mv2), 'both deployments on the box');
    assert.ok(!seen.has(ids.foreign) && !seen.has(ids.grand));
    const both = nodeIds(await lineage('auditor', { id: ids.edge, direction: 'BOTH', depth: 20 }));
    assert.ok(both.has(ids.svc), 'downstream of the box: the service routing to its deployment');
  });

  test('depth bounds the walk and says so; kinds filter; paging; bad depth is BAD_USER_INPUT', async () => {
    const g = await lineage('auditor', { id: ids.svc, depth: 1 });
    assert.deepEqual(nodeIds(g), new Set([ids.svc, ids.dep]));
    assert.equal(g!.truncated, true);
    const zero = await lineage('auditor', { id: ids.svc, depth: 0 });
    assert.deepEqual(nodeIds(zero), new Set([ids.svc]));
    const kinds = await lineage('auditor', { id: ids.svc, depth: 20, kinds: ['DATASET_VERSION', 'TRAINING_RUN'] });
    assert.deepEqual(nodeIds(kinds), new Set([ids.run, ids.clean, ids.raw]));
    assert.deepEqual(kinds!.edges.map((e) => e.relationship).sort(), ['DERIVED_FROM', 'USED']);
    const page = await lineage('auditor', { id: ids.svc, depth: 20, first: 4 });
    assert.equal(page!.nodes.edges.length, 4);
    assert.equal(page!.nodes.totalCount, chain.length);
    assert.equal(page!.nodes.pageInfo.hasNextPage, true);
    assert.equal(page!.nodes.edges[0]!.node.id, ids.svc, 'nearest first');
    const bad = await call('auditor', LINEAGE, { id: ids.svc, depth: 21 });
    assert.equal(errorCode(bad), 'BAD_USER_INPUT');
  });

  test('a DERIVED_FROM cycle terminates, both ways', async () => {
    for (const direction of ['UPSTREAM', 'DOWNSTREAM', 'BOTH']) {
      const g = await lineage('auditor', { id: ids.cycA, direction, depth: 20 });
      assert.deepEqual(nodeIds(g), new Set([ids.cycA, ids.cycB]), direction);
      assert.equal(g!.edges.filter((e) => e.relationship === 'DERIVED_FROM').length, 2, direction);
      assert.equal(g!.truncated, false);
    }
  });

  test('downstream from the raw data reaches the service; invisible and unknown roots are null', async () => {
    const g = await lineage('admin', { id: ids.raw, direction: 'DOWNSTREAM', depth: 20 });
    const seen = nodeIds(g);
    for (const want of [ids.clean, ids.run, ids.evaluation, ids.mv, ids.dep, ids.svc, ids.acc, ids.edge])
      assert.ok(seen.has(want), want);
    assert.ok(!seen.has(ids.dep2) && !seen.has(ids.approver));
    assert.equal(await lineage('admin', { id: ids.foreign }), null, 'owned by an org outside HQ');
    // An ownerless activity is visible through the visible assets it is connected to.
    const run = await lineage('auditor', { id: ids.run, direction: 'DOWNSTREAM', depth: 20 });
    assert.equal(run?.root.kind, 'TRAINING_RUN');
    assert.ok(nodeIds(run).has(ids.svc));
    assert.equal(await lineage('auditor', { id: randomUUID() }), null);
    // From HQ's own version behind the foreign one, downstream stops at the invisible node.
    assert.deepEqual(
      nodeIds(await lineage('admin', { id: ids.grand, direction: 'DOWNSTREAM', depth: 20 })),
      new Set([ids.grand]),
    );
  });
});

describe('impact and provenance', () => {
  test('impact of the raw dataset version: everything downstream, grouped with counts', async () => {
    const res = ok(
      await call<{
        impactAnalysis: {
          root: { id: string };
          total: number;
          groups: { kind: string; count: number; nodes: { id: string }[] }[];
        };
      }>(
        'auditor',
        'query($id: ID!) { impactAnalysis(datasetVersionId: $id) { root { id } total truncated groups { kind count nodes { id } } } }',
        { id: ids.raw },
      ),
    ).impactAnalysis;
    const groups = Object.fromEntries(res.groups.map((g) => [g.kind, g.nodes.map((n) => n.id)]));
    assert.deepEqual(groups, {
      DATASET_VERSION: [ids.clean],
      MODEL_VERSION: [ids.mv],
      DEPLOYMENT: [ids.dep],
      SERVICE: [ids.svc],
      EDGE_NODE: [ids.edge],
      NODE: [],
    });
    assert.equal(res.total, 5);
    assert.deepEqual(
      res.groups.map((g) => g.count),
      [1, 1, 1, 1, 1, 0],
    );
  });

  const PROVENANCE = `query($d: ID, $s: ID) { provenance(deploymentId: $d, serviceId: $s) {
    services { id } hosts { id kind properties }
    deployments { deployment { id name } requestedBy approvals { userId username comment at } serviceIds modelVersionIds acceleratorIds }
    modelVersions { modelVersion { id } trainingRunIds evaluationIds }
    evaluations { evaluation { id } metrics at modelVersionIds datasetVersionIds }
    trainingRuns { trainingRun { id } workflowId runId associatedWith { username } usedDatasetVersionIds generatedModelVersionIds }
    datasetVersions { datasetVersion { id } derivedFromIds }
    accelerators { accelerator { id } hostIds }
    truncated
  } }`;

  test('provenance of the deployment and of the service: the full chain back to the source data', async () => {
    for (const vars of [{ d: ids.dep }, { s: ids.svc }]) {
      type P = {
        services: { id: string }[];
        hosts: { id: string; kind: string }[];
        deployments: {
          deployment: { id: string; name: string };
          requestedBy: string;
          approvals: { username: string; comment: string; at: string }[];
          serviceIds: string[];
          modelVersionIds: string[];
          acceleratorIds: string[];
        }[];
        modelVersions: { modelVersion: { id: string }; trainingRunIds: string[]; evaluationIds: string[] }[];
        evaluations: {
          evaluation: { id: string };
          metrics: unknown;
          at: string;
          modelVersionIds: string[];
          datasetVersionIds: string[];
        }[];
        trainingRuns: {
          trainingRun: { id: string };
          workflowId: string;
          runId: string;
          associatedWith: { username: string }[];
          usedDatasetVersionIds: string[];
          generatedModelVersionIds: string[];
        }[];
        datasetVersions: { datasetVersion: { id: string }; derivedFromIds: string[] }[];
        accelerators: { accelerator: { id: string }; hostIds: string[] }[];
        truncated: boolean;
      };
      const p = ok(await call<{ provenance: P }>('auditor', PROVENANCE, vars)).provenance;
      assert.deepEqual(
        p.services.map((s) => s.id),
        [ids.svc],
      );
      assert.equal(p.deployments.length, 1);
      const d = p.deployments[0]!;
      assert.equal(d.deployment.name, DEPLOYMENT_NAME);
      assert.equal(d.requestedBy, 'engineer');
      assert.equal(d.approvals.length, 1);
      assert.equal(d.approvals[0]!.username, 'approver');
      assert.equal(d.approvals[0]!.comment, APPROVAL_COMMENT);
      assert.ok(d.approvals[0]!.at);
      assert.deepEqual([d.serviceIds, d.modelVersionIds, d.acceleratorIds], [[ids.svc], [ids.mv], [ids.acc]]);
      assert.deepEqual(p.modelVersions, [
        { modelVersion: { id: ids.mv }, trainingRunIds: [ids.run], evaluationIds: [ids.evaluation] },
      ]);
      assert.equal(p.evaluations.length, 1);
      assert.deepEqual(p.evaluations[0]!.metrics, { mape: 0.05 });
      assert.deepEqual(p.evaluations[0]!.datasetVersionIds, [ids.clean]);
      assert.deepEqual(p.trainingRuns, [
        {
          trainingRun: { id: ids.run },
          workflowId: `${tag}-wf`,
          runId: `${tag}-temporal-run`,
          associatedWith: [{ username: 'scientist' }],
          usedDatasetVersionIds: [ids.clean],
          generatedModelVersionIds: [ids.mv],
        },
      ]);
      const dvs = Object.fromEntries(p.datasetVersions.map((x) => [x.datasetVersion.id, x.derivedFromIds]));
      assert.deepEqual(dvs, { [ids.clean]: [ids.raw], [ids.raw]: [] }, 'the foreign ancestor is left out');
      assert.deepEqual(p.accelerators, [{ accelerator: { id: ids.acc }, hostIds: [ids.edge] }]);
      assert.deepEqual(
        p.hosts.map((h) => [h.id, h.kind]),
        [[ids.edge, 'EDGE_NODE']],
      );
      assert.equal(p.truncated, false);
    }
    const both = await call('auditor', PROVENANCE, { d: ids.dep, s: ids.svc });
    assert.equal(errorCode(both), 'BAD_USER_INPUT');
  });

  test('the federated entities carry lineage and auditTrail', async () => {
    const res = ok(
      await call<{
        deployment: {
          id: string;
          name: string;
          lineage: Graph;
          auditTrail: { totalCount: number; edges: { node: { action: string } }[] };
        };
      }>(
        'auditor',
        `query($id: ID!) { deployment(id: $id) { id name
          lineage(depth: 20, kinds: [DATASET_VERSION]) { root { id } nodes { totalCount edges { node { id kind name distance properties } } } edges { from to relationship at properties } truncated }
          auditTrail(first: 5) { totalCount edges { node { action } } } } }`,
        { id: ids.dep },
      ),
    ).deployment;
    assert.equal(res.name, DEPLOYMENT_NAME, 'resolved by the serving subgraph');
    assert.deepEqual(nodeIds(res.lineage), new Set([ids.clean, ids.raw]));
    assert.equal(res.auditTrail.edges[0]?.node.action, 'lineage-test.deploy');
    const edge = ok(
      await call<{ edgeNode: { lineage: { nodes: { totalCount: number } } } }>(
        'admin',
        'query($id: ID!) { edgeNode(id: $id) { lineage(direction: DOWNSTREAM) { nodes { totalCount } } } }',
        { id: ids.edge },
      ),
    ).edgeNode;
    assert.ok(edge.lineage.nodes.totalCount >= 5);
    // A viewer still reads the entity, but not its lineage.
    const viewer = await call<{ edgeNode: { name: string; lineage: unknown } }>(
      'viewer',
      'query($id: ID!) { edgeNode(id: $id) { name lineage { truncated } } }',
      { id: ids.edge },
    );
    assert.equal(errorCode(viewer), 'FORBIDDEN');
    assert.equal(viewer.body.data?.edgeNode.name, `${tag} substation box`);
    assert.equal(viewer.body.data?.edgeNode.lineage, null);
  });
});

describe('access', () => {
  const queries: [string, string, Record<string, unknown>][] = [
    ['lineage', 'query($id: ID!) { lineage(id: $id) { truncated } }', { id: ids.svc }],
    ['impactAnalysis', 'query($id: ID!) { impactAnalysis(datasetVersionId: $id) { total } }', { id: ids.raw }],
    ['provenance', 'query($id: ID!) { provenance(deploymentId: $id) { truncated } }', { id: ids.dep }],
    ['auditTrail', '{ auditTrail(first: 1) { totalCount } }', {}],
    ['verifyAuditChain', 'query($s: Int) { verifyAuditChain(fromSeq: $s, toSeq: $s) { intact } }', { s: 1 }],
  ];
  for (const user of ['viewer', 'scientist', 'viewer.zhejiang']) {
    test(`${user} gets FORBIDDEN from every lineage and audit query`, async () => {
      for (const [name, query, vars] of queries) {
        const res = await call(user, query, vars);
        assert.equal(errorCode(res), 'FORBIDDEN', `${name}: ${JSON.stringify(res.body)}`);
      }
    });
  }
  test('the auditor and the platform admin pass', async () => {
    for (const user of ['auditor', 'admin']) for (const [, query, vars] of queries) ok(await call(user, query, vars));
  });
  test('no token: 401 from the gateway', async () => {
    const res = await gql(hub.gateway.url, queries[0]![1], { variables: queries[0]![2] });
    assert.equal(res.status, 401);
  });
});

describe('audit trail', () => {
  type Trail = {
    auditTrail: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: {
        node: {
          seq: number;
          action: string;
          targetId: string;
          actorName: string;
          actorOrg: string;
          workflowId: string | null;
          hash: string;
        };
      }[];
    };
  };
  const TRAIL = `query($actor: String, $action: String, $targetId: ID, $from: DateTime, $to: DateTime, $org: ID, $first: Int, $after: String) {
    auditTrail(actor: $actor, action: $action, targetId: $targetId, from: $from, to: $to, org: $org, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { seq action targetId actorName actorOrg workflowId hash } } } }`;

  test('filters by actor, action prefix, target and time, newest first; events about invisible targets are left out', async () => {
    const mine = ok(
      await call<Trail>('auditor', TRAIL, {
        actor: 'lineage-test',
        action: 'lineage-test',
        from: new Date(Date.now() - 3_600_000).toISOString(),
      }),
    ).auditTrail;
    const seqs = mine.edges.map((e) => e.node.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => b - a),
      'seq descending',
    );
    const forThisRun = mine.edges.filter((e) => [ids.dep, ids.run, ids.foreign].includes(e.node.targetId));
    assert.deepEqual(
      forThisRun.map((e) => e.node.action).sort(),
      ['lineage-test.deploy', 'lineage-test.train'],
      'the foreign target is not listed',
    );
    const train = forThisRun.find((e) => e.node.action === 'lineage-test.train')!;
    assert.equal(train.node.workflowId, `${tag}-wf`);
    assert.equal(train.node.actorOrg, 'hq');
    for (const user of ['auditor', 'admin']) {
      const foreign = ok(await call<Trail>(user, TRAIL, { targetId: ids.foreign })).auditTrail;
      assert.equal(foreign.totalCount, 0, `${user} must not see events about a node outside HQ's tree`);
    }
    const dep = ok(await call<Trail>('auditor', TRAIL, { targetId: ids.dep })).auditTrail;
    assert.deepEqual(
      dep.edges.map((e) => e.node.seq),
      [auditSeqs[0]],
    );
    const future = ok(
      await call<Trail>('auditor', TRAIL, { targetId: ids.dep, from: new Date(Date.now() + 3_600_000).toISOString() }),
    ).auditTrail;
    assert.equal(future.totalCount, 0);
    const byOrg = ok(await call<Trail>('auditor', TRAIL, { org: foreignOrg })).auditTrail;
    assert.equal(byOrg.totalCount, 0);
    const page1 = ok(await call<Trail>('auditor', TRAIL, { action: 'lineage-test', first: 1 })).auditTrail;
    const page2 = ok(
      await call<Trail>('auditor', TRAIL, { action: 'lineage-test', first: 1, after: page1.pageInfo.endCursor }),
    ).auditTrail;
    assert.ok(page1.pageInfo.hasNextPage);
    assert.ok(page2.edges[0]!.node.seq < page1.edges[0]!.node.seq);
  });

  test('a newest-first page walks the seq index and stops; totalCount is counted only when asked for', async () => {
    // Without a filter, the page's order comes from the auditevent_seq index: no Sort or Top over the
    // whole chain, so a page costs the same with a million events as with a hundred.
    const plan = await hub.driver.executeQuery(
      `EXPLAIN ${matching({})} WITH e ORDER BY e.seq DESC SKIP 0 LIMIT 21 RETURN ${PROJECTION} AS e`,
      { viewerOrg: 'hq', visibleOrgs: ['hq'] },
    );
    const operators: string[] = [];
    const collect = (p: { operatorType: string; children: unknown[] }): void => {
      operators.push(p.operatorType.split('@')[0]!);
      (p.children as (typeof p)[]).forEach(collect);
    };
    collect(plan.summary.plan as unknown as { operatorType: string; children: unknown[] });
    assert.ok(operators.includes('NodeIndexSeekByRange'), operators.join(' < '));
    assert.ok(!operators.some((o) => o === 'Sort' || o === 'Top' || o === 'PartialSort'), operators.join(' < '));

    type Page = {
      auditTrail: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { seq: number } }[] };
    };
    const PAGE =
      'query($after: String) { auditTrail(action: "lineage-test", first: 1, after: $after) { pageInfo { hasNextPage endCursor } edges { node { seq } } } }';
    const first = ok(await call<Page>('auditor', PAGE, {})).auditTrail;
    assert.equal(first.edges.length, 1);
    assert.ok(first.pageInfo.hasNextPage, 'this run wrote more than one lineage-test event');
    const all = ok(
      await call<{ auditTrail: { totalCount: number } }>(
        'auditor',
        '{ auditTrail(action: "lineage-test", first: 100) { totalCount } }',
        {},
      ),
    ).auditTrail;
    let seen = 0;
    let after: string | undefined;
    for (;;) {
      const page = ok(await call<Page>('auditor', PAGE, after ? { after } : {})).auditTrail;
      seen += page.edges.length;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    assert.equal(seen, all.totalCount, 'paging to the end visits exactly totalCount events');
  });

  test('a tampered event is the first break verifyAuditChain reports; restoring it heals the chain', async () => {
    const seq = await audit('lineage-test.tamper', ids.dep, Label.Deployment);
    const fromSeq = Math.min(...auditSeqs);
    const VERIFY =
      'query($from: Int, $to: Int) { verifyAuditChain(fromSeq: $from, toSeq: $to) { intact checked fromSeq toSeq firstBreak { seq eventId reason } } }';
    type V = {
      verifyAuditChain: {
        intact: boolean;
        checked: number;
        firstBreak: { seq: number; eventId: string; reason: string } | null;
      };
    };
    assert.equal(
      ok(await call<V>('auditor', VERIFY, { from: fromSeq, to: seq })).verifyAuditChain.intact,
      true,
      'intact before',
    );
    const { records } = await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {seq: $seq}) RETURN e.action AS action, e.id AS id',
      { seq },
    );
    const original = records[0]!.get('action') as string;
    await hub.driver.executeQuery("MATCH (e:AuditEvent {seq: $seq}) SET e.action = 'tampered'", { seq });
    try {
      const report = ok(await call<V>('auditor', VERIFY, { from: fromSeq, to: seq })).verifyAuditChain;
      assert.equal(report.intact, false);
      assert.equal(report.firstBreak?.seq, seq);
      assert.equal(report.firstBreak?.eventId, records[0]!.get('id'));
      assert.match(report.firstBreak!.reason, /altered/);
      assert.equal(report.checked, seq - fromSeq);
    } finally {
      await hub.driver.executeQuery('MATCH (e:AuditEvent {seq: $seq}) SET e.action = $original', { seq, original });
    }
    assert.equal(
      ok(await call<V>('admin', VERIFY, { from: fromSeq, to: seq })).verifyAuditChain.intact,
      true,
      'healed',
    );
    assert.equal(errorCode(await call('auditor', VERIFY, { from: 5, to: 2 })), 'BAD_USER_INPUT');
  });
});

describe('compliance report', () => {
  const url = (file: string, deploymentId = ids.dep): string =>
    `${origin}/api/compliance/deployments/${encodeURIComponent(deploymentId)}/${file}`;
  const get = async (file: string, user?: string, headers: Record<string, string> = {}, deploymentId?: string) =>
    fetch(url(file, deploymentId), {
      headers: { ...headers, ...(user ? { authorization: `Bearer ${await tokenFor(user)}` } : {}) },
    });

  test("JSON for the auditor: provenance, evaluations, approvals, the chain nodes' audit events, chain verification", async () => {
    const res = await get('report.json', 'auditor');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const report = (await res.json()) as {
      deployment: { node: { id: string; name: string } };
      approvals: { username: string; comment: string }[];
      evaluations: { node: { id: string } }[];
      provenance: {
        datasetVersions: { datasetVersion?: unknown; node: { id: string } }[];
        trainingRuns: { workflowId: string }[];
        services: { id: string }[];
      };
      auditEvents: { seq: number; action: string; targetId: string }[];
      auditChain: { intact: boolean; checked: number };
      generatedBy: { username: string };
    };
    assert.equal(report.deployment.node.id, ids.dep);
    assert.equal(report.deployment.node.name, DEPLOYMENT_NAME);
    assert.deepEqual(
      report.approvals.map((a) => [a.username, a.comment]),
      [['approver', APPROVAL_COMMENT]],
    );
    assert.deepEqual(
      report.evaluations.map((e) => e.node.id),
      [ids.evaluation],
    );
    assert.deepEqual(report.provenance.datasetVersions.map((d) => d.node.id).sort(), [ids.clean, ids.raw].sort());
    assert.equal(report.provenance.trainingRuns[0]?.workflowId, `${tag}-wf`);
    assert.deepEqual(
      report.provenance.services.map((s) => s.id),
      [ids.svc],
    );
    const actions = report.auditEvents.filter((e) => e.action.startsWith('lineage-test.')).map((e) => e.action);
    assert.ok(
      actions.includes('lineage-test.deploy') && actions.includes('lineage-test.train'),
      JSON.stringify(actions),
    );
    assert.ok(!report.auditEvents.some((e) => e.targetId === ids.foreign));
    assert.equal(report.auditChain.intact, true);
    assert.ok(report.auditChain.checked >= 2);
    assert.equal(report.generatedBy.username, 'auditor');
  });

  test('printable HTML with every value escaped', async () => {
    for (const [file, headers] of [
      ['report.html', {}],
      ['report', { accept: 'text/html,application/xhtml+xml' }],
    ] as const) {
      const res = await get(file, 'auditor', headers);
      assert.equal(res.status, 200, file);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      const html = await res.text();
      assert.ok(html.includes(`${tag} deploy &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;`), 'deployment name escaped');
      assert.ok(html.includes('looks good &lt;script&gt;alert(1)&lt;/script&gt;'), 'approval comment escaped');
      assert.ok(!html.includes('<script>') && !html.includes('<b>"'), 'no raw markup from the graph');
      assert.ok(html.includes(`${tag}-wf`) && html.includes('Audit chain intact'));
    }
    const json = await get('report', 'admin', { accept: 'application/json' });
    assert.match(json.headers.get('content-type') ?? '', /application\/json/);
  });

  test('403 for viewer and scientist, 401 without or with a tampered token, 404 for unknown or invisible deployments', async () => {
    for (const user of ['viewer', 'scientist']) {
      const res = await get('report.json', user);
      assert.equal(res.status, 403, user);
      assert.equal(
        ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code,
        'FORBIDDEN',
      );
    }
    assert.equal((await get('report.json')).status, 401);
    assert.equal((await get('report.html')).status, 401);
    const forged = await fetch(url('report.json'), {
      headers: { authorization: `Bearer ${tamper(await tokenFor('viewer'))}` },
    });
    assert.equal(forged.status, 401);
    assert.equal((await get('report.json', 'auditor', {}, randomUUID())).status, 404);
    assert.equal((await get('report.json', 'auditor', {}, ids.svc)).status, 404, 'a service is not a deployment');
    assert.equal((await get('report.pdf', 'auditor')).status, 404);
    // The lineage subgraph checks the token itself when reached directly.
    const direct = await fetch(
      `${new URL(hub.subgraphs.lineage!.url).origin}/api/compliance/deployments/${ids.dep}/report.json`,
    );
    assert.equal(direct.status, 401);
  });
});
