// Issue #12, finding 2: OpenLineage ingest let a branch write into HQ data. scientist.jiangsu posted an
// event naming an HQ-private dataset (and HQ's job) with documentation and version facets: HQ's
// descriptions were overwritten and a version "created by scientist.jiangsu" added, without an audit
// event; the answer leaked HQ's run id, and the 403 on outputs named the owning org. Each probe runs
// through the gateway against the real Neo4j and Keycloak.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { RUN_EVENT_SCHEMA_URL, type Facet, type OLDataset, type RunEvent } from '../../subgraphs/lineage/openlineage/types.js';

let hub: Hub;
let origin: string;
const ns = `olsec-${randomUUID().slice(0, 8)}`;
const db = `${ns}-db`;
const PRODUCER = 'urn:plinth:test:security';

const facet = (name: string, fields: Record<string, unknown>): Facet => ({
  _producer: PRODUCER,
  _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json#/$defs/${name}`,
  ...fields,
});
const documented = (description: string) => ({ documentation: facet('DocumentationDatasetFacet', { description }) });

function event(runId: string, job: string, parts: { type?: RunEvent['eventType']; inputs?: OLDataset[]; outputs?: OLDataset[]; jobDescription?: string; time?: string }): RunEvent {
  return {
    eventType: parts.type ?? 'START',
    eventTime: parts.time ?? new Date().toISOString(),
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    run: { runId, facets: {} },
    job: { namespace: ns, name: job, facets: parts.jobDescription ? documented(parts.jobDescription) : {} },
    inputs: parts.inputs ?? [],
    outputs: parts.outputs ?? [],
  };
}

async function post(body: RunEvent, user: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${origin}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(user)}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function query<T = Record<string, unknown>>(cypher: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const { records } = await hub.driver.executeQuery(cypher, params);
  return records.map((r) => r.toObject() as T);
}

/**
 * Everything of HQ's dataset and job that jiangsu must not change: properties, versions, edges, audit
 * events. (A run that USED a version is the one edge a reader may add: it is checked where expected.)
 */
async function hqState(datasetId: string, jobId: string): Promise<unknown> {
  const [row] = await query(
    `MATCH (d:Dataset {id: $datasetId}), (j:Job {id: $jobId})
     RETURN d { .description, .facets, .ownerOrgId, updatedAt: toString(d.updatedAt) } AS dataset,
            COLLECT { MATCH (d)-[:HAS_VERSION]->(v) RETURN v { .id, .facets, .createdBy, .rowCount, .olVersion, rels: COUNT { (v)-[r]-() WHERE type(r) <> 'USED' } } ORDER BY v.id } AS versions,
            COUNT { (d)--() } AS datasetRels,
            j { .description, .facets, updatedAt: toString(j.updatedAt) } AS job,
            COUNT { (j)--() } AS jobRels,
            COUNT { MATCH (e:AuditEvent)-[:TARGET]->(t) WHERE t = d OR t = j OR (d)-[:HAS_VERSION]->(t) } AS audits`,
    { datasetId, jobId },
  );
  assert.ok(row, `${datasetId} / ${jobId} not in the graph`);
  return row;
}

/** The answer with what the caller itself chose (run id, names) replaced: what is left is what the hub said. */
const normalised = (body: Record<string, unknown>, chosen: Record<string, string>): string =>
  Object.entries(chosen).reduce((text, [value, placeholder]) => text.replaceAll(value, placeholder), JSON.stringify(body));

const hqRun = randomUUID();
const secret = { namespace: db, name: 'central.private_orders' };
const secretOut = { namespace: db, name: 'central.private_totals' };
const hqJob = 'central.etl';

before(async () => {
  hub = await startHub();
  origin = new URL(hub.gateway.url).origin;
  // HQ's private dataset and job, as HQ's own OpenLineage producer reports them.
  const hq = await post(
    event(hqRun, hqJob, {
      jobDescription: 'HQ nightly job',
      outputs: [{ ...secret, facets: { ...documented('HQ private orders'), version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'hq-1' }) } }, secretOut],
    }),
    'scientist',
  );
  assert.equal(hq.status, 201, JSON.stringify(hq.body));
});

after(async () => {
  // Audit events stay: they are a hash chain.
  await query(
    `MATCH (n) WHERE ((n:Job OR n:Dataset) AND n.namespace STARTS WITH $ns) OR (n:LineageRun AND n.jobId CONTAINS $ns)
        OR (n:DatasetVersion AND n.storageUri STARTS WITH $ns)
     DETACH DELETE n`,
    { ns },
  );
  await hub.close();
});

