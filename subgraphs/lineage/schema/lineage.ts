// Query.lineage, impactAnalysis and provenance.
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { builder } from '../builder.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { LineageStore, type ImpactRecord, type ProvenanceRecord } from '../repository/lineage-store.js';
import type { LineageNodeRecord, NodeKind } from '../repository/traversal.js';
import { snapshotKey, WalkSnapshots } from '../repository/walk-snapshots.js';
import { COMPLIANCE } from './access.js';
import {
  checkDepth,
  LineageDirection,
  LineageEdge,
  LineageGraph,
  LineageNode,
  LineageNodeKind,
  pageGraph,
  type Direction,
} from './lineage-node.js';

/** Arguments of every `lineage` field (the query and each entity's). */
export const lineageArgs = builder.args((t) => ({
  direction: t.field({ type: LineageDirection, defaultValue: 'UPSTREAM' }),
  depth: t.int({ defaultValue: 5, description: 'Levels to walk, 0 to 20.' }),
  kinds: t.field({
    type: [LineageNodeKind],
    description: 'Only nodes of these kinds (and edges between them); all when omitted.',
  }),
  first: t.int({ defaultValue: 20 }),
  after: t.string(),
}));

/** Fields of a lineage graph that need the nodes' or edges' properties (LineageNode.properties, LineageEdge.at and .properties). */
const PROPERTY_FIELDS = new Set(['properties', 'at']);

/**
 * Whether the selection under this field asks for any of `names` at any depth, fragments followed.
 * Only LineageNode and LineageEdge below a lineage graph have fields by these names.
 */
function selects(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  const followed = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((sel) => {
      if (sel.kind === Kind.FIELD) return names.has(sel.name.value) || visit(sel.selectionSet);
      if (sel.kind === Kind.INLINE_FRAGMENT) return visit(sel.selectionSet);
      if (followed.has(sel.name.value)) return false;
      followed.add(sel.name.value);
      const fragment = info.fragments[sel.name.value];
      return !fragment || visit(fragment.selectionSet);
    });
  return info.fieldNodes.some((field) => visit(field.selectionSet));
}

export async function resolveLineage(
  id: string,
  args: {
    direction?: Direction | null;
    depth?: number | null;
    kinds?: NodeKind[] | null;
    first?: number | null;
    after?: string | null;
  },
  ctx: SubgraphContext,
  info: GraphQLResolveInfo,
) {
  const depth = checkDepth(args.depth);
  const direction = args.direction ?? 'UPSTREAM';
  // Properties are read only when asked for: the walk is much lighter without them.
  const properties = selects(info, PROPERTY_FIELDS);
  // A continuation page slices the walk its first page made (repository/walk-snapshots.ts).
  const key = snapshotKey(ctx.identity, { id, direction, depth, kinds: args.kinds, properties });
  const kept = args.after ? snapshots.get(key) : undefined;
  if (kept) return pageGraph(kept, args);
  const graph = await new LineageStore(ctx.driver).lineage(ctx.identity, id, direction, depth, args.kinds, {
    properties,
  });
  if (!graph) return null;
  const paged = pageGraph(graph, args);
  if (paged.nodes.pageInfo.hasNextPage) snapshots.set(key, graph);
  return paged;
}

const snapshots = new WalkSnapshots();

const ImpactGroup = builder.objectRef<ImpactRecord['groups'][number]>('ImpactGroup').implement({
  fields: (t) => ({
    kind: t.field({ type: LineageNodeKind, resolve: (g) => g.kind }),
    count: t.exposeInt('count'),
    nodes: t.field({ type: [LineageNode], description: 'Nearest first.', resolve: (g) => g.nodes }),
  }),
});

const ImpactAnalysis = builder.objectRef<ImpactRecord>('ImpactAnalysis').implement({
  description: 'What depends on a dataset version, as far as you may see.',
  fields: (t) => ({
    root: t.field({ type: LineageNode, resolve: (i) => i.root }),
    total: t.exposeInt('total', { description: 'Downstream nodes of the reported kinds.' }),
    groups: t.field({
      type: [ImpactGroup],
      description:
        'One group per kind, always in this order: DATASET_VERSION, MODEL_VERSION, DEPLOYMENT, SERVICE, EDGE_NODE, NODE.',
      resolve: (i) => i.groups,
    }),
    truncated: t.exposeBoolean('truncated'),
  }),
});

