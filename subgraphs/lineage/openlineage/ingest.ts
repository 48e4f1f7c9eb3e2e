// Maps one validated OpenLineage RunEvent into the graph, in ONE write transaction with its audit event:
//   (:Job {id: namespace/name})                      one per OpenLineage job, OWNED_BY the first poster's org
//   (:LineageRun {id: runId})-[:RUN_OF]->(Job)        PROV activity, -[:ASSOCIATED_WITH]->(User)
//   (:Dataset {id: 'ol:' + namespace/name, source: 'openlineage'})  OWNED_BY the first poster's org
//   (LineageRun)-[:USED]->(DatasetVersion)            the input version the run read
//   (LineageRun)-[:GENERATED]->(DatasetVersion)       one version per (output dataset, run)
// Idempotent: each run keeps the keys of the transitions it has seen (START, COMPLETE, FAIL, ABORT once
// per run; RUNNING and OTHER once per eventTime); an event whose key is already there changes nothing.
// Out of order: state, times and facets are decided by eventTime, not by arrival. Cycles (a job reading
// what it writes) are fine: an input resolves to a version this run did not generate, and nothing here
// walks paths of unbounded length.
import { createHash } from 'node:crypto';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { config } from '../../../lib/config.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { viewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../graph-schema/ontology.js';
import { facetField, mergeFacets } from './facets.js';
import type { EventType, Facets, OLDataset, RunEvent } from './types.js';

/** Inputs plus outputs one event may carry. */
export const MAX_DATASETS = 1000;

export class OpenLineageError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

export const jobIdOf = (job: { namespace: string; name: string }): string => `${job.namespace}/${job.name}`;
export const datasetIdOf = (d: { namespace: string; name: string }): string => `ol:${d.namespace}/${d.name}`;

const TERMINAL = new Set<EventType>(['COMPLETE', 'FAIL', 'ABORT']);
const ONCE = new Set<EventType>(['START', 'COMPLETE', 'FAIL', 'ABORT']);

/** The transition's key within its run: the same event posted twice has the same key. */
export function transitionKey(event: RunEvent): string {
  const type = event.eventType ?? 'OTHER';
  return ONCE.has(type) ? type : `${type}@${event.eventTime}`;
}

const rank = (type: string | null | undefined): number => (type && TERMINAL.has(type as EventType) ? 3 : type === 'RUNNING' ? 2 : type === 'START' ? 1 : 0);
const millis = (iso: string | null | undefined): number => (iso ? Date.parse(iso.replace(/\[.*\]$/, '')) : Number.NaN);

export interface RunState {
  state: string | null;
  stateTime: string | null;
  startedAt: string | null;
  endedAt: string | null;
  lastEventTime: string | null;
}

/**
 * The run's state after one more event, whatever the arrival order: the latest event by eventTime
 * decides (OTHER never does), a terminal state is only replaced by a later terminal one, and at equal
 * times the further transition wins (START < RUNNING < COMPLETE/FAIL/ABORT).
 */
export function nextState(current: RunState, event: RunEvent): RunState {
  const type = event.eventType ?? 'OTHER';
  const t = millis(event.eventTime);
  const next = { ...current };
  if (type !== 'OTHER') {
    const currentT = millis(current.stateTime);
    const terminalNow = rank(current.state) === 3;
    const later = Number.isNaN(currentT) || t > currentT || (t === currentT && rank(type) > rank(current.state));
    if (later && (!terminalNow || TERMINAL.has(type))) {
      next.state = type;
      next.stateTime = event.eventTime;
    }
  }
  if (Number.isNaN(millis(current.startedAt)) || t < millis(current.startedAt)) next.startedAt = event.eventTime;
  if (TERMINAL.has(type) && (Number.isNaN(millis(current.endedAt)) || t > millis(current.endedAt) || next.state === type)) {
    next.endedAt = next.state && TERMINAL.has(next.state as EventType) ? next.stateTime : event.eventTime;
  }
  if (Number.isNaN(millis(current.lastEventTime)) || t > millis(current.lastEventTime)) next.lastEventTime = event.eventTime;
  return next;
}

export interface IngestResult {
  runId: string;
  jobId: string;
  eventType: string;
  /** `unchanged`: this transition of this run was already recorded (a replay). */
  status: 'created' | 'updated' | 'unchanged';
  state: string | null;
  inputs: { datasetId: string; versionId: string }[];
  outputs: { datasetId: string; versionId: string }[];
}

