// Visibility of the entities this subgraph extends: same graph, same rule as their owners.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { viewerScope } from '../../../lib/graph/visibility.js';
import type { Label } from '../../../lib/graph/ontology.js';
import { READ, assetVisible } from './traversal.js';

export class RefStore {
  constructor(private readonly driver: Driver) {}

  /** `{ id }` when a node of `label` (an ontology constant) with this id exists and the viewer may see it. */
  async visible(viewer: Identity, label: Label, id: string): Promise<{ id: string } | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (n:${label} {id: $id}) WHERE ${assetVisible('n')} RETURN n.id AS id`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.length > 0 ? { id } : null;
  }
}
