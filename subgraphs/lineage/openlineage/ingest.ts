// Maps one validated OpenLineage RunEvent into the graph, in ONE write transaction with its audit events:
//   (:Job {id: namespace/name})                      one per OpenLineage job, OWNED_BY the first poster's org
//   (:LineageRun {id: runId, runId})-[:RUN_OF]->(Job) PROV activity, -[:ASSOCIATED_WITH]->(User); owned by
//                                                     the first poster's org (another org's: id `ol@<org>:run:<runId>`)
//   (:Dataset {id: 'ol:' + namespace/name, source: 'openlineage'})  OWNED_BY the first poster's org, made by
//                                                     the Dataset writer assets uses (domain/datasets/dataset-nodes.ts)
//   (LineageRun)-[:USED]->(DatasetVersion)            the input version the run read
//   (LineageRun)-[:GENERATED]->(DatasetVersion)       one version per (output dataset, run)
// Ownership: an event changes (facets, descriptions, new versions, runs) only what the poster's OWN org
// owns. Not what it administers: OpenLineage names are global and first come, first served, so a branch
// could otherwise claim a name first and have HQ's facets and versions land in the branch's dataset (a
// trap for HQ's data). A job, output dataset or run id that another org holds is, for the poster, a name
// of its own (`resolveNamed`, `lockRun`): the answer is the same as for an unknown name, and the other
// org's node is never changed or revealed. As an INPUT, a dataset the poster may see but not change
// (shared with it, or a branch's below it) is read-only: the run USES its latest (or named) version,
// unless the poster's org has a dataset of its own under that name. Every node created or changed gets an
// audit event (Job, Dataset, DatasetVersion: register/update; LineageRun: one per transition), and any
// refusal rolls the whole event back.
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
import { controlCharacterProblem } from '../../../lib/subgraph/validate.js';
import { viewerScope, visibleTo, type ViewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { mergeObservedVersion, setObservedVersionFacets } from '../../../domain/datasets/versions.js';
import { datasetNodeProblem, ensureDataset, setDatasetFacets } from '../../../domain/datasets/dataset-nodes.js';
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

const rank = (type: string | null | undefined): number =>
  type && TERMINAL.has(type as EventType) ? 3 : type === 'RUNNING' ? 2 : type === 'START' ? 1 : 0;
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
  if (
    TERMINAL.has(type) &&
    (Number.isNaN(millis(current.endedAt)) || t > millis(current.endedAt) || next.state === type)
  ) {
    next.endedAt = next.state && TERMINAL.has(next.state as EventType) ? next.stateTime : event.eventTime;
  }
  if (Number.isNaN(millis(current.lastEventTime)) || t > millis(current.lastEventTime))
    next.lastEventTime = event.eventTime;
  return next;
}

