// The one writer of Model nodes (#13): the models subgraph's register mutation and the knowledge importer
// (a base's detector models, made when absent) both create them here, each creation with the owner's
// `model.register` audit event in the caller's transaction. MERGE by id: a fresh id creates, an id that is
// already there is left as it is (only its OWNED_BY edge is ensured).
import type { ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';
import { MODEL, type ModelRecord } from './records.js';

export interface ModelNode {
  id: string;
  name: string;
  /** null leaves the property unset (the knowledge base's models without one). */
  description: string | null;
  task: string;
  tags: string[];
  ownerOrgId: string;
  /** The knowledge base whose import made the model, so that removing the base removes it. */
  createdForKb?: string | null;
}

export interface EnsuredModel {
  model: ModelRecord;
  /** False when a model of that id was already there (nothing about it changed). */
  created: boolean;
}

/**
 * Creates each model whose id is absent, owned by its org and created by `actor`, and audits each one
 * created. Returns one entry per row whose org exists, in row order; a row naming a missing org is skipped.
 */
export async function ensureModels(
  tx: ManagedTransaction,
  actor: Identity,
  rows: ModelNode[],
): Promise<EnsuredModel[]> {
  const { records } = await tx.run(
    `UNWIND $rows AS row
     MATCH (o:${Label.Org} {id: row.ownerOrgId})
     MERGE (m:${Label.Model} {id: row.id})
     ON CREATE SET m.name = row.name, m.description = row.description, m.task = row.task, m.tags = row.tags,
                   m.tagsText = row.tagsText, m.ownerOrgId = row.ownerOrgId, m.createdBy = $actor, m.createdAt = datetime(),
                   m.archived = false, m.createdForKb = row.createdForKb, m._created = true
     MERGE (m)-[:${Rel.OWNED_BY}]->(o)
     ${tally('m', Label.Model)}
     WITH m, coalesce(m._created, false) AS created
     REMOVE m._created
     RETURN created, ${MODEL} AS model`,
    {
      rows: rows.map((r) => ({ ...r, tagsText: r.tags.join(' '), createdForKb: r.createdForKb ?? null })),
      actor: actor.username,
    },
  );
  const out = records.map((r) => ({ model: r.get('model') as ModelRecord, created: r.get('created') as boolean }));
  for (const { model } of out.filter((m) => m.created))
    await writeAudit(tx, {
      action: 'model.register',
      actor,
      targetId: model.id,
      targetLabel: Label.Model,
      after: model,
    });
  return out;
}