describe('OpenLineage ingest obeys org ownership (issue #12, 2)', () => {
  it("a branch naming HQ's private dataset and job as INPUT changes nothing of HQ's and gets the answer an unknown name gets", async () => {
    const before = await hqState(`ol:${secret.namespace}/${secret.name}`, `${ns}/${hqJob}`);
    const facets = { ...documented('overwritten by jiangsu'), version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'evil-1' }) };
    const probeRun = randomUUID();
    const probe = await post(event(probeRun, hqJob, { jobDescription: 'pwned', inputs: [{ ...secret, facets }] }), 'scientist.jiangsu');
    const unknownRun = randomUUID();
    const unknown = { namespace: db, name: `nobody-${randomUUID().slice(0, 8)}` };
    const freshJob = `job-${randomUUID().slice(0, 8)}`;
    const control = await post(event(unknownRun, freshJob, { jobDescription: 'pwned', inputs: [{ ...unknown, facets }] }), 'scientist.jiangsu');

    assert.equal(probe.status, control.status, `${JSON.stringify(probe.body)} vs ${JSON.stringify(control.body)}`);
    assert.equal(
      normalised(probe.body, { [probeRun]: 'RUN', [secret.name]: 'DATASET', [hqJob]: 'JOB' }),
      normalised(control.body, { [unknownRun]: 'RUN', [unknown.name]: 'DATASET', [freshJob]: 'JOB' }),
    );
    assert.doesNotMatch(JSON.stringify(probe.body), new RegExp(`${hqRun}|\\bhq\\b`));
    assert.deepEqual(await hqState(`ol:${secret.namespace}/${secret.name}`, `${ns}/${hqJob}`), before);
    // jiangsu's run is not linked to anything of HQ's.
    const [links] = await query(
      `MATCH (r:LineageRun {id: $run}) RETURN COUNT { (r)--(n) WHERE n.ownerOrgId = 'hq' } AS hq, COUNT { (r)-[:USED]->() } AS used`,
      { run: probeRun },
    );
    assert.deepEqual(links, { hq: 0, used: 1 });
  });

  it("a branch naming HQ's private dataset as OUTPUT gets no version in it, and the answer an unknown name gets (no 403 naming HQ)", async () => {
    const before = await hqState(`ol:${secretOut.namespace}/${secretOut.name}`, `${ns}/${hqJob}`);
    const stats = { outputStatistics: facet('OutputStatisticsOutputDatasetFacet', { rowCount: 1 }) };
    const probeRun = randomUUID();
    const probe = await post(event(probeRun, 'jiangsu.writer', { type: 'COMPLETE', outputs: [{ ...secretOut, facets: documented('jiangsu was here'), outputFacets: stats } as OLDataset] }), 'scientist.jiangsu');
    const unknownRun = randomUUID();
    const unknown = { namespace: db, name: `nobody-${randomUUID().slice(0, 8)}` };
    const control = await post(event(unknownRun, 'jiangsu.writer2', { type: 'COMPLETE', outputs: [{ ...unknown, facets: documented('jiangsu was here'), outputFacets: stats } as OLDataset] }), 'scientist.jiangsu');
    assert.equal(probe.status, 201, JSON.stringify(probe.body));
    assert.equal(
      normalised(probe.body, { [probeRun]: 'RUN', [secretOut.name]: 'DATASET', 'jiangsu.writer': 'JOB' }),
      normalised(control.body, { [unknownRun]: 'RUN', [unknown.name]: 'DATASET', 'jiangsu.writer2': 'JOB' }),
    );
    assert.deepEqual(await hqState(`ol:${secretOut.namespace}/${secretOut.name}`, `${ns}/${hqJob}`), before);
    // What jiangsu wrote is jiangsu's own, and HQ (which administers jiangsu) sees it.
    const [own] = await query(`MATCH (:LineageRun {id: $run})-[:GENERATED]->(v:DatasetVersion) RETURN v.ownerOrgId AS owner, v.rowCount AS rows`, { run: probeRun });
    assert.deepEqual(own, { owner: 'jiangsu', rows: 1 });
  });

  it('a dataset shared read-only: linked as used without changes; as an output refused (403 naming no org) with the whole event rolled back', async () => {
    const id = `ol:${secret.namespace}/${secret.name}`;
    const shared = await gql(hub.gateway.url, 'mutation($id: ID!) { shareDataset(id: $id, orgId: "jiangsu") { id } }', { token: await tokenFor('scientist'), variables: { id } });
    assert.equal(shared.body.errors, undefined, JSON.stringify(shared.body.errors));
    const before = await hqState(id, `${ns}/${hqJob}`);

    const reader = randomUUID();
    const read = await post(event(reader, 'jiangsu.reader', { inputs: [{ ...secret, facets: { ...documented('jiangsu edit'), version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'hq-1' }) } }] }), 'scientist.jiangsu');
    assert.equal(read.status, 201, JSON.stringify(read.body));
    assert.deepEqual(read.body.inputs, [{ ...secret, version: 1 }]);
    const [used] = await query(`MATCH (:LineageRun {id: $run})-[:USED]->(v) RETURN v.id AS id, v.ownerOrgId AS owner`, { run: reader });
    assert.deepEqual(used, { id: `${id}@run:${hqRun}`, owner: 'hq' });
    // A version HQ never recorded is not made up in HQ's dataset.
    const unseen = await post(event(randomUUID(), 'jiangsu.reader', { inputs: [{ ...secret, facets: { version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'hq-99' }) } }] }), 'scientist.jiangsu');
    assert.equal(unseen.status, 201, JSON.stringify(unseen.body));
    assert.deepEqual(unseen.body.inputs, [{ ...secret, version: null }]);

    const writerRun = randomUUID();
    const fresh = { namespace: db, name: `fresh-${randomUUID().slice(0, 8)}` };
    const write = await post(event(writerRun, 'jiangsu.writer3', { outputs: [fresh, secret] }), 'scientist.jiangsu');
    assert.equal(write.status, 403, JSON.stringify(write.body));
    assert.match(write.body.error as string, /read-only/);
    assert.doesNotMatch(JSON.stringify(write.body), /\bhq\b/);
    // Nothing of the event stayed: no run, no job, not the first output's dataset, no audit event.
    const [left] = await query(
      `RETURN COUNT { MATCH (r:LineageRun {id: $run}) } AS runs, COUNT { MATCH (j:Job) WHERE j.name = 'jiangsu.writer3' } AS jobs,
              COUNT { MATCH (d:Dataset) WHERE d.olName = $fresh } AS datasets,
              COUNT { MATCH (e:AuditEvent) WHERE e.targetId = $run OR e.targetId ENDS WITH 'jiangsu.writer3' OR e.targetId CONTAINS $fresh } AS audits`,
      { run: writerRun, fresh: fresh.name },
    );
    assert.deepEqual(left, { runs: 0, jobs: 0, datasets: 0, audits: 0 });
    assert.deepEqual(await hqState(id, `${ns}/${hqJob}`), before);
  });

  it("another org's run: refused without naming its org", async () => {
    const res = await post(event(hqRun, hqJob, { type: 'OTHER' }), 'scientist.jiangsu');
    assert.equal(res.status, 403, JSON.stringify(res.body));
    assert.doesNotMatch(JSON.stringify(res.body), /\bhq\b/);
  });

  it('every node an accepted event creates or changes has an audit event in the same transaction', async () => {
    const run = randomUUID();
    const input = { namespace: db, name: `audited-in-${run.slice(0, 8)}` };
    const output = { namespace: db, name: `audited-out-${run.slice(0, 8)}` };
    const job = `audited-${run.slice(0, 8)}`;
    const counts = async (): Promise<Record<string, number>> => {
      const rows = await query<{ id: string; n: number }>(
        `MATCH (t) WHERE (t:Job AND t.id = $job) OR (t:LineageRun AND t.id = $run) OR (t:Dataset AND t.id IN $datasets)
            OR (t:DatasetVersion AND t.datasetId IN $datasets)
         RETURN t.id AS id, COUNT { (:AuditEvent)-[:TARGET]->(t) } AS n ORDER BY id`,
        { job: `${ns}/${job}`, run, datasets: [`ol:${input.namespace}/${input.name}`, `ol:${output.namespace}/${output.name}`] },
      );
      return Object.fromEntries(rows.map((r) => [r.id, r.n]));
    };
    const start = await post(event(run, job, { time: '2026-06-01T00:00:00Z', jobDescription: 'v1', inputs: [input], outputs: [output] }), 'scientist');
    assert.equal(start.status, 201, JSON.stringify(start.body));
    const created = await counts();
    const inV = `ol:${input.namespace}/${input.name}@seen:${run}`;
    const outV = `ol:${output.namespace}/${output.name}@run:${run}`;
    // Job, run, both datasets, both versions: each created and audited once.
    assert.deepEqual(created, {
      [`${ns}/${job}`]: 1, [run]: 1, [`ol:${input.namespace}/${input.name}`]: 1, [inV]: 1, [`ol:${output.namespace}/${output.name}`]: 1, [outV]: 1,
    });

    // COMPLETE changes the job's description, the input dataset's description and the output version's statistics.
    const complete = await post(
      event(run, job, {
        type: 'COMPLETE', time: '2026-06-01T00:05:00Z', jobDescription: 'v2',
        inputs: [{ ...input, facets: documented('described later') }],
        outputs: [{ ...output, outputFacets: { outputStatistics: facet('OutputStatisticsOutputDatasetFacet', { rowCount: 5 }) } } as OLDataset],
      }),
      'scientist',
    );
    assert.equal(complete.status, 201, JSON.stringify(complete.body));
    assert.deepEqual(await counts(), {
      ...created, [`${ns}/${job}`]: 2, [run]: 2, [`ol:${input.namespace}/${input.name}`]: 2, [outV]: 2,
    });
    const [actions] = await query(
      `MATCH (e:AuditEvent)-[:TARGET]->(t) WHERE t.id IN $ids WITH e ORDER BY e.seq RETURN collect(e.action) AS actions`,
      { ids: [`${ns}/${job}`, `ol:${input.namespace}/${input.name}`, outV] },
    );
    assert.deepEqual(actions!.actions, ['job.register', 'dataset.register', 'datasetVersion.register', 'job.update', 'dataset.update', 'datasetVersion.update']);
    // A replay changes nothing and audits nothing.
    const before = await counts();
    const again = await post(event(run, job, { type: 'COMPLETE', time: '2026-06-01T00:05:00Z', jobDescription: 'v3', inputs: [input], outputs: [output] }), 'scientist');
    assert.equal(again.status, 200);
    assert.deepEqual(await counts(), before);
  });
});
