// Datasets in the graph. Every value is a $parameter; visibility is part of each read query, and each
// mutation is one write transaction that also writes its audit event (before/after).
import { randomUUID } from 'node:crypto';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { GraphQLError } from 'graphql';
import type { Identity } from '../../../lib/auth/identity.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { Label } from '../../../lib/graph/ontology.js';
import { keyShare, viewerScope, visibleTo, type ViewerScope } from '../../../lib/graph/visibility.js';
import { badInput, forbidden, notFound } from '../../../lib/subgraph/errors.js';
import { oneEach } from '../../../lib/graph/batch.js';
import {
  LOCK,
  NEWEST_FIRST,
  READ,
  inWriteTx,
  visibleById,
  visiblePage,
  type AssetKind,
} from '../../../lib/graph/asset-store.js';
import { datasetProjection, ensureDataset, type DatasetRecord } from '../../../domain/datasets/dataset-nodes.js';
import type { KeysetPage } from '../../../lib/subgraph/connection.js';
import type { Keyset } from '../../../lib/subgraph/cursor.js';

export interface NewDataset {
  name: string;
  description?: string | null;
  tags?: string[] | null;
  /** Platform admins may register on behalf of an org at or below theirs; others always for their own org. */
  ownerOrgId?: string | null;
}

export interface DatasetChanges {
  name?: string | null;
  description?: string | null;
  tags?: string[] | null;
}

export interface DatasetFilter {
  nameContains?: string | null;
  tag?: string | null;
  ownerOrg?: string | null;
  includeArchived?: boolean | null;
}

export { datasetProjection, type DatasetRecord };

const RETURN_DATASET = `${datasetProjection('d')} AS dataset`;

/** Datasets for the repository kit: listed newest first. */
const DATASET: AssetKind = {
  label: Label.Dataset,
  what: 'dataset',
  projection: datasetProjection('n'),
  action: 'dataset',
  order: NEWEST_FIRST,
};

export const duplicateName = (name: string, org: string): GraphQLError =>
  badInput(`a dataset named "${name}" already exists in org ${org}`, 'name');

/**
 * Within a write transaction: the dataset as the actor sees it, locked until commit. Invisible or
 * unknown → NOT_FOUND; visible only through a share (not owned at or below the actor's org) → FORBIDDEN.
 */
export async function lockOwnedDataset(
  tx: ManagedTransaction,
  scope: ViewerScope,
  actor: Identity,
  id: string,
): Promise<DatasetRecord> {
  const { records } = await tx.run(
    `MATCH (d:Dataset {id: $id}) WHERE ${visibleTo('d')}
     ${LOCK('d')}
     RETURN ${RETURN_DATASET}, d.ownerOrgId IN $visibleOrgs AS owned`,
    { id, ...scope },
  );
  const record = records[0];
  if (!record) throw notFound(`dataset ${id} not found`);
  if (!record.get('owned'))
    throw forbidden(`dataset ${id} is shared with ${actor.org} read-only; only its owner org may change it`);
  return record.get('dataset') as DatasetRecord;
}

async function assertNameFree(
  tx: ManagedTransaction,
  org: string,
  name: string,
  exceptId: string | null,
): Promise<void> {
  const { records } = await tx.run(
    `MATCH (x:Dataset {ownerOrgId: $org, name: $name}) WHERE $exceptId IS NULL OR x.id <> $exceptId RETURN x.id AS id LIMIT 1`,
    { org, name, exceptId },
  );
  if (records.length > 0) throw duplicateName(name, org);
}

export class DatasetStore {
  constructor(private readonly driver: Driver) {}

  byId(viewer: Identity, id: string): Promise<DatasetRecord | null> {
    return visibleById<DatasetRecord>(this.driver, viewer, DATASET, id);
  }

  /** `byId` for many ids in one query (per-request loader): null where missing or invisible. */
  async byIds(viewer: Identity, ids: readonly string[]): Promise<(DatasetRecord | null)[]> {
    return oneEach<DatasetRecord>(
      this.driver,
      ids,
      `MATCH (d:Dataset {id: id}) WHERE ${visibleTo('d')} RETURN id, ${datasetProjection('d')} AS item`,
      {
        ...(await viewerScope(this.driver, viewer)),
      },
    );
  }

  /** Newest first, by keyset (see visiblePage). */
  async page(
    viewer: Identity,
    args: { first: number; after: Keyset | null; filter?: DatasetFilter | null },
  ): Promise<KeysetPage<DatasetRecord>> {
    const filter = args.filter ?? {};
    // The owner filter covers the named org and the units below it (HQ's filter "jiangsu" includes Suzhou).
    // Not through viewerScope's cache: its keys would then be whatever strings callers send.
    const ownerOrgs = filter.ownerOrg
      ? (((
          await this.driver.executeQuery(
            'MATCH (o:Org)-[:PART_OF*0..]->(:Org {id: $org}) RETURN collect(o.id) AS orgs',
            { org: filter.ownerOrg },
            READ,
          )
        ).records[0]?.get('orgs') as string[] | undefined) ?? [])
      : null;
    const where = [
      ...(filter.nameContains ? ['toLower(n.name) CONTAINS $nameContains'] : []),
      ...(filter.tag ? ['$tag IN n.tags'] : []),
    ];
    return visiblePage<DatasetRecord>(this.driver, viewer, DATASET, {
      first: args.first,
      after: args.after,
      includeArchived: filter.includeArchived ?? false,
      ownerOrgs,
      ...(where.length > 0 ? { where: where.join(' AND ') } : {}),
      params: { nameContains: filter.nameContains ? filter.nameContains.toLowerCase() : null, tag: filter.tag ?? null },
    });
  }