const WRITE = { database: config.neo4j.database };

function uniqueDatasets<T extends OLDataset>(list: T[] | undefined): T[] {
  const seen = new Map<string, T>();
  for (const d of list ?? []) if (!seen.has(datasetIdOf(d))) seen.set(datasetIdOf(d), d);
  return [...seen.values()];
}

/** Checks that the JSON schema cannot express. */
function assertSane(event: RunEvent): void {
  const count = (event.inputs?.length ?? 0) + (event.outputs?.length ?? 0);
  if (count > MAX_DATASETS) throw new OpenLineageError(400, `an event may name at most ${MAX_DATASETS} datasets; this one names ${count}`, [{ path: '/inputs', message: `too many datasets (${count})` }]);
  const blank: { path: string; message: string }[] = [];
  if (event.job.namespace.trim() === '') blank.push({ path: '/job/namespace', message: 'must not be empty' });
  if (event.job.name.trim() === '') blank.push({ path: '/job/name', message: 'must not be empty' });
  for (const side of ['inputs', 'outputs'] as const) {
    (event[side] ?? []).forEach((d, i) => {
      if (d.namespace.trim() === '') blank.push({ path: `/${side}/${i}/namespace`, message: 'must not be empty' });
      if (d.name.trim() === '') blank.push({ path: `/${side}/${i}/name`, message: 'must not be empty' });
    });
  }
  if (blank.length > 0) throw new OpenLineageError(400, `invalid OpenLineage event: ${blank.map((b) => `${b.path} ${b.message}`).join('; ')}`, blank);
}

/** Stores one event; see the file header for the mapping. */
export async function ingestRunEvent(driver: Driver, actor: Identity, event: RunEvent): Promise<IngestResult> {
  assertSane(event);
  const scope = await viewerScope(driver, actor);
  const session = driver.session(WRITE);
  try {
    return await session.executeWrite((tx) => ingestInTx(tx, actor, scope.visibleOrgs, event));
  } catch (error) {
    if ((error as { code?: string }).code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      throw new OpenLineageError(409, `the event conflicts with an existing asset: ${(error as Error).message.split('\n')[0]}`);
    }
    throw error;
  } finally {
    await session.close();
  }
}

