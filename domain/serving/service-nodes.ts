// The one writer of Service nodes (#13): the serving subgraph's register mutation and the knowledge
// importer (a base's alarm services, made when absent) both create them here, each creation with the
// owner's `service.register` audit event in the caller's transaction. MERGE by id: a fresh id creates, an
// id that is already there is left as it is (only its OWNED_BY edge is ensured).
import type { ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { COMMON, type AssetKind, type CommonRecord } from '../../lib/graph/asset-store.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';
import type { ServiceKind } from '../deployment/routes.js';

export interface ServiceRecord extends CommonRecord {
  endpoint: string;
  kind: ServiceKind;
}

/** Services for the repository kit; the projection reads `n`. */
export const SERVICE: AssetKind = {
  label: Label.Service,
  what: 'service',
  action: 'service',
  projection: `n { ${COMMON}, endpoint: coalesce(n.endpoint, ''), kind: coalesce(n.kind, 'MODEL') }`,
};

export interface ServiceNode {
  id: string;
  name: string;
  description: string;
  tags: string[];
  endpoint: string;
  /** null leaves the property unset, which reads as MODEL. */
  kind: ServiceKind | null;
  ownerOrgId: string;
  /** The knowledge base whose import made the service, so that removing the base removes it. */
  createdForKb?: string | null;
}

export interface EnsuredService {
  service: ServiceRecord;
  /** False when a service of that id was already there (nothing about it changed). */
  created: boolean;
}

/**
 * Creates each service whose id is absent, owned by its org and created by `actor`, and audits each one
 * created. Returns one entry per row whose org exists, in row order; a row naming a missing org is skipped.
 */
export async function ensureServices(
  tx: ManagedTransaction,
  actor: Identity,
  rows: ServiceNode[],
): Promise<EnsuredService[]> {
  const { records } = await tx.run(
    `UNWIND $rows AS row
     MATCH (o:${Label.Org} {id: row.ownerOrgId})
     MERGE (n:${Label.Service} {id: row.id})
     ON CREATE SET n.name = row.name, n.description = row.description, n.tags = row.tags, n.tagsText = row.tagsText,
                   n.endpoint = row.endpoint, n.kind = row.kind, n.ownerOrgId = row.ownerOrgId, n.createdBy = $actor,
                   n.createdAt = datetime(), n.archived = false, n.createdForKb = row.createdForKb, n._created = true
     MERGE (n)-[:${Rel.OWNED_BY}]->(o)
     ${tally('n', Label.Service)}
     WITH n, coalesce(n._created, false) AS created
     REMOVE n._created
     RETURN created, ${SERVICE.projection} AS service`,
    {
      rows: rows.map((r) => ({ ...r, tagsText: r.tags.join(' '), createdForKb: r.createdForKb ?? null })),
      actor: actor.username,
    },
  );
  const out = records.map((r) => ({
    service: r.get('service') as ServiceRecord,
    created: r.get('created') as boolean,
  }));
  for (const { service } of out.filter((s) => s.created))
    await writeAudit(tx, {
      action: 'service.register',
      actor,
      targetId: service.id,
      targetLabel: Label.Service,
      after: service,
    });
  return out;
}
