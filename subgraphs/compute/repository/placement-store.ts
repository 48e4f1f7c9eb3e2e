// "Which accelerators can serve this model version": visible, in service, able to run ONNX and with
// enough memory for the version's artifact, most preferred first (lib/graph/placement.ts).
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { canServe, placementParams, preferenceRank } from '../../../lib/graph/placement.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { ACCELERATOR, type AcceleratorRecord } from './accelerator-store.js';
import { READ, int, modelVersionVisible } from '../../../lib/graph/asset-store.js';
import { oneEach } from '../../../lib/graph/batch.js';

export class PlacementStore {
  constructor(private readonly driver: Driver) {}

  /** `{ id }` for each model version the viewer may see, null for the others: one query for all (per-request loader). */
  async visibleModelVersions(viewer: Identity, ids: readonly string[]): Promise<({ id: string } | null)[]> {
    if (ids.length === 0) return [];
    return oneEach<{ id: string }>(
      this.driver,
      ids,
      `MATCH (mv:${Label.ModelVersion} {id: id}) WHERE ${modelVersionVisible('mv')} RETURN id, mv { .id } AS item`,
      {
        ...(await viewerScope(this.driver, viewer)),
      },
    );
  }

  async compatibleAccelerators(viewer: Identity, modelVersionId: string, limit: number): Promise<AcceleratorRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (mv:${Label.ModelVersion} {id: $mvId})
       MATCH (n:${Label.Accelerator})
       WHERE ${visibleTo('n')} AND NOT coalesce(n.archived, false)
         AND NOT EXISTS { MATCH (n)-[:${Rel.INSTALLED_IN}]->(h) WHERE coalesce(h.archived, false) }
         AND NOT EXISTS { MATCH (n)-[:${Rel.INSTALLED_IN}]->(:${Label.Node})-[:${Rel.IN_CLUSTER}]->(c:${Label.Cluster}) WHERE coalesce(c.archived, false) }
         AND ${canServe('n', 'mv')}
       WITH n, ${preferenceRank('n')} AS rank
       ORDER BY rank, n.memoryMb DESC, n.name, n.id
       LIMIT $limit
       RETURN ${ACCELERATOR.projection} AS item`,
      {
        ...ACCELERATOR.params,
        ...placementParams,
        mvId: modelVersionId,
        limit: int(limit),
        ...(await viewerScope(this.driver, viewer)),
      },
      READ,
    );
    return records.map((r) => r.get('item') as AcceleratorRecord);
  }
}