async function ingestInTx(tx: ManagedTransaction, actor: Identity, visibleOrgs: string[], event: RunEvent): Promise<IngestResult> {
  const runId = event.run.runId.toLowerCase();
  const jobId = jobIdOf(event.job);
  const eventType = event.eventType ?? 'OTHER';
  const key = transitionKey(event);

  const org = await tx.run(`MATCH (o:${Label.Org} {id: $org}) RETURN o.id AS id`, { org: actor.org });
  if (org.records.length === 0) throw new OpenLineageError(403, `org "${actor.org}" of ${actor.username} is not in the graph`);

  // The run, created on its first event and locked until commit: concurrent events of one run queue here.
  const runRes = await tx.run(
    `MERGE (r:${Label.LineageRun} {id: $runId})
       ON CREATE SET r.runId = $runId, r.jobId = $jobId, r.ownerOrgId = $org, r.transitions = [],
                     r.createdAt = datetime(), r.createdBy = $actor
     SET r._lock = true REMOVE r._lock
     RETURN r { .ownerOrgId, .jobId, .transitions, .state, .facets, stateTime: toString(r.stateTime),
                startedAt: toString(r.startedAt), endedAt: toString(r.endedAt), lastEventTime: toString(r.lastEventTime) } AS run`,
    { runId, jobId, org: actor.org, actor: actor.username },
  );
  const run = runRes.records[0]!.get('run') as RunState & { ownerOrgId: string; jobId: string; transitions: string[]; facets: string | null };
  const isNew = run.transitions.length === 0;
  if (!isNew && !visibleOrgs.includes(run.ownerOrgId)) {
    throw new OpenLineageError(403, `run ${runId} belongs to org ${run.ownerOrgId}; ${actor.username} (${actor.org}) may not add events to it`);
  }
  if (run.jobId !== jobId) {
    throw new OpenLineageError(400, `run ${runId} is a run of job ${run.jobId}, not ${jobId}`, [{ path: '/job', message: `must be ${run.jobId} for run ${runId}` }]);
  }
  if (run.transitions.includes(key)) {
    return { runId, jobId, eventType, status: 'unchanged', state: run.state, inputs: [], outputs: [] };
  }
  const newer = Number.isNaN(millis(run.lastEventTime)) || millis(event.eventTime) >= millis(run.lastEventTime);
  const state = nextState(run, event);

  // The job: global OpenLineage identity, owned by the org that first reported it.
  const jobRes = await tx.run(
    `MATCH (o:${Label.Org} {id: $org})
     MERGE (j:${Label.Job} {id: $jobId})
       ON CREATE SET j.namespace = $namespace, j.name = $name, j.ownerOrgId = $org, j.createdAt = datetime(), j.createdBy = $actor
     WITH o, j
     CALL { WITH o, j WITH o, j WHERE NOT EXISTS { (j)-[:${Rel.OWNED_BY}]->() } CREATE (j)-[:${Rel.OWNED_BY}]->(o) }
     SET j._lock = true REMOVE j._lock
     RETURN j.facets AS facets, toString(j.lastEventTime) AS lastEventTime`,
    { org: actor.org, jobId, namespace: event.job.namespace, name: event.job.name, actor: actor.username },
  );
  const jobLast = jobRes.records[0]!.get('lastEventTime') as string | null;
  const jobNewer = Number.isNaN(millis(jobLast)) || millis(event.eventTime) >= millis(jobLast);
  const jobDescription = facetField(event.job.facets, 'documentation', 'description');
  await tx.run(
    `MATCH (j:${Label.Job} {id: $jobId})
     SET j.facets = $facets, j.updatedAt = datetime(),
         j.lastEventTime = CASE WHEN $newer THEN datetime($eventTime) ELSE j.lastEventTime END,
         j.description = CASE WHEN $newer AND $description IS NOT NULL THEN $description ELSE coalesce(j.description, '') END`,
    {
      jobId,
      facets: mergeFacets(jobRes.records[0]!.get('facets'), event.job.facets, jobNewer),
      newer: jobNewer,
      eventTime: event.eventTime,
      description: typeof jobDescription === 'string' ? jobDescription : null,
    },
  );

  // The run's state, times, facets and this transition.
  await tx.run(
    `MATCH (r:${Label.LineageRun} {id: $runId}), (j:${Label.Job} {id: $jobId})
     SET r.state = $state.state, r.stateTime = datetime($state.stateTime), r.startedAt = datetime($state.startedAt),
         r.endedAt = CASE WHEN $state.endedAt IS NULL THEN null ELSE datetime($state.endedAt) END,
         r.lastEventTime = datetime($state.lastEventTime), r.facets = $facets, r.producer = $producer,
         r.name = $jobId, r.transitions = r.transitions + $key, r.updatedAt = datetime()
     MERGE (r)-[:${Rel.RUN_OF}]->(j)
     MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
     MERGE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)`,
    {
      runId,
      jobId,
      key,
      state,
      facets: mergeFacets(run.facets, event.run.facets, newer),
      producer: event.producer,
      sub: actor.sub,
      username: actor.username,
    },
  );

  const inputs: IngestResult['inputs'] = [];
  for (const input of uniqueDatasets(event.inputs)) {
    const { id: datasetId } = await mergeDataset(tx, actor, input, event.eventTime);
    inputs.push({ datasetId, versionId: await resolveInput(tx, actor, runId, datasetId, input) });
  }
  const outputs: IngestResult['outputs'] = [];
  for (const output of uniqueDatasets(event.outputs)) {
    const { id: datasetId, ownerOrgId } = await mergeDataset(tx, actor, output, event.eventTime);
    // Reading another org's dataset is recorded; writing a version into it is not allowed.
    if (!visibleOrgs.includes(ownerOrgId)) {
      throw new OpenLineageError(403, `dataset ${datasetId} is owned by org ${ownerOrgId}; ${actor.username} (${actor.org}) may not record outputs into it`);
    }
    const versionId = `${datasetId}@run:${runId}`;
    await mergeVersion(tx, actor, datasetId, versionId, output, { ...output.facets, ...output.outputFacets }, newer);
    await tx.run(
      `MATCH (r:${Label.LineageRun} {id: $runId}), (v:${Label.DatasetVersion} {id: $versionId}) MERGE (r)-[:${Rel.GENERATED}]->(v)`,
      { runId, versionId },
    );
    outputs.push({ datasetId, versionId });
  }

  await writeAudit(tx, {
    action: `lineageRun.${eventType.toLowerCase()}`,
    actor,
    targetId: runId,
    targetLabel: Label.LineageRun,
    before: isNew ? undefined : { state: run.state, transitions: run.transitions },
    after: { jobId, eventType, eventTime: event.eventTime, producer: event.producer, state: state.state, inputs, outputs },
  });
  return { runId, jobId, eventType, status: isNew ? 'created' : 'updated', state: state.state, inputs, outputs };
}

