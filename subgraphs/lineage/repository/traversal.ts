// Lineage traversal over the PROV graph: a breadth-first search with a visited set (so cycles
// terminate), a bound on depth taken from a validated integer and passed as a parameter, never pasted
// into Cypher, and a cap on nodes. Which relationships are followed, and in which direction, is the
// fixed list of steps below, built from ontology constants only. Visibility is decided inside the
// query: an asset node must pass the org rule; TrainingRun, Evaluation and User carry no owner and
// count as visible when reached from a visible asset; invisible nodes are neither returned nor
// traversed through.
//
// The whole walk is one query, one round trip (`walk`): the roots, then for each direction a Cypher
// reduce over the levels 1..$depth whose state is {visited, frontier, levels, rels}; each level expands
// the frontier in a COLLECT subquery (one typed expansion out and one in per frontier node, each
// relationship tested against the step list, passed as a parameter, and the visibility rule), and
// enters the nodes not visited yet; an EXISTS past the last level says whether the walk was cut
// short. Properties are read at the end, once per node, and only when the caller wants them; date-times
// come as numbers and are rebuilt here (the driver's decoding of them is slow). A walk that would pass
// MAX_NODES is redone by level (`walkByLevel`: the same search, one query per level, each row taken in
// order), which cuts at the node cap exactly where it is passed; the one-query walk stops expanding
// once the cap is passed, so the work stays bounded.
import neo4j, { type Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { config } from '../../../lib/config.js';
import { viewerScope, visibleTo, type ViewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';

export const READ = { database: config.neo4j.database, routing: 'READ' as const };

export const MAX_DEPTH = 20;
/** A traversal that would return more nodes than this stops early and reports `truncated`. */
export const MAX_NODES = 5_000;

export type Direction = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';

/** Node labels lineage returns, as GraphQL enum names. */
export const NODE_KINDS = {
  DATASET: Label.Dataset,
  DATASET_VERSION: Label.DatasetVersion,
  MODEL: Label.Model,
  MODEL_VERSION: Label.ModelVersion,
  TRAINING_RUN: Label.TrainingRun,
  /** An accepted snapshot of labels (domain/labeling/snapshot.ts): the activity that made a label version, with its annotators and reviewers. */
  LABEL_SNAPSHOT: Label.LabelSnapshot,
  /** An OpenLineage run (subgraphs/lineage/openlineage): a PROV activity that used and generated dataset versions. */
  LINEAGE_RUN: Label.LineageRun,
  /** The OpenLineage job a run is a run of. */
  JOB: Label.Job,
  EVALUATION: Label.Evaluation,
  SERVICE: Label.Service,
  DEPLOYMENT: Label.Deployment,
  ACCELERATOR: Label.Accelerator,
  NODE: Label.Node,
  EDGE_NODE: Label.EdgeNode,
  USER: Label.User,
} as const;
export type NodeKind = keyof typeof NODE_KINDS;
const kindOfLabel = new Map<string, NodeKind>(Object.entries(NODE_KINDS).map(([k, l]) => [l, k as NodeKind]));
const LINEAGE_LABELS = Object.values(NODE_KINDS);

/** Labels without `ownerOrgId`: visible when connected to (reached from) a visible asset. */
const OWNERLESS: Label[] = [Label.TrainingRun, Label.Evaluation, Label.User, Label.LabelSnapshot];

const anyLabel = (alias: string, labels: readonly Label[]): string =>
  `(${labels.map((l) => `${alias}:${l}`).join(' OR ')})`;

/**
 * The org rule for an asset node bound to `alias`. A ModelVersion is also visible through its Model
 * (sharing a model shares its versions), as in the models subgraph.
 */
export const assetVisible = (alias: string): string =>
  `(${alias}.ownerOrgId IS NOT NULL AND (${visibleTo(alias)} OR (${alias}:${Label.ModelVersion} AND EXISTS {
     MATCH (pm:${Label.Model})-[:${Rel.HAS_VERSION}]->(${alias}) WHERE ${visibleTo('pm')} })))`;

/**
 * Any node a caller may see on its own (a root, an audit target): an asset by the org rule, an org in
 * the caller's subtree, an ownerless node when some asset it is connected to is visible.
 */
export const nodeVisible = (alias: string): string =>
  `(CASE WHEN ${alias}:${Label.Org} THEN ${alias}.id IN $visibleOrgs
         WHEN ${alias}.ownerOrgId IS NOT NULL THEN ${assetVisible(alias)}
         WHEN ${anyLabel(alias, OWNERLESS)} THEN EXISTS { MATCH (${alias})--(va) WHERE ${assetVisible('va')} }
         ELSE false END)`;

/**
 * `flow` nodes follow every step that starts at their label. `placed` nodes were reached by going
 * from a deployment to the hardware it runs on: from there only further up the hardware (accelerator
 * → node or edge node), never back down to the other deployments on the same box, which are not part
 * of this lineage.
 */
type Mode = 'flow' | 'placed';

interface Step {
  from: readonly Label[];
  rel: Rel;
  /** As seen from the current node. */
  dir: 'out' | 'in';
  to: readonly Label[];
  modes: readonly Mode[];
  next: Mode;
  /** Only relationships whose `state` property is one of these (edge assignments: the ACTIVE ones). */
  states?: readonly string[];
}

const flow: readonly Mode[] = ['flow'];
const both: readonly Mode[] = ['flow', 'placed'];
const hosts = [Label.Node, Label.EdgeNode] as const;

/** Shared by both directions: a dataset or model is expanded into its versions; hardware to what runs on it. */
const containerAndPlacement: Step[] = [
  { from: [Label.Dataset], rel: Rel.HAS_VERSION, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.Model], rel: Rel.HAS_VERSION, dir: 'out', to: [Label.ModelVersion], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.RUNS_ON, dir: 'out', to: [Label.Accelerator], modes: flow, next: 'placed' },
  { from: [Label.Accelerator], rel: Rel.INSTALLED_IN, dir: 'out', to: hosts, modes: both, next: 'placed' },
  // Starting from hardware: the accelerators installed in it, and the deployments running on them.
  { from: hosts, rel: Rel.INSTALLED_IN, dir: 'in', to: [Label.Accelerator], modes: flow, next: 'flow' },
  { from: [Label.Accelerator], rel: Rel.RUNS_ON, dir: 'in', to: [Label.Deployment], modes: flow, next: 'flow' },
];

/**
 * An edge rollout's assignment (EdgeNode)-[:ASSIGNED {rolloutId, workflowId, state}]->(ModelVersion) is
 * the PROV step from a version to the edge node that runs it, the rollout its activity (on the edge).
 * Only ACTIVE ones: a FAILED, ROLLED_BACK or REPLACED assignment is not what the node runs.
 */
const ACTIVE_ASSIGNMENT = ['ACTIVE'] as const;

/** Toward the data that produced a thing: service → deployment → model version → run → data → source data. */
export const UPSTREAM_STEPS: readonly Step[] = [
  ...containerAndPlacement,
  // From an edge node that is a root: the version it runs. One reached as a deployment's host is `placed` and stops there.
  {
    from: [Label.EdgeNode],
    rel: Rel.ASSIGNED,
    dir: 'out',
    to: [Label.ModelVersion],
    modes: flow,
    next: 'flow',
    states: ACTIVE_ASSIGNMENT,
  },
  { from: [Label.Service], rel: Rel.ROUTES_TO, dir: 'out', to: [Label.Deployment], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.SERVES, dir: 'out', to: [Label.ModelVersion], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.APPROVED_BY, dir: 'out', to: [Label.User], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.REQUESTED_BY, dir: 'out', to: [Label.User], modes: flow, next: 'flow' },
  { from: [Label.ModelVersion], rel: Rel.GENERATED, dir: 'in', to: [Label.TrainingRun], modes: flow, next: 'flow' },
  // Evaluations are the evidence a version was judged on; their test data is upstream too.
  { from: [Label.ModelVersion], rel: Rel.EVALUATES, dir: 'in', to: [Label.Evaluation], modes: flow, next: 'flow' },
  {
    from: [Label.TrainingRun, Label.Evaluation],
    rel: Rel.USED,
    dir: 'out',
    to: [Label.DatasetVersion],
    modes: flow,
    next: 'flow',
  },
  {
    from: [Label.TrainingRun, Label.LineageRun],
    rel: Rel.ASSOCIATED_WITH,
    dir: 'out',
    to: [Label.User],
    modes: flow,
    next: 'flow',
  },
  {
    from: [Label.DatasetVersion],
    rel: Rel.DERIVED_FROM,
    dir: 'out',
    to: [Label.DatasetVersion],
    modes: flow,
    next: 'flow',
  },
  // A label version: the snapshot that made it, the source it labeled, and who labeled and reviewed it.
  {
    from: [Label.DatasetVersion],
    rel: Rel.PRODUCED_BY,
    dir: 'out',
    to: [Label.LabelSnapshot],
    modes: flow,
    next: 'flow',
  },
  { from: [Label.LabelSnapshot], rel: Rel.USED, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.LabelSnapshot], rel: Rel.ASSOCIATED_WITH, dir: 'out', to: [Label.User], modes: flow, next: 'flow' },
  // Data produced by an OpenLineage run: the run, its job, and what the run read.
  { from: [Label.DatasetVersion], rel: Rel.GENERATED, dir: 'in', to: [Label.LineageRun], modes: flow, next: 'flow' },
  { from: [Label.LineageRun], rel: Rel.USED, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.LineageRun], rel: Rel.RUN_OF, dir: 'out', to: [Label.Job], modes: flow, next: 'flow' },
];