export interface IngestResult {
  runId: string;
  jobId: string;
  eventType: string;
  /** `unchanged`: this transition of this run was already recorded (a replay). */
  status: 'created' | 'updated' | 'unchanged';
  state: string | null;
  /** As the event named them, with the version number the run used (null: a read-only dataset without that version). */
  inputs: { namespace: string; name: string; version: number | null }[];
  outputs: { namespace: string; name: string; version: number | null }[];
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
  if (count > MAX_DATASETS)
    throw new OpenLineageError(400, `an event may name at most ${MAX_DATASETS} datasets; this one names ${count}`, [
      { path: '/inputs', message: `too many datasets (${count})` },
    ]);
  const blank: { path: string; message: string }[] = [];
  const checkName = (value: string, path: string): void => {
    if (value.trim() === '') blank.push({ path, message: 'must not be empty' });
    const control = controlCharacterProblem(value, path);
    if (control) blank.push({ path, message: control.slice(path.length + 1) });
  };
  // The documentation facet's description becomes the node's description: free text, tab and line breaks allowed.
  const checkDescription = (facets: Facets | undefined, path: string): void => {
    const description = facetField(facets, 'documentation', 'description');
    if (typeof description !== 'string') return;
    const control = controlCharacterProblem(description, path, { multiline: true });
    if (control) blank.push({ path, message: control.slice(path.length + 1) });
  };
  // Schema field names are column names shown in the portal and exported: names, so no control characters.
  const checkFields = (fields: unknown, path: string, depth = 0): void => {
    if (!Array.isArray(fields) || depth > 8) return;
    fields.forEach((field: unknown, i) => {
      if (!field || typeof field !== 'object') return;
      const { name, fields: nested } = field as { name?: unknown; fields?: unknown };
      if (typeof name === 'string') {
        const control = controlCharacterProblem(name, `${path}/${i}/name`);
        if (control)
          blank.push({ path: `${path}/${i}/name`, message: control.slice(path.length + `/${i}/name`.length + 1) });
      }
      checkFields(nested, `${path}/${i}/fields`, depth + 1);
    });
  };
  checkName(event.job.namespace, '/job/namespace');
  checkName(event.job.name, '/job/name');
  checkDescription(event.job.facets, '/job/facets/documentation/description');
  for (const side of ['inputs', 'outputs'] as const) {
    (event[side] ?? []).forEach((d, i) => {
      const found = blank.length;
      checkName(d.namespace, `/${side}/${i}/namespace`);
      checkName(d.name, `/${side}/${i}/name`);
      checkDescription(d.facets, `/${side}/${i}/facets/documentation/description`);
      // The rest of what a Dataset node must satisfy, whoever writes it (domain/datasets/dataset-nodes.ts):
      // the registerDataset limits on the name it gets (namespace/name) and the description.
      const description = facetField(d.facets, 'documentation', 'description');
      const node = datasetNodeProblem({
        name: `${d.namespace}/${d.name}`,
        description: typeof description === 'string' ? description : '',
        tags: [],
      });
      if (node && blank.length === found)
        blank.push(
          node.field === 'description'
            ? {
                path: `/${side}/${i}/facets/documentation/description`,
                message: node.message.replace(/^description /, ''),
              }
            : { path: `/${side}/${i}/name`, message: `namespace/name: ${node.message.replace(/^name /, '')}` },
        );
      checkFields(facetField(d.facets, 'schema', 'fields'), `/${side}/${i}/facets/schema/fields`);
    });
  }
  if (blank.length > 0)
    throw new OpenLineageError(
      400,
      `invalid OpenLineage event: ${blank.map((b) => `${b.path} ${b.message}`).join('; ')}`,
      blank,
    );
}

