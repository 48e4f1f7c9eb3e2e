// In-flight dedup in Plinth's gateway (gateway/data-source.ts): identical concurrent queries of ONE caller
// share one subgraph call, counted on the real driver (createDriver's onQuery hook); two callers asking
// the same thing at the same moment each get their own answer (sharing one would leak across orgs);
// mutations are never shared.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createDriver } from '../lib/graph/driver.js';
import { startGateway } from '../gateway/app.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';

const tag = `dd-${randomUUID().slice(0, 8)}`;
let hub: Hub;
let queries: string[] = [];
const CONCURRENT = 12;

before(async () => {
  hub = await startHub({ driver: createDriver(undefined, { onQuery: (cypher) => queries.push(cypher) }) });
  // One model of HQ's and one of Jiangsu's: HQ's users see both, Jiangsu's only its own.
  await hub.driver.executeQuery(
    `UNWIND ['hq', 'jiangsu'] AS org
     MATCH (o:Org {id: org})
     CREATE (m:Model {id: $tag + '-' + org, name: $tag + ' ' + org, description: '', task: 'classification', tags: [$tag], tagsText: $tag,
                      ownerOrgId: org, createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { tag },
  );
});

after(async () => {
  await hub.driver.executeQuery('MATCH (m:Model) WHERE $tag IN m.tags DETACH DELETE m', { tag });
  await hub.close();
});

/** The graph queries that `send` causes (the org scope cache refilled first, so it is not counted). */
async function counting<T>(send: () => Promise<T>): Promise<{ result: T; cypher: string[] }> {
  queries = [];
  const result = await send();
  const cypher = queries.filter((q) => !q.startsWith('MATCH (o:Org)-[:PART_OF*0..]->(:Org {id: $org})'));
  queries = [];
  return { result, cypher };
}

const MODELS = `{ models(first: 5, filter: { tag: "${tag}" }) { edges { node { id name } } } }`;

describe('gateway in-flight dedup', () => {
  test('identical concurrent queries of one caller cost one subgraph call', async () => {
    const token = await tokenFor('viewer');
    const once = await counting(() => gql(hub.gateway.url, MODELS, { token }));
    assert.equal(once.result.body.errors, undefined);
    const perRequest = once.cypher.length;
    assert.ok(perRequest >= 1);
    const { result, cypher } = await counting(() =>
      Promise.all(Array.from({ length: CONCURRENT }, () => gql(hub.gateway.url, MODELS, { token }))),
    );
    for (const res of result) assert.deepEqual(res.body, once.result.body);
    // Without dedup: CONCURRENT × perRequest. Requests that arrive after the shared call has answered
    // start a new one, so allow a few waves, at most half of one per request: with the page read in one
    // round trip (readRecords) the shared call answers sooner, and 4 waves of 12 were seen on a busy host.
    assert.ok(
      cypher.length <= (perRequest * CONCURRENT) / 2,
      `${cypher.length} graph queries for ${CONCURRENT} identical requests (${perRequest} each)`,
    );
  });

  test('two callers asking the same thing at the same moment each get their own answer', async () => {
    const users = ['viewer', 'scientist.jiangsu', 'scientist'] as const;
    const tokens = await Promise.all(users.map((u) => tokenFor(u)));
    const ME = '{ me { username org { id } } }';
    const answers = await Promise.all(
      Array.from({ length: CONCURRENT * users.length }, (_, i) =>
        gql<{ me: { username: string } }>(hub.gateway.url, ME, { token: tokens[i % users.length] }),
      ),
    );
    answers.forEach((res, i) => assert.equal(res.body.data?.me.username, users[i % users.length], `answer ${i}`));
    // The same query where orgs see different rows: each caller's list is the one it gets alone.
    const alone = await Promise.all(
      tokens.map((token) => gql<{ models: { edges: unknown[] } }>(hub.gateway.url, MODELS, { token })),
    );
    assert.deepEqual(
      alone.map((res) => res.body.data?.models.edges.length),
      [2, 1, 2],
    );
    const together = await Promise.all(
      Array.from({ length: CONCURRENT * users.length }, (_, i) =>
        gql(hub.gateway.url, MODELS, { token: tokens[i % users.length] }),
      ),
    );
    together.forEach((res, i) => assert.deepEqual(res.body, alone[i % users.length]!.body, `models answer ${i}`));
  });

  test('callers sharing a call to a subgraph that is down each get the unavailable error', async () => {
    const urls = Object.fromEntries(Object.entries(hub.subgraphs).map(([name, server]) => [name, server.url]));
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const gateway = await startGateway({ port: 0, subgraphUrls: { ...urls, assets: 'http://127.0.0.1:1/graphql' } });
    try {
      const token = await tokenFor('viewer');
      const results = await Promise.all(
        Array.from({ length: 6 }, () => gql(gateway.url, '{ me { username } }', { token })),
      );
      for (const res of results) {
        assert.equal(res.body.errors?.[0]?.extensions?.code, 'SERVICE_UNAVAILABLE', JSON.stringify(res.body));
        assert.match(res.body.errors?.[0]?.message ?? '', /assets subgraph unavailable/);
      }
    } finally {
      await gateway.stop();
    }
  });

  test('mutations are never shared', async () => {
    const token = await tokenFor('scientist');
    const register = `mutation { registerModel(input: { name: "${tag} same", task: "classification", tags: ["${tag}"] }) { id } }`;
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        gql<{ registerModel: { id: string } | null }>(hub.gateway.url, register, { token }),
      ),
    );
    // Each reached the subgraph: one created the model, the others were told the name is taken.
    const created = results.filter((r) => r.body.data?.registerModel?.id);
    assert.equal(created.length, 1, JSON.stringify(results.map((r) => r.body)));
    assert.equal(
      results.filter((r) => r.body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT').length,
      3,
      JSON.stringify(results.map((r) => r.body)),
    );
  });
});
