// Organisations: a hierarchy of Org nodes (group HQ → provincial branches → city units).
import type { Driver } from 'neo4j-driver';
import { config } from '../../../lib/config.js';

export interface OrgRecord {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
}

export class OrgStore {
  constructor(private readonly driver: Driver) {}

  async byIds(ids: readonly string[]): Promise<OrgRecord[]> {
    const { records } = await this.driver.executeQuery(
      `MATCH (o:Org) WHERE o.id IN $ids
       RETURN o { .id, .name, .level, parentId: [(o)-[:PART_OF]->(p:Org) | p.id][0] } AS org`,
      { ids: [...ids] },
      { database: config.neo4j.database, routing: 'READ' },
    );
    return records.map((r) => r.get('org') as OrgRecord);
  }
}
