// In-flight dedup in Plinth's gateway (gateway/inflight.ts, gateway/data-source.ts): identical queries of
// ONE caller in flight together share one subgraph call, counted at a door in front of the real models
// subgraph that holds the call until every request has joined (so nothing depends on the machine's
// speed) and on the real driver (createDriver's onQuery hook); two callers asking the same thing at the
// same moment each get their own call and answer (sharing one would leak across orgs); mutations are
// never shared.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

const subgraphUrls = (): Record<string, string> =>
  Object.fromEntries(Object.entries(hub.subgraphs).map(([name, server]) => [name, server.url]));

/**
 * A door in front of a real subgraph: it forwards each call unchanged, but while held the calls wait
 * until the test releases them. `until(n)` resolves once n requests have arrived, counting both the
 * calls at the door and the requests that joined one in flight (`arrived`, from the gateway's hook).
 */
async function heldDoor(target: string) {
  let open: (() => void) | undefined;
  let gate: Promise<void> = Promise.resolve();
  let arrivals = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const arrived = (): void => {
    arrivals += 1;
    for (const w of waiters.filter((w) => arrivals >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  const calls: { authorization: string | undefined }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      calls.push({ authorization: req.headers.authorization });
      arrived();
      void gate
        .then(() =>
          fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' },
            body: Buffer.concat(chunks),
          }),
        )
        .then(async (upstream) => {
          res.writeHead(upstream.status, { 'content-type': 'application/json' });
          res.end(await upstream.text());
        })
        .catch((error: Error) => res.destroy(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    calls,
    arrived,
    hold(): void {
      arrivals = 0;
      gate = new Promise((resolve) => (open = resolve));
    },
    release(): void {
      open?.();
    },
    until(n: number): Promise<void> {
      return arrivals >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('gateway in-flight dedup', () => {
  test(
    'identical in-flight queries of one caller make exactly one subgraph call; another caller makes its own',
    {
      timeout: 120_000,
    },
    async () => {
      const door = await heldDoor(hub.subgraphs.models!.url);
      let joins = 0;
      const gateway = await startGateway({
        port: 0,
        warm: false,
        subgraphUrls: { ...subgraphUrls(), models: door.url },
        onDedupJoin: () => {
          joins += 1;
          door.arrived();
        },
      });
      try {
        const [viewer, jiangsu] = await Promise.all([tokenFor('viewer'), tokenFor('scientist.jiangsu')]);
        // One at a time: `counting` reads one shared list of queries.
        const alone = [
          await counting(() => gql(gateway.url, MODELS, { token: viewer })),
          await counting(() => gql(gateway.url, MODELS, { token: jiangsu })),
        ];
        for (const a of alone) assert.equal(a.result.body.errors, undefined, JSON.stringify(a.result.body));
        const perRequest = alone[0]!.cypher.length;
        assert.ok(perRequest >= 1);
        assert.equal(door.calls.length, 2);

        // Held: every request reaches the gateway's dedup while the first one's subgraph call waits at the
        // door, so none can miss the shared call by arriving late, however slow or fast the machine.
        door.calls.length = 0;
        joins = 0;
        door.hold();
        const identical = Array.from({ length: CONCURRENT }, () => gql(gateway.url, MODELS, { token: viewer }));
        await door.until(CONCURRENT);
        assert.equal(door.calls.length, 1, `${door.calls.length} subgraph calls for ${CONCURRENT} identical requests`);
        assert.equal(joins, CONCURRENT - 1);
        const shared = await counting(async () => {
          door.release();
          return Promise.all(identical);
        });
        for (const res of shared.result) assert.deepEqual(res.body, alone[0]!.result.body);
        assert.equal(shared.cypher.length, perRequest, "one subgraph call: one request's graph queries");

        // The same query from another caller while the first caller's is in flight: its own call, its own rows.
        door.calls.length = 0;
        joins = 0;
        door.hold();
        const mixed = [
          ...Array.from({ length: CONCURRENT }, () => gql(gateway.url, MODELS, { token: viewer })),
          gql(gateway.url, MODELS, { token: jiangsu }),
        ];
        await door.until(CONCURRENT + 1);
        assert.equal(door.calls.length, 2, 'one subgraph call per caller');
        assert.deepEqual(
          door.calls.map((c) => c.authorization).sort(),
          [`Bearer ${jiangsu}`, `Bearer ${viewer}`].sort(),
        );
        assert.equal(joins, CONCURRENT - 1);
        door.release();
        const answers = await Promise.all(mixed);
        answers.forEach((res, i) =>
          assert.deepEqual(res.body, alone[i < CONCURRENT ? 0 : 1]!.result.body, `answer ${i}`),
        );
      } finally {
        door.release();
        await gateway.stop();
        await door.close();
      }
    },
  );

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
    const urls = subgraphUrls();
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
