// Lineage traversal over the PROV graph as an iterative breadth-first search: one query per level,
// a visited set (so cycles terminate), a bound on depth taken from a validated integer and never
// pasted into Cypher, and a cap on nodes. Which relationships are followed, and in which direction,
// is the fixed list of steps below, built from ontology constants only. Visibility is decided inside
// the query: an asset node must pass the org rule; TrainingRun, Evaluation and User carry no owner and
// count as visible when reached from a visible asset; invisible nodes are neither returned nor
// traversed through.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { config } from '../../../lib/config.js';
import { viewerScope, visibleTo, type ViewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../graph-schema/ontology.js';

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
const OWNERLESS: Label[] = [Label.TrainingRun, Label.Evaluation, Label.User];

const anyLabel = (alias: string, labels: readonly Label[]): string => `(${labels.map((l) => `${alias}:${l}`).join(' OR ')})`;

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

/** Toward the data that produced a thing: service → deployment → model version → run → data → source data. */
export const UPSTREAM_STEPS: readonly Step[] = [
  ...containerAndPlacement,
  { from: [Label.Service], rel: Rel.ROUTES_TO, dir: 'out', to: [Label.Deployment], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.SERVES, dir: 'out', to: [Label.ModelVersion], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.APPROVED_BY, dir: 'out', to: [Label.User], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.REQUESTED_BY, dir: 'out', to: [Label.User], modes: flow, next: 'flow' },
  { from: [Label.ModelVersion], rel: Rel.GENERATED, dir: 'in', to: [Label.TrainingRun], modes: flow, next: 'flow' },
  // Evaluations are the evidence a version was judged on; their test data is upstream too.
  { from: [Label.ModelVersion], rel: Rel.EVALUATES, dir: 'in', to: [Label.Evaluation], modes: flow, next: 'flow' },
  { from: [Label.TrainingRun, Label.Evaluation], rel: Rel.USED, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.TrainingRun, Label.LineageRun], rel: Rel.ASSOCIATED_WITH, dir: 'out', to: [Label.User], modes: flow, next: 'flow' },
  { from: [Label.DatasetVersion], rel: Rel.DERIVED_FROM, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  // Data produced by an OpenLineage run: the run, its job, and what the run read.
  { from: [Label.DatasetVersion], rel: Rel.GENERATED, dir: 'in', to: [Label.LineageRun], modes: flow, next: 'flow' },
  { from: [Label.LineageRun], rel: Rel.USED, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.LineageRun], rel: Rel.RUN_OF, dir: 'out', to: [Label.Job], modes: flow, next: 'flow' },
];

/** What a thing feeds: data → derived data → runs → model versions → deployments → services, and their hardware. */
export const DOWNSTREAM_STEPS: readonly Step[] = [
  ...containerAndPlacement,
  { from: [Label.DatasetVersion], rel: Rel.DERIVED_FROM, dir: 'in', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.DatasetVersion], rel: Rel.USED, dir: 'in', to: [Label.TrainingRun, Label.Evaluation, Label.LineageRun], modes: flow, next: 'flow' },
  { from: [Label.TrainingRun], rel: Rel.GENERATED, dir: 'out', to: [Label.ModelVersion], modes: flow, next: 'flow' },
  { from: [Label.LineageRun], rel: Rel.GENERATED, dir: 'out', to: [Label.DatasetVersion], modes: flow, next: 'flow' },
  { from: [Label.ModelVersion], rel: Rel.EVALUATES, dir: 'in', to: [Label.Evaluation], modes: flow, next: 'flow' },
  { from: [Label.ModelVersion], rel: Rel.SERVES, dir: 'in', to: [Label.Deployment], modes: flow, next: 'flow' },
  { from: [Label.Deployment], rel: Rel.ROUTES_TO, dir: 'in', to: [Label.Service], modes: flow, next: 'flow' },
];

function levelQuery(steps: readonly Step[]): string {
  const branches = steps.map((s) => {
    const pattern = s.dir === 'out' ? `(n)-[r:${s.rel}]->(m)` : `(n)<-[r:${s.rel}]-(m)`;
    return `WITH n, f
    MATCH ${pattern}
    WHERE f.mode IN [${s.modes.map((m) => `'${m}'`).join(', ')}] AND ${anyLabel('n', s.from)} AND ${anyLabel('m', s.to)}
    RETURN r, m, '${s.next}' AS mode`;
  });
  return `UNWIND $frontier AS f
  MATCH (n) WHERE elementId(n) = f.eid
  CALL {
    ${branches.join('\n    UNION ALL\n    ')}
  }
  WITH f, r, m, mode WHERE ${anyLabel('m', OWNERLESS)} OR ${assetVisible('m')}
  RETURN elementId(m) AS eid, m.id AS id, labels(m) AS labels, properties(m) AS props, mode,
         elementId(r) AS reid, startNode(r).id AS start, endNode(r).id AS end, type(r) AS rel, properties(r) AS relProps`;
}

