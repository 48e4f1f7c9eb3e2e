// Accelerators (CPU, GPU, NPU, FPGA) installed in a compute node or an edge node; they belong to
// their host's org.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { Keyset } from '../../../lib/subgraph/cursor.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { tally } from '../../../lib/graph/tally.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import {
  COMMON,
  archiveAsset,
  assertNameFree,
  duplicateName,
  inWriteTx,
  int,
  lookupForWrite,
  updateAsset,
  visibleById,
  visiblePage,
  type AssetKind,
  type CommonRecord,
} from '../../../lib/graph/asset-store.js';
import { oneEach, visibleRelatedByIds } from '../../../lib/graph/batch.js';
import { NODE, type NodeRecord } from './node-store.js';

export const ACCELERATOR_KINDS = ['CPU', 'GPU', 'NPU', 'FPGA'] as const;
export type AcceleratorKind = (typeof ACCELERATOR_KINDS)[number];

export interface AcceleratorRecord extends CommonRecord {
  kind: AcceleratorKind;
  vendor: string;
  model: string;
  memoryMb: number;
  executionProviders: string[];
  nodeId: string | null;
  edgeNodeId: string | null;
}

/** An accelerator with the compute node it is installed in: null when it has none or the viewer may not see it. */
export interface AcceleratorWithNode extends AcceleratorRecord {
  node: NodeRecord | null;
}

export const ACCELERATOR: AssetKind = {
  label: Label.Accelerator,
  what: 'accelerator',
  action: 'accelerator',
  projection: `n { ${COMMON}, .kind, vendor: coalesce(n.vendor, ''), model: coalesce(n.model, ''),
    memoryMb: coalesce(n.memoryMb, 0), executionProviders: coalesce(n.executionProviders, []),
    nodeId: [(n)-[:${Rel.INSTALLED_IN}]->(h:${Label.Node}) | h.id][0],
    edgeNodeId: [(n)-[:${Rel.INSTALLED_IN}]->(h:${Label.EdgeNode}) | h.id][0] }`,
};

export interface NewAccelerator {
  name: string;
  description?: string;
  tags?: string[];
  kind: AcceleratorKind;
  vendor: string;
  model: string;
  memoryMb: number;
  executionProviders: string[];
  nodeId?: string;
  edgeNodeId?: string;
}

export interface AcceleratorChanges {
  name?: string;
  description?: string;
  tags?: string[];
  vendor?: string;
  model?: string;
  memoryMb?: number;
  executionProviders?: string[];
}

export interface AcceleratorFilter {
  kind?: AcceleratorKind | null;
  vendor?: string | null;
  executionProvider?: string | null;
  clusterId?: string | null;
  nodeId?: string | null;
  edgeNodeId?: string | null;
}

/** Deployment statuses that keep an accelerator busy (the serving subgraph writes them). */
const ACTIVE_DEPLOYMENT = ['PENDING', 'READY'];

export class AcceleratorStore {
  constructor(private readonly driver: Driver) {}

  byId(viewer: Identity, id: string): Promise<AcceleratorRecord | null> {
    return visibleById(this.driver, viewer, ACCELERATOR, id);
  }

  /**
   * `byId` for many ids in one query (per-request loader): null where missing or invisible. Each comes
   * with its compute node as NodeStore.byIds reads it (same projection, same visibility rule), so that
   * `accelerator { node }` (the cross-subgraph walk) costs one round trip, not two (loaders.ts primes it).
   */
  async byIds(viewer: Identity, ids: readonly string[]): Promise<(AcceleratorWithNode | null)[]> {
    return oneEach<AcceleratorWithNode>(
      this.driver,
      ids,
      `MATCH (n:${Label.Accelerator} {id: id}) WHERE ${visibleTo('n')}
       WITH id, ${ACCELERATOR.projection} AS item,
            [(n)-[:${Rel.INSTALLED_IN}]->(h:${Label.Node}) WHERE ${visibleTo('h')} | h][0] AS n
       RETURN id, item { .*, node: CASE WHEN n IS NULL THEN null ELSE ${NODE.projection} END } AS item`,
      { ...ACCELERATOR.params, ...NODE.params, ...(await viewerScope(this.driver, viewer)) },
    );
  }