  async register(actor: Identity, input: NewDataset): Promise<DatasetRecord> {
    const org = input.ownerOrgId ?? actor.org;
    if (org !== actor.org) {
      if (!actor.roles.includes('platform-admin'))
        throw forbidden('only platform admins may register a dataset for another org');
      if (!(await viewerScope(this.driver, actor)).visibleOrgs.includes(org))
        throw badInput(`org "${org}" is not ${actor.org} or an org below it`, 'ownerOrgId');
    }
    return inWriteTx(
      this.driver,
      async (tx) => {
        await assertNameFree(tx, org, input.name, null);
        // The one Dataset writer (OpenLineage ingest's too): properties, tally and the register audit event.
        const ensured = await ensureDataset(tx, actor, {
          id: randomUUID(),
          name: input.name,
          description: input.description ?? '',
          tags: input.tags ?? [],
          ownerOrgId: org,
        });
        if (!ensured) throw badInput(`org "${org}" does not exist in the graph`, 'ownerOrgId');
        const { dataset } = ensured;
        return dataset;
      },
      () => duplicateName(input.name, org),
    );
  }

  async update(actor: Identity, id: string, changes: DatasetChanges): Promise<DatasetRecord> {
    const scope = await viewerScope(this.driver, actor);
    let conflict = badInput('dataset names must be unique within their org', 'name');
    return inWriteTx(
      this.driver,
      async (tx) => {
        const before = await lockOwnedDataset(tx, scope, actor, id);
        const set: Record<string, unknown> = {};
        if (changes.name != null && changes.name !== before.name) {
          await assertNameFree(tx, before.ownerOrgId, changes.name, id);
          conflict = duplicateName(changes.name, before.ownerOrgId);
          set.name = changes.name;
        }
        if (changes.description != null) set.description = changes.description;
        if (changes.tags != null) {
          set.tags = changes.tags;
          set.tagsText = changes.tags.join(' ');
        }
        if (Object.keys(set).length === 0) return before;
        const { records } = await tx.run(
          `MATCH (d:Dataset {id: $id}) SET d += $set, d.updatedAt = datetime() RETURN ${RETURN_DATASET}`,
          { id, set },
        );
        const after = records[0]!.get('dataset') as DatasetRecord;
        await writeAudit(tx, {
          action: 'dataset.update',
          actor,
          targetId: id,
          targetLabel: Label.Dataset,
          before,
          after,
        });
        return after;
      },
      () => conflict,
    );
  }

  async archive(actor: Identity, id: string): Promise<DatasetRecord> {
    const scope = await viewerScope(this.driver, actor);
    return inWriteTx(this.driver, async (tx) => {
      const before = await lockOwnedDataset(tx, scope, actor, id);
      if (before.archived) return before;
      const { records } = await tx.run(
        `MATCH (d:Dataset {id: $id}) SET d.archived = true, d.updatedAt = datetime() RETURN ${RETURN_DATASET}`,
        { id },
      );
      const after = records[0]!.get('dataset') as DatasetRecord;
      await writeAudit(tx, {
        action: 'dataset.archive',
        actor,
        targetId: id,
        targetLabel: Label.Dataset,
        before,
        after,
      });
      return after;
    });
  }

  /**
   * Shares a dataset, and every version of it (now and later), with another org: read access only.
   * The SHARED_WITH edge is on each version too, so the one visibility predicate serves versions.
   */
  async share(actor: Identity, id: string, orgId: string): Promise<DatasetRecord> {
    const scope = await viewerScope(this.driver, actor);
    return inWriteTx(this.driver, async (tx) => {
      const before = await lockOwnedDataset(tx, scope, actor, id);
      const org = await tx.run('MATCH (o:Org {id: $orgId}) RETURN o.id AS id', { orgId });
      if (org.records.length === 0) throw notFound(`org ${orgId} not found`);
      if (orgId === before.ownerOrgId) throw badInput(`dataset ${id} is owned by ${orgId} already`, 'orgId');
      if (before.sharedWith.includes(orgId)) return before;
      const { records } = await tx.run(
        `MATCH (d:Dataset {id: $id}), (o:Org {id: $orgId})
         MERGE (d)-[s:SHARED_WITH]->(o) ${keyShare('s', 'd', Label.Dataset, 'o')}
         WITH d, o
         CALL {
           WITH d, o MATCH (d)-[:HAS_VERSION]->(v:DatasetVersion)
           MERGE (v)-[s:SHARED_WITH]->(o) ${keyShare('s', 'v', Label.DatasetVersion, 'o')}
         }
         SET d.updatedAt = datetime()
         RETURN ${RETURN_DATASET}`,
        { id, orgId },
      );
      const after = records[0]!.get('dataset') as DatasetRecord;
      await writeAudit(tx, { action: 'dataset.share', actor, targetId: id, targetLabel: Label.Dataset, before, after });
      return after;
    });
  }
}