/** What a thing feeds: data → derived data → runs → model versions → deployments → services, and their hardware. */
export const DOWNSTREAM_STEPS: readonly Step[] = [
  ...containerAndPlacement,
  {
    from: [Label.DatasetVersion],
    rel: Rel.DERIVED_FROM,
    dir: 'in',
    to: [Label.DatasetVersion],
    modes: flow,
    next: 'flow',
  },
  {
    from: [Label.DatasetVersion],
    rel: Rel.USED,
    dir: 'in',
    to: [Label.TrainingRun, Label.Evaluation, Label.LineageRun, Label.LabelSnapshot],
    modes: flow,
    next: 'flow',
  },
  {
    from: [Label.LabelSnapshot],
    rel: Rel.PRODUCED_BY,
    dir: 'in',
    to: [Label.DatasetVersion],
    modes: flow,
    next: 'flow',
  },
  { from: [Label.TrainingRun], rel: Rel.GENERATED, dir: 'out', to: [Label.ModelVersion], modes: flow, next: 'flow' },
  { from: [Label.LineageRun], rel: Rel.GENERATED, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.ModelVersion], rel: Rel.EVALUATES, dir: 'in', to: [Label.Evaluation], modes: flow, next: 'flow' },
  { from: [Label.ModelVersion], rel: Rel.SERVES, dir: 'in', to: [Label.Deployment], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.ROUTES_TO, dir: 'in', to: [Label.Service], modes: flow, next: 'flow' },
  // The edge nodes running the version; entered as `placed`, so the walk does not go on to the other
  // deployments on their accelerators, which this version does not feed.
  {
    from: [Label.ModelVersion],
    rel: Rel.ASSIGNED,
    dir: 'in',
    to: [Label.EdgeNode],
    modes: flow,
    next: 'placed',
    states: ACTIVE_ASSIGNMENT,
  },
];

