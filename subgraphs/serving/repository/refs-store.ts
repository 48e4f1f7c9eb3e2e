// Visibility of the other subgraphs' entities that serving refers to (Model, ModelVersion,
// Accelerator, EdgeNode): they live in the same graph, so the rule is applied here too, and an invisible one
// resolves to null through serving just as it does through its owner.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { READ, modelVersionVisible } from '../../../lib/graph/asset-store.js';
import { oneEach } from '../../../lib/graph/batch.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label } from '../../../lib/graph/ontology.js';

const RULES = {
  [Label.Model]: visibleTo('n'),
  [Label.ModelVersion]: modelVersionVisible('n'),
  [Label.Accelerator]: visibleTo('n'),
  [Label.EdgeNode]: `${visibleTo('n')} AND NOT coalesce(n.archived, false)`,
} as const;

export class RefStore {
  constructor(private readonly driver: Driver) {}

  /** `{ id }` when a node of `label` with this id exists and the viewer may see it, else null. */
  async visible(viewer: Identity, label: keyof typeof RULES, id: string): Promise<{ id: string } | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (n:${label} {id: $id}) WHERE ${RULES[label]} RETURN n.id AS id`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      READ,
    );
    return records.length > 0 ? { id } : null;
  }

  /** `visible` for many ids of one label in one query (per-request loader). */
  async visibleMany(
    viewer: Identity,
    label: keyof typeof RULES,
    ids: readonly string[],
  ): Promise<({ id: string } | null)[]> {
    if (ids.length === 0) return [];
    return oneEach<{ id: string }>(
      this.driver,
      ids,
      `MATCH (n:${label} {id: id}) WHERE ${RULES[label]} RETURN id, n { .id } AS item`,
      {
        ...(await viewerScope(this.driver, viewer)),
      },
    );
  }
}
