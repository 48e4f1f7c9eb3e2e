// End-to-end through the gateway with real Keycloak tokens: authentication, role checks, org visibility.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { decodeClaims, tamper, tokenFor } from './helpers/tokens.js';

const runTag = `test-${randomUUID().slice(0, 8)}`;
let hub: Hub;

before(async () => {
  hub = await startHub();
});

after(async () => {
  await hub.driver.executeQuery('MATCH (d:Dataset) WHERE $tag IN d.tags DETACH DELETE d', { tag: runTag });
  await hub.close();
});

const REGISTER = `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id name owner { id } } }`;

describe('authentication at the gateway', () => {
  test('a demo user token from Keycloak lets a query through, with identity from the token', async () => {
    const token = await tokenFor('scientist.jiangsu');
    const claims = decodeClaims(token);
    assert.equal(claims.org, 'jiangsu');
    const res = await gql<{ me: { username: string; roles: string[]; org: { id: string; parent: { id: string } } } }>(
      hub.gateway.url,
      '{ me { username roles org { id parent { id } } } }',
      { token },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.data?.me.username, 'scientist.jiangsu');
    assert.ok(res.body.data?.me.roles.includes('data-scientist'));
    assert.deepEqual(res.body.data?.me.org, { id: 'jiangsu', parent: { id: 'hq' } });
  });

  test('no token → 401 with a Bearer challenge', async () => {
    const res = await fetch(hub.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ me { username } }"}',
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    const body = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    assert.equal(body.data, undefined);
    assert.equal(body.errors[0]?.extensions.code, 'UNAUTHENTICATED');
  });

  test('tampered token → 401', async () => {
    const res = await gql(hub.gateway.url, '{ me { username } }', { token: tamper(await tokenFor('viewer')) });
    assert.equal(res.status, 401);
    assert.equal(res.body.data, undefined);
  });

  test('garbage token → 401', async () => {
    const res = await gql(hub.gateway.url, '{ me { username } }', { token: 'not.a.jwt' });
    assert.equal(res.status, 401);
  });

  test('token without the plinth-gateway audience → 401', async () => {
    // admin-cli is a built-in public client of every realm; its tokens are not meant for Plinth's API.
    const token = await tokenFor('viewer', 'admin-cli');
    const aud = decodeClaims(token).aud;
    assert.ok(
      !(Array.isArray(aud) ? aud : [aud]).includes('plinth-gateway'),
      `admin-cli token unexpectedly has aud ${String(aud)}`,
    );
    const res = await gql(hub.gateway.url, '{ me { username } }', { token });
    assert.equal(res.status, 401);
  });

  test('the subgraph reached directly without a token answers 401 and no data', async () => {
    const res = await gql(hub.assets.url, '{ me { username } }');
    assert.equal(res.status, 401);
    assert.ok(!res.body.data);
    const tampered = await gql(hub.assets.url, '{ me { username } }', { token: tamper(await tokenFor('admin')) });
    assert.equal(tampered.status, 401);
    assert.ok(!tampered.body.data);
  });
});

describe('authorisation', () => {
  test('a viewer may not register a dataset: FORBIDDEN, nothing written', async () => {
    const name = `${runTag} forbidden`;
    const res = await gql(hub.gateway.url, REGISTER, {
      token: await tokenFor('viewer'),
      variables: { input: { name, tags: [runTag] } },
    });
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(res.body));
    const { records } = await hub.driver.executeQuery('MATCH (d:Dataset {name: $name}) RETURN count(d) AS n', { name });
    assert.equal(records[0]?.get('n'), 0);
  });

  test('a data scientist registers a dataset; the audit event is written with it', async () => {
    const res = await gql<{ registerDataset: { id: string; owner: { id: string } } }>(hub.gateway.url, REGISTER, {
      token: await tokenFor('scientist'),
      variables: { input: { name: `${runTag} 电网负荷 grid load`, tags: [runTag] } },
    });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const id = res.body.data!.registerDataset.id;
    assert.equal(res.body.data!.registerDataset.owner.id, 'hq');
    const { records } = await hub.driver.executeQuery(
      `MATCH (e:AuditEvent {targetId: $id})-[:ACTOR]->(u:User) RETURN e.action AS action, u.username AS actor, e.hash AS hash, e.afterDigest AS after`,
      { id },
    );
    assert.equal(records.length, 1);
    assert.equal(records[0]?.get('action'), 'dataset.register');
    assert.equal(records[0]?.get('actor'), 'scientist');
    assert.match(records[0]?.get('hash') as string, /^[0-9a-f]{64}$/);
  });

  test('org visibility: a branch sees its own, HQ sees its branches, another branch sees neither', async () => {
    const created = await gql<{ registerDataset: { id: string } }>(hub.gateway.url, REGISTER, {
      token: await tokenFor('scientist.jiangsu'),
      variables: { input: { name: `${runTag} jiangsu only`, tags: [runTag] } },
    });
    const id = created.body.data!.registerDataset.id;
    const read = async (user: string) =>
      (
        await gql<{ dataset: { id: string } | null }>(hub.gateway.url, 'query($id: ID!) { dataset(id: $id) { id } }', {
          token: await tokenFor(user),
          variables: { id },
        })
      ).body.data?.dataset?.id ?? null;
    assert.equal(await read('scientist.jiangsu'), id);
    assert.equal(await read('viewer'), id, 'HQ sees branch assets');
    assert.equal(await read('viewer.zhejiang'), null, 'another branch must not see it');

    const listed = await gql<{ datasets: { totalCount: number; edges: { node: { id: string } }[] } }>(
      hub.gateway.url,
      '{ datasets(first: 100) { totalCount edges { node { id } } } }',
      { token: await tokenFor('viewer.zhejiang') },
    );
    assert.ok(!listed.body.data!.datasets.edges.some((e) => e.node.id === id));
  });
});

describe('the Authorization scheme', () => {
  test('is case-insensitive (RFC 7235): BEARER, bearer and Bearer all let the token through', async () => {
    const token = await tokenFor('viewer');
    for (const scheme of ['BEARER', 'bearer', 'Bearer', 'bEaReR']) {
      const res = await fetch(hub.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `${scheme} ${token}` },
        body: JSON.stringify({ query: '{ me { username } }' }),
      });
      const body = (await res.json()) as { data?: { me?: { username: string } } };
      assert.equal(res.status, 200, `${scheme}: ${JSON.stringify(body)}`);
      assert.equal(body.data?.me?.username, 'viewer', scheme);
    }
  });
});

describe('methods on /graphql', () => {
  test('PUT, DELETE, PATCH and OPTIONS are 405 with Allow, as the README says of a known path', async () => {
    const token = await tokenFor('viewer');
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const res = await fetch(hub.gateway.url, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        ...(method === 'OPTIONS' ? {} : { body: JSON.stringify({ query: '{ me { username } }' }) }),
      });
      const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
      assert.equal(res.status, 405, `${method}: ${JSON.stringify(body)}`);
      assert.equal(res.headers.get('allow'), 'GET, HEAD, POST', method);
      assert.equal(body.errors?.[0]?.extensions?.code, 'METHOD_NOT_ALLOWED', method);
    }
  });
});
