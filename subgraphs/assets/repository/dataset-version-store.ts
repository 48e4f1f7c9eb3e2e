// Dataset versions: immutable snapshots, numbered 1, 2, … per dataset. There is no update; a change is
// a new version. Each version carries its dataset's ownerOrgId and SHARED_WITH edges, so the one
// visibility predicate applies to it directly.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { Label } from '../../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { lockOwnedDataset } from './dataset-store.js';
import { READ, inWriteTx } from '../../../lib/graph/asset-store.js';

export interface DatasetVersionRecord {
  id: string;
  datasetId: string;
  version: number;
  contentHash: string;
  /** JSON text as stored. */
  schema: string;
  rowCount: number;
  storageUri: string;
  format: string;
  ownerOrgId: string;
  createdAt: string;
  createdBy: string;
  derivedFromIds: string[];
}

export interface NewDatasetVersion {
  datasetId: string;
  contentHash: string;
  schema: unknown;
  rowCount: number;
  storageUri: string;
  format: string;
  derivedFrom: string[];
}

export const versionProjection = (
  alias: string,
): string => `${alias} { .id, .datasetId, .version, .contentHash, .schema,
  .rowCount, .storageUri, .format, .ownerOrgId, .createdBy, createdAt: toString(${alias}.createdAt),
  derivedFromIds: [(${alias})-[:DERIVED_FROM]->(p:DatasetVersion) | p.id] }`;

export class DatasetVersionStore {
  constructor(private readonly driver: Driver) {}

  async byIds(viewer: Identity, ids: readonly string[]): Promise<DatasetVersionRecord[]> {
    if (ids.length === 0) return [];
    const { records } = await this.driver.executeQuery(
      `MATCH (v:DatasetVersion) WHERE v.id IN $ids AND ${visibleTo('v')}
       RETURN ${versionProjection('v')} AS version ORDER BY v.datasetId, v.version`,
      { ids: [...ids], ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.map((r) => r.get('version') as DatasetVersionRecord);
  }

  async byId(viewer: Identity, id: string): Promise<DatasetVersionRecord | null> {
    return (await this.byIds(viewer, [id]))[0] ?? null;
  }

  /** The dataset's versions the viewer may see, oldest first; `latestOnly` gives just the newest. */
  async ofDataset(viewer: Identity, datasetId: string, latestOnly = false): Promise<DatasetVersionRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (:Dataset {id: $datasetId})-[:HAS_VERSION]->(v:DatasetVersion) WHERE ${visibleTo('v')}
       WITH v ORDER BY v.version ${latestOnly ? 'DESC LIMIT 1' : 'ASC'}
       RETURN ${versionProjection('v')} AS version`,
      { datasetId, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.map((r) => r.get('version') as DatasetVersionRecord);
  }

  async register(actor: Identity, input: NewDatasetVersion): Promise<DatasetVersionRecord> {
    const scope = await viewerScope(this.driver, actor);
    return inWriteTx(
      this.driver,
      async (tx) => {
        // Locking the dataset serialises version numbering: concurrent registrations queue here.
        const dataset = await lockOwnedDataset(tx, scope, actor, input.datasetId);
        if (dataset.archived)
          throw badInput(`dataset ${input.datasetId} is archived; it takes no new versions`, 'datasetId');
        const existing = await tx.run(
          `MATCH (:Dataset {id: $datasetId})-[:HAS_VERSION]->(v:DatasetVersion)
           RETURN coalesce(max(v.version), 0) AS latest,
                  [x IN collect(v) WHERE x.contentHash = $contentHash | x.version][0] AS sameContent`,
          { datasetId: input.datasetId, contentHash: input.contentHash },
        );
        const latest = existing.records[0]!.get('latest') as number;
        const sameContent = existing.records[0]!.get('sameContent') as number | null;
        if (sameContent !== null) {
          throw badInput(
            `version ${sameContent} of dataset ${input.datasetId} already has content ${input.contentHash}`,
            'contentHash',
          );
        }
        const derivedFrom = [...new Set(input.derivedFrom)];
        if (derivedFrom.length > 0) {
          const found = await tx.run(
            `MATCH (p:DatasetVersion) WHERE p.id IN $ids AND ${visibleTo('p')} RETURN collect(p.id) AS ids`,
            { ids: derivedFrom, ...scope },
          );
          const visible = new Set(found.records[0]!.get('ids') as string[]);
          const missing = derivedFrom.filter((id) => !visible.has(id));
          if (missing.length > 0) throw notFound(`dataset version(s) ${missing.join(', ')} not found`);
        }
        const version = latest + 1;
        const { records } = await tx.run(
          `MATCH (d:Dataset {id: $datasetId})-[:OWNED_BY]->(o:Org)
           CREATE (v:DatasetVersion {id: $id, datasetId: $datasetId, version: $version, contentHash: $contentHash,
                   schema: $schema, rowCount: $rowCount, storageUri: $storageUri, format: $format,
                   ownerOrgId: d.ownerOrgId, name: d.name + ' v' + toString($version), description: d.description,
                   tagsText: trim(coalesce(d.tagsText, '') + ' ' + $format),
                   createdBy: $actor, createdAt: datetime()})
           CREATE (d)-[:HAS_VERSION]->(v)
           CREATE (v)-[:OWNED_BY]->(o)
           WITH d, v
           CALL { WITH d, v MATCH (d)-[:SHARED_WITH]->(s:Org) CREATE (v)-[:SHARED_WITH]->(s) }
           CALL { WITH v UNWIND $derivedFrom AS parentId MATCH (p:DatasetVersion {id: parentId}) CREATE (v)-[:DERIVED_FROM]->(p) }
           RETURN ${versionProjection('v')} AS version`,
          {
            id: randomUUID(),
            datasetId: input.datasetId,
            version,
            contentHash: input.contentHash,
            schema: JSON.stringify(input.schema),
            rowCount: input.rowCount,
            storageUri: input.storageUri,
            format: input.format,
            derivedFrom,
            actor: actor.username,
          },
        );
        const created = records[0]!.get('version') as DatasetVersionRecord;
        await writeAudit(tx, {
          action: 'datasetVersion.register',
          actor,
          targetId: created.id,
          targetLabel: Label.DatasetVersion,
          after: created,
        });
        return created;
      },
      () => badInput(`dataset ${input.datasetId} got a new version concurrently; retry`, 'datasetId'),
    );
  }
}
