// The shapes lineage answers are made of: nodes of any lineage kind, typed edges, and the graph.
import { builder } from '../builder.js';
import { defineConnection, pageWindow, toConnection, type ConnectionShape } from '../../../lib/subgraph/connection.js';
import { checkInt } from '../../../lib/subgraph/validate.js';
import {
  MAX_DEPTH,
  NODE_KINDS,
  type Direction,
  type LineageEdgeRecord,
  type LineageNodeRecord,
  type NodeKind,
} from '../repository/traversal.js';
import type { LineageGraphRecord } from '../repository/lineage-store.js';

export const LineageNodeKind = builder.enumType('LineageNodeKind', {
  description: 'What a lineage node is: an asset kind, or a PROV activity (training run, evaluation) or agent (user).',
  values: Object.keys(NODE_KINDS) as NodeKind[],
});

export const LineageDirection = builder.enumType('LineageDirection', {
  description:
    'UPSTREAM: toward the data that produced a thing (service → deployment → model version → training run → dataset version → ' +
    'the versions it was derived from; a deployment also leads to the accelerator and node or edge node it runs on, and hardware ' +
    'to the deployments running on it; an edge node to the model version it runs). DOWNSTREAM: what a thing feeds (a model ' +
    'version: its deployments and services, and the edge nodes it is ACTIVE on). BOTH: the union of the two walks.',
  values: ['UPSTREAM', 'DOWNSTREAM', 'BOTH'] as const,
});

export const LineageNode = builder.objectRef<LineageNodeRecord>('LineageNode').implement({
  description: 'A node of a lineage graph you may see.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: LineageNodeKind, resolve: (n) => n.kind }),
    name: t.exposeString('name', {
      description: 'The name; the username of a user; a label for runs and evaluations.',
    }),
    ownerOrgId: t.exposeID('ownerOrgId', {
      nullable: true,
      description: 'Null for training runs, evaluations and users.',
    }),
    distance: t.exposeInt('distance', { description: 'Steps from the start of the walk.' }),
    properties: t.field({
      type: 'JSON',
      description:
        "A fixed subset of the node's properties for its kind (versions, digests, metrics, workflow ids, status, ...).",
      resolve: (n) => n.properties,
    }),
  }),
});

export const LineageEdge = builder.objectRef<LineageEdgeRecord>('LineageEdge').implement({
  description:
    'A relationship between two listed nodes, in its stored direction (PROV: a run USED data, GENERATED a version).',
  fields: (t) => ({
    from: t.exposeID('from'),
    to: t.exposeID('to'),
    relationship: t.exposeString('relationship', {
      description: 'The relationship type, e.g. DERIVED_FROM, USED, GENERATED, SERVES.',
    }),
    at: t.expose('at', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was recorded, when the relationship carries a time.',
    }),
    properties: t.field({
      type: 'JSON',
      description:
        'weight (ROUTES_TO), comment (APPROVED_BY), rolloutId, workflowId and state (ASSIGNED: the edge rollout that made a ' +
        'model version ACTIVE on an edge node), when present.',
      resolve: (e) => e.properties,
    }),
  }),
});

export const LineageNodeConnection = defineConnection(builder, 'LineageNode', LineageNode);

interface LineageGraphShape {
  root: LineageNodeRecord;
  nodes: ConnectionShape<LineageNodeRecord>;
  edges: LineageEdgeRecord[];
  truncated: boolean;
}

export const LineageGraph = builder.objectRef<LineageGraphShape>('LineageGraph').implement({
  description:
    'The nodes reachable from `root` in one direction that you may see; invisible nodes are left out and not walked through.',
  fields: (t) => ({
    root: t.field({ type: LineageNode, resolve: (g) => g.root }),
    nodes: t.field({
      type: LineageNodeConnection,
      description: 'Nearest first (the root included).',
      resolve: (g) => g.nodes,
    }),
    edges: t.field({
      type: [LineageEdge],
      description: 'Every edge between listed nodes (all pages).',
      resolve: (g) => g.edges,
    }),
    truncated: t.exposeBoolean('truncated', {
      description: 'True when the depth bound or the node cap stopped the walk with more to see.',
    }),
  }),
});

export const checkDepth = (depth: number | null | undefined): number => checkInt(depth ?? 5, 'depth', 0, MAX_DEPTH)!;

export function pageGraph(
  graph: LineageGraphRecord,
  page: { first?: number | null; after?: string | null },
): LineageGraphShape {
  const { offset, limit } = pageWindow(page);
  return { ...graph, nodes: toConnection(graph.nodes.slice(offset, offset + limit), graph.nodes.length, offset) };
}

export type { Direction };