/** The visibility rule for a node reached by a step: ownerless kinds pass, assets by the org rule. */
const reachedVisible = (alias: string): string => `(${anyLabel(alias, OWNERLESS)} OR ${assetVisible(alias)})`;

// --- By level: one query per BFS level --------------------------------------------------------------
// The reference walk, used when a walk reaches the node cap (see Traverser.walk).

function levelQuery(steps: readonly Step[]): string {
  const branches = steps.map((s) => {
    const pattern = s.dir === 'out' ? `(n)-[r:${s.rel}]->(m)` : `(n)<-[r:${s.rel}]-(m)`;
    return `WITH n, f
    MATCH ${pattern}
    WHERE f.mode IN [${s.modes.map((m) => `'${m}'`).join(', ')}] AND ${anyLabel('n', s.from)} AND ${anyLabel('m', s.to)}${
      s.states ? ` AND r.state IN [${s.states.map((x) => `'${x}'`).join(', ')}]` : ''
    }
    RETURN r, m, '${s.next}' AS mode`;
  });
  return `UNWIND $frontier AS f
  MATCH (n) WHERE elementId(n) = f.eid
  CALL {
    ${branches.join('\n    UNION ALL\n    ')}
  }
  WITH f, r, m, mode WHERE ${reachedVisible('m')}
  RETURN elementId(m) AS eid, m.id AS id, labels(m) AS labels, properties(m) AS props, mode,
         elementId(r) AS reid, startNode(r).id AS start, endNode(r).id AS end, type(r) AS rel, properties(r) AS relProps`;
}

const LEVEL_QUERIES: Record<'UPSTREAM' | 'DOWNSTREAM', string> = {
  UPSTREAM: levelQuery(UPSTREAM_STEPS),
  DOWNSTREAM: levelQuery(DOWNSTREAM_STEPS),
};

const ROOT_QUERY = `CALL {
    ${LINEAGE_LABELS.map((l) => `MATCH (n:${l} {id: $id}) RETURN n`).join('\n    UNION\n    ')}
  }
  WITH n WHERE ${nodeVisible('n')}
  RETURN elementId(n) AS eid, n.id AS id, labels(n) AS labels, properties(n) AS props LIMIT 1`;

