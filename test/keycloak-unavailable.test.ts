// Keycloak unreachable: a request whose token cannot be checked (realm keys or introspection out of
// reach) gets 503 "identity provider unavailable" with Retry-After at every door, within seconds, never
// 401 (which tells clients to throw their session away). The token is real, fetched from the real
// Keycloak before this process is pointed at a port where nothing listens; the hub then runs in-process
// with KEYCLOAK_URL there (the issuer stays the real one), so keys and introspection both fail for real.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';

const realKeycloak = process.env.KEYCLOAK_URL ?? 'http://127.0.0.1:8080';
const realm = process.env.KEYCLOAK_REALM ?? 'plinth';
let token: string;
let dead: ReturnType<typeof createServer>;
let hub: { gateway: { url: string }; subgraphs: Record<string, { url: string }>; close(): Promise<void> };
let gql: (
  url: string,
  query: string,
  options?: { token?: string },
) => Promise<{ status: number; body: { errors?: { message: string; extensions?: { code?: string } }[] } }>;

before(async () => {
  const res = await fetch(`${realKeycloak}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'plinth-cli',
      username: 'viewer',
      password: 'plinth',
    }),
  });
  assert.equal(res.status, 200, 'a real token from the real Keycloak first');
  token = ((await res.json()) as { access_token: string }).access_token;

  // The port stays held for the whole file by a listener that drops every connection: a port merely
  // freed was, once in CI, handed to one of the hub's own servers started just after (port 0), which
  // answered the key request with a 404.
  dead = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
  const { port } = dead.address() as { port: number };
  process.env.KEYCLOAK_PUBLIC_URL ??= realKeycloak;
  process.env.KEYCLOAK_URL = `http://127.0.0.1:${port}`;
  // Imported only now: lib/config.ts reads the environment once.
  const helpers = await import('./helpers/hub.js');
  gql = helpers.gql;
  hub = await helpers.startHub();
});

after(async () => {
  await hub?.close();
  await new Promise((resolve) => dead?.close(resolve));
});

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const began = performance.now();
  const result = await work();
  return [result, performance.now() - began];
};

test('GraphQL through the gateway: 503 SERVICE_UNAVAILABLE within 6 s, not 401', async () => {
  const [res, ms] = await timed(() => gql(hub.gateway.url, '{ datasets(first: 1) { totalCount } }', { token }));
  assert.equal(res.status, 503, JSON.stringify(res.body));
  assert.equal(res.body.errors?.[0]?.extensions?.code, 'SERVICE_UNAVAILABLE');
  assert.match(res.body.errors![0]!.message, /identity provider \(Keycloak\) unavailable/);
  assert.ok(ms < 6000, `answered in ${Math.round(ms)} ms`);
});

test('a subgraph reached directly: 503 with Retry-After, not 401', async () => {
  const res = await fetch(hub.subgraphs.assets!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ datasets(first: 1) { totalCount } }' }),
  });
  const text = await res.text();
  assert.equal(res.status, 503, text);
  assert.equal(res.headers.get('retry-after'), '5');
  assert.match(text, /identity provider \(Keycloak\) unavailable/);
});

test('plain HTTP doors (OpenLineage, OIP, metrics) through the gateway: 503, not 401', async () => {
  const base = new URL(hub.gateway.url).origin;
  for (const path of ['/api/v1/lineage/export?limit=1', '/v2/health/ready', '/metrics']) {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 503, `${path}: ${await res.text()}`);
  }
});

test('no token at all is still 401: an outage never turns a missing credential into a retry', async () => {
  const res = await gql(hub.gateway.url, '{ datasets(first: 1) { totalCount } }');
  assert.equal(res.status, 401);
});
