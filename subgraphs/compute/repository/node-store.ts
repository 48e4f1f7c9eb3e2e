// Compute nodes (hosts) in a cluster. A node belongs to its cluster's org.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { Keyset } from '../../../lib/subgraph/cursor.js';
import { viewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import {
  archiveAsset,
  assertNameFree,
  duplicateName,
  inWriteTx,
  int,
  lookupForWrite,
  updateAsset,
  visibleById,
  visiblePage,
} from '../../../lib/graph/asset-store.js';
import { visibleByIds, visibleRelatedByIds } from '../../../lib/graph/batch.js';
import { NODE, ensureNode, type NodeRecord } from '../../../domain/compute/node-nodes.js';

export { NODE, type NodeRecord };

export interface NewNode {
  clusterId: string;
  name: string;
  description?: string;
  tags?: string[];
  hostname: string;
  cpuCores?: number;
  memoryMb?: number;
  executionProviders?: string[];
}

export interface NodeChanges {
  name?: string;
  description?: string;
  tags?: string[];
  hostname?: string;
  cpuCores?: number;
  memoryMb?: number;
  executionProviders?: string[];
}

const intProps = (changes: NodeChanges): Record<string, unknown> => ({
  ...changes,
  ...(changes.cpuCores !== undefined ? { cpuCores: int(changes.cpuCores) } : {}),
  ...(changes.memoryMb !== undefined ? { memoryMb: int(changes.memoryMb) } : {}),
});

export class NodeStore {
  constructor(private readonly driver: Driver) {}

  byId(viewer: Identity, id: string): Promise<NodeRecord | null> {
    return visibleById(this.driver, viewer, NODE, id);
  }

  /** `byId` for many ids in one query (per-request loader): null where missing or invisible. */
  byIds(viewer: Identity, ids: readonly string[]): Promise<(NodeRecord | null)[]> {
    return visibleByIds(this.driver, viewer, NODE, ids);
  }

  page(
    viewer: Identity,
    args: {
      first: number;
      after: Keyset | null;
      includeArchived: boolean;
      clusterId?: string | null;
      executionProvider?: string | null;
    },
  ) {
    return visiblePage<NodeRecord>(this.driver, viewer, NODE, {
      ...args,
      where: `($clusterId IS NULL OR EXISTS { MATCH (n)-[:${Rel.IN_CLUSTER}]->(:${Label.Cluster} {id: $clusterId}) })
              AND ($ep IS NULL OR $ep IN n.executionProviders)`,
      params: { clusterId: args.clusterId ?? null, ep: args.executionProvider ?? null },
    });
  }

  /** Visible nodes of each cluster, one query for all (per-request loader). */
  inClusters(viewer: Identity, clusterIds: readonly string[], includeArchived: boolean): Promise<NodeRecord[][]> {
    return visibleRelatedByIds(
      this.driver,
      viewer,
      NODE,
      `(n:${Label.Node})-[:${Rel.IN_CLUSTER}]->(:${Label.Cluster} {id: id})`,
      clusterIds,
      includeArchived,
    );
  }

  async register(actor: Identity, input: NewNode): Promise<NodeRecord> {
    const scope = await viewerScope(this.driver, actor);
    let org = '';
    return inWriteTx(
      this.driver,
      async (tx) => {
        const cluster = await lookupForWrite(tx, Label.Cluster, 'cluster', input.clusterId, scope, 'clusterId');
        if (cluster.archived) throw badInput(`cluster ${input.clusterId} is archived`, 'clusterId');
        org = cluster.ownerOrgId;
        await assertNameFree(tx, NODE, org, input.name);
        const made = await ensureNode(tx, actor, {
          id: randomUUID(),
          name: input.name,
          description: input.description ?? '',
          tags: input.tags ?? [],
          hostname: input.hostname,
          cpuCores: input.cpuCores ?? null,
          memoryMb: input.memoryMb ?? null,
          executionProviders: input.executionProviders ?? [],
          ownerOrgId: org,
          clusterId: input.clusterId,
        });
        if (!made) throw new Error(`org "${org}" does not exist in the graph`);
        return made.node;
      },
      () => duplicateName(NODE, input.name, org),
    );
  }

  update(actor: Identity, id: string, changes: NodeChanges): Promise<NodeRecord> {
    return updateAsset(this.driver, actor, NODE, id, intProps(changes));
  }

  archive(actor: Identity, id: string): Promise<NodeRecord> {
    return archiveAsset(this.driver, actor, NODE, id, {
      query: `OPTIONAL MATCH (a:${Label.Accelerator})-[:${Rel.INSTALLED_IN}]->(n) WHERE NOT coalesce(a.archived, false) RETURN count(a) AS blocking`,
      message: (count) => `node ${id} still has ${count} accelerator(s) installed; archive them first`,
    });
  }
}
