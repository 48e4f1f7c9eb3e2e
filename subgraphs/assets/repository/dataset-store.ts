// Datasets in the graph. Every value is a $parameter; visibility is part of each read query.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import { config } from '../../../lib/config.js';
import { Label } from '../../../graph-schema/ontology.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';

export interface DatasetRecord {
  id: string;
  name: string;
  description: string;
  tags: string[];
  ownerOrgId: string;
  createdAt: string;
  createdBy: string;
  archived: boolean;
}

export interface NewDataset {
  name: string;
  description?: string | null;
  tags?: string[] | null;
}

/** Map projection of a Dataset node bound to `d`. */
const DATASET = `d { .id, .name, .description, .tags, .createdBy, .archived,
  createdAt: toString(d.createdAt), ownerOrgId: [(d)-[:OWNED_BY]->(o:Org) | o.id][0] }`;
const RETURN_DATASET = `${DATASET} AS dataset`;

export class DatasetStore {
  constructor(private readonly driver: Driver) {}

  private read = { database: config.neo4j.database, routing: 'READ' as const };

  async byId(viewer: Identity, id: string): Promise<DatasetRecord | null> {
    const { records } = await this.driver.executeQuery(
      `MATCH (d:Dataset {id: $id}) WHERE ${visibleTo('d')} RETURN ${RETURN_DATASET}`,
      { id, ...(await viewerScope(this.driver, viewer)) },
      this.read,
    );
    return (records[0]?.get('dataset') as DatasetRecord | undefined) ?? null;
  }

  async page(viewer: Identity, args: { offset: number; limit: number; includeArchived: boolean }) {
    const params = { ...(await viewerScope(this.driver, viewer)), offset: args.offset, limit: args.limit, includeArchived: args.includeArchived };
    const where = `${visibleTo('d')} AND ($includeArchived OR NOT coalesce(d.archived, false))`;
    const { records } = await this.driver.executeQuery(
      `MATCH (d:Dataset) WHERE ${where}
       WITH d ORDER BY d.createdAt DESC, d.id
       WITH collect(d) AS matched
       RETURN size(matched) AS total,
              [d IN matched[$offset..($offset + $limit)] | ${DATASET}] AS page`,
      params,
      this.read,
    );
    const record = records[0];
    return {
      total: (record?.get('total') as number | undefined) ?? 0,
      items: (record?.get('page') as DatasetRecord[] | undefined) ?? [],
    };
  }

  async register(actor: Identity, input: NewDataset): Promise<DatasetRecord> {
    const session = this.driver.session({ database: config.neo4j.database });
    try {
      return await session.executeWrite(async (tx) => {
        const { records } = await tx.run(
          `MATCH (o:Org {id: $org})
           CREATE (d:Dataset {id: $id, name: $name, description: $description, tags: $tags,
                              tagsText: $tagsText, ownerOrgId: $org,
                              createdBy: $actor, createdAt: datetime(), archived: false})
           CREATE (d)-[:OWNED_BY]->(o)
           RETURN ${RETURN_DATASET}`,
          {
            org: actor.org,
            id: randomUUID(),
            name: input.name,
            description: input.description ?? '',
            tags: input.tags ?? [],
            tagsText: (input.tags ?? []).join(' '),
            actor: actor.username,
          },
        );
        const dataset = records[0]?.get('dataset') as DatasetRecord | undefined;
        if (!dataset) throw new Error(`org "${actor.org}" of ${actor.username} does not exist in the graph`);
        await writeAudit(tx, { action: 'dataset.register', actor, targetId: dataset.id, targetLabel: Label.Dataset, after: dataset });
        return dataset;
      });
    } finally {
      await session.close();
    }
  }
}
