// This subgraph's batched reads, one loader per kind per request (lib/subgraph/loaders.ts): entity
// references and nested fields of many parents cost one query per kind, visibility inside it.
import type { Label } from '../../../lib/graph/ontology.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { assignmentsOf } from '../../../domain/edge/assignment-store.js';
import type { AssignmentState } from '../../../domain/edge/shared.js';
import { AcceleratorStore } from './accelerator-store.js';
import { ClusterStore } from './cluster-store.js';
import { EdgeNodeStore } from './edge-node-store.js';
import { NodeStore } from './node-store.js';
import { PlacementStore } from './placement-store.js';

type Host = typeof Label.Node | typeof Label.EdgeNode;

const nodes = (ctx: SubgraphContext) => (ids: readonly string[]) => new NodeStore(ctx.driver).byIds(ctx.identity, ids);

export const load = {
  /** Visible accelerators; each one's compute node, read by the same query, primes the Node loader. */
  accelerator: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('Accelerator', id, async (ids) => {
      const found = await new AcceleratorStore(ctx.driver).byIds(ctx.identity, ids);
      for (const a of found)
        if (a?.nodeId && (a.node === null || a.node.id === a.nodeId))
          ctx.loaders.prime('Node', a.nodeId, a.node, nodes(ctx));
      return found;
    }),
  cluster: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('Cluster', id, (ids) => new ClusterStore(ctx.driver).byIds(ctx.identity, ids)),
  edgeNode: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('EdgeNode', id, (ids) => new EdgeNodeStore(ctx.driver).byIds(ctx.identity, ids)),
  node: (ctx: SubgraphContext, id: string) => ctx.loaders.load('Node', id, nodes(ctx)),
  /** `{ id }` of a model version (owned by the models subgraph) the caller may see, else null. */
  modelVersionRef: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('ref:ModelVersion', id, (ids) =>
      new PlacementStore(ctx.driver).visibleModelVersions(ctx.identity, ids),
    ),
  /** Visible accelerators installed in a node or an edge node. */
  acceleratorsIn: (ctx: SubgraphContext, host: Host, hostId: string, includeArchived: boolean) =>
    ctx.loaders.load(`Accelerator.in:${host}:${includeArchived}`, hostId, (ids) =>
      new AcceleratorStore(ctx.driver).inHosts(ctx.identity, host, ids, includeArchived),
    ),
  /** Edge rollout assignments of an edge node already shown to the caller, of versions it may see. */
  assignmentsOn: (ctx: SubgraphContext, edgeNodeId: string, state: AssignmentState | null) =>
    ctx.loaders.load(`EdgeAssignment.on:${state ?? ''}`, edgeNodeId, (ids) =>
      assignmentsOf(ctx.driver, ctx.identity, ids, state),
    ),
  /** Visible nodes of a cluster. */
  nodesIn: (ctx: SubgraphContext, clusterId: string, includeArchived: boolean) =>
    ctx.loaders.load(`Node.inCluster:${includeArchived}`, clusterId, (ids) =>
      new NodeStore(ctx.driver).inClusters(ctx.identity, ids, includeArchived),
    ),
};