  page(
    viewer: Identity,
    args: { first: number; after: Keyset | null; includeArchived: boolean; filter: AcceleratorFilter },
  ) {
    const f = args.filter;
    return visiblePage<AcceleratorRecord>(this.driver, viewer, ACCELERATOR, {
      ...args,
      where: `($kind IS NULL OR n.kind = $kind)
        AND ($vendor IS NULL OR toLower(n.vendor) = toLower($vendor))
        AND ($ep IS NULL OR $ep IN n.executionProviders)
        AND ($nodeId IS NULL OR EXISTS { MATCH (n)-[:${Rel.INSTALLED_IN}]->(:${Label.Node} {id: $nodeId}) })
        AND ($edgeNodeId IS NULL OR EXISTS { MATCH (n)-[:${Rel.INSTALLED_IN}]->(:${Label.EdgeNode} {id: $edgeNodeId}) })
        AND ($clusterId IS NULL OR EXISTS { MATCH (n)-[:${Rel.INSTALLED_IN}]->(:${Label.Node})-[:${Rel.IN_CLUSTER}]->(:${Label.Cluster} {id: $clusterId}) })`,
      params: {
        kind: f.kind ?? null,
        vendor: f.vendor ?? null,
        ep: f.executionProvider?.toLowerCase() ?? null,
        nodeId: f.nodeId ?? null,
        edgeNodeId: f.edgeNodeId ?? null,
        clusterId: f.clusterId ?? null,
      },
    });
  }

  /** Visible accelerators installed in each host, one query for all (per-request loader). */
  inHosts(
    viewer: Identity,
    hostLabel: typeof Label.Node | typeof Label.EdgeNode,
    hostIds: readonly string[],
    includeArchived: boolean,
  ): Promise<AcceleratorRecord[][]> {
    return visibleRelatedByIds(
      this.driver,
      viewer,
      ACCELERATOR,
      `(n:${Label.Accelerator})-[:${Rel.INSTALLED_IN}]->(:${hostLabel} {id: id})`,
      hostIds,
      includeArchived,
    );
  }

  async register(actor: Identity, input: NewAccelerator): Promise<AcceleratorRecord> {
    const scope = await viewerScope(this.driver, actor);
    const [hostLabel, hostId, field, what] = input.nodeId
      ? ([Label.Node, input.nodeId, 'nodeId', 'node'] as const)
      : ([Label.EdgeNode, input.edgeNodeId!, 'edgeNodeId', 'edge node'] as const);
    let org = '';
    return inWriteTx(
      this.driver,
      async (tx) => {
        const host = await lookupForWrite(tx, hostLabel, what, hostId, scope, field);
        if (host.archived) throw badInput(`${what} ${hostId} is archived`, field);
        org = host.ownerOrgId;
        await assertNameFree(tx, ACCELERATOR, org, input.name);
        const tags = input.tags ?? [];
        const { records } = await tx.run(
          `MATCH (h:${hostLabel} {id: $hostId}), (o:${Label.Org} {id: $org})
           CREATE (n:${Label.Accelerator} {id: $id, name: $name, description: $description, tags: $tags, tagsText: $tagsText,
                   kind: $kind, vendor: $vendor, model: $model, memoryMb: $memoryMb, executionProviders: $eps,
                   ownerOrgId: $org, createdBy: $actor, createdAt: datetime(), archived: false})
           CREATE (n)-[:${Rel.OWNED_BY}]->(o)
           ${tally('n', Label.Accelerator)}
           CREATE (n)-[:${Rel.INSTALLED_IN}]->(h)
           RETURN ${ACCELERATOR.projection} AS item`,
          {
            hostId,
            org,
            id: randomUUID(),
            name: input.name,
            description: input.description ?? '',
            tags,
            tagsText: tags.join(' '),
            kind: input.kind,
            vendor: input.vendor,
            model: input.model,
            memoryMb: int(input.memoryMb),
            eps: input.executionProviders,
            actor: actor.username,
          },
        );
        const accelerator = records[0]?.get('item') as AcceleratorRecord | undefined;
        if (!accelerator) throw new Error(`org "${org}" does not exist in the graph`);
        await writeAudit(tx, {
          action: 'accelerator.register',
          actor,
          targetId: accelerator.id,
          targetLabel: Label.Accelerator,
          after: accelerator,
        });
        return accelerator;
      },
      () => duplicateName(ACCELERATOR, input.name, org),
    );
  }

  update(actor: Identity, id: string, changes: AcceleratorChanges): Promise<AcceleratorRecord> {
    return updateAsset(this.driver, actor, ACCELERATOR, id, {
      ...changes,
      ...(changes.memoryMb !== undefined ? { memoryMb: int(changes.memoryMb) } : {}),
    });
  }

  archive(actor: Identity, id: string): Promise<AcceleratorRecord> {
    return archiveAsset(this.driver, actor, ACCELERATOR, id, {
      query: `OPTIONAL MATCH (d:${Label.Deployment})-[:${Rel.RUNS_ON}]->(n) WHERE d.status IN $active RETURN count(d) AS blocking`,
      params: { active: ACTIVE_DEPLOYMENT },
      message: (count) => `accelerator ${id} still runs ${count} active deployment(s); stop them first`,
    });
  }
}