// --- In one round trip: the whole walk in one query ---------------------------------------------------

/**
 * The step list as a parameter for the one-query walk, keyed by relationship type and direction
 * ('>' away from the current node, '<' towards it): which labels a step goes from and to, in which
 * modes it applies, and the mode it enters.
 */
type StepTable = Record<
  string,
  {
    modes: readonly Mode[];
    from: readonly Label[];
    to: readonly Label[];
    next: Mode;
    states: readonly string[] | null;
  }[]
>;
function stepTable(steps: readonly Step[]): StepTable {
  const table: StepTable = {};
  for (const s of steps)
    (table[`${s.rel}${s.dir === 'out' ? '>' : '<'}`] ??= []).push({
      modes: s.modes,
      from: s.from,
      to: s.to,
      next: s.next,
      states: s.states ?? null,
    });
  return table;
}
const STEP_TABLES = { UPSTREAM: stepTable(UPSTREAM_STEPS), DOWNSTREAM: stepTable(DOWNSTREAM_STEPS) };
const STEP_PARAMS = { UPSTREAM: 'upSteps', DOWNSTREAM: 'downSteps' } as const;

/**
 * Rows `r`, `m`, `modes` for every step from the frontier in `st` (nothing once more than $maxNodes
 * nodes are visited: such a walk is redone by level). Each relationship of a type some step follows in
 * that direction is tested against the table as the by-level branches test it (mode, label of `n`,
 * label of `m`); `modes` lists the modes of the matching steps' targets.
 */
function expand(dir: 'UPSTREAM' | 'DOWNSTREAM', st: string): string {
  const steps = dir === 'UPSTREAM' ? UPSTREAM_STEPS : DOWNSTREAM_STEPS;
  const types = (d: Step['dir']): string => [...new Set(steps.filter((s) => s.dir === d).map((s) => s.rel))].join('|');
  return `UNWIND CASE WHEN size(${st}.visited) > $maxNodes THEN [] ELSE ${st}.frontier END AS f
      WITH f.n AS n, f.mode AS fmode
      CALL {
        WITH n MATCH (n)-[r:${types('out')}]->(m) RETURN r, m, type(r) + '>' AS key
        UNION ALL
        WITH n MATCH (n)<-[r:${types('in')}]-(m) RETURN r, m, type(r) + '<' AS key
      }
      WITH r, m, [s IN $${STEP_PARAMS[dir]}[key]
        WHERE fmode IN s.modes AND any(l IN labels(n) WHERE l IN s.from) AND any(l IN labels(m) WHERE l IN s.to)
          AND (s.states IS NULL OR r.state IN s.states) | s.next] AS modes
      WHERE modes <> []`;
}

/**
 * One direction's walk: a reduce over the levels 1..$depth of a state {visited, frontier (nodes
 * entered on the last level, each with its mode), levels (the nodes entered, per level), rels (the
 * relationships followed)}. A level keeps the steps to visible nodes (a visited node is visible: it
 * passed this rule or the root rule); a node reached on one level in both modes is entered in `flow`,
 * the wider one. The list comprehensions over one-element lists name intermediate values.
 */
function walkExpr(dir: 'UPSTREAM' | 'DOWNSTREAM'): string {
  return `reduce(st = {visited: roots, frontier: [x IN roots | {n: x, mode: 'flow'}], levels: [], rels: []}, level IN range(1, $depth) |
    [found IN [COLLECT {
      ${expand(dir, 'st')}
      WITH r, m, modes, m IN st.visited AS seen
      WHERE seen OR ${reachedVisible('m')}
      RETURN [r, CASE WHEN seen THEN null ELSE m END, 'flow' IN modes]
    }] |
    [flow IN [COLLECT { UNWIND found AS x WITH x WHERE x[1] IS NOT NULL AND x[2] RETURN DISTINCT x[1] AS m }] |
    [next IN [[x IN flow | {n: x, mode: 'flow'}] +
              COLLECT { UNWIND found AS x WITH x WHERE x[1] IS NOT NULL AND NOT x[2] AND NOT x[1] IN flow RETURN DISTINCT {n: x[1], mode: 'placed'} AS m }] |
      {visited: st.visited + [x IN next | x.n], frontier: next, levels: st.levels + [[x IN next | x.n]], rels: st.rels + [x IN found | x[0]]}
    ][0]][0]][0])`;
}

/** Past the depth bound: whether the frontier has a visible, unvisited neighbour (the walk was cut short). */
function moreExpr(dir: 'UPSTREAM' | 'DOWNSTREAM', st: string): string {
  return `EXISTS {
      ${expand(dir, st)}
      WITH m WHERE NOT m IN ${st}.visited AND ${reachedVisible('m')}
    }`;
}

