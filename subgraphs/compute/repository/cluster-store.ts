// Clusters: groups of compute nodes at one location, owned by an org.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import type { Keyset } from '../../../lib/subgraph/cursor.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { viewerScope } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { tally } from '../../../lib/graph/tally.js';
import {
  COMMON,
  archiveAsset,
  assertNameFree,
  duplicateName,
  inWriteTx,
  ownerFor,
  updateAsset,
  visibleById,
  visiblePage,
  type AssetKind,
  type CommonRecord,
} from '../../../lib/graph/asset-store.js';
import { visibleByIds } from '../../../lib/graph/batch.js';

export interface ClusterRecord extends CommonRecord {
  location: string;
}

export const CLUSTER: AssetKind = {
  label: Label.Cluster,
  what: 'cluster',
  action: 'cluster',
  projection: `n { ${COMMON}, location: coalesce(n.location, '') }`,
};

export interface NewCluster {
  name: string;
  description?: string;
  tags?: string[];
  location?: string;
  ownerOrgId?: string | null;
}

export interface ClusterChanges {
  name?: string;
  description?: string;
  tags?: string[];
  location?: string;
}

export class ClusterStore {
  constructor(private readonly driver: Driver) {}

  byId(viewer: Identity, id: string): Promise<ClusterRecord | null> {
    return visibleById(this.driver, viewer, CLUSTER, id);
  }

  /** `byId` for many ids in one query (per-request loader): null where missing or invisible. */
  byIds(viewer: Identity, ids: readonly string[]): Promise<(ClusterRecord | null)[]> {
    return visibleByIds(this.driver, viewer, CLUSTER, ids);
  }

  page(
    viewer: Identity,
    args: {
      first: number;
      after: Keyset | null;
      includeArchived: boolean;
      location?: string | null;
      ownerOrgId?: string | null;
    },
  ) {
    return visiblePage<ClusterRecord>(this.driver, viewer, CLUSTER, {
      ...args,
      where:
        '($location IS NULL OR toLower(n.location) CONTAINS toLower($location)) AND ($ownerOrgId IS NULL OR n.ownerOrgId = $ownerOrgId)',
      params: { location: args.location ?? null, ownerOrgId: args.ownerOrgId ?? null },
    });
  }

  async register(actor: Identity, input: NewCluster): Promise<ClusterRecord> {
    const scope = await viewerScope(this.driver, actor);
    const org = ownerFor(actor, scope, input.ownerOrgId);
    return inWriteTx(
      this.driver,
      async (tx) => {
        await assertNameFree(tx, CLUSTER, org, input.name);
        const tags = input.tags ?? [];
        const { records } = await tx.run(
          `MATCH (o:${Label.Org} {id: $org})
           CREATE (n:${Label.Cluster} {id: $id, name: $name, description: $description, tags: $tags, tagsText: $tagsText,
                   location: $location, ownerOrgId: $org, createdBy: $actor, createdAt: datetime(), archived: false})
           CREATE (n)-[:${Rel.OWNED_BY}]->(o)
           ${tally('n', Label.Cluster)}
           RETURN ${CLUSTER.projection} AS item`,
          {
            org,
            id: randomUUID(),
            name: input.name,
            description: input.description ?? '',
            tags,
            tagsText: tags.join(' '),
            location: input.location ?? '',
            actor: actor.username,
          },
        );
        const cluster = records[0]?.get('item') as ClusterRecord | undefined;
        if (!cluster) throw new Error(`org "${org}" does not exist in the graph`);
        await writeAudit(tx, {
          action: 'cluster.register',
          actor,
          targetId: cluster.id,
          targetLabel: Label.Cluster,
          after: cluster,
        });
        return cluster;
      },
      () => duplicateName(CLUSTER, input.name, org),
    );
  }

  update(actor: Identity, id: string, changes: ClusterChanges): Promise<ClusterRecord> {
    return updateAsset(this.driver, actor, CLUSTER, id, { ...changes });
  }

  archive(actor: Identity, id: string): Promise<ClusterRecord> {
    return archiveAsset(this.driver, actor, CLUSTER, id, {
      query: `OPTIONAL MATCH (m:${Label.Node})-[:${Rel.IN_CLUSTER}]->(n) WHERE NOT coalesce(m.archived, false) RETURN count(m) AS blocking`,
      message: (count) => `cluster ${id} still has ${count} node(s) in service; archive them first`,
    });
  }
}
