// OpenLineage ingestion and export against the real Neo4j and Keycloak: POST /api/v1/lineage maps
// RunEvents into Job / LineageRun / Dataset / DatasetVersion with PROV edges, replays change nothing,
// out-of-order and cyclic streams settle, and Plinth's own training runs export as schema-valid events.
// The routes are mounted on an Express app of this test (the real driver), so the test does not depend
// on how the lineage subgraph mounts them; through the gateway too when it proxies the path.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { startGateway } from '../gateway/app.js';
import { tamper, tokenFor } from './helpers/tokens.js';
import { openLineageRoutes } from '../subgraphs/lineage/openlineage/routes.js';
import { validateRunEvent } from '../subgraphs/lineage/openlineage/validate.js';
import { RUN_EVENT_SCHEMA_URL, type Facet, type RunEvent } from '../subgraphs/lineage/openlineage/types.js';
import { trainingRunToOpenLineage } from '../subgraphs/lineage/openlineage/export.js';

let hub: Hub;
let server: Server;
let base: string;
/** Every job namespace and dataset namespace of this run starts with it; cleanup goes by it. */
const ns = `oltest-${randomUUID().slice(0, 8)}`;
const db = `${ns}-db`;
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python';

const facet = (fields: Record<string, unknown>, name = 'Custom'): Facet => ({
  _producer: PRODUCER,
  _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json#/$defs/${name}`,
  ...fields,
});

function event(overrides: Omit<Partial<RunEvent>, 'job'> & { runId: string; job?: string }): RunEvent {
  const { runId, job, ...rest } = overrides;
  return {
    eventType: 'START',
    eventTime: new Date().toISOString(),
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    run: { runId, facets: {} },
    job: { namespace: ns, name: job ?? 'etl.orders', facets: {} },
    inputs: [],
    outputs: [],
    ...rest,
  };
}

