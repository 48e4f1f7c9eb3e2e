// Lineage traversal over the PROV graph: one query per walk (per direction), breadth-first in effect:
// a variable-length ANY SHORTEST path pattern gives every reachable node its distance (so cycles
// terminate and each node is reached once), bounded by the validated depth integer (0 to MAX_DEPTH,
// the only value pasted into Cypher), then the same query lists each node's edges. A cap on nodes
// remains. Which relationships are followed, and in which direction, is the fixed list of steps below,
// built from ontology constants only. Visibility is decided inside the query, on every step of a path:
// an asset node must pass the org rule; TrainingRun, Evaluation and User carry no owner and count as
// visible when reached from a visible asset; invisible nodes are neither returned nor traversed through.
import type { Driver, Record as Neo4jRecord } from 'neo4j-driver';
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

const relTypes = (steps: readonly Step[]): string => [...new Set(steps.map((s) => s.rel))].join('|');

/** `alias` → `to` over `rel` is this step (labels, type and direction). */
const hop = (s: Step, from: string, rel: string, to: string): string =>
  `(${anyLabel(from, s.from)} AND type(${rel}) = '${s.rel}' AND ${s.dir === 'out' ? 'startNode' : 'endNode'}(${rel}) = ${from} AND ${anyLabel(to, s.to)})`;
const anyHop = (steps: readonly Step[], from: string, rel: string, to: string): string =>
  steps.length === 0 ? 'false' : `(${steps.map((s) => hop(s, from, rel, to)).join(' OR ')})`;

/** A node the walk may return and go on from: an asset by the org rule, or an ownerless node. */
const reachable = (alias: string): string => `(${anyLabel(alias, OWNERLESS)} OR ${assetVisible(alias)})`;

/**
 * One query for a whole walk of `depth` levels in one direction (`depth` is the validated integer,
 * 0 to MAX_DEPTH, the only value pasted into the text). A path is any number of `flow` steps followed by
 * at most two steps into `placed` mode (deployment → accelerator → host: from `placed` nodes only the
 * hardware above is followed, and nothing is above a host), every node on it visible; ANY SHORTEST
 * gives each reachable node its breadth-first distance. Then, per node, the steps its mode allows to
 * visible nodes: the edges of the walk (from nodes nearer than `depth`), and at `depth` whether there
 * was more to see.
 */
function walkQuery(steps: readonly Step[], depth: number): string {
  const flowSteps = steps.filter((s) => s.modes.includes('flow') && s.next === 'flow');
  const placing = steps.filter((s) => s.next === 'placed');
  const inFlow = steps.filter((s) => s.modes.includes('flow'));
  const inPlaced = steps.filter((s) => s.modes.includes('placed'));
  const reach =
    depth === 0
      ? 'WITH root RETURN root AS x, 0 AS dist, false AS placed'
      : `WITH root
    MATCH p = ANY SHORTEST (root)((a)-[r:${relTypes(flowSteps)}]-(b) WHERE ${anyHop(flowSteps, 'a', 'r', 'b')} AND ${reachable('b')}){0,${depth}}(f)
                                 ((c)-[t:${relTypes(placing)}]-(d) WHERE ${anyHop(placing, 'c', 't', 'd')} AND ${reachable('d')}){0,2}(x)
    WHERE length(p) <= ${depth}
    RETURN x, length(p) AS dist, size(t) > 0 AS placed`;
  return `UNWIND $roots AS rootEid
  MATCH (root) WHERE elementId(root) = rootEid
  CALL {
    ${reach}
  }
  // Nearest first; on a tie \`flow\`, the wider mode, wins.
  WITH x, dist, placed ORDER BY dist, placed
  WITH x, collect({dist: dist, placed: placed})[0] AS best
  WITH x AS n, best.dist AS dist, best.placed AS placed
  CALL {
    WITH n, placed
    MATCH (n)-[r:${relTypes(steps)}]-(m)
    WHERE ((NOT placed AND ${anyHop(inFlow, 'n', 'r', 'm')}) OR (placed AND ${anyHop(inPlaced, 'n', 'r', 'm')})) AND ${reachable('m')}
    RETURN collect({meid: elementId(m), reid: elementId(r), start: startNode(r).id, end: endNode(r).id, rel: type(r), relProps: properties(r)}) AS outs
  }
  RETURN elementId(n) AS eid, n.id AS id, labels(n) AS labels, properties(n) AS props, dist, outs`;
}

