// The serving runtime registers the host it runs on through compute's Node writer
// (domain/compute/node-nodes.ts), in the real graph: the first start creates the hq Node `host-<name>` with
// compute's `node.register` audit event, starts on the same host (concurrent ones too) make no second
// node, a start that finds other providers is audited as compute audits a node update, and one that
// finds the same writes no event. A host compute already registered at hq is updated, not duplicated.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { config } from '../lib/config.js';
import { inWriteTx } from '../lib/graph/asset-store.js';
import { recordHostNode, type HostProviders } from '../domain/compute/node-nodes.js';
import { RUNTIME_ACTOR } from '../subgraphs/serving/inference/host.js';

const tag = `hn-${randomUUID().slice(0, 8)}`;
const db = { database: config.neo4j.database };
let driver: Driver;

before(() => {
  driver = createDriver();
});
after(async () => {
  await driver.executeQuery('MATCH (n:Node) WHERE n.hostname STARTS WITH $tag DETACH DELETE n', { tag }, db);
  await driver.close();
});

const record = (host: string, providers: HostProviders) =>
  inWriteTx(driver, (tx) => recordHostNode(tx, RUNTIME_ACTOR, host, providers));

async function nodesOf(host: string) {
  const { records } = await driver.executeQuery(
    `MATCH (n:Node {hostname: $host})
     RETURN n.id AS id, n.name AS name, n.ownerOrgId AS org, n.createdBy AS createdBy, n.executionProviders AS eps,
            n.unavailableProviders AS unavailable, n.providersDiscoveredAt IS NOT NULL AS discovered,
            EXISTS { (n)-[:OWNED_BY]->(:Org {id: 'hq'}) } AS owned,
            [(e:AuditEvent)-[:TARGET]->(n) | e { .action, .actorName }] AS events`,
    { host },
    db,
  );
  return records.map((r) => r.toObject());
}

const byAction = (events: { action: string }[]) => events.map((e) => e.action).sort();

test('first start registers the host at hq with node.register; later starts audit only a change', async () => {
  const host = `${tag}-a`;
  await Promise.all([
    record(host, { available: ['cpu'], unavailable: ['cuda: missing'] }),
    record(host, { available: ['cpu'], unavailable: ['cuda: missing'] }),
  ]);
  const made = await nodesOf(host);
  assert.equal(made.length, 1, 'two concurrent starts make one node');
  let [node] = made;
  assert.equal(node!.id, `host-${host}`);
  assert.equal(node!.name, host);
  assert.equal(node!.org, 'hq');
  assert.equal(node!.owned, true);
  assert.equal(node!.createdBy, 'serving-runtime');
  assert.deepEqual(node!.eps, ['cpu']);
  assert.deepEqual(node!.unavailable, ['cuda: missing']);
  assert.equal(node!.discovered, true);
  assert.deepEqual(byAction(node!.events), ['node.register']);

  await record(host, { available: ['cpu'], unavailable: ['cuda: missing'] });
  [node] = await nodesOf(host);
  assert.deepEqual(byAction(node!.events), ['node.register'], 'the same providers: no event');

  await record(host, { available: ['cuda', 'cpu'], unavailable: [] });
  [node] = await nodesOf(host);
  assert.deepEqual(node!.eps, ['cuda', 'cpu']);
  assert.deepEqual(byAction(node!.events), ['node.register', 'node.update']);
});

test('a host compute registered at hq is updated in place', async () => {
  const host = `${tag}-b`;
  const id = `${tag}-registered`;
  await driver.executeQuery(
    `MATCH (o:Org {id: 'hq'})
     CREATE (n:Node {id: $id, name: $id, hostname: $host, ownerOrgId: 'hq', executionProviders: ['cpu']})-[:OWNED_BY]->(o)`,
    { id, host },
    db,
  );
  await record(host, { available: ['cpu'], unavailable: [] });
  const nodes = await nodesOf(host);
  assert.deepEqual(
    nodes.map((n) => n.id),
    [id],
  );
  assert.equal(nodes[0]!.discovered, true);
  assert.deepEqual(nodes[0]!.events, []);
});
