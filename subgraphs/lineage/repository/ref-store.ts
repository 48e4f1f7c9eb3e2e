// Visibility of the entities this subgraph extends: same graph, same rule as their owners.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { viewerScope } from '../../../lib/graph/visibility.js';
import type { Label } from '../../../lib/graph/ontology.js';
import { assetVisible } from './traversal.js';
import { oneEach } from '../../../lib/graph/batch.js';

export class RefStore {
  constructor(private readonly driver: Driver) {}

  /** `{ id }` of each node of `label` (an ontology constant) the viewer may see, null for the others: one query (per-request loader). */
  async visible(viewer: Identity, label: Label, ids: readonly string[]): Promise<({ id: string } | null)[]> {
    if (ids.length === 0) return [];
    return oneEach<{ id: string }>(
      this.driver,
      ids,
      `MATCH (n:${label} {id: id}) WHERE ${assetVisible('n')} RETURN id, n { .id } AS item`,
      {
        ...(await viewerScope(this.driver, viewer)),
      },
    );
  }
}
