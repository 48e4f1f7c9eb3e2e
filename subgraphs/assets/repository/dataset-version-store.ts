// Dataset versions: immutable snapshots, numbered 1, 2, … per dataset. There is no update; a change is
// a new version. Each version carries its dataset's ownerOrgId and SHARED_WITH edges, so the one
// visibility predicate applies to it directly.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { READ } from '../../../lib/graph/asset-store.js';
import { oneEach } from '../../../lib/graph/batch.js';
import {
  registerDatasetVersion,
  versionProjection,
  type DatasetVersionRecord,
  type NewDatasetVersion,
} from '../../../domain/datasets/versions.js';

export type { DatasetVersionRecord } from '../../../domain/datasets/versions.js';
export { versionProjection };

/**
 * A version registered by pointer: Plinth does not hold its bytes, so it stays UNVERIFIED. The fields are
 * the domain's NewDatasetVersion; origin and size are set here, the rest only ingest and recipes record.
 */
export type ExternalDatasetVersion = Pick<
  NewDatasetVersion,
  'datasetId' | 'contentHash' | 'schema' | 'rowCount' | 'storageUri' | 'format' | 'derivedFrom'
>;

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

  /**
   * Each version's stored profile (JSON text) where the viewer may see the version and its profile is
   * READY; null otherwise. Read apart from the version itself: a profile of many columns is kilobytes
   * that lists of versions do not need.
   */
  async profiles(viewer: Identity, ids: readonly string[]): Promise<(string | null)[]> {
    return oneEach<string>(
      this.driver,
      ids,
      `MATCH (v:DatasetVersion {id: id}) WHERE ${visibleTo('v')} AND v.profileStatus = 'READY'
       RETURN id, v.profile AS item`,
      { ...(await viewerScope(this.driver, viewer)) },
    );
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

  /** Registers an external version (a pointer, integrity UNVERIFIED); uploads go through domain/datasets/ingest.ts. */
  register(actor: Identity, input: ExternalDatasetVersion): Promise<DatasetVersionRecord> {
    return registerDatasetVersion(this.driver, actor, { ...input, origin: 'EXTERNAL', size: null });
  }
}
