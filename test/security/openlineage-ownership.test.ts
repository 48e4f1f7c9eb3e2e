// Issue #12, finding 2: OpenLineage ingest let a branch write into HQ data. scientist.jiangsu posted an
// event naming an HQ-private dataset (and HQ's job) with documentation and version facets: HQ's
// descriptions were overwritten and a version "created by scientist.jiangsu" added, without an audit
// event; the answer leaked HQ's run id, and the 403 on outputs named the owning org. Follow-up: a
// branch could squat a name first so that HQ's later events wrote into the branch's dataset, and a
// reused HQ run id answered 403 where an unknown one answers 201. Each probe runs through the gateway
// against the real Neo4j and Keycloak.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import {
  RUN_EVENT_SCHEMA_URL,
  type Facet,
  type OLDataset,
  type RunEvent,
} from '../../subgraphs/lineage/openlineage/types.js';

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

function event(
  runId: string,
  job: string,
  parts: {
    type?: RunEvent['eventType'];
    inputs?: OLDataset[];
    outputs?: OLDataset[];
    jobDescription?: string;
    time?: string;
  },
): RunEvent {
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
  Object.entries(chosen).reduce(
    (text, [value, placeholder]) => text.replaceAll(value, placeholder),
    JSON.stringify(body),
  );

const hqRun = randomUUID();
const secret = { namespace: db, name: 'central.private_orders' };
/** HQ's, shared with jiangsu in the third test; jiangsu names it nowhere before. */
const sharedDs = { namespace: db, name: 'central.shared_orders' };
const secretOut = { namespace: db, name: 'central.private_totals' };
const hqJob = 'central.etl';

before(async () => {
  hub = await startHub();
  origin = new URL(hub.gateway.url).origin;
  // HQ's private dataset and job, as HQ's own OpenLineage producer reports them.
  const hq = await post(
    event(hqRun, hqJob, {
      jobDescription: 'HQ nightly job',
      outputs: [
        {
          ...secret,
          facets: {
            ...documented('HQ private orders'),
            version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'hq-1' }),
          },
        },
        secretOut,
        {
          ...sharedDs,
          facets: {
            ...documented('HQ shared orders'),
            version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'hq-1' }),
          },
        },
      ],
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
    const facets = {
      ...documented('overwritten by jiangsu'),
      version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'evil-1' }),
    };
    const probeRun = randomUUID();
    const probe = await post(
      event(probeRun, hqJob, { jobDescription: 'pwned', inputs: [{ ...secret, facets }] }),
      'scientist.jiangsu',
    );
    const unknownRun = randomUUID();
    const unknown = { namespace: db, name: `nobody-${randomUUID().slice(0, 8)}` };
    const freshJob = `job-${randomUUID().slice(0, 8)}`;
    const control = await post(
      event(unknownRun, freshJob, { jobDescription: 'pwned', inputs: [{ ...unknown, facets }] }),
      'scientist.jiangsu',
    );

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
    const probe = await post(
      event(probeRun, 'jiangsu.writer', {
        type: 'COMPLETE',
        outputs: [{ ...secretOut, facets: documented('jiangsu was here'), outputFacets: stats } as OLDataset],
      }),
      'scientist.jiangsu',
    );
    const unknownRun = randomUUID();
    const unknown = { namespace: db, name: `nobody-${randomUUID().slice(0, 8)}` };
    const control = await post(
      event(unknownRun, 'jiangsu.writer2', {
        type: 'COMPLETE',
        outputs: [{ ...unknown, facets: documented('jiangsu was here'), outputFacets: stats } as OLDataset],
      }),
      'scientist.jiangsu',
    );
    assert.equal(probe.status, 201, JSON.stringify(probe.body));
    assert.equal(
      normalised(probe.body, { [probeRun]: 'RUN', [secretOut.name]: 'DATASET', 'jiangsu.writer': 'JOB' }),
      normalised(control.body, { [unknownRun]: 'RUN', [unknown.name]: 'DATASET', 'jiangsu.writer2': 'JOB' }),
    );
    assert.deepEqual(await hqState(`ol:${secretOut.namespace}/${secretOut.name}`, `${ns}/${hqJob}`), before);
    // What jiangsu wrote is jiangsu's own, and HQ (which administers jiangsu) sees it.
    const [own] = await query(
      `MATCH (:LineageRun {id: $run})-[:GENERATED]->(v:DatasetVersion) RETURN v.ownerOrgId AS owner, v.rowCount AS rows`,
      { run: probeRun },
    );
    assert.deepEqual(own, { owner: 'jiangsu', rows: 1 });
  });

  it("a dataset shared read-only: linked as used without changes; as an output the poster's own dataset, the shared one untouched", async () => {
    const id = `ol:${sharedDs.namespace}/${sharedDs.name}`;
    const shared = await gql(hub.gateway.url, 'mutation($id: ID!) { shareDataset(id: $id, orgId: "jiangsu") { id } }', {
      token: await tokenFor('scientist'),
      variables: { id },
    });
    assert.equal(shared.body.errors, undefined, JSON.stringify(shared.body.errors));
    const before = await hqState(id, `${ns}/${hqJob}`);

    const reader = randomUUID();
    const read = await post(
      event(reader, 'jiangsu.reader', {
        inputs: [
          {
            ...sharedDs,
            facets: {
              ...documented('jiangsu edit'),
              version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'hq-1' }),
            },
          },
        ],
      }),
      'scientist.jiangsu',
    );
    assert.equal(read.status, 201, JSON.stringify(read.body));
    assert.deepEqual(read.body.inputs, [{ ...sharedDs, version: 1 }]);
    const [used] = await query(`MATCH (:LineageRun {id: $run})-[:USED]->(v) RETURN v.id AS id, v.ownerOrgId AS owner`, {
      run: reader,
    });
    assert.deepEqual(used, { id: `${id}@run:${hqRun}`, owner: 'hq' });
    // A version HQ never recorded is not made up in HQ's dataset.
    const unseen = await post(
      event(randomUUID(), 'jiangsu.reader', {
        inputs: [
          { ...sharedDs, facets: { version: facet('DatasetVersionDatasetFacet', { datasetVersion: 'hq-99' }) } },
        ],
      }),
      'scientist.jiangsu',
    );
    assert.equal(unseen.status, 201, JSON.stringify(unseen.body));
    assert.deepEqual(unseen.body.inputs, [{ ...sharedDs, version: null }]);

    // Named as an output, the shared name is jiangsu's own dataset (not a 403 that sharing could use to
    // break another org's pipeline): HQ's keeps its versions and facets.
    const writerRun = randomUUID();
    const write = await post(
      event(writerRun, 'jiangsu.writer3', { outputs: [{ ...sharedDs, facets: documented('jiangsu output') }] }),
      'scientist.jiangsu',
    );
    assert.equal(write.status, 201, JSON.stringify(write.body));
    assert.deepEqual(write.body.outputs, [{ ...sharedDs, version: 1 }]);
    const [generated] = await query(
      `MATCH (:LineageRun {id: $run})-[:GENERATED]->(v)<-[:HAS_VERSION]-(d:Dataset) RETURN d.id AS id, d.ownerOrgId AS owner, d.description AS description`,
      { run: writerRun },
    );
    assert.deepEqual(generated, {
      id: `ol@jiangsu:${sharedDs.namespace}/${sharedDs.name}`,
      owner: 'jiangsu',
      description: 'jiangsu output',
    });
    assert.deepEqual(await hqState(id, `${ns}/${hqJob}`), before);
    // Once jiangsu has a dataset of its own under the name, its runs read that one, not HQ's shared one.
    const ownReader = randomUUID();
    assert.equal(
      (await post(event(ownReader, 'jiangsu.reader', { inputs: [sharedDs] }), 'scientist.jiangsu')).status,
      201,
    );
    const [ownUsed] = await query(`MATCH (:LineageRun {id: $run})-[:USED]->(v) RETURN v.ownerOrgId AS owner`, {
      run: ownReader,
    });
    assert.deepEqual(ownUsed, { owner: 'jiangsu' });
  });

  it("another org's run id answers exactly like an unknown one and changes nothing of that run", async () => {
    const runState = async (): Promise<unknown> =>
      (
        await query(
          `MATCH (r:LineageRun {id: $run})
         RETURN r { .state, .transitions, .facets, .ownerOrgId, .producer, updatedAt: toString(r.updatedAt) } AS run,
                COUNT { (r)--() } AS rels, COUNT { (:AuditEvent)-[:TARGET]->(r) } AS audits`,
          { run: hqRun },
        )
      )[0];
    const before = await runState();
    const hqBefore = await hqState(`ol:${secret.namespace}/${secret.name}`, `${ns}/${hqJob}`);
    const out = (name: string): OLDataset => ({ namespace: db, name, facets: documented('jiangsu run output') });
    const probeOut = `reuse-${randomUUID().slice(0, 8)}`;
    const controlRun = randomUUID();
    const controlOut = `reuse-${randomUUID().slice(0, 8)}`;
    // The same sequence (START, then COMPLETE) with HQ's run id and with a run id nobody used.
    for (const type of ['START', 'COMPLETE'] as const) {
      const probe = await post(event(hqRun, 'jiangsu.reuse', { type, outputs: [out(probeOut)] }), 'scientist.jiangsu');
      const control = await post(
        event(controlRun, 'jiangsu.reuse2', { type, outputs: [out(controlOut)] }),
        'scientist.jiangsu',
      );
      assert.equal(probe.status, control.status, `${JSON.stringify(probe.body)} vs ${JSON.stringify(control.body)}`);
      assert.equal(
        normalised(probe.body, { [hqRun]: 'RUN', [probeOut]: 'DATASET', 'jiangsu.reuse': 'JOB' }),
        normalised(control.body, { [controlRun]: 'RUN', [controlOut]: 'DATASET', 'jiangsu.reuse2': 'JOB' }),
      );
      assert.equal(probe.body.status, type === 'START' ? 'created' : 'updated');
    }
    assert.deepEqual(await runState(), before);
    assert.deepEqual(await hqState(`ol:${secret.namespace}/${secret.name}`, `${ns}/${hqJob}`), hqBefore);
    // jiangsu's events made a run of jiangsu's own, which generated jiangsu's output.
    const [own] = await query(
      `MATCH (r:LineageRun {runId: $run, ownerOrgId: 'jiangsu'})-[:GENERATED]->(v) RETURN r.state AS state, v.ownerOrgId AS owner`,
      { run: hqRun },
    );
    assert.deepEqual(own, { state: 'COMPLETE', owner: 'jiangsu' });
    // HQ's run is still HQ's to extend.
    const hq = await post(event(hqRun, hqJob, { type: 'COMPLETE' }), 'scientist');
    assert.equal(hq.status, 201, JSON.stringify(hq.body));
    const [after] = await query(`MATCH (r:LineageRun {id: $run}) RETURN r.state AS state, r.ownerOrgId AS owner`, {
      run: hqRun,
    });
    assert.deepEqual(after, { state: 'COMPLETE', owner: 'hq' });
  });

  it("name squatting: a branch that claims a name first never receives HQ's facets, descriptions or versions", async () => {
    const squat = { namespace: `${ns}-hq`, name: 'probe-squat-ds' };
    const squatJob = `squat-job-${randomUUID().slice(0, 8)}`;
    const schema = { schema: facet('SchemaDatasetFacet', { fields: [{ name: 'salary', type: 'DECIMAL' }] }) };
    const trap = await post(
      event(randomUUID(), squatJob, {
        type: 'COMPLETE',
        jobDescription: 'branch job',
        outputs: [{ ...squat, facets: documented('branch table') }],
      }),
      'scientist.jiangsu',
    );
    assert.equal(trap.status, 201, JSON.stringify(trap.body));
    const branchId = `ol:${squat.namespace}/${squat.name}`;
    const branchJobId = `${ns}/${squatJob}`;
    const branchState = async (): Promise<unknown> => hqState(branchId, branchJobId);
    const before = await branchState();

    // HQ posts its confidential table under the same name (and the same job name).
    const hqWriter = randomUUID();
    const hq = await post(
      event(hqWriter, squatJob, {
        type: 'COMPLETE',
        jobDescription: 'HQ payroll job',
        outputs: [{ ...squat, facets: { ...documented('HQ confidential salary table'), ...schema } }],
      }),
      'scientist',
    );
    assert.equal(hq.status, 201, JSON.stringify(hq.body));
    assert.deepEqual(hq.body.outputs, [{ ...squat, version: 1 }]);
    // The branch's dataset and job: exactly as the branch left them (no description, facets, version, audit of HQ's).
    assert.deepEqual(await branchState(), before);
    const [branch] = await query(
      `MATCH (d:Dataset {id: $id}) RETURN d.description AS description, d.ownerOrgId AS owner,
              COLLECT { MATCH (d)-[:HAS_VERSION]->(v) RETURN v.createdBy } AS createdBy`,
      { id: branchId },
    );
    assert.deepEqual(branch, { description: 'branch table', owner: 'jiangsu', createdBy: ['scientist.jiangsu'] });
    // HQ's data landed in HQ's own dataset and job, which jiangsu cannot read.
    const [landed] = await query(
      `MATCH (r:LineageRun {id: $run})-[:GENERATED]->(v:DatasetVersion)<-[:HAS_VERSION]-(d:Dataset), (r)-[:RUN_OF]->(j:Job)
       RETURN d.id AS dataset, d.ownerOrgId AS owner, d.description AS description, v.schema AS schema, j.id AS job, j.ownerOrgId AS jobOwner, j.description AS jobDescription`,
      { run: hqWriter },
    );
    assert.deepEqual(landed, {
      dataset: `ol@hq:${squat.namespace}/${squat.name}`,
      owner: 'hq',
      description: 'HQ confidential salary table',
      schema: JSON.stringify({ fields: [{ name: 'salary', type: 'DECIMAL' }] }),
      job: `ol@hq:job:${ns}/${squatJob}`,
      jobOwner: 'hq',
      jobDescription: 'HQ payroll job',
    });
    const seen = await gql(hub.gateway.url, 'query($id: ID!) { dataset(id: $id) { id description } }', {
      token: await tokenFor('scientist.jiangsu'),
      variables: { id: landed!.dataset },
    });
    assert.equal(seen.body.errors, undefined, JSON.stringify(seen.body.errors));
    assert.deepEqual(seen.body.data, { dataset: null });

    // HQ reading the name now reads its own dataset; and a branch's dataset HQ has no name of its own for
    // is USED read-only (its latest version), with HQ's facets left out.
    const reader = randomUUID();
    const other = { namespace: `${ns}-hq`, name: 'branch-only-ds' };
    assert.equal(
      (await post(event(randomUUID(), 'branch.only', { type: 'COMPLETE', outputs: [other] }), 'scientist.jiangsu'))
        .status,
      201,
    );
    const otherBefore = await hqState(`ol:${other.namespace}/${other.name}`, `${ns}/branch.only`);
    const read = await post(
      event(reader, 'hq.reader', {
        inputs: [
          { ...squat, facets: documented('HQ read') },
          { ...other, facets: documented('HQ read') },
        ],
      }),
      'scientist',
    );
    assert.equal(read.status, 201, JSON.stringify(read.body));
    const used = await query<{ dataset: string }>(
      `MATCH (:LineageRun {id: $run})-[:USED]->(v) RETURN v.datasetId AS dataset ORDER BY dataset`,
      { run: reader },
    );
    assert.deepEqual(
      used.map((u) => u.dataset),
      [`ol:${other.namespace}/${other.name}`, `ol@hq:${squat.namespace}/${squat.name}`],
    );
    assert.deepEqual(await hqState(`ol:${other.namespace}/${other.name}`, `${ns}/branch.only`), otherBefore);
    assert.deepEqual(await branchState(), before);
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
        {
          job: `${ns}/${job}`,
          run,
          datasets: [`ol:${input.namespace}/${input.name}`, `ol:${output.namespace}/${output.name}`],
        },
      );
      return Object.fromEntries(rows.map((r) => [r.id, r.n]));
    };
    const start = await post(
      event(run, job, { time: '2026-06-01T00:00:00Z', jobDescription: 'v1', inputs: [input], outputs: [output] }),
      'scientist',
    );
    assert.equal(start.status, 201, JSON.stringify(start.body));
    const created = await counts();
    const inV = `ol:${input.namespace}/${input.name}@seen:${run}`;
    const outV = `ol:${output.namespace}/${output.name}@run:${run}`;
    // Job, run, both datasets, both versions: each created and audited once.
    assert.deepEqual(created, {
      [`${ns}/${job}`]: 1,
      [run]: 1,
      [`ol:${input.namespace}/${input.name}`]: 1,
      [inV]: 1,
      [`ol:${output.namespace}/${output.name}`]: 1,
      [outV]: 1,
    });

    // COMPLETE changes the job's description, the input dataset's description and the output version's statistics.
    const complete = await post(
      event(run, job, {
        type: 'COMPLETE',
        time: '2026-06-01T00:05:00Z',
        jobDescription: 'v2',
        inputs: [{ ...input, facets: documented('described later') }],
        outputs: [
          {
            ...output,
            outputFacets: { outputStatistics: facet('OutputStatisticsOutputDatasetFacet', { rowCount: 5 }) },
          } as OLDataset,
        ],
      }),
      'scientist',
    );
    assert.equal(complete.status, 201, JSON.stringify(complete.body));
    assert.deepEqual(await counts(), {
      ...created,
      [`${ns}/${job}`]: 2,
      [run]: 2,
      [`ol:${input.namespace}/${input.name}`]: 2,
      [outV]: 2,
    });
    const [actions] = await query(
      `MATCH (e:AuditEvent)-[:TARGET]->(t) WHERE t.id IN $ids WITH e ORDER BY e.seq RETURN collect(e.action) AS actions`,
      { ids: [`${ns}/${job}`, `ol:${input.namespace}/${input.name}`, outV] },
    );
    assert.deepEqual(actions!.actions, [
      'job.register',
      'dataset.register',
      'datasetVersion.register',
      'job.update',
      'dataset.update',
      'datasetVersion.update',
    ]);
    // A replay changes nothing and audits nothing.
    const before = await counts();
    const again = await post(
      event(run, job, {
        type: 'COMPLETE',
        time: '2026-06-01T00:05:00Z',
        jobDescription: 'v3',
        inputs: [input],
        outputs: [output],
      }),
      'scientist',
    );
    assert.equal(again.status, 200);
    assert.deepEqual(await counts(), before);
  });
});
