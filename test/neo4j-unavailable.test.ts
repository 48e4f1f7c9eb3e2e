// Neo4j unreachable (issue #12 item 8: a request hung 57 s, then answered "internal error"): subgraphs
// whose driver points at a port where nothing listens answer within seconds, GraphQL with
// SERVICE_UNAVAILABLE "graph database unavailable", plain HTTP (OpenLineage export) with 503. Real
// driver, real refused connections, real tokens; test/chaos/neo4j.test.ts stops the real Neo4j.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { startSubgraph, type RunningServer } from '../lib/subgraph/server.js';
import { subgraphs } from '../subgraphs/index.js';
import { gql } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';

let driver: Driver;
const servers: Record<string, RunningServer> = {};

before(async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  driver = createDriver(`bolt://127.0.0.1:${port}`);
  for (const name of ['assets', 'lineage']) {
    const s = subgraphs.find((d) => d.name === name)!;
    servers[name] = await startSubgraph({ name, schema: s.schema, driver, port: 0, routes: s.routes });
  }
});

after(async () => {
  for (const s of Object.values(servers)) await s.stop();
  await driver?.close();
});

test('GraphQL: HTTP 503, SERVICE_UNAVAILABLE "graph database unavailable" within 4 s', async () => {
  const token = await tokenFor('viewer');
  const began = performance.now();
  const res = await gql(servers.assets!.url, '{ datasets(first: 1) { totalCount } }', { token });
  const ms = performance.now() - began;
  assert.equal(res.body.errors?.[0]?.extensions?.code, 'SERVICE_UNAVAILABLE', JSON.stringify(res.body));
  assert.match(res.body.errors![0]!.message, /graph database unavailable/);
  // Nothing but unavailability in the answer: the status line says so too (lib/graphql/unavailable-status.ts).
  assert.equal(res.status, 503);
  assert.ok(ms < 4000, `answered in ${Math.round(ms)} ms`);
});

test('plain HTTP: 503 "graph database unavailable" within 4 s', async () => {
  const token = await tokenFor('auditor');
  const began = performance.now();
  const res = await fetch(`${servers.lineage!.url.replace(/\/$/, '')}/api/v1/lineage/export?limit=1`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const ms = performance.now() - began;
  const text = await res.text();
  assert.equal(res.status, 503, text);
  assert.match(text, /graph database unavailable/);
  assert.ok(ms < 4000, `answered in ${Math.round(ms)} ms`);
});
