// Edge nodes: boxes at a site (e.g. a substation) that accelerators may be installed in.
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

export const EDGE_NODE_STATUSES = ['ONLINE', 'OFFLINE', 'MAINTENANCE', 'UNKNOWN'] as const;
export type EdgeNodeStatus = (typeof EDGE_NODE_STATUSES)[number];

export interface EdgeNodeRecord extends CommonRecord {
  site: string;
  status: EdgeNodeStatus;
}

export const EDGE_NODE: AssetKind = {
  label: Label.EdgeNode,
  what: 'edge node',
  action: 'edgeNode',
  // A status written by something other than this subgraph reads as UNKNOWN rather than failing the enum.
  projection: `n { ${COMMON}, site: coalesce(n.site, ''),
    status: CASE WHEN toUpper(n.status) IN $edgeStatuses THEN toUpper(n.status) ELSE 'UNKNOWN' END }`,
  params: { edgeStatuses: [...EDGE_NODE_STATUSES] },
};

export interface NewEdgeNode {
  name: string;
  description?: string;
  tags?: string[];
  site: string;
  status?: EdgeNodeStatus;
  ownerOrgId?: string | null;
}

export interface EdgeNodeChanges {
  name?: string;
  description?: string;
  tags?: string[];
  site?: string;
  status?: EdgeNodeStatus;
}

export class EdgeNodeStore {
  constructor(private readonly driver: Driver) {}

  byId(viewer: Identity, id: string): Promise<EdgeNodeRecord | null> {
    return visibleById(this.driver, viewer, EDGE_NODE, id);
  }

  /** `byId` for many ids in one query (per-request loader): null where missing or invisible. */
  byIds(viewer: Identity, ids: readonly string[]): Promise<(EdgeNodeRecord | null)[]> {
    return visibleByIds(this.driver, viewer, EDGE_NODE, ids);
  }

  page(
    viewer: Identity,
    args: {
      first: number;
      after: Keyset | null;
      includeArchived: boolean;
      status?: string | null;
      site?: string | null;
    },
  ) {
    return visiblePage<EdgeNodeRecord>(this.driver, viewer, EDGE_NODE, {
      ...args,
      where:
        '($status IS NULL OR toUpper(n.status) = $status) AND ($site IS NULL OR toLower(n.site) CONTAINS toLower($site))',
      params: { status: args.status ?? null, site: args.site ?? null },
    });
  }

  async register(actor: Identity, input: NewEdgeNode): Promise<EdgeNodeRecord> {
    const scope = await viewerScope(this.driver, actor);
    const org = ownerFor(actor, scope, input.ownerOrgId);
    return inWriteTx(
      this.driver,
      async (tx) => {
        await assertNameFree(tx, EDGE_NODE, org, input.name);
        const tags = input.tags ?? [];
        const { records } = await tx.run(
          `MATCH (o:${Label.Org} {id: $org})
           CREATE (n:${Label.EdgeNode} {id: $id, name: $name, description: $description, tags: $tags, tagsText: $tagsText,
                   site: $site, status: $status, ownerOrgId: $org, createdBy: $actor, createdAt: datetime(), archived: false})
           CREATE (n)-[:${Rel.OWNED_BY}]->(o)
           ${tally('n', Label.EdgeNode)}
           RETURN ${EDGE_NODE.projection} AS item`,
          {
            ...EDGE_NODE.params,
            org,
            id: randomUUID(),
            name: input.name,
            description: input.description ?? '',
            tags,
            tagsText: tags.join(' '),
            site: input.site,
            status: input.status ?? 'OFFLINE',
            actor: actor.username,
          },
        );
        const edge = records[0]?.get('item') as EdgeNodeRecord | undefined;
        if (!edge) throw new Error(`org "${org}" does not exist in the graph`);
        await writeAudit(tx, {
          action: 'edgeNode.register',
          actor,
          targetId: edge.id,
          targetLabel: Label.EdgeNode,
          after: edge,
        });
        return edge;
      },
      () => duplicateName(EDGE_NODE, input.name, org),
    );
  }

  update(actor: Identity, id: string, changes: EdgeNodeChanges): Promise<EdgeNodeRecord> {
    return updateAsset(this.driver, actor, EDGE_NODE, id, { ...changes });
  }

  archive(actor: Identity, id: string): Promise<EdgeNodeRecord> {
    return archiveAsset(this.driver, actor, EDGE_NODE, id, {
      query: `OPTIONAL MATCH (a:${Label.Accelerator})-[:${Rel.INSTALLED_IN}]->(n) WHERE NOT coalesce(a.archived, false) RETURN count(a) AS blocking`,
      message: (count) => `edge node ${id} still has ${count} accelerator(s) installed; archive them first`,
    });
  }
}