/** Date-time properties lineage returns, sent as plain numbers (see `props`). */
const TEMPORAL_KEYS = ['createdAt', 'updatedAt', 'startedAt', 'endedAt', 'stoppedAt', 'at'];
const EDGE_TEMPORAL_KEYS = ['at', 'createdAt'];

/**
 * A node's or relationship's properties as two values: a map of all of them but `keys`, and a list with
 * the value under each of `keys`, where a date-time with an offset comes as [null, year, month, day,
 * hour, minute, second, nanosecond, offsetSeconds] (a stored list never holds null). `props` rebuilds
 * the driver's DateTime from that: the driver's own decoding of date-times is the slowest part of
 * reading a walk. Any other value, a named-zone date-time included, comes as it is.
 */
const encodedProps = (alias: string, keys: readonly string[]): string =>
  `${alias} {.*, ${keys.map((k) => `${k}: null`).join(', ')}}, [v IN [${keys.map((k) => `${alias}.${k}`).join(', ')}] |
     CASE WHEN v IS :: ZONED DATETIME AND (v.timezone = 'Z' OR v.timezone STARTS WITH '+' OR v.timezone STARTS WITH '-')
          THEN [null, v.year, v.month, v.day, v.hour, v.minute, v.second, v.nanosecond, v.offsetSeconds] ELSE v END]`;

/**
 * What `toNode` reads to name a node, all a walk without properties fetches: a flat list, not a map
 * (a map sends every key name with every node, and the driver decodes each; at hundreds of nodes per
 * answer that decoding was a visible share of the walk's time in the subgraph). See `leanNode`.
 */
const leanProps = (alias: string): string =>
  `${alias}.name, ${alias}.username, ${alias}.algorithm, ${alias}.ownerOrgId, ${alias}.taskCount`;

/**
 * The whole traversal in one round trip: the roots ($ids, in order; unknown or invisible ones skipped),
 * then each direction's walk to $depth levels, and for each whether there is more past the bound. Per
 * node: id, labels, properties; per relationship followed (once, whichever walk found it): its ends,
 * type and properties. Without `properties`, only what names a node, and no relationship properties.
 * One text per direction and `properties`; every value, the depth included, is a parameter.
 */
function walkQuery(direction: Direction, properties: boolean): string {
  const dirs: ('UPSTREAM' | 'DOWNSTREAM')[] = direction === 'BOTH' ? ['UPSTREAM', 'DOWNSTREAM'] : [direction];
  const names = dirs.map((d) => d.toLowerCase());
  const node = (x: string): string =>
    `[${x}.id, labels(${x}), ${properties ? encodedProps(x, TEMPORAL_KEYS) : leanProps(x)}]`;
  // Without properties an edge is its ends and type only (toEdge reads nothing more for it).
  const rel = properties ? `, ${encodedProps('r', EDGE_TEMPORAL_KEYS)}` : '';
  return `UNWIND range(0, size($ids) - 1) AS i
  CALL {
    WITH i
    CALL {
      ${LINEAGE_LABELS.map((l) => `WITH i MATCH (n:${l} {id: $ids[i]}) RETURN n`).join('\n      UNION\n      ')}
    }
    WITH n WHERE ${nodeVisible('n')}
    RETURN n LIMIT 1
  }
  WITH i, n ORDER BY i
  WITH collect(n) AS roots
  WITH roots, ${dirs.map((d, k) => `${walkExpr(d)} AS ${names[k]}`).join(',\n  ')}
  RETURN [x IN roots | ${node('x')}] AS roots,
         ${names
           .map(
             (n, k) => `[l IN ${n}.levels | [x IN l | ${node('x')}]] AS ${n}Nodes,
         ${moreExpr(dirs[k]!, n)} AS ${n}More, size(${n}.visited) AS ${n}Visited`,
           )
           .join(',\n         ')},
         [r IN COLLECT { UNWIND ${names.map((n) => `${n}.rels`).join(' + ')} AS r RETURN DISTINCT r } |
           [startNode(r).id, endNode(r).id, type(r)${rel}]] AS edges`;
}

const DIRECTIONS: Direction[] = ['UPSTREAM', 'DOWNSTREAM', 'BOTH'];
const WALK_QUERIES = {
  full: Object.fromEntries(DIRECTIONS.map((d) => [d, walkQuery(d, true)])) as Record<Direction, string>,
  lean: Object.fromEntries(DIRECTIONS.map((d) => [d, walkQuery(d, false)])) as Record<Direction, string>,
};