const QUERIES: Record<'UPSTREAM' | 'DOWNSTREAM', string> = {
  UPSTREAM: levelQuery(UPSTREAM_STEPS),
  DOWNSTREAM: levelQuery(DOWNSTREAM_STEPS),
};

const ROOT_QUERY = `CALL {
    ${LINEAGE_LABELS.map((l) => `MATCH (n:${l} {id: $id}) RETURN n`).join('\n    UNION\n    ')}
  }
  WITH n WHERE ${nodeVisible('n')}
  RETURN elementId(n) AS eid, n.id AS id, labels(n) AS labels, properties(n) AS props LIMIT 1`;

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

export interface Traversal {
  roots: LineageNodeRecord[];
  nodes: LineageNodeRecord[];
  edges: LineageEdgeRecord[];
  truncated: boolean;
}

const COMMON_PROPS = ['createdAt', 'createdBy', 'updatedAt', 'archived', 'tags', 'description'];
const PROPS: Partial<Record<Label, string[]>> = {
  [Label.Dataset]: [],
  [Label.DatasetVersion]: ['datasetId', 'version', 'contentHash', 'rowCount', 'format', 'storageUri', 'schema'],
  [Label.Model]: ['task'],
  [Label.ModelVersion]: ['modelId', 'version', 'format', 'framework', 'artifactDigest', 'artifactSize', 'metrics', 'aliases'],
  [Label.TrainingRun]: ['status', 'algorithm', 'params', 'workflowId', 'runId', 'startedAt', 'endedAt'],
  [Label.Evaluation]: ['metrics', 'at'],
  [Label.Service]: ['endpoint'],
  [Label.Deployment]: ['status', 'executionProvider', 'fallbackReason', 'replicas', 'stoppedAt'],
  [Label.Accelerator]: ['kind', 'vendor', 'model', 'memoryMb', 'executionProviders'],
  [Label.Node]: ['hostname', 'cpuCores', 'memoryMb', 'executionProviders'],
  [Label.EdgeNode]: ['site', 'status'],
  [Label.User]: ['username'],
  [Label.LineageRun]: ['runId', 'jobId', 'state', 'startedAt', 'endedAt', 'producer'],
  [Label.Job]: ['namespace'],
};
/** Properties stored as JSON text; returned parsed. */
const JSON_TEXT = new Set(['metrics', 'params', 'schema']);
const EDGE_PROPS = ['weight', 'comment', 'at', 'createdAt'];

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

function toNode(labels: string[], props: Record<string, unknown>, distance: number): LineageNodeRecord | null {
  const label = labels.find((l) => kindOfLabel.has(l)) as Label | undefined;
  if (!label) return null;
  const kind = kindOfLabel.get(label)!;
  const id = String(props.id);
  const name =
    (props.name as string | undefined) ??
    (props.username as string | undefined) ??
    (label === Label.TrainingRun ? `training run ${String(props.algorithm ?? id)}` : label === Label.Evaluation ? `evaluation ${id}` : id);
  return {
    id,
    kind,
    name,
    ownerOrgId: (props.ownerOrgId as string | undefined) ?? null,
    distance,
    properties: pick(props, [...(label === Label.User ? [] : COMMON_PROPS), ...(PROPS[label] ?? [])]),
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
   */
  async walk(scope: ViewerScope, rootIds: string[], direction: Direction, depth: number): Promise<Traversal> {
    if (!Number.isInteger(depth) || depth < 0 || depth > MAX_DEPTH) throw new Error(`depth must be an integer from 0 to ${MAX_DEPTH}`);
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
      const { records } = await this.driver.executeQuery(QUERIES[dir], { frontier, ...scope }, READ);
      const rows = records.map((r) => r.toObject() as unknown as Row);
      if (level > depth) return rows.some((row) => !visited.has(row.eid));
      const next = new Map<string, Mode>();
      for (const row of rows) {
        if (!edges.has(row.reid)) {
          const relProps = row.relProps ?? {};
          edges.set(row.reid, {
            from: row.start,
            to: row.end,
            relationship: row.rel,
            at: (plain('at', relProps.at ?? relProps.createdAt) as string | null) ?? null,
            properties: pick(relProps, EDGE_PROPS),
          });
        }
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
