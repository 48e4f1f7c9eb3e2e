// OpenLineage through the hub as deployed: the gateway's /api/v1/lineage reaches the lineage
// subgraph's own route, and the job's datasets then appear in `lineage` through GraphQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { RUN_EVENT_SCHEMA_URL } from '../subgraphs/lineage/openlineage/types.js';

const ns = `olgw-${randomUUID().slice(0, 8)}`;
let hub: Hub;
let base: string;
before(async () => {
  hub = await startHub();
  base = hub.gateway.url.replace(/\/graphql$/, '');
});
after(async () => {
  await hub.driver.executeQuery(
    `MATCH (n) WHERE (n:Job OR n:LineageRun OR n:Dataset OR n:DatasetVersion) AND (n.namespace = $ns OR n.id STARTS WITH $prefix OR n.jobId STARTS WITH $ns)
     DETACH DELETE n`,
    { ns, prefix: `ol:${ns}/` },
  );
  await hub.driver.executeQuery('MATCH (v:DatasetVersion) WHERE v.datasetId STARTS WITH $prefix DETACH DELETE v', {
    prefix: `ol:${ns}/`,
  });
  await hub.close();
});

test('a START/COMPLETE pair posted to the gateway lands in the graph and in GraphQL lineage', async () => {
  const runId = randomUUID();
  const token = await tokenFor('scientist');
  for (const eventType of ['START', 'COMPLETE']) {
    const res = await fetch(`${base}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        eventType,
        eventTime: new Date().toISOString(),
        producer: 'urn:plinth:test',
        schemaURL: RUN_EVENT_SCHEMA_URL,
        run: { runId, facets: {} },
        job: { namespace: ns, name: 'clean.meter', facets: {} },
        inputs: [{ namespace: ns, name: 'raw.meter' }],
        outputs: [{ namespace: ns, name: 'clean.meter' }],
      }),
    });
    assert.ok(res.status === 201 || res.status === 200, `${eventType}: HTTP ${res.status} ${await res.text()}`);
  }
  const { records } = await hub.driver.executeQuery(
    `MATCH (r:LineageRun)-[:GENERATED]->(v:DatasetVersion)<-[:HAS_VERSION]-(d:Dataset) WHERE d.id = $id RETURN v.id AS v`,
    { id: `ol:${ns}/clean.meter` },
  );
  assert.equal(records.length, 1);
  const lineage = await gql<{ lineage: { nodes: { totalCount: number; edges: { node: { kind: string } }[] } } | null }>(
    hub.gateway.url,
    'query($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 5, first: 50) { nodes { totalCount edges { node { kind } } } } }',
    { token: await tokenFor('auditor'), variables: { id: records[0]!.get('v') } },
  );
  assert.equal(lineage.body.errors, undefined, JSON.stringify(lineage.body.errors));
  const kinds = lineage.body.data!.lineage!.nodes.edges.map((e) => e.node.kind);
  assert.ok(
    kinds.filter((k) => k === 'DATASET_VERSION').length >= 2,
    `upstream of the output reaches the input: ${kinds.join(', ')}`,
  );
});