const walkQueries = new Map<string, string>();
function walkQueryFor(dir: 'UPSTREAM' | 'DOWNSTREAM', depth: number): string {
  const key = `${dir}:${depth}`;
  let query = walkQueries.get(key);
  if (!query) walkQueries.set(key, (query = walkQuery(dir === 'UPSTREAM' ? UPSTREAM_STEPS : DOWNSTREAM_STEPS, depth)));
  return query;
}

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

interface Out {
  meid: string;
  reid: string;
  start: string;
  end: string;
  rel: string;
  relProps: Record<string, unknown> | null;
}

/** Runs one query of a walk; a whole walk shares one read transaction (one session, no per-level BEGIN/COMMIT). */
type Run = (query: string, params: Record<string, unknown>) => Promise<Neo4jRecord[]>;

export class Traverser {
  constructor(private readonly driver: Driver) {}

  private readonly standalone: Run = async (query, params) => (await this.driver.executeQuery(query, params, READ)).records;

  scope(viewer: Identity): Promise<ViewerScope> {
    return viewerScope(this.driver, viewer);
  }

  /** The node with this id when the viewer may see it (any lineage kind), else null. */
  root(scope: ViewerScope, id: string): Promise<{ eid: string; node: LineageNodeRecord } | null> {
    return this.findRoot(this.standalone, scope, id);
  }

  private async findRoot(run: Run, scope: ViewerScope, id: string): Promise<{ eid: string; node: LineageNodeRecord } | null> {
    const records = await run(ROOT_QUERY, { id, ...scope });
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
    const session = this.driver.session({ database: READ.database, defaultAccessMode: 'READ' });
    try {
      // Read-only and rebuilt from scratch on each try, so a retried transaction is safe.
      return await session.executeRead(async (tx) => this.walkWith(async (query, params) => (await tx.run(query, params)).records, scope, rootIds, direction, depth));
    } finally {
      await session.close();
    }
  }

  private async walkWith(run: Run, scope: ViewerScope, rootIds: string[], direction: Direction, depth: number): Promise<Traversal> {
    const roots: { eid: string; node: LineageNodeRecord }[] = [];
    for (const id of new Set(rootIds)) {
      const root = await this.findRoot(run, scope, id);
      if (root) roots.push(root);
    }
    const directions: ('UPSTREAM' | 'DOWNSTREAM')[] = direction === 'BOTH' ? ['UPSTREAM', 'DOWNSTREAM'] : [direction];
    const nodes = new Map<string, LineageNodeRecord>(roots.map((r) => [r.node.id, r.node]));
    const edges = new Map<string, LineageEdgeRecord>();
    let truncated = false;
    for (const dir of directions) {
      if (await this.reach(run, scope, roots, dir, depth, nodes, edges)) truncated = true;
    }
    return { roots: roots.map((r) => r.node), nodes: [...nodes.values()], edges: [...edges.values()], truncated };
  }

  /** Returns whether the walk stopped with more to see (depth bound or node cap). */
  private async reach(
    run: Run,
    scope: ViewerScope,
    roots: { eid: string; node: LineageNodeRecord }[],
    dir: 'UPSTREAM' | 'DOWNSTREAM',
    depth: number,
    nodes: Map<string, LineageNodeRecord>,
    edges: Map<string, LineageEdgeRecord>,
  ): Promise<boolean> {
    if (roots.length === 0) return false;
    const records = await run(walkQueryFor(dir, depth), { roots: roots.map((r) => r.eid), ...scope });
    const rows = records
      .map((r) => ({ eid: r.get('eid') as string, id: r.get('id') as string, labels: r.get('labels') as string[], props: r.get('props') as Record<string, unknown>, dist: Number(r.get('dist')), outs: r.get('outs') as Out[] }))
      .sort((a, b) => a.dist - b.dist);
    const seen = new Set(rows.map((r) => r.eid));
    let truncated = false;
    for (const row of rows) {
      if (row.dist >= depth) {
        if (row.outs.some((o) => !seen.has(o.meid))) truncated = true;
      } else {
        for (const out of row.outs) {
          if (edges.has(out.reid) || !seen.has(out.meid)) continue;
          const relProps = out.relProps ?? {};
          edges.set(out.reid, {
            from: out.start,
            to: out.end,
            relationship: out.rel,
            at: (plain('at', relProps.at ?? relProps.createdAt) as string | null) ?? null,
            properties: pick(relProps, EDGE_PROPS),
          });
        }
      }
      const known = nodes.get(row.id);
      if (!known) {
        const node = toNode(row.labels, row.props, row.dist);
        if (node) nodes.set(node.id, node);
      } else if (known.distance > row.dist) known.distance = row.dist;
      if (nodes.size > MAX_NODES) return true;
    }
    return truncated;
  }
}