/** Stores one event; see the file header for the mapping. */
/** Stores one event; see the file header for the mapping. */
export async function ingestRunEvent(driver: Driver, actor: Identity, event: RunEvent): Promise<IngestResult> {
  assertSane(event);
  const scope = await viewerScope(driver, actor);
  const session = driver.session(WRITE);
  try {
    return await session.executeWrite((tx) =>
      ingestInTx({ tx, actor, scope, eventTime: event.eventTime, unregistered: new Set() }, event),
    );
  } catch (error) {
    if ((error as { code?: string }).code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
      throw new OpenLineageError(
        409,
        `the event conflicts with an existing asset: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    throw error;
  } finally {
    await session.close();
  }
}

/** What one event's writes share. */
interface Ctx {
  tx: ManagedTransaction;
  actor: Identity;
  scope: ViewerScope;
  eventTime: string;
  /** Nodes this event created whose `register` audit event is still to be written. */
  unregistered: Set<string>;
}

async function ingestInTx(ctx: Ctx, event: RunEvent): Promise<IngestResult> {
  const { tx, actor } = ctx;
  const runId = event.run.runId.toLowerCase();
  const eventType = event.eventType ?? 'OTHER';
  const key = transitionKey(event);

  const org = await tx.run(`MATCH (o:${Label.Org} {id: $org}) RETURN o.id AS id`, { org: actor.org });
  if (org.records.length === 0)
    throw new OpenLineageError(403, `org "${actor.org}" of ${actor.username} is not in the graph`);

  // The job first (its graph id is the run's), then the run, created on its first event and locked until
  // commit: concurrent events of one run queue here.
  const job = await resolveJob(ctx, event.job);
  const { key: runKey, run } = await lockRun(ctx, runId, job.id);
  const isNew = run.transitions.length === 0;
  if (run.jobId !== job.id) {
    // Named as its events name it (a graph id could be this org's own for a name another org holds).
    const own = await tx.run(`MATCH (j:${Label.Job} {id: $id}) RETURN j.namespace + '/' + j.name AS name`, {
      id: run.jobId,
    });
    const named = (own.records[0]?.get('name') as string | undefined) ?? 'another job';
    throw new OpenLineageError(400, `run ${runId} is a run of job ${named}, not ${jobIdOf(event.job)}`, [
      { path: '/job', message: `must be ${named} for run ${runId}` },
    ]);
  }
  if (run.transitions.includes(key)) {
    return {
      runId,
      jobId: jobIdOf(event.job),
      eventType,
      status: 'unchanged',
      state: run.state,
      inputs: [],
      outputs: [],
    };
  }
  await updateJob(ctx, job, event.job.facets);
  const newer = Number.isNaN(millis(run.lastEventTime)) || millis(event.eventTime) >= millis(run.lastEventTime);
  const state = nextState(run, event);

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
      runId: runKey,
      jobId: job.id,
      key,
      state,
      facets: mergeFacets(run.facets, event.run.facets, newer),
      producer: event.producer,
      sub: actor.sub,
      username: actor.username,
    },
  );

  // Outputs are resolved first: a name this event writes is then the org's own when read as an input too
  // (a job reading what it writes reads its own dataset, not another org's of the same name).
  for (const output of uniqueDatasets(event.outputs)) await resolveDataset(ctx, output, 'output');

  const inputs: Linked[] = [];
  for (const input of uniqueDatasets(event.inputs)) {
    const dataset = await resolveDataset(ctx, input, 'input');
    if (dataset.access === 'write') await updateDataset(ctx, dataset, input);
    const version = await resolveInput(ctx, { key: runKey, runId }, dataset, input);
    inputs.push({ namespace: input.namespace, name: input.name, datasetId: dataset.id, ...version });
  }
  const outputs: Linked[] = [];
  for (const output of uniqueDatasets(event.outputs)) {
    // Resolved again: an input of this event may have just changed the same dataset.
    const dataset = await resolveDataset(ctx, output, 'output');
    await updateDataset(ctx, dataset, output);
    // The event's runId, not the run's graph id: the dataset is the caller's own, so this is unique, and
    // it reads the same whether or not another org uses that runId.
    const versionId = `${dataset.id}@run:${runId}`;
    const version = await mergeVersion(
      ctx,
      dataset.id,
      versionId,
      output,
      { ...output.facets, ...output.outputFacets },
      newer,
    );
    await tx.run(
      `MATCH (r:${Label.LineageRun} {id: $runId}), (v:${Label.DatasetVersion} {id: $versionId}) MERGE (r)-[:${Rel.GENERATED}]->(v)`,
      { runId: runKey, versionId },
    );
    outputs.push({ namespace: output.namespace, name: output.name, datasetId: dataset.id, versionId, version });
  }

  await writeAudit(tx, {
    action: `lineageRun.${eventType.toLowerCase()}`,
    actor,
    targetId: runKey,
    targetLabel: Label.LineageRun,
    before: isNew ? undefined : { state: run.state, transitions: run.transitions },
    after: {
      jobId: job.id,
      eventType,
      eventTime: event.eventTime,
      producer: event.producer,
      state: state.state,
      inputs: inputs.map(({ datasetId, versionId }) => ({ datasetId, versionId })),
      outputs: outputs.map(({ datasetId, versionId }) => ({ datasetId, versionId })),
    },
  });
  // The answer names datasets as the event did, with version numbers: never a graph id, which for a
  // dataset another org holds would differ from the one an unknown name gets (or carry its run ids).
  const named = ({ namespace, name, version }: Linked) => ({ namespace, name, version });
  return {
    runId,
    jobId: jobIdOf(event.job),
    eventType,
    status: isNew ? 'created' : 'updated',
    state: state.state,
    inputs: inputs.map(named),
    outputs: outputs.map(named),
  };
}

interface Linked {
  namespace: string;
  name: string;
  datasetId: string;
  versionId: string | null;
  version: number | null;
}

/**
 * `write`: the caller's own org owns the node (or it was just created for it). `read`: visible (shared
 * with the caller's org, or owned by an org below it) but not the caller's to change. `none`: it exists
 * and the caller may not see it.
 */
type Access = 'write' | 'read' | 'none';

interface Resolved {
  id: string;
  access: Access;
  created: boolean;
  facets: unknown;
  lastEventTime: string | null;
  description: string | null;
}

/** Takes the node for `id`, created for the caller's org when absent (see `lockJob`, `lockDataset`). */
type Lock = (id: string) => Promise<Resolved>;

/**
 * MERGEs the Job {id} (ON CREATE owned by the caller's org, with `props`; the lineage subgraph owns Job
 * nodes: OpenLineage's jobs, nothing else makes them), takes its write lock until commit (facet merges,
 * and a concurrent creator's owner is read after its commit), and says what the caller may do with it.
 * An existing node is not changed here.
 */
async function lockJob(ctx: Ctx, id: string, props: Record<string, unknown>): Promise<Resolved> {
  const res = await ctx.tx.run(
    `MATCH (o:${Label.Org} {id: $org})
     MERGE (n:${Label.Job} {id: $id})
       ON CREATE SET n += $props, n.ownerOrgId = $org, n.createdAt = datetime(), n.createdBy = $actor, n._created = true
     FOREACH (_ IN CASE WHEN n._created THEN [1] ELSE [] END | CREATE (n)-[:${Rel.OWNED_BY}]->(o))
     SET n._lock = true
     WITH n, coalesce(n._created, false) AS created
     REMOVE n._lock, n._created
     RETURN created, n.ownerOrgId AS owner, ${visibleTo('n')} AS visible, n.facets AS facets,
            toString(n.lastEventTime) AS lastEventTime, n.description AS description`,
    {
      org: ctx.actor.org,
      id,
      props,
      actor: ctx.actor.username,
      visibleOrgs: ctx.scope.visibleOrgs,
      viewerOrg: ctx.scope.viewerOrg,
    },
  );
  const r = res.records[0];
  if (!r) throw notInGraph(ctx);
  const created = r.get('created') as boolean;
  // The job's `register` audit event is written once its facets are merged (updateFacetsOf).
  if (created) ctx.unregistered.add(id);
  return {
    id,
    access: accessOf(ctx, created, r.get('owner') as string, r.get('visible') as boolean),
    created,
    facets: r.get('facets'),
    lastEventTime: r.get('lastEventTime') as string | null,
    description: r.get('description') as string | null,
  };
}

/**
 * The dataset {id} through its one writer, domain/datasets/dataset-nodes.ts (the assets subgraph's too):
 * created for the caller's org when absent, with the owner's checks, tally and `dataset.register` audit
 * event; write-locked until commit (version numbering, facet merges).
 */
async function lockDataset(ctx: Ctx, id: string, named: OLDataset): Promise<Resolved> {
  const ensured = await ensureDataset(
    ctx.tx,
    ctx.actor,
    {
      id,
      name: `${named.namespace}/${named.name}`,
      description: '',
      tags: [],
      ownerOrgId: ctx.actor.org,
      openLineage: { namespace: named.namespace, name: named.name },
    },
    ctx.scope,
  );
  if (!ensured) throw notInGraph(ctx);
  const { dataset, created, visible } = ensured;
  return {
    id,
    access: accessOf(ctx, created, dataset.ownerOrgId, visible),
    created,
    facets: ensured.facets,
    lastEventTime: ensured.lastEventTime,
    description: dataset.description ?? null,
  };
}

const notInGraph = (ctx: Ctx): OpenLineageError =>
  new OpenLineageError(403, `org "${ctx.actor.org}" of ${ctx.actor.username} is not in the graph`);

const accessOf = (ctx: Ctx, created: boolean, owner: string, visible: boolean): Access =>
  created || owner === ctx.actor.org ? 'write' : visible ? 'read' : 'none';

/**
 * The graph node an OpenLineage name stands for, for this caller. OpenLineage names are global, but a
 * name another org holds is, for the caller, a name of its own: the caller's events then use a node of
 * its org (`shadowId`), and where the caller cannot see the other org's node the answer is exactly what
 * an unknown name gets; the other org's node is never changed, and an invisible one never linked or
 * revealed. `readable` (an input): a node the caller may see but not change is used read-only, unless
 * the caller's org already has its own node under that name.
 */
async function resolveNamed(
  ctx: Ctx,
  label: typeof Label.Job | typeof Label.Dataset,
  globalId: string,
  shadowId: string,
  lock: Lock,
  readable: boolean,
): Promise<Resolved> {
  const global = await lock(globalId);
  if (global.access === 'write') return global;
  if (readable && global.access === 'read') {
    const mine = await ctx.tx.run(`MATCH (n:${label} {id: $id, ownerOrgId: $org}) RETURN n.id AS id`, {
      id: shadowId,
      org: ctx.actor.org,
    });
    if (mine.records.length === 0) return global;
  }
  const own = await lock(shadowId);
  // Only when some other name was chosen to equal this org's shadow id.
  if (own.access !== 'write')
    throw new OpenLineageError(
      409,
      `${label} ${globalId} cannot be recorded for ${ctx.actor.org}: choose another name`,
    );
  return own;
}

export const shadowDatasetIdOf = (org: string, d: { namespace: string; name: string }): string =>
  `ol@${org}:${d.namespace}/${d.name}`;
export const shadowJobIdOf = (org: string, job: { namespace: string; name: string }): string =>
  `ol@${org}:job:${job.namespace}/${job.name}`;
export const shadowRunIdOf = (org: string, runId: string): string => `ol@${org}:run:${runId}`;

type StoredRun = RunState & { ownerOrgId: string; jobId: string; transitions: string[]; facets: string | null };

/**
 * The caller's run for the event's runId, created on its first event and write-locked until commit
 * (concurrent events of one run queue here). Run ids are the client's UUIDs: one another org already
 * uses is, for the caller, a run id of its own (graph id `shadowRunIdOf`), so reusing it answers exactly
 * like an unknown run id and never touches, nor names, the other org's run.
 */
async function lockRun(ctx: Ctx, runId: string, jobId: string): Promise<{ key: string; run: StoredRun }> {
  const merge = async (key: string): Promise<StoredRun> => {
    const res = await ctx.tx.run(
      `MERGE (r:${Label.LineageRun} {id: $key})
         ON CREATE SET r.runId = $runId, r.jobId = $jobId, r.ownerOrgId = $org, r.transitions = [],
                       r.createdAt = datetime(), r.createdBy = $actor
       SET r._lock = true REMOVE r._lock
       RETURN r { .ownerOrgId, .jobId, .transitions, .state, .facets, stateTime: toString(r.stateTime),
                  startedAt: toString(r.startedAt), endedAt: toString(r.endedAt), lastEventTime: toString(r.lastEventTime) } AS run`,
      { key, runId, jobId, org: ctx.actor.org, actor: ctx.actor.username },
    );
    return res.records[0]!.get('run') as StoredRun;
  };
  // Looked at without a lock first: another org's run is not even locked by this caller.
  const held = await ctx.tx.run(`MATCH (r:${Label.LineageRun} {id: $runId}) RETURN r.ownerOrgId AS owner`, { runId });
  const owner = held.records[0]?.get('owner') as string | undefined;
  if (owner === undefined || owner === ctx.actor.org) {
    const run = await merge(runId);
    // Another org may have created it between the look and the MERGE.
    if (run.ownerOrgId === ctx.actor.org) return { key: runId, run };
  }
  const key = shadowRunIdOf(ctx.actor.org, runId);
  const run = await merge(key);
  // Only if a run id was chosen to equal this org's shadow id (not a UUID, so never a client's).
  if (run.ownerOrgId !== ctx.actor.org)
    throw new OpenLineageError(409, `run ${runId} cannot be recorded for ${ctx.actor.org}: use a new runId`);
  return { key, run };
}

/** The job: global OpenLineage identity, owned by the org that first reported it; see `resolveNamed`. */
function resolveJob(ctx: Ctx, job: RunEvent['job']): Promise<Resolved> {
  const props = { namespace: job.namespace, name: job.name, description: '' };
  // Jobs are never shared: one the caller may not change gets a job of the caller's own.
  return resolveNamed(
    ctx,
    Label.Job,
    jobIdOf(job),
    shadowJobIdOf(ctx.actor.org, job),
    (id) => lockJob(ctx, id, props),
    false,
  );
}

/** An output is always a dataset of the caller's own org; an input may be another's, read-only. */
function resolveDataset(ctx: Ctx, dataset: OLDataset, side: 'input' | 'output'): Promise<Resolved> {
  return resolveNamed(
    ctx,
    Label.Dataset,
    datasetIdOf(dataset),
    shadowDatasetIdOf(ctx.actor.org, dataset),
    (id) => lockDataset(ctx, id, dataset),
    side === 'input',
  );
}

/**
 * Merges facets (and the documentation facet's description) into a Job or Dataset the caller may change;
 * audits the node's creation or change, once per event. An older event (out of order) only adds facets.
 */
async function updateFacetsOf(
  ctx: Ctx,
  label: Label,
  node: Resolved,
  incoming: Facets | undefined,
  what: { after: Record<string, unknown> },
): Promise<void> {
  if (node.access !== 'write') throw new Error(`updateFacetsOf: ${node.id} is not writable`);
  const newer = Number.isNaN(millis(node.lastEventTime)) || millis(ctx.eventTime) >= millis(node.lastEventTime);
  const facets =
    incoming && Object.keys(incoming).length > 0
      ? mergeFacets(node.facets, incoming, newer)
      : ((node.facets as string | null) ?? null);
  const documented = facetField(incoming, 'documentation', 'description');
  const description = newer && typeof documented === 'string' ? documented : node.description;
  const changed = facets !== ((node.facets as string | null) ?? null) || description !== node.description;
  // Only a job waits for its facets to be audited as registered; a dataset's writer audited its creation.
  const registering = ctx.unregistered.delete(node.id);
  if (changed) {
    const change = { facets, description, newer, eventTime: ctx.eventTime };
    if (label === Label.Dataset) await setDatasetFacets(ctx.tx, node.id, change);
    else
      await ctx.tx.run(
        `MATCH (n:${Label.Job} {id: $id})
         SET n.facets = $facets, n.description = $description, n.updatedAt = datetime(),
             n.lastEventTime = CASE WHEN $newer THEN datetime($eventTime) ELSE n.lastEventTime END`,
        { id: node.id, ...change },
      );
  }
  if (!changed && !registering) return;
  const kind = label === Label.Job ? 'job' : 'dataset';
  await writeAudit(ctx.tx, {
    action: `${kind}.${registering ? 'register' : 'update'}`,
    actor: ctx.actor,
    targetId: node.id,
    targetLabel: label,
    before: registering ? undefined : { description: node.description, facets: node.facets ?? null },
    after: { ...what.after, description, facets, source: 'openlineage' },
  });
}

const updateJob = (ctx: Ctx, job: Resolved, facets: Facets | undefined): Promise<void> =>
  updateFacetsOf(ctx, Label.Job, job, facets, { after: {} });

const updateDataset = (ctx: Ctx, dataset: Resolved, named: OLDataset): Promise<void> =>
  updateFacetsOf(ctx, Label.Dataset, dataset, named.facets, {
    after: { namespace: named.namespace, name: named.name },
  });

/**
 * The DatasetVersion a run read: the one it already USED (a START and a COMPLETE name the same input),
 * else the version named by a `version` facet, else the latest version this run did not generate
 * (a job reading what it writes reads the previous version), else a version observed by this run.
 * A dataset the caller may only read gets no new version and no facets: the run USES an existing
 * version, or records nothing for it (version null).
 */
async function resolveInput(
  ctx: Ctx,
  { key, runId }: { key: string; runId: string },
  dataset: Resolved,
  input: OLDataset & { inputFacets?: Facets },
): Promise<{ versionId: string | null; version: number | null }> {
  const { tx } = ctx;
  const datasetId = dataset.id;
  const already = await tx.run(
    `MATCH (:${Label.LineageRun} {id: $key})-[:${Rel.USED}]->(v:${Label.DatasetVersion} {datasetId: $datasetId}) RETURN v.id AS id, v.version AS version LIMIT 1`,
    { key, datasetId },
  );
  if (already.records.length > 0)
    return {
      versionId: already.records[0]!.get('id') as string,
      version: already.records[0]!.get('version') as number,
    };
  const facets = { ...input.facets, ...input.inputFacets };
  const olVersion = facetField(input.facets, 'version', 'datasetVersion');
  let found: { id: string; version: number } | undefined;
  let fallback: string;
  if (typeof olVersion === 'string' && olVersion !== '') {
    const named = await tx.run(
      `MATCH (:${Label.Dataset} {id: $datasetId})-[:${Rel.HAS_VERSION}]->(v:${Label.DatasetVersion} {olVersion: $olVersion}) RETURN v.id AS id, v.version AS version ORDER BY v.version DESC LIMIT 1`,
      { datasetId, olVersion },
    );
    found = named.records[0]?.toObject() as typeof found;
    fallback = `${datasetId}@version:${olVersion}`;
  } else {
    const latest = await tx.run(
      `MATCH (:${Label.Dataset} {id: $datasetId})-[:${Rel.HAS_VERSION}]->(v:${Label.DatasetVersion})
       WHERE NOT EXISTS { (:${Label.LineageRun} {id: $key})-[:${Rel.GENERATED}]->(v) }
       RETURN v.id AS id, v.version AS version ORDER BY v.version DESC LIMIT 1`,
      { datasetId, key },
    );
    found = latest.records[0]?.toObject() as typeof found;
    fallback = `${datasetId}@seen:${runId}`;
  }
  let versionId: string;
  let version: number;
  if (dataset.access === 'write') {
    versionId = found?.id ?? fallback;
    version = await mergeVersion(ctx, datasetId, versionId, input, facets, false);
  } else if (found) {
    ({ id: versionId, version } = found);
  } else {
    return { versionId: null, version: null };
  }
  await tx.run(
    `MATCH (r:${Label.LineageRun} {id: $key}), (v:${Label.DatasetVersion} {id: $versionId}) MERGE (r)-[:${Rel.USED}]->(v)`,
    { key, versionId },
  );
  return { versionId, version };
}

/**
 * MERGEs a DatasetVersion through its one writer, domain/datasets/versions.ts (next version number of
 * its dataset, which the caller has locked). OpenLineage carries no content, so `contentHash` is the
 * sha256 of the version's identity (`contentHashOf`), and `rowCount` comes from the statistics facets
 * (0 when absent). Facets are merged on every event that names the version. Audits its creation or
 * change. Returns the version number.
 */
async function mergeVersion(
  ctx: Ctx,
  datasetId: string,
  versionId: string,
  dataset: OLDataset,
  facets: Facets,
  newer: boolean,
): Promise<number> {
  const { tx, actor } = ctx;
  const rowCount =
    facetField(facets, 'outputStatistics', 'rowCount') ?? facetField(facets, 'inputStatistics', 'rowCount');
  const fields = facetField(facets, 'schema', 'fields');
  const fileFormat = facetField(facets, 'storage', 'fileFormat');
  const olVersion = facetField(facets, 'version', 'datasetVersion');
  const {
    created,
    version,
    facets: stored,
  } = await mergeObservedVersion(tx, {
    datasetId,
    versionId,
    contentHash: contentHashOf(versionId),
    storageUri: `${dataset.namespace}/${dataset.name}`,
    actor: actor.username,
  });
  const merged = Object.keys(facets).length === 0 ? stored : mergeFacets(stored, facets, newer);
  const changed = merged !== stored;
  const after = {
    facets: merged,
    rowCount: Number.isInteger(rowCount) && (rowCount as number) >= 0 ? rowCount : null,
    schema: Array.isArray(fields) ? JSON.stringify({ fields }).slice(0, 64 * 1024) : null,
    format: typeof fileFormat === 'string' && fileFormat !== '' ? fileFormat.toUpperCase() : null,
    olVersion: typeof olVersion === 'string' && olVersion !== '' ? olVersion : null,
  };
  if (changed) await setObservedVersionFacets(tx, versionId, after);
  if (created || changed) {
    await writeAudit(tx, {
      action: `datasetVersion.${created ? 'register' : 'update'}`,
      actor,
      targetId: versionId,
      targetLabel: Label.DatasetVersion,
      before: created ? undefined : { facets: stored },
      after: { datasetId, version, source: 'openlineage', ...after },
    });
  }
  return version;
}

/** Stand-in content hash of an OpenLineage dataset version: sha256 of its id (OpenLineage carries no content). */
export const contentHashOf = (versionId: string): string =>
  createHash('sha256').update(`openlineage:${versionId}`).digest('hex');