type P = ProvenanceRecord;

const Approval = builder.objectRef<P['deployments'][number]['approvals'][number]>('Approval').implement({
  fields: (t) => ({
    userId: t.exposeID('userId'),
    username: t.exposeString('username'),
    comment: t.exposeString('comment', { nullable: true }),
    at: t.expose('at', { type: 'DateTime', nullable: true }),
  }),
});

const ProvenanceDeployment = builder.objectRef<P['deployments'][number]>('ProvenanceDeployment').implement({
  fields: (t) => ({
    deployment: t.field({ type: LineageNode, resolve: (d) => d.node }),
    requestedBy: t.exposeString('requestedBy', { nullable: true, description: 'Who created it (createdBy).' }),
    approvals: t.field({
      type: [Approval],
      description: 'APPROVED_BY users, with the comment and time recorded on the approval.',
      resolve: (d) => d.approvals,
    }),
    serviceIds: t.exposeIDList('serviceIds'),
    modelVersionIds: t.exposeIDList('modelVersionIds'),
    acceleratorIds: t.exposeIDList('acceleratorIds'),
  }),
});

const ProvenanceModelVersion = builder.objectRef<P['modelVersions'][number]>('ProvenanceModelVersion').implement({
  fields: (t) => ({
    modelVersion: t.field({ type: LineageNode, resolve: (m) => m.node }),
    trainingRunIds: t.exposeIDList('trainingRunIds'),
    evaluationIds: t.exposeIDList('evaluationIds'),
  }),
});

const ProvenanceEvaluation = builder.objectRef<P['evaluations'][number]>('ProvenanceEvaluation').implement({
  fields: (t) => ({
    evaluation: t.field({ type: LineageNode, resolve: (e) => e.node }),
    metrics: t.field({ type: 'JSON', nullable: true, resolve: (e) => e.node.properties.metrics ?? null }),
    at: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (e) => (e.node.properties.at as string | undefined) ?? null,
    }),
    modelVersionIds: t.exposeIDList('modelVersionIds'),
    datasetVersionIds: t.exposeIDList('datasetVersionIds'),
  }),
});

const ProvenanceUser = builder.objectRef<{ id: string; username: string }>('ProvenanceUser').implement({
  fields: (t) => ({ id: t.exposeID('id'), username: t.exposeString('username') }),
});

const ProvenanceTrainingRun = builder.objectRef<P['trainingRuns'][number]>('ProvenanceTrainingRun').implement({
  fields: (t) => ({
    trainingRun: t.field({ type: LineageNode, resolve: (r) => r.node }),
    workflowId: t.exposeString('workflowId', { nullable: true, description: 'The Temporal workflow that ran it.' }),
    runId: t.exposeString('runId', { nullable: true }),
    associatedWith: t.field({
      type: [ProvenanceUser],
      description: 'ASSOCIATED_WITH: who ran it.',
      resolve: (r) => r.associatedWith,
    }),
    usedDatasetVersionIds: t.exposeIDList('usedDatasetVersionIds'),
    generatedModelVersionIds: t.exposeIDList('generatedModelVersionIds'),
  }),
});

const ProvenanceDatasetVersion = builder.objectRef<P['datasetVersions'][number]>('ProvenanceDatasetVersion').implement({
  fields: (t) => ({
    datasetVersion: t.field({ type: LineageNode, resolve: (d) => d.node }),
    derivedFromIds: t.exposeIDList('derivedFromIds', { description: 'DERIVED_FROM: the versions it was made from.' }),
  }),
});