/** MERGEs the Dataset of an OpenLineage dataset, locks it (version numbering) and merges its facets. */
async function mergeDataset(tx: ManagedTransaction, actor: Identity, dataset: OLDataset, eventTime: string): Promise<{ id: string; ownerOrgId: string }> {
  const id = datasetIdOf(dataset);
  const res = await tx.run(
    `MATCH (o:${Label.Org} {id: $org})
     MERGE (d:${Label.Dataset} {id: $id})
       ON CREATE SET d.name = $qualified, d.namespace = $namespace, d.olName = $name, d.source = 'openlineage',
                     d.ownerOrgId = $org, d.tags = [], d.tagsText = '', d.description = '', d.archived = false,
                     d.createdAt = datetime(), d.createdBy = $actor
     WITH o, d
     CALL { WITH o, d WITH o, d WHERE NOT EXISTS { (d)-[:${Rel.OWNED_BY}]->() } CREATE (d)-[:${Rel.OWNED_BY}]->(o) }
     SET d._lock = true REMOVE d._lock
     RETURN d.facets AS facets, toString(d.lastEventTime) AS lastEventTime, d.ownerOrgId AS ownerOrgId`,
    { org: actor.org, id, qualified: `${dataset.namespace}/${dataset.name}`, namespace: dataset.namespace, name: dataset.name, actor: actor.username },
  );
  const record = res.records[0]!;
  if (dataset.facets && Object.keys(dataset.facets).length > 0) {
    const last = record.get('lastEventTime') as string | null;
    const newer = Number.isNaN(millis(last)) || millis(eventTime) >= millis(last);
    const description = facetField(dataset.facets, 'documentation', 'description');
    await tx.run(
      `MATCH (d:${Label.Dataset} {id: $id})
       SET d.facets = $facets, d.updatedAt = datetime(),
           d.lastEventTime = CASE WHEN $newer THEN datetime($eventTime) ELSE d.lastEventTime END,
           d.description = CASE WHEN $newer AND $description IS NOT NULL THEN $description ELSE d.description END`,
      {
        id,
        facets: mergeFacets(record.get('facets'), dataset.facets, newer),
        newer,
        eventTime,
        description: typeof description === 'string' ? description : null,
      },
    );
  }
  return { id, ownerOrgId: record.get('ownerOrgId') as string };
}

/**
 * The DatasetVersion a run read: the one it already USED (a START and a COMPLETE name the same input),
 * else the version named by a `version` facet, else the latest version this run did not generate
 * (a job reading what it writes reads the previous version), else a version observed by this run.
 */
async function resolveInput(tx: ManagedTransaction, actor: Identity, runId: string, datasetId: string, input: OLDataset & { inputFacets?: Facets }): Promise<string> {
  const already = await tx.run(
    `MATCH (:${Label.LineageRun} {id: $runId})-[:${Rel.USED}]->(v:${Label.DatasetVersion} {datasetId: $datasetId}) RETURN v.id AS id LIMIT 1`,
    { runId, datasetId },
  );
  if (already.records.length > 0) return already.records[0]!.get('id') as string;
  const facets = { ...input.facets, ...input.inputFacets };
  const olVersion = facetField(input.facets, 'version', 'datasetVersion');
  let versionId: string | undefined;
  if (typeof olVersion === 'string' && olVersion !== '') {
    const named = await tx.run(
      `MATCH (:${Label.Dataset} {id: $datasetId})-[:${Rel.HAS_VERSION}]->(v:${Label.DatasetVersion} {olVersion: $olVersion}) RETURN v.id AS id ORDER BY v.version DESC LIMIT 1`,
      { datasetId, olVersion },
    );
    versionId = (named.records[0]?.get('id') as string | undefined) ?? `${datasetId}@version:${olVersion}`;
  } else {
    const latest = await tx.run(
      `MATCH (:${Label.Dataset} {id: $datasetId})-[:${Rel.HAS_VERSION}]->(v:${Label.DatasetVersion})
       WHERE NOT EXISTS { (:${Label.LineageRun} {id: $runId})-[:${Rel.GENERATED}]->(v) }
       RETURN v.id AS id ORDER BY v.version DESC LIMIT 1`,
      { datasetId, runId },
    );
    versionId = (latest.records[0]?.get('id') as string | undefined) ?? `${datasetId}@seen:${runId}`;
  }
  await mergeVersion(tx, actor, datasetId, versionId, input, facets, false);
  await tx.run(
    `MATCH (r:${Label.LineageRun} {id: $runId}), (v:${Label.DatasetVersion} {id: $versionId}) MERGE (r)-[:${Rel.USED}]->(v)`,
    { runId, versionId },
  );
  return versionId;
}