// ---------------------------------------------------------------------------------------------------

export interface LineageNodeRecord {
  id: string;
  kind: NodeKind;
  name: string;
  ownerOrgId: string | null;
  /** Steps from the nearest root. */
  distance: number;
  properties: Record<string, unknown>;
}

export interface LineageEdgeRecord {
  from: string;
  to: string;
  relationship: string;
  at: string | null;
  properties: Record<string, unknown>;
}

export interface WalkOptions {
  /**
   * False: nodes come with empty `properties`, edges with null `at` and empty `properties` (for callers
   * that return none of them; a lighter query). Default true.
   */
  properties?: boolean;
}

export interface Traversal {
  roots: LineageNodeRecord[];
  nodes: LineageNodeRecord[];
  edges: LineageEdgeRecord[];
  truncated: boolean;
}

const COMMON_PROPS = ['createdAt', 'createdBy', 'updatedAt', 'archived', 'tags', 'description'];
const PROPS: Partial<Record<Label, string[]>> = {
  [Label.Dataset]: [],
  // A derived version carries the recipe run that made it and the SQL it ran: lineage is the evidence.
  [Label.DatasetVersion]: [
    'datasetId',
    'version',
    'contentHash',
    'rowCount',
    'format',
    'storageUri',
    'schema',
    'origin',
    'integrity',
    'recipeId',
    'sql',
    'workflowId',
    'runId',
  ],
  [Label.Model]: ['task'],
  [Label.ModelVersion]: [
    'modelId',
    'version',
    'format',
    'framework',
    'artifactDigest',
    'artifactSize',
    'metrics',
    'aliases',
  ],
  [Label.TrainingRun]: ['status', 'algorithm', 'params', 'workflowId', 'runId', 'startedAt', 'endedAt'],
  [Label.Evaluation]: [
    'metrics',
    'at',
    'kind',
    'status',
    'rows',
    'splitSeed',
    'testFraction',
    'targetColumn',
    'trainingRunId',
    'workflowId',
    'error',
  ],
  [Label.Service]: ['endpoint'],
  [Label.Deployment]: ['status', 'executionProvider', 'fallbackReason', 'replicas', 'stoppedAt'],
  [Label.Accelerator]: ['kind', 'vendor', 'model', 'memoryMb', 'executionProviders'],
  [Label.Node]: ['hostname', 'cpuCores', 'memoryMb', 'executionProviders'],
  [Label.EdgeNode]: ['site', 'status'],
  [Label.User]: ['username'],
  [Label.LineageRun]: ['runId', 'jobId', 'state', 'startedAt', 'endedAt', 'producer'],
  [Label.Job]: ['namespace'],
  [Label.LabelSnapshot]: ['projectId', 'versionId', 'taskCount', 'annotators', 'reviewers', 'agreement'],
};
/** Properties stored as JSON text; returned parsed. */
const JSON_TEXT = new Set(['metrics', 'params', 'schema', 'agreement']);
// rolloutId, workflowId, state: an edge assignment's rollout (the activity) and its state.
const EDGE_PROPS = ['weight', 'comment', 'at', 'createdAt', 'rolloutId', 'workflowId', 'state', 'role'];

/** Driver values (temporal types, JSON text) as plain JSON. */
export function plain(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (JSON_TEXT.has(key)) {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    }
    return value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => plain('', v));
  if (typeof value === 'object' && 'toString' in value && value.constructor !== Object) return String(value);
  return value;
}

function pick(props: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (props[key] !== undefined && props[key] !== null) out[key] = plain(key, props[key]);
  return out;
}

/** Properties from `encodedProps`: the date-times sent as numbers become the driver's DateTime again (so `plain` prints them as before). */
function props(rest: Record<string, unknown>, values: unknown[], keys: readonly string[]): Record<string, unknown> {
  const out = rest;
  keys.forEach((key, k) => {
    const v = values[k];
    if (v === null || v === undefined) {
      delete out[key];
    } else if (Array.isArray(v) && v.length === 9 && v[0] === null) {
      const [, year, month, day, hour, minute, second, nanosecond, offset] = v as number[];
      out[key] = new neo4j.types.DateTime(year!, month!, day!, hour!, minute!, second!, nanosecond!, offset!, null);
    } else {
      out[key] = v;
    }
  });
  return out;
}