const ProvenanceLabelSnapshot = builder.objectRef<P['labelSnapshots'][number]>('ProvenanceLabelSnapshot').implement({
  description:
    'An accepted snapshot of labels: the activity that made a label version, with who labeled and reviewed it.',
  fields: (t) => ({
    labelSnapshot: t.field({ type: LineageNode, resolve: (s) => s.node }),
    annotators: t.field({
      type: [ProvenanceUser],
      description: "ASSOCIATED_WITH {role: annotator}: everyone whose annotations the snapshot's tasks hold.",
      resolve: (s) => s.annotators,
    }),
    reviewers: t.field({
      type: [ProvenanceUser],
      description: 'ASSOCIATED_WITH {role: reviewer}: everyone who accepted or fixed a task in it.',
      resolve: (s) => s.reviewers,
    }),
    usedDatasetVersionIds: t.exposeIDList('usedDatasetVersionIds', { description: 'USED: the version labeled.' }),
    producedDatasetVersionIds: t.exposeIDList('producedDatasetVersionIds', {
      description: 'The label version it produced (PRODUCED_BY).',
    }),
  }),
});

const ProvenanceAccelerator = builder.objectRef<P['accelerators'][number]>('ProvenanceAccelerator').implement({
  fields: (t) => ({
    accelerator: t.field({ type: LineageNode, resolve: (a) => a.node }),
    hostIds: t.exposeIDList('hostIds', { description: 'The node or edge node it is installed in.' }),
  }),
});

export const Provenance = builder.objectRef<ProvenanceRecord>('Provenance').implement({
  description: 'The chain from a deployment or service back to its source data, as far as you may see.',
  fields: (t) => ({
    services: t.field({ type: [LineageNode], resolve: (p) => p.services }),
    deployments: t.field({ type: [ProvenanceDeployment], resolve: (p) => p.deployments }),
    modelVersions: t.field({ type: [ProvenanceModelVersion], resolve: (p) => p.modelVersions }),
    evaluations: t.field({ type: [ProvenanceEvaluation], resolve: (p) => p.evaluations }),
    trainingRuns: t.field({ type: [ProvenanceTrainingRun], resolve: (p) => p.trainingRuns }),
    datasetVersions: t.field({
      type: [ProvenanceDatasetVersion],
      description: 'The data used and every ancestor it was derived from.',
      resolve: (p) => p.datasetVersions,
    }),
    labelSnapshots: t.field({
      type: [ProvenanceLabelSnapshot],
      description: 'The accepted label snapshots behind label versions in the chain: who labeled, who reviewed.',
      resolve: (p) => p.labelSnapshots,
    }),
    accelerators: t.field({ type: [ProvenanceAccelerator], resolve: (p) => p.accelerators }),
    hosts: t.field({ type: [LineageNode], description: 'Nodes and edge nodes it runs on.', resolve: (p) => p.hosts }),
    edges: t.field({ type: [LineageEdge], resolve: (p) => p.edges }),
    truncated: t.exposeBoolean('truncated'),
  }),
});

builder.queryFields((t) => ({
  lineage: t.field({
    type: LineageGraph,
    nullable: true,
    description:
      'The lineage of any node by id; null when it does not exist or you may not see it. Compliance officers.',
    authScopes: COMPLIANCE,
    args: { id: t.arg.id({ required: true }), ...lineageArgs },
    resolve: (_root, args, ctx, info) => resolveLineage(args.id, args, ctx, info),
  }),
  impactAnalysis: t.field({
    type: ImpactAnalysis,
    nullable: true,
    description:
      'Everything downstream of a dataset version, grouped by kind; null when unknown or invisible. Compliance officers.',
    authScopes: COMPLIANCE,
    args: { datasetVersionId: t.arg.id({ required: true }) },
    resolve: (_root, { datasetVersionId }, ctx) => new LineageStore(ctx.driver).impact(ctx.identity, datasetVersionId),
  }),
  provenance: t.field({
    type: Provenance,
    nullable: true,
    description:
      'The full chain behind a deployment or a service (give exactly one); null when unknown or invisible. Compliance officers.',
    authScopes: COMPLIANCE,
    args: { deploymentId: t.arg.id(), serviceId: t.arg.id() },
    resolve: (_root, args, ctx) => {
      if ((args.deploymentId == null) === (args.serviceId == null))
        throw badInput('give exactly one of deploymentId and serviceId', 'deploymentId');
      return new LineageStore(ctx.driver).provenance(ctx.identity, {
        deploymentId: args.deploymentId ?? null,
        serviceId: args.serviceId ?? null,
      });
    },
  }),
}));

export type { LineageNodeRecord };