async function post(
  body: unknown,
  user: string | null = 'scientist',
  raw?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (user) headers.authorization = `Bearer ${await tokenFor(user)}`;
  const res = await fetch(`${base}/api/v1/lineage`, { method: 'POST', headers, body: raw ?? JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function query<T = Record<string, unknown>>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { records } = await hub.driver.executeQuery(cypher, params);
  return records.map((r) => r.toObject() as T);
}

/** Nodes and relationships this test created (for "a replay changes nothing"). */
async function footprint(): Promise<{ nodes: number; rels: number; audits: number }> {
  const [row] = await query<{ nodes: number; rels: number; audits: number }>(
    `MATCH (n) WHERE (n:Job AND n.namespace = $ns) OR (n:Dataset AND n.namespace STARTS WITH $ns)
        OR (n:LineageRun AND n.jobId STARTS WITH $ns) OR (n:DatasetVersion AND n.datasetId STARTS WITH $olns)
     WITH collect(n) AS mine
     RETURN size(mine) AS nodes,
            COUNT { MATCH (a)-[r]->() WHERE a IN mine } AS rels,
            COUNT { MATCH (e:AuditEvent)-[:TARGET]->(t:LineageRun) WHERE t IN mine } AS audits`,
    { ns, olns: `ol:${ns}` },
  );
  return row!;
}

before(async () => {
  hub = await startHub();
  const app = express();
  openLineageRoutes(app, { driver: hub.driver });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await query(
    `MATCH (n) WHERE (n:Job AND n.namespace STARTS WITH $ns) OR (n:Dataset AND n.namespace STARTS WITH $ns)
        OR (n:LineageRun AND n.jobId STARTS WITH $ns) OR (n:DatasetVersion AND n.datasetId STARTS WITH $olns)
        OR (n:LineageRun AND n.jobId CONTAINS $ns) OR (n:DatasetVersion AND n.storageUri STARTS WITH $ns)
        OR ((n:Model OR n:ModelVersion OR n:TrainingRun OR n:Dataset OR n:DatasetVersion) AND n.id STARTS WITH $ns)
     DETACH DELETE n`,
    { ns, olns: `ol:${ns}` },
  );
  await new Promise((resolve) => server.close(resolve));
  await hub.close();
});

describe('POST /api/v1/lineage', () => {
  const runId = randomUUID();
  const input = {
    namespace: db,
    name: 'raw.orders',
    facets: { schema: facet({ fields: [{ name: 'id', type: 'INT' }] }, 'SchemaDatasetFacet') },
  };
  const output = { namespace: db, name: 'clean.orders' };

  it('maps START then COMPLETE into Job, LineageRun, Datasets and versions with PROV edges', async () => {
    const start = await post(
      event({
        runId,
        eventTime: '2026-01-01T10:00:00.000Z',
        inputs: [input],
        outputs: [output],
        job: 'etl.orders',
        run: {
          runId,
          facets: { nominalTime: facet({ nominalStartTime: '2026-01-01T10:00:00Z' }, 'NominalTimeRunFacet') },
        },
      }),
    );
    assert.equal(start.status, 201, JSON.stringify(start.body));
    assert.equal(start.body.status, 'created');
    const complete = await post(
      event({
        runId,
        eventType: 'COMPLETE',
        eventTime: '2026-01-01T10:05:00.000Z',
        inputs: [input],
        outputs: [
          {
            ...output,
            outputFacets: {
              outputStatistics: facet({ rowCount: 42, size: 1024 }, 'OutputStatisticsOutputDatasetFacet'),
            },
          },
        ],
      }),
    );
    assert.equal(complete.status, 201, JSON.stringify(complete.body));
    assert.equal(complete.body.state, 'COMPLETE');

    const [job] = await query(
      `MATCH (j:Job {id: $id})-[:OWNED_BY]->(o:Org) RETURN j.namespace AS namespace, j.name AS name, j.ownerOrgId AS owner, o.id AS org`,
      { id: `${ns}/etl.orders` },
    );
    assert.deepEqual(job, { namespace: ns, name: 'etl.orders', owner: 'hq', org: 'hq' });

    const [run] = await query(
      `MATCH (r:LineageRun {id: $runId})-[:RUN_OF]->(j:Job), (r)-[:ASSOCIATED_WITH]->(u:User)
       RETURN r.state AS state, r.transitions AS transitions, toString(r.startedAt) AS startedAt, toString(r.endedAt) AS endedAt,
              j.id AS job, u.username AS user, r.facets AS facets, r.ownerOrgId AS owner`,
      { runId },
    );
    assert.equal(run!.state, 'COMPLETE');
    assert.deepEqual(run!.transitions, ['START', 'COMPLETE']);
    assert.equal(run!.startedAt, '2026-01-01T10:00:00Z');
    assert.equal(run!.endedAt, '2026-01-01T10:05:00Z');
    assert.equal(run!.job, `${ns}/etl.orders`);
    assert.equal(run!.user, 'scientist');
    assert.equal(run!.owner, 'hq');
    assert.equal(
      (JSON.parse(run!.facets as string) as Record<string, { nominalStartTime: string }>).nominalTime!.nominalStartTime,
      '2026-01-01T10:00:00Z',
    );

    const datasets = await query(
      `MATCH (d:Dataset)-[:OWNED_BY]->(:Org {id: 'hq'}) WHERE d.namespace = $db
       RETURN d.id AS id, d.name AS name, d.source AS source, d.tags AS tags, d.ownerOrgId AS owner ORDER BY id`,
      { db },
    );
    assert.deepEqual(datasets, [
      { id: `ol:${db}/clean.orders`, name: `${db}/clean.orders`, source: 'openlineage', tags: [], owner: 'hq' },
      { id: `ol:${db}/raw.orders`, name: `${db}/raw.orders`, source: 'openlineage', tags: [], owner: 'hq' },
    ]);
    const [prov] = await query(
      `MATCH (r:LineageRun {id: $runId})
       RETURN [(r)-[:USED]->(v:DatasetVersion)<-[:HAS_VERSION]-(d:Dataset) | d.id + ' v' + toString(v.version)] AS used,
              [(r)-[:GENERATED]->(v:DatasetVersion)<-[:HAS_VERSION]-(d:Dataset) | {d: d.id, version: v.version, rowCount: v.rowCount, owner: v.ownerOrgId,
                 ownedBy: [(v)-[:OWNED_BY]->(o) | o.id], contentHash: v.contentHash}] AS generated`,
      { runId },
    );
    assert.deepEqual(prov!.used, [`ol:${db}/raw.orders v1`]);
    const generated = prov!.generated as {
      d: string;
      version: number;
      rowCount: number;
      owner: string;
      ownedBy: string[];
      contentHash: string;
    }[];
    assert.equal(generated.length, 1);
    assert.equal(generated[0]!.d, `ol:${db}/clean.orders`);
    assert.equal(generated[0]!.version, 1);
    assert.equal(generated[0]!.rowCount, 42);
    assert.deepEqual(generated[0]!.ownedBy, ['hq']);
    assert.match(generated[0]!.contentHash, /^[0-9a-f]{64}$/);
    const [inputVersion] = await query(`MATCH (v:DatasetVersion {datasetId: $id}) RETURN v.schema AS schema`, {
      id: `ol:${db}/raw.orders`,
    });
    assert.deepEqual(JSON.parse(inputVersion!.schema as string), { fields: [{ name: 'id', type: 'INT' }] });

    // The assets subgraph serves these datasets and versions like its own (every non-null field set).
    const res = await gql<{
      dataset: { name: string; description: string; tags: string[]; versions: Record<string, unknown>[] };
    }>(
      hub.gateway.url,
      `query ($id: ID!) { dataset(id: $id) { name description tags owner { id }
         versions { version contentHash schema rowCount storageUri format createdAt createdBy owner { id } } } }`,
      { token: await tokenFor('viewer'), variables: { id: `ol:${db}/clean.orders` } },
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    assert.equal(res.body.data!.dataset.name, `${db}/clean.orders`);
    assert.deepEqual(
      res.body.data!.dataset.versions.map((v) => [v.version, v.rowCount, v.storageUri, v.format, v.createdBy]),
      [[1, 42, `${db}/clean.orders`, 'UNKNOWN', 'scientist']],
    );

    const audits = await query(
      `MATCH (e:AuditEvent)-[:TARGET]->(:LineageRun {id: $runId}) RETURN e.action AS action ORDER BY e.seq`,
      { runId },
    );
    assert.deepEqual(
      audits.map((a) => a.action),
      ['lineageRun.start', 'lineageRun.complete'],
    );
  });

  it('a replayed event changes nothing', async () => {
    const before = await footprint();
    const again = await post(
      event({
        runId,
        eventType: 'COMPLETE',
        eventTime: '2026-01-01T10:05:00.000Z',
        inputs: [input],
        outputs: [output],
      }),
    );
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'unchanged');
    const startAgain = await post(
      event({ runId, eventTime: '2026-01-01T10:00:00.000Z', inputs: [input], outputs: [output] }),
    );
    assert.equal(startAgain.body.status, 'unchanged');
    assert.deepEqual(await footprint(), before);
    const [{ n }] = (await query<{ n: number }>(
      `MATCH (v:DatasetVersion) WHERE v.datasetId = $id RETURN count(v) AS n`,
      { id: `ol:${db}/clean.orders` },
    )) as [{ n: number }];
    assert.equal(n, 1);
  });

  it('events out of order settle by eventTime', async () => {
    const id = randomUUID();
    const done = await post(
      event({
        runId: id,
        job: 'etl.late',
        eventType: 'COMPLETE',
        eventTime: '2026-02-01T12:00:00Z',
        outputs: [{ namespace: db, name: 'late.out' }],
      }),
    );
    assert.equal(done.status, 201, JSON.stringify(done.body));
    const running = await post(
      event({ runId: id, job: 'etl.late', eventType: 'RUNNING', eventTime: '2026-02-01T11:30:00Z' }),
    );
    const start = await post(
      event({
        runId: id,
        job: 'etl.late',
        eventType: 'START',
        eventTime: '2026-02-01T11:00:00Z',
        outputs: [{ namespace: db, name: 'late.out' }],
      }),
    );
    assert.equal(running.status, 201);
    assert.equal(start.status, 201);
    const [run] = await query(
      `MATCH (r:LineageRun {id: $id}) RETURN r.state AS state, toString(r.startedAt) AS startedAt, toString(r.endedAt) AS endedAt, r.transitions AS transitions,
         COUNT { (r)-[:GENERATED]->() } AS generated`,
      { id },
    );
    assert.deepEqual(run, {
      state: 'COMPLETE',
      startedAt: '2026-02-01T11:00:00Z',
      endedAt: '2026-02-01T12:00:00Z',
      transitions: ['COMPLETE', 'RUNNING@2026-02-01T11:30:00Z', 'START'],
      generated: 1,
    });
  });

  it(
    'a job that reads what it writes (a cycle) terminates, each run reading the previous version',
    { timeout: 60_000 },
    async () => {
      const loop = { namespace: db, name: 'loop.table' };
      const runs = [randomUUID(), randomUUID(), randomUUID()];
      for (const [i, id] of runs.entries()) {
        for (const eventType of ['START', 'COMPLETE'] as const) {
          const res = await post(
            event({
              runId: id,
              job: 'etl.loop',
              eventType,
              eventTime: `2026-03-01T0${i}:0${eventType === 'START' ? 0 : 5}:00Z`,
              inputs: [loop],
              outputs: [loop],
            }),
          );
          assert.equal(res.status, 201, JSON.stringify(res.body));
        }
      }
      // Two jobs feeding each other: A reads X writes Y, B reads Y writes X.
      const a = randomUUID();
      const b = randomUUID();
      const x = { namespace: db, name: 'ping' };
      const y = { namespace: db, name: 'pong' };
      for (const [id, job, from, to] of [
        [a, 'etl.a', x, y],
        [b, 'etl.b', y, x],
        [randomUUID(), 'etl.a', x, y],
      ] as const) {
        assert.equal((await post(event({ runId: id, job, inputs: [from], outputs: [to] }))).status, 201);
        assert.equal(
          (await post(event({ runId: id, job, eventType: 'COMPLETE', inputs: [from], outputs: [to] }))).status,
          201,
        );
      }
      const rows = await query<{ run: string; used: number[]; generated: number[] }>(
        `UNWIND $runs AS id MATCH (r:LineageRun {id: id})
       RETURN id AS run, [(r)-[:USED]->(v) | v.version] AS used, [(r)-[:GENERATED]->(v) | v.version] AS generated`,
        { runs },
      );
      assert.deepEqual(
        rows.map((r) => [r.used, r.generated]),
        [
          [[1], [2]],
          [[2], [3]],
          [[3], [4]],
        ],
      );
      const [self] = await query(
        `MATCH (r:LineageRun)-[:USED]->(v)<-[:GENERATED]-(r) WHERE r.jobId STARTS WITH $ns RETURN count(*) AS n`,
        { ns },
      );
      assert.equal(self!.n, 0);
    },
  );

  it(
    'concurrent events: a replay racing its original is recorded once; writers of one dataset get distinct versions',
    { timeout: 60_000 },
    async () => {
      const id = randomUUID();
      const same = event({
        runId: id,
        job: 'etl.race',
        eventTime: '2026-05-01T00:00:00Z',
        outputs: [{ namespace: db, name: 'race.out' }],
      });
      const others = [randomUUID(), randomUUID(), randomUUID()].map((r) =>
        event({ runId: r, job: 'etl.race2', outputs: [{ namespace: db, name: 'race.out' }] }),
      );
      await tokenFor('scientist'); // one token request, not six racing ones
      const results = await Promise.all([post(same), post(same), post(same), ...others.map((e) => post(e))]);
      assert.deepEqual(
        results.map((r) => r.status).sort(),
        [200, 200, 201, 201, 201, 201],
        JSON.stringify(results.map((r) => r.body)),
      );
      const [row] = await query(
        `MATCH (d:Dataset {id: $id})-[:HAS_VERSION]->(v) WITH collect(v.version) AS versions
       MATCH (r:LineageRun {id: $run}) RETURN versions, r.transitions AS transitions, COUNT { (:AuditEvent)-[:TARGET]->(r) } AS audits`,
        { id: `ol:${db}/race.out`, run: id },
      );
      assert.deepEqual([...(row!.versions as number[])].sort(), [1, 2, 3, 4]);
      assert.deepEqual(row!.transitions, ['START']);
      assert.equal(row!.audits, 1);
    },
  );

  it('rejects an invalid event with 400 naming the field', async () => {
    const missingTime = event({ runId: randomUUID() }) as Partial<RunEvent>;
    delete missingTime.eventTime;
    const res1 = await post(missingTime);
    assert.equal(res1.status, 400);
    assert.match(res1.body.error as string, /eventTime/);
    assert.ok(
      (res1.body.details as { path: string }[]).some((d) => d.path === '/eventTime'),
      JSON.stringify(res1.body),
    );

    const res2 = await post({ ...event({ runId: randomUUID() }), eventType: 'FINISHED' });
    assert.equal(res2.status, 400);
    assert.deepEqual(res2.body.details, [
      { path: '/eventType', message: 'must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER' },
    ]);

    const res3 = await post({ ...event({ runId: 'not-a-uuid' }), inputs: [{ namespace: db }] });
    assert.equal(res3.status, 400);
    const paths = (res3.body.details as { path: string }[]).map((d) => d.path).sort();
    assert.deepEqual(paths, ['/inputs/0/name', '/run/runId']);

    const res4 = await post(null, 'scientist', '{"eventType": "START",');
    assert.equal(res4.status, 400);
    assert.equal(res4.body.error, 'request body is not valid JSON');

    const res5 = await post({ ...event({ runId: randomUUID() }), job: { namespace: ns, name: '' } });
    assert.equal(res5.status, 400);
    assert.deepEqual(res5.body.details, [{ path: '/job/name', message: 'must not be empty' }]);
  });

  it("makes its datasets through the assets subgraph's Dataset writer: same limits, register audit event, tally", async () => {
    const named = { namespace: db, name: `writer.${randomUUID().slice(0, 8)}` };
    const res = await post(event({ runId: randomUUID(), job: 'etl.writer', outputs: [named] }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const [row] = await query<{ actions: string[]; tallies: string[]; source: string }>(
      `MATCH (d:Dataset {id: $id})
       RETURN [(e:AuditEvent)-[:TARGET]->(d) | e.action] AS actions, [(d)-[:TALLIED_IN]->(t:Tally) | t.id] AS tallies,
              d.source AS source`,
      { id: `ol:${named.namespace}/${named.name}` },
    );
    assert.deepEqual(row, { actions: ['dataset.register'], tallies: ['Dataset@hq'], source: 'openlineage' });

    // registerDataset's limit on a name (200 characters) holds for the namespace/name a dataset gets here.
    const long = { namespace: db, name: 'x'.repeat(200) };
    const refused = await post(event({ runId: randomUUID(), job: 'etl.writer', outputs: [long] }));
    assert.equal(refused.status, 400, JSON.stringify(refused.body));
    assert.deepEqual(refused.body.details, [
      { path: '/outputs/0/name', message: 'namespace/name: must be 1 to 200 characters' },
    ]);
  });

  it('needs a valid token (401) and a posting role (403)', async () => {
    const body = event({ runId: randomUUID() });
    assert.equal((await post(body, null)).status, 401);
    const tampered = await fetch(`${base}/api/v1/lineage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tamper(await tokenFor('viewer'))}` },
      body: JSON.stringify(body),
    });
    assert.equal(tampered.status, 401);
    assert.equal(tampered.headers.get('www-authenticate'), 'Bearer realm="plinth"');
    const viewer = await post(body, 'viewer');
    assert.equal(viewer.status, 403);
    assert.match(viewer.body.error as string, /may not post lineage events/);
    assert.equal((await post(body, 'auditor')).status, 403);
    assert.equal((await post(body, 'engineer')).status, 201);
    assert.equal((await post({ ...body, eventType: 'COMPLETE' }, 'admin')).status, 201);
  });

  it('another org may not add events to a run or write into a dataset it does not own', async () => {
    // HQ's run id is, for jiangsu, a run id of its own: HQ's run keeps its transitions (more in
    // test/security/openlineage-ownership.test.ts).
    const [hqRun] = await query(`MATCH (r:LineageRun {id: $runId}) RETURN r.transitions AS t`, { runId });
    const foreign = await post(event({ runId, eventType: 'OTHER' }), 'scientist.jiangsu');
    assert.equal(foreign.status, 201, JSON.stringify(foreign.body));
    assert.doesNotMatch(JSON.stringify(foreign.body), /\bhq\b/); // names no other org
    assert.deepEqual(await query(`MATCH (r:LineageRun {id: $runId}) RETURN r.transitions AS t`, { runId }), [hqRun]);
    // HQ's dataset is invisible to jiangsu: its name stands for a dataset of jiangsu's own, HQ's keeps its
    // one version (more in test/security/openlineage-ownership.test.ts).
    const write = await post(
      event({ runId: randomUUID(), job: 'etl.jiangsu', outputs: [output] }),
      'scientist.jiangsu',
    );
    assert.equal(write.status, 201, JSON.stringify(write.body));
    const [hq] = await query(`MATCH (:Dataset {id: $id})-[:HAS_VERSION]->(v) RETURN count(v) AS n`, {
      id: `ol:${db}/clean.orders`,
    });
    assert.equal(hq!.n, 1);
    const read = await post(
      event({
        runId: randomUUID(),
        job: 'etl.jiangsu',
        inputs: [output],
        outputs: [{ namespace: db, name: 'jiangsu.copy' }],
      }),
      'scientist.jiangsu',
    );
    assert.equal(read.status, 201, JSON.stringify(read.body));
  });

  it('a run keeps its job', async () => {
    const res = await post(event({ runId, job: 'etl.other', eventType: 'OTHER' }));
    assert.equal(res.status, 400);
    assert.match(res.body.error as string, /is a run of job/);
  });

  it('the gateway proxies /api/v1/lineage to the lineage subgraph (401 at the gateway without a token)', async () => {
    // A gateway of this test whose lineage subgraph URL is the app above (the hub's own gateway points at
    // the hub's lineage subgraph, whichever routes that one mounts).
    const gateway = await startGateway({
      port: 0,
      subgraphUrls: {
        ...Object.fromEntries(Object.entries(hub.subgraphs).map(([name, s]) => [name, s.url])),
        lineage: `${base}/`,
      },
    });
    try {
      const origin = new URL(gateway.url).origin;
      const anonymous = await fetch(`${origin}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assert.equal(anonymous.status, 401);
      const res = await fetch(`${origin}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('scientist')}` },
        body: JSON.stringify(
          event({ runId: randomUUID(), job: 'etl.gateway', outputs: [{ namespace: db, name: 'via.gateway' }] }),
        ),
      });
      assert.equal(res.status, 201, await res.text());
      const invalid = await fetch(`${origin}/api/v1/lineage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor('scientist')}` },
        body: JSON.stringify({ ...event({ runId: randomUUID() }), eventType: 'DONE' }),
      });
      assert.equal(invalid.status, 400);
      assert.equal(((await invalid.json()) as { details: { path: string }[] }).details[0]!.path, '/eventType');
      const exported = await fetch(`${origin}/api/v1/lineage/export?limit=1`, {
        headers: { authorization: `Bearer ${await tokenFor('viewer')}` },
      });
      assert.equal(exported.status, 200);
      assert.ok(Array.isArray(((await exported.json()) as { events: unknown[] }).events));
    } finally {
      await gateway.stop();
    }
  });
});

describe('GET /api/v1/lineage/export', () => {
  it("renders Plinth's training runs as START and COMPLETE events that validate against the OpenLineage schema", async () => {
    const id = (s: string): string => `${ns}-${s}`;
    const runId = randomUUID();
    await query(
      `MATCH (o:Org {id: 'hq'})
       CREATE (d:Dataset {id: $d, name: $d, description: '', tags: [], tagsText: '', ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
       CREATE (dv:DatasetVersion {id: $dv, datasetId: $d, version: 1, contentHash: $hash, schema: '{}', rowCount: 10, storageUri: 's3://x', format: 'CSV', ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime()})
       CREATE (d)-[:HAS_VERSION]->(dv), (dv)-[:OWNED_BY]->(o)
       CREATE (m:Model {id: $m, name: $m, task: 'classification', tags: [], tagsText: '', ownerOrgId: 'hq', createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)
       CREATE (v:ModelVersion {id: $mv, modelId: $m, version: 3, format: 'ONNX', framework: 'sklearn', artifactDigest: $hash, ownerOrgId: 'hq', createdAt: datetime()})
       CREATE (m)-[:HAS_VERSION]->(v)
       CREATE (r:TrainingRun {id: $run, status: 'SUCCEEDED', algorithm: 'xgboost', params: '{"depth":4}', ownerOrgId: 'hq',
                              startedAt: datetime('2026-04-01T08:00:00Z'), endedAt: datetime('2026-04-01T08:30:00Z')})
       CREATE (r)-[:USED]->(dv), (r)-[:GENERATED]->(v)
       CREATE (f:TrainingRun {id: $failed, status: 'FAILED', algorithm: 'mlp', params: '{}', ownerOrgId: 'hq',
                              startedAt: datetime('2026-04-01T09:00:00Z'), endedAt: datetime('2026-04-01T09:01:00Z')})
       CREATE (f)-[:USED]->(dv)`,
      {
        d: id('ds'),
        dv: id('dv'),
        m: id('model'),
        mv: id('mv'),
        run: runId,
        failed: id('failed-run'),
        hash: 'a'.repeat(64),
      },
    );
    const res = await fetch(`${base}/api/v1/lineage/export?since=2026-04-01T07:59:00Z`, {
      headers: { authorization: `Bearer ${await tokenFor('viewer')}` },
    });
    assert.equal(res.status, 200);
    const { events } = (await res.json()) as { events: RunEvent[] };
    for (const e of events) assert.deepEqual(validateRunEvent(e), { ok: true, event: e });
    const mine = events.filter((e) => e.run.runId === runId);
    assert.deepEqual(
      mine.map((e) => [e.eventType, e.eventTime]),
      [
        ['START', '2026-04-01T08:00:00.000Z'],
        ['COMPLETE', '2026-04-01T08:30:00.000Z'],
      ],
    );
    const complete = mine[1]!;
    assert.equal(complete.job.namespace, 'plinth');
    assert.equal(complete.job.name, `models/${id('model')}/train`);
    assert.deepEqual(
      complete.inputs!.map((d) => [d.namespace, d.name, d.facets!.version!.datasetVersion]),
      [['plinth', `datasets/${id('ds')}`, '1']],
    );
    assert.deepEqual(
      complete.outputs!.map((d) => [d.namespace, d.name, d.facets!.version!.datasetVersion]),
      [['plinth', `models/${id('model')}`, '3']],
    );
    assert.deepEqual((complete.run.facets!.plinth_trainingRun as Record<string, unknown>).params, { depth: 4 });

    // A non-UUID id gets a stable UUID; a failed run ends in FAIL.
    const failed = events.filter(
      (e) => (e.run.facets!.plinth_trainingRun as Record<string, unknown>).id === id('failed-run'),
    );
    assert.deepEqual(
      failed.map((e) => e.eventType),
      ['START', 'FAIL'],
    );
    assert.match(failed[0]!.run.runId, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(failed[0]!.job.name, 'training/mlp');

    // An org that sees neither run exports neither.
    const other = await fetch(`${base}/api/v1/lineage/export?since=2026-04-01T07:59:00Z`, {
      headers: { authorization: `Bearer ${await tokenFor('viewer.zhejiang')}` },
    });
    const otherEvents = ((await other.json()) as { events: RunEvent[] }).events;
    assert.equal(otherEvents.filter((e) => e.run.runId === runId).length, 0);

    assert.equal(
      (
        await fetch(`${base}/api/v1/lineage/export?since=yesterday`, {
          headers: { authorization: `Bearer ${await tokenFor('viewer')}` },
        })
      ).status,
      400,
    );
    assert.equal((await fetch(`${base}/api/v1/lineage/export`)).status, 401);
  });

  it('exported events can be posted back (same schema, round trip)', async () => {
    const [event0] = trainingRunToOpenLineage({
      id: randomUUID(),
      status: 'SUCCEEDED',
      algorithm: 'x',
      params: '{}',
      workflowId: null,
      startedAt: '2026-04-02T00:00:00Z',
      endedAt: null,
      used: [],
      generated: [],
    });
    const res = await post({ ...event0!, job: { ...event0!.job, namespace: ns } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
});
