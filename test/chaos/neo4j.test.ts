// Chaos, Neo4j (issue #12 item 8: with Neo4j stopped a request hung 57 s, then said "internal error"):
// the shared stack's Neo4j is stopped and started again with the launcher's own stop/start while a light
// load runs through a hub (subgraphs and gateway in this process). While it is down every GraphQL request
// fails within seconds with SERVICE_UNAVAILABLE "graph database unavailable", and plain HTTP (OpenLineage
// export) with 503; after it is back the same hub answers again without a restart, and the graph holds
// exactly what it held (nodes and audit events of this test, counted before and after).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { stackDown, stackUp } from '../../scripts/stack/index.js';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { openLoop, recordChaos, sample, timeUntil, type LoadSample } from './support.js';

const READ = '{ datasets(first: 1) { edges { node { id } } } }';

describe('chaos: Neo4j stopped and started under load', { timeout: 240_000 }, () => {
  const tag = `chaos-neo4j-${randomUUID().slice(0, 8)}`;
  let hub: Hub;
  let token: string;
  const exportUrl = () => `${hub.gateway.url.replace(/\/graphql$/, '')}/api/v1/lineage/export?limit=1`;

  const counts = async () => {
    const { records } = await hub.driver.executeQuery(
      `MATCH (d:Dataset) WHERE $tag IN d.tags OPTIONAL MATCH (e:AuditEvent {targetId: d.id}) RETURN count(DISTINCT d) AS nodes, count(e) AS auditEvents`,
      { tag },
    );
    return { nodes: Number(records[0]!.get('nodes')), auditEvents: Number(records[0]!.get('auditEvents')) };
  };

  before(async () => {
    token = await tokenFor('admin');
    hub = await startHub();
    for (let i = 0; i < 3; i++) {
      const res = await gql(
        hub.gateway.url,
        'mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }',
        { token, variables: { i: { name: `${tag} ${i}`, tags: [tag] } } },
      );
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    }
  });

  after(async () => {
    // Whatever happened above, leave Neo4j running for everyone else.
    await stackUp({ services: ['neo4j'] });
    await hub?.driver.executeQuery('MATCH (d:Dataset) WHERE $tag IN d.tags DETACH DELETE d', { tag });
    await hub?.close();
  });

  test('(b) requests fail fast with "graph database unavailable" / 503, and the hub recovers by itself', async () => {
    const before = await counts();
    assert.deepEqual(before, { nodes: 3, auditEvents: 3 });
    assert.equal((await fetch(exportUrl(), { headers: { authorization: `Bearer ${token}` } })).status, 200);

    const traffic = openLoop(200, () => sample(hub.gateway.url, READ, token));
    await new Promise((r) => setTimeout(r, 600));
    const stopBegan = performance.now();
    await stackDown({ services: ['neo4j'] });
    const stoppedAt = performance.now();

    // While it is down: fast, clear answers.
    const down: LoadSample[] = [];
    for (let i = 0; i < 3; i++) down.push(await sample(hub.gateway.url, READ, token));
    const res = await gql(hub.gateway.url, READ, { token });
    const error = res.body.errors?.[0];
    assert.equal(error?.extensions?.code, 'SERVICE_UNAVAILABLE', JSON.stringify(res.body));
    assert.match(error!.message, /graph database unavailable/);
    const httpBegan = performance.now();
    const http = await fetch(exportUrl(), { headers: { authorization: `Bearer ${token}` } });
    const httpMs = performance.now() - httpBegan;
    assert.equal(http.status, 503, await http.clone().text());
    assert.match(await http.text(), /graph database unavailable/);
    for (const s of down) assert.deepEqual(s.codes, ['SERVICE_UNAVAILABLE']);
    const slowest = Math.max(...down.map((s) => s.ms), httpMs);
    assert.ok(
      slowest < 4000,
      `every request failed within 4 s while Neo4j was down (slowest ${Math.round(slowest)} ms)`,
    );

    const startBegan = performance.now();
    await stackUp({ services: ['neo4j'] });
    const healthyAt = performance.now();
    const recoveryMs = await timeUntil(
      healthyAt,
      async () => (await sample(hub.gateway.url, READ, token)).codes.length === 0,
      30_000,
      'answer after Neo4j returned',
    );
    await new Promise((r) => setTimeout(r, 600));
    await traffic.stop();

    const duringOutage = traffic.samples.filter((s) => s.at >= stoppedAt && s.at < healthyAt);
    assert.ok(
      duringOutage.every((s) => s.codes.every((c) => c === 'SERVICE_UNAVAILABLE')),
      'only "unavailable" errors during the outage',
    );
    const lastAnswers = traffic.samples.filter((s) => s.at >= healthyAt + recoveryMs);
    assert.ok(
      lastAnswers.every((s) => s.codes.length === 0 && s.fields.includes('datasets')),
      'every read after the recovery answered',
    );
    assert.equal((await fetch(exportUrl(), { headers: { authorization: `Bearer ${token}` } })).status, 200);
    const afterCounts = await counts();
    assert.deepEqual(afterCounts, before, 'the graph holds what it held');
    const write = await gql(
      hub.gateway.url,
      'mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }',
      { token, variables: { i: { name: `${tag} after`, tags: [tag] } } },
    );
    assert.equal(write.body.errors, undefined, 'writes work again');

    await recordChaos('neo4j-stop', {
      neo4jStopMs: Math.round(stoppedAt - stopBegan),
      neo4jStartMs: Math.round(healthyAt - startBegan),
      slowestFailureMs: Math.round(slowest),
      failures: {
        graphql: [...new Set(duringOutage.flatMap((s) => s.codes))],
        graphqlStatus: [...new Set(duringOutage.map((s) => s.status))],
        http: http.status,
      },
      requestsDuringOutage: duringOutage.length,
      recoveryAfterNeo4jHealthyMs: Math.round(recoveryMs),
      // What the load saw between "Neo4j healthy" (the launcher's login check) and the first full answer.
      codesWhileRecovering: [
        ...new Set(
          traffic.samples.filter((s) => s.at >= healthyAt && s.at < healthyAt + recoveryMs).flatMap((s) => s.codes),
        ),
      ],
      before,
      after: afterCounts,
    });
  });
});
