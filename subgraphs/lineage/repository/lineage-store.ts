// Lineage questions built on the traversal: the lineage graph of one node, the impact of a dataset
// version, and the provenance chain of a deployment or service.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { Rel } from '../../../lib/graph/ontology.js';
import {
  MAX_DEPTH,
  Traverser,
  type Direction,
  type LineageEdgeRecord,
  type LineageNodeRecord,
  type NodeKind,
  type WalkOptions,
} from './traversal.js';

export interface LineageGraphRecord {
  root: LineageNodeRecord;
  /** Ordered: nearest first, then by kind, name and id. */
  nodes: LineageNodeRecord[];
  edges: LineageEdgeRecord[];
  truncated: boolean;
}

const byDistance = (a: LineageNodeRecord, b: LineageNodeRecord): number =>
  a.distance - b.distance || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/** The kinds impact analysis reports. */
export const IMPACT_KINDS: NodeKind[] = [
  'DATASET_VERSION',
  'MODEL_VERSION',
  'DEPLOYMENT',
  'SERVICE',
  'EDGE_NODE',
  'NODE',
];

export interface ImpactRecord {
  root: LineageNodeRecord;
  total: number;
  groups: { kind: NodeKind; count: number; nodes: LineageNodeRecord[] }[];
  truncated: boolean;
}

export interface Approval {
  userId: string;
  username: string;
  comment: string | null;
  at: string | null;
}

export interface ProvenanceRecord {
  services: LineageNodeRecord[];
  deployments: {
    node: LineageNodeRecord;
    requestedBy: string | null;
    approvals: Approval[];
    serviceIds: string[];
    modelVersionIds: string[];
    acceleratorIds: string[];
  }[];
  modelVersions: { node: LineageNodeRecord; trainingRunIds: string[]; evaluationIds: string[] }[];
  evaluations: { node: LineageNodeRecord; modelVersionIds: string[]; datasetVersionIds: string[] }[];
  trainingRuns: {
    node: LineageNodeRecord;
    workflowId: string | null;
    runId: string | null;
    associatedWith: { id: string; username: string }[];
    usedDatasetVersionIds: string[];
    generatedModelVersionIds: string[];
  }[];
  datasetVersions: { node: LineageNodeRecord; derivedFromIds: string[] }[];
  /** Accepted label snapshots: who labeled and who reviewed the label versions in the chain. */
  labelSnapshots: {
    node: LineageNodeRecord;
    annotators: { id: string; username: string }[];
    reviewers: { id: string; username: string }[];
    usedDatasetVersionIds: string[];
    producedDatasetVersionIds: string[];
  }[];
  accelerators: { node: LineageNodeRecord; hostIds: string[] }[];
  hosts: LineageNodeRecord[];
  /** Every node of the chain, for audit look-ups. */
  nodes: LineageNodeRecord[];
  edges: LineageEdgeRecord[];
  truncated: boolean;
}

export class LineageStore {
  private readonly traverser: Traverser;

  constructor(driver: Driver) {
    this.traverser = new Traverser(driver);
  }

  /** Null when the node does not exist or the viewer may not see it. */
  async lineage(
    viewer: Identity,
    id: string,
    direction: Direction,
    depth: number,
    kinds?: NodeKind[] | null,
    options?: WalkOptions,
  ): Promise<LineageGraphRecord | null> {
    const scope = await this.traverser.scope(viewer);
    const walk = await this.traverser.walk(scope, [id], direction, depth, options);
    const root = walk.roots[0];
    if (!root) return null;
    const wanted = kinds && kinds.length > 0 ? new Set(kinds) : null;
    const nodes = walk.nodes.filter((n) => !wanted || wanted.has(n.kind)).sort(byDistance);
    const ids = new Set(nodes.map((n) => n.id));
    // With a kind filter, only edges between nodes that are listed.
    const edges = walk.edges.filter((e) => ids.has(e.from) && ids.has(e.to));
    return { root, nodes, edges, truncated: walk.truncated };
  }

  /** Everything downstream of a dataset version, grouped by kind; null when it is unknown or invisible. */
  async impact(viewer: Identity, datasetVersionId: string): Promise<ImpactRecord | null> {
    const scope = await this.traverser.scope(viewer);
    const walk = await this.traverser.walk(scope, [datasetVersionId], 'DOWNSTREAM', MAX_DEPTH);
    const root = walk.roots[0];
    if (!root || root.kind !== 'DATASET_VERSION') return null;
    const downstream = walk.nodes.filter((n) => n.id !== root.id).sort(byDistance);
    const groups = IMPACT_KINDS.map((kind) => {
      const nodes = downstream.filter((n) => n.kind === kind);
      return { kind, count: nodes.length, nodes };
    });
    return { root, total: groups.reduce((sum, g) => sum + g.count, 0), groups, truncated: walk.truncated };
  }