function toNode(
  labels: string[],
  props: Record<string, unknown>,
  distance: number,
  properties = true,
): LineageNodeRecord | null {
  const label = labels.find((l) => kindOfLabel.has(l)) as Label | undefined;
  if (!label) return null;
  const kind = kindOfLabel.get(label)!;
  const id = String(props.id);
  const name =
    (props.name as string | undefined) ??
    (props.username as string | undefined) ??
    (label === Label.TrainingRun
      ? `training run ${String(props.algorithm ?? id)}`
      : label === Label.Evaluation
        ? `evaluation ${id}`
        : label === Label.LabelSnapshot
          ? `label snapshot of ${String(props.taskCount ?? '?')} tasks`
          : id);
  return {
    id,
    kind,
    name,
    ownerOrgId: (props.ownerOrgId as string | undefined) ?? null,
    distance,
    properties: properties ? pick(props, [...(label === Label.User ? [] : COMMON_PROPS), ...(PROPS[label] ?? [])]) : {},
  };
}

function toEdge(start: string, end: string, rel: string, relProps: Record<string, unknown>): LineageEdgeRecord {
  return {
    from: start,
    to: end,
    relationship: rel,
    at: (plain('at', relProps.at ?? relProps.createdAt) as string | null) ?? null,
    properties: pick(relProps, EDGE_PROPS),
  };
}

interface Row {
  eid: string;
  id: string;
  labels: string[];
  props: Record<string, unknown>;
  mode: Mode;
  reid: string;
  start: string;
  end: string;
  rel: string;
  relProps: Record<string, unknown>;
}

/** A node of the one-query walk: id, labels, then `encodedProps` (a map and the date-times) or `leanProps` (five values). */
type WalkNode = [string, string[], ...unknown[]];
/** An edge of the one-query walk: ends, type, then (with properties) `encodedProps`. */
type WalkEdge = [string, string, string, Record<string, unknown>?, unknown[]?];

/** A walk's node as a record, at `distance`; `properties` says which form the query sent. */
function walkNode(n: WalkNode, distance: number, properties: boolean): LineageNodeRecord | null {
  if (properties)
    return toNode(n[1], props(n[2] as Record<string, unknown>, n[3] as unknown[], TEMPORAL_KEYS), distance);
  // taskCount names a label snapshot ("label snapshot of N tasks"): without it the caption read "?".
  const [id, labels, name, username, algorithm, ownerOrgId, taskCount] = n;
  return toNode(labels, { id, name, username, algorithm, ownerOrgId, taskCount }, distance, false);
}

export class Traverser {
  constructor(private readonly driver: Driver) {}

  scope(viewer: Identity): Promise<ViewerScope> {
    return viewerScope(this.driver, viewer);
  }

  /** The node with this id when the viewer may see it (any lineage kind), else null. */
  async root(scope: ViewerScope, id: string): Promise<{ eid: string; node: LineageNodeRecord } | null> {
    const { records } = await this.driver.executeQuery(ROOT_QUERY, { id, ...scope }, READ);
    const r = records[0];
    if (!r) return null;
    const node = toNode(r.get('labels') as string[], r.get('props') as Record<string, unknown>, 0);
    return node ? { eid: r.get('eid') as string, node } : null;
  }