/**
 * MERGEs a DatasetVersion (next version number of its dataset, which the caller has locked) with the
 * properties the assets subgraph requires. OpenLineage carries no content, so `contentHash` is the
 * sha256 of the version's identity (`contentHashOf`), and `rowCount` comes from the statistics facets
 * (0 when absent). Facets are merged on every event that names the version.
 */
async function mergeVersion(
  tx: ManagedTransaction,
  actor: Identity,
  datasetId: string,
  versionId: string,
  dataset: OLDataset,
  facets: Facets,
  newer: boolean,
): Promise<void> {
  const rowCount = facetField(facets, 'outputStatistics', 'rowCount') ?? facetField(facets, 'inputStatistics', 'rowCount');
  const fields = facetField(facets, 'schema', 'fields');
  const fileFormat = facetField(facets, 'storage', 'fileFormat');
  const olVersion = facetField(facets, 'version', 'datasetVersion');
  const res = await tx.run(
    `MATCH (d:${Label.Dataset} {id: $datasetId})-[:${Rel.OWNED_BY}]->(o:${Label.Org})
     OPTIONAL MATCH (d)-[:${Rel.HAS_VERSION}]->(old:${Label.DatasetVersion})
     WITH d, o, coalesce(max(old.version), 0) + 1 AS next
     MERGE (v:${Label.DatasetVersion} {id: $versionId})
       ON CREATE SET v.datasetId = d.id, v.version = next, v.contentHash = $contentHash, v.schema = '{}', v.rowCount = 0,
                     v.storageUri = $storageUri, v.format = 'UNKNOWN', v.source = 'openlineage', v.ownerOrgId = d.ownerOrgId,
                     v.name = d.name + ' v' + toString(next), v.description = coalesce(d.description, ''), v.tagsText = 'openlineage',
                     v.createdBy = $actor, v.createdAt = datetime()
     MERGE (d)-[:${Rel.HAS_VERSION}]->(v)
     MERGE (v)-[:${Rel.OWNED_BY}]->(o)
     WITH d, v
     CALL { WITH d, v MATCH (d)-[:${Rel.SHARED_WITH}]->(s:${Label.Org}) MERGE (v)-[:${Rel.SHARED_WITH}]->(s) }
     RETURN v.facets AS facets`,
    { datasetId, versionId, contentHash: contentHashOf(versionId), storageUri: `${dataset.namespace}/${dataset.name}`, actor: actor.username },
  );
  if (Object.keys(facets).length === 0) return;
  await tx.run(
    `MATCH (v:${Label.DatasetVersion} {id: $versionId})
     SET v.facets = $facets,
         v.rowCount = CASE WHEN $rowCount IS NULL THEN v.rowCount ELSE toInteger($rowCount) END,
         v.schema = CASE WHEN $schema IS NULL THEN v.schema ELSE $schema END,
         v.format = CASE WHEN $format IS NULL THEN v.format ELSE $format END,
         v.olVersion = CASE WHEN $olVersion IS NULL THEN v.olVersion ELSE $olVersion END`,
    {
      versionId,
      facets: mergeFacets(res.records[0]?.get('facets'), facets, newer),
      rowCount: Number.isInteger(rowCount) && (rowCount as number) >= 0 ? rowCount : null,
      schema: Array.isArray(fields) ? JSON.stringify({ fields }).slice(0, 64 * 1024) : null,
      format: typeof fileFormat === 'string' && fileFormat !== '' ? fileFormat.toUpperCase() : null,
      olVersion: typeof olVersion === 'string' && olVersion !== '' ? olVersion : null,
    },
  );
}

/** Stand-in content hash of an OpenLineage dataset version: sha256 of its id (OpenLineage carries no content). */
export const contentHashOf = (versionId: string): string => createHash('sha256').update(`openlineage:${versionId}`).digest('hex');