  /**
   * The full chain back to the source data. From a deployment: it, the services routing to it, and
   * everything upstream; from a service: its deployments and everything upstream. Null when the start
   * is unknown or invisible.
   */
  async provenance(
    viewer: Identity,
    start: { deploymentId?: string | null; serviceId?: string | null },
  ): Promise<ProvenanceRecord | null> {
    const scope = await this.traverser.scope(viewer);
    const startId = start.deploymentId ?? start.serviceId;
    if (!startId) return null;
    const root = await this.traverser.root(scope, startId);
    const expected: NodeKind = start.deploymentId ? 'DEPLOYMENT' : 'SERVICE';
    if (!root || root.node.kind !== expected) return null;
    const walk = await this.traverser.walk(scope, [startId], 'UPSTREAM', MAX_DEPTH);
    if (start.deploymentId) {
      // The services routing to the deployment (one step down), without walking on from them into
      // the other deployments they route to.
      const down = await this.traverser.walk(scope, [startId], 'DOWNSTREAM', 1);
      const known = new Set(walk.nodes.map((n) => n.id));
      walk.nodes.push(...down.nodes.filter((n) => n.kind === 'SERVICE' && !known.has(n.id)));
      walk.edges.push(...down.edges.filter((e) => e.relationship === Rel.ROUTES_TO));
    }
    return assemble(walk.nodes, walk.edges, walk.truncated);
  }
}

function assemble(nodes: LineageNodeRecord[], edges: LineageEdgeRecord[], truncated: boolean): ProvenanceRecord {
  const sorted = [...nodes].sort(byDistance);
  const of = (kind: NodeKind) => sorted.filter((n) => n.kind === kind);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const targets = (from: string, rel: Rel) =>
    edges
      .filter((e) => e.from === from && e.relationship === rel)
      .map((e) => e.to)
      .filter((id) => byId.has(id));
  const sources = (to: string, rel: Rel) =>
    edges
      .filter((e) => e.to === to && e.relationship === rel)
      .map((e) => e.from)
      .filter((id) => byId.has(id));
  return {
    services: of('SERVICE'),
    deployments: of('DEPLOYMENT').map((node) => ({
      node,
      // REQUESTED_BY (a deployment request's requester) when recorded, else whoever created it.
      requestedBy:
        targets(node.id, Rel.REQUESTED_BY).map((id) => byId.get(id)!.name)[0] ??
        (node.properties.createdBy as string | undefined) ??
        null,
      approvals: edges
        .filter((e) => e.from === node.id && e.relationship === Rel.APPROVED_BY && byId.has(e.to))
        .map((e) => ({
          userId: e.to,
          username: byId.get(e.to)!.name,
          comment: (e.properties.comment as string | undefined) ?? null,
          at: e.at,
        })),
      serviceIds: sources(node.id, Rel.ROUTES_TO),
      modelVersionIds: targets(node.id, Rel.SERVES),
      acceleratorIds: targets(node.id, Rel.RUNS_ON),
    })),
    modelVersions: of('MODEL_VERSION').map((node) => ({
      node,
      trainingRunIds: sources(node.id, Rel.GENERATED),
      evaluationIds: sources(node.id, Rel.EVALUATES),
    })),
    evaluations: of('EVALUATION').map((node) => ({
      node,
      modelVersionIds: targets(node.id, Rel.EVALUATES),
      datasetVersionIds: targets(node.id, Rel.USED),
    })),
    trainingRuns: of('TRAINING_RUN').map((node) => ({
      node,
      workflowId: (node.properties.workflowId as string | undefined) ?? null,
      runId: (node.properties.runId as string | undefined) ?? null,
      associatedWith: targets(node.id, Rel.ASSOCIATED_WITH).map((id) => ({ id, username: byId.get(id)!.name })),
      usedDatasetVersionIds: targets(node.id, Rel.USED),
      generatedModelVersionIds: targets(node.id, Rel.GENERATED),
    })),
    datasetVersions: of('DATASET_VERSION').map((node) => ({
      node,
      derivedFromIds: targets(node.id, Rel.DERIVED_FROM),
    })),
    labelSnapshots: of('LABEL_SNAPSHOT').map((node) => {
      const agents = (role: string) =>
        edges
          .filter(
            (e) =>
              e.from === node.id &&
              e.relationship === Rel.ASSOCIATED_WITH &&
              e.properties.role === role &&
              byId.has(e.to),
          )
          .map((e) => ({ id: e.to, username: byId.get(e.to)!.name }))
          .sort((a, b) => a.username.localeCompare(b.username));
      return {
        node,
        annotators: agents('annotator'),
        reviewers: agents('reviewer'),
        usedDatasetVersionIds: targets(node.id, Rel.USED),
        producedDatasetVersionIds: sources(node.id, Rel.PRODUCED_BY),
      };
    }),
    accelerators: of('ACCELERATOR').map((node) => ({ node, hostIds: targets(node.id, Rel.INSTALLED_IN) })),
    hosts: [...of('EDGE_NODE'), ...of('NODE')],
    nodes: sorted,
    edges,
    truncated,
  };
}
