// The one writer of Dataset nodes (#13): the assets subgraph's registerDataset and OpenLineage ingest (a
// dataset an event names first, `ol:<namespace>/<name>`) both create them here, with the same checks of
// name, description and tags (lib/subgraph/validate.ts LIMITS), the same properties, the owner's tally
// (list counts) and the owner's `dataset.register` audit event, in the caller's transaction. MERGE by id: a
// fresh id creates; an id that is already there is left as it is, and only locked and read.
import type { ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import type { CommonRecord } from '../../lib/graph/asset-store.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';
import { visibleTo, type ViewerScope } from '../../lib/graph/visibility.js';
import { badInput } from '../../lib/subgraph/errors.js';
import { LIMITS, controlCharacterProblem } from '../../lib/subgraph/validate.js';

export interface DatasetRecord extends CommonRecord {
  sharedWith: string[];
}

/** Map projection of a Dataset node bound to `alias`. */
export const datasetProjection = (
  alias: string,
): string => `${alias} { .id, .name, .description, .tags, .createdBy, .ownerOrgId,
  archived: coalesce(${alias}.archived, false), createdAt: toString(${alias}.createdAt), updatedAt: toString(${alias}.updatedAt),
  sharedWith: [(${alias})-[:SHARED_WITH]->(s:Org) | s.id] }`;

export interface DatasetNode {
  id: string;
  name: string;
  description: string;
  tags: string[];
  ownerOrgId: string;
  /** Where an OpenLineage event named it: kept on the node (lineage reads and exports them by these). */
  openLineage?: { namespace: string; name: string };
}

/** What is wrong with a dataset's name, description or tags (the registerDataset rules), or null. */
export function datasetNodeProblem(node: Pick<DatasetNode, 'name' | 'description' | 'tags'>): {
  field: 'name' | 'description' | 'tags';
  message: string;
} | null {
  const name = node.name.trim();
  if (name.length === 0 || name.length > LIMITS.name)
    return { field: 'name', message: `name must be 1 to ${LIMITS.name} characters` };
  const nameControl = controlCharacterProblem(node.name, 'name');
  if (nameControl) return { field: 'name', message: nameControl };
  if (node.description.length > LIMITS.description)
    return { field: 'description', message: `description must be at most ${LIMITS.description} characters` };
  const textControl = controlCharacterProblem(node.description, 'description', { multiline: true });
  if (textControl) return { field: 'description', message: textControl };
  if (node.tags.length > LIMITS.tags) return { field: 'tags', message: `at most ${LIMITS.tags} tags` };
  if (node.tags.some((t) => t.length > LIMITS.tag))
    return { field: 'tags', message: `each tag must be at most ${LIMITS.tag} characters` };
  return null;
}

export interface EnsuredDataset {
  dataset: DatasetRecord;
  /** False when a dataset of that id was already there (nothing about it changed). */
  created: boolean;
  /** Whether `scope`'s viewer may see it (its org owns it, or it is shared with that org). */
  visible: boolean;
  /** OpenLineage facets as stored (JSON text), and the time of the last event that changed them. */
  facets: string | null;
  lastEventTime: string | null;
}

/**
 * Creates the dataset if its id is absent, owned by `node.ownerOrgId` and created by `actor`, tallied and
 * audited (`dataset.register`); either way write-locks it until commit (a concurrent creator's owner is
 * read after its commit) and returns it as stored. Null when the owner org is not in the graph.
 */
export async function ensureDataset(
  tx: ManagedTransaction,
  actor: Identity,
  node: DatasetNode,
  scope: ViewerScope = { viewerOrg: node.ownerOrgId, visibleOrgs: [node.ownerOrgId] },
): Promise<EnsuredDataset | null> {
  const problem = datasetNodeProblem(node);
  if (problem) throw badInput(`dataset ${node.id}: ${problem.message}`, problem.field);
  const ol = node.openLineage;
  const { records } = await tx.run(
    `MATCH (o:${Label.Org} {id: $org})
     MERGE (n:${Label.Dataset} {id: $id})
       ON CREATE SET n.name = $name, n.description = $description, n.tags = $tags, n.tagsText = $tagsText,
                     n.ownerOrgId = $org, n.createdBy = $actor, n.createdAt = datetime(), n.archived = false,
                     n.namespace = $namespace, n.olName = $olName, n.source = $source, n._created = true
     FOREACH (_ IN CASE WHEN n._created THEN [1] ELSE [] END | CREATE (n)-[:${Rel.OWNED_BY}]->(o))
     SET n._lock = true
     WITH n, coalesce(n._created, false) AS created
     REMOVE n._lock, n._created
     WITH n, created
     CALL (n, created) { WITH n WHERE created ${tally('n', Label.Dataset)} }
     RETURN created, ${datasetProjection('n')} AS dataset, ${visibleTo('n')} AS visible, n.facets AS facets,
            toString(n.lastEventTime) AS lastEventTime`,
    {
      org: node.ownerOrgId,
      id: node.id,
      name: node.name,
      description: node.description,
      tags: node.tags,
      tagsText: node.tags.join(' '),
      actor: actor.username,
      namespace: ol?.namespace ?? null,
      olName: ol?.name ?? null,
      source: ol ? 'openlineage' : null,
      ...scope,
    },
  );
  const r = records[0];
  if (!r) return null;
  const ensured: EnsuredDataset = {
    dataset: r.get('dataset') as DatasetRecord,
    created: r.get('created') as boolean,
    visible: r.get('visible') as boolean,
    facets: (r.get('facets') as string | null) ?? null,
    lastEventTime: r.get('lastEventTime') as string | null,
  };
  if (ensured.created)
    await writeAudit(tx, {
      action: 'dataset.register',
      actor,
      targetId: node.id,
      targetLabel: Label.Dataset,
      after: ol
        ? { ...ensured.dataset, source: 'openlineage', namespace: ol.namespace, olName: ol.name }
        : ensured.dataset,
    });
  return ensured;
}

/**
 * Records what an OpenLineage event said of a dataset (its facets and documentation description); an
 * older event (out of order) leaves lastEventTime as it is. The caller audits the change.
 */
export async function setDatasetFacets(
  tx: ManagedTransaction,
  id: string,
  change: { facets: string | null; description: string | null; newer: boolean; eventTime: string },
): Promise<void> {
  await tx.run(
    `MATCH (n:${Label.Dataset} {id: $id})
     SET n.facets = $facets, n.description = $description, n.updatedAt = datetime(),
         n.lastEventTime = CASE WHEN $newer THEN datetime($eventTime) ELSE n.lastEventTime END`,
    { id, ...change },
  );
}