  /**
   * Breadth-first from `rootIds` (each must be visible; invisible or unknown ids are skipped) up to
   * `depth` levels. BOTH is the union of an upstream and a downstream walk, each from the roots, so
   * that going up and then down never wanders into unrelated branches.
   *
   * One query does it all: the roots, every level of each direction, the look past the depth bound.
   * A node's distance is the first level it was entered on (the least over both walks). A walk that
   * would pass MAX_NODES nodes is redone by level (`walkByLevel`), which cuts at the node cap exactly
   * where it is passed.
   */
  async walk(
    scope: ViewerScope,
    rootIds: string[],
    direction: Direction,
    depth: number,
    options: WalkOptions = {},
  ): Promise<Traversal> {
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_DEPTH)
      throw new Error(`depth must be an integer from 0 to ${MAX_DEPTH}`);
    const properties = options.properties ?? true;
    const params = {
      ids: [...new Set(rootIds)],
      depth: neo4j.int(depth),
      maxNodes: MAX_NODES,
      ...(direction !== 'DOWNSTREAM' ? { upSteps: STEP_TABLES.UPSTREAM } : {}),
      ...(direction !== 'UPSTREAM' ? { downSteps: STEP_TABLES.DOWNSTREAM } : {}),
      ...scope,
    };
    // One read in an auto-commit transaction: one round trip (executeQuery adds BEGIN and COMMIT);
    // the bookmarks executeQuery shares keep reads after writes causal as before.
    const session = this.driver.session({
      database: READ.database,
      defaultAccessMode: neo4j.session.READ,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    let records;
    try {
      ({ records } = await session.run(WALK_QUERIES[properties ? 'full' : 'lean'][direction], params));
    } finally {
      await session.close();
    }
    const record = records[0]!;
    const roots: LineageNodeRecord[] = [];
    for (const n of record.get('roots') as WalkNode[]) {
      const node = walkNode(n, 0, properties);
      if (node) roots.push(node);
    }
    const nodes = new Map<string, LineageNodeRecord>(roots.map((r) => [r.id, r]));
    let truncated = false;
    for (const dir of direction === 'BOTH' ? ['upstream', 'downstream'] : [direction.toLowerCase()]) {
      if ((record.get(`${dir}Visited`) as number) > MAX_NODES)
        return this.walkByLevel(scope, rootIds, direction, depth);
      const levels = record.get(`${dir}Nodes`) as WalkNode[][];
      for (let level = 1; level <= levels.length; level += 1) {
        for (const n of levels[level - 1]!) {
          const known = nodes.get(n[0]);
          if (!known) {
            const node = walkNode(n, level, properties);
            if (node) nodes.set(node.id, node);
          } else if (known.distance > level) known.distance = level;
        }
      }
      if (nodes.size > MAX_NODES) return this.walkByLevel(scope, rootIds, direction, depth);
      if (record.get(`${dir}More`) as boolean) truncated = true;
    }
    // Each relationship followed by either walk, once.
    const edges = (record.get('edges') as WalkEdge[]).map(([start, end, rel, rest, values]) =>
      toEdge(start, end, rel, rest ? props(rest, values!, EDGE_TEMPORAL_KEYS) : {}),
    );
    return { roots, nodes: [...nodes.values()], edges, truncated };
  }

  /**
   * The same walk, one query per level and each row taken in order: the reference `walk` is checked
   * against, and what it falls back to at the node cap, which this cuts row by row. Always with properties.
   */
  async walkByLevel(scope: ViewerScope, rootIds: string[], direction: Direction, depth: number): Promise<Traversal> {
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_DEPTH)
      throw new Error(`depth must be an integer from 0 to ${MAX_DEPTH}`);
    const roots: { eid: string; node: LineageNodeRecord }[] = [];
    for (const id of new Set(rootIds)) {
      const root = await this.root(scope, id);
      if (root) roots.push(root);
    }
    const directions: ('UPSTREAM' | 'DOWNSTREAM')[] = direction === 'BOTH' ? ['UPSTREAM', 'DOWNSTREAM'] : [direction];
    const nodes = new Map<string, LineageNodeRecord>(roots.map((r) => [r.node.id, r.node]));
    const edges = new Map<string, LineageEdgeRecord>();
    let truncated = false;
    for (const dir of directions) {
      if (await this.bfs(scope, roots, dir, depth, nodes, edges)) truncated = true;
    }
    return { roots: roots.map((r) => r.node), nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }

  /** Returns whether the walk stopped with more to see (depth bound or node cap). */
  private async bfs(
    scope: ViewerScope,
    roots: { eid: string; node: LineageNodeRecord }[],
    dir: 'UPSTREAM' | 'DOWNSTREAM',
    depth: number,
    nodes: Map<string, LineageNodeRecord>,
    edges: Map<string, LineageEdgeRecord>,
  ): Promise<boolean> {
    // Visited per walk (BOTH walks twice); keyed by element id, with the mode the node was entered in.
    const visited = new Map<string, Mode>(roots.map((r) => [r.eid, 'flow']));
    let frontier = roots.map((r) => ({ eid: r.eid, mode: 'flow' as Mode }));
    for (let level = 1; frontier.length > 0; level += 1) {
      const { records } = await this.driver.executeQuery(LEVEL_QUERIES[dir], { frontier, ...scope }, READ);
      const rows = records.map((r) => r.toObject() as unknown as Row);
      if (level > depth) return rows.some((row) => !visited.has(row.eid));
      const next = new Map<string, Mode>();
      for (const row of rows) {
        if (!edges.has(row.reid)) edges.set(row.reid, toEdge(row.start, row.end, row.rel, row.relProps ?? {}));
        if (visited.has(row.eid)) continue;
        // Reached twice on one level: `flow` is the wider mode and wins.
        if (next.get(row.eid) !== 'flow') next.set(row.eid, row.mode);
        const known = nodes.get(row.id);
        if (!known) {
          const node = toNode(row.labels, row.props, level);
          if (node) nodes.set(node.id, node);
        } else if (known.distance > level) known.distance = level;
        if (nodes.size > MAX_NODES) return true;
      }
      for (const [eid, mode] of next) visited.set(eid, mode);
      frontier = [...next].map(([eid, mode]) => ({ eid, mode }));
    }
    return false;
  }
}
