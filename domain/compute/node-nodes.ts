// The one writer of compute Node nodes (#13): the compute subgraph's register mutation and the serving
// runtime's host registration at start both create them here, each creation with the owner's
// `node.register` audit event in the caller's transaction.
import type { ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { COMMON, int, type AssetKind, type CommonRecord } from '../../lib/graph/asset-store.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';

export interface NodeRecord extends CommonRecord {
  hostname: string;
  cpuCores: number | null;
  memoryMb: number | null;
  executionProviders: string[];
  clusterId: string | null;
}

/** Compute nodes for the repository kit; the projection reads `n`. */
export const NODE: AssetKind = {
  label: Label.Node,
  what: 'node',
  action: 'node',
  projection: `n { ${COMMON}, hostname: coalesce(n.hostname, ''), .cpuCores, .memoryMb,
    executionProviders: coalesce(n.executionProviders, []),
    clusterId: [(n)-[:${Rel.IN_CLUSTER}]->(c:${Label.Cluster}) | c.id][0] }`,
};

export interface NodeNode {
  id: string;
  name: string;
  description: string;
  tags: string[];
  hostname: string;
  /** null leaves the property unset. */
  cpuCores: number | null;
  memoryMb: number | null;
  executionProviders: string[];
  ownerOrgId: string;
  /** The cluster it is IN_CLUSTER of; null for a host the serving runtime found before compute knew it. */
  clusterId: string | null;
}

/**
 * Creates the node when its id is absent, owned by its org (and in its cluster) and created by `actor`,
 * and audits the creation. MERGE by id, so two processes registering one fixed id (a host's) make one
 * node. Null when the org does not exist; `created` false when a node of that id was already there
 * (left as it was).
 */
export async function ensureNode(
  tx: ManagedTransaction,
  actor: Identity,
  node: NodeNode,
): Promise<{ node: NodeRecord; created: boolean } | null> {
  const { records } = await tx.run(
    `MATCH (o:${Label.Org} {id: $node.ownerOrgId})
     OPTIONAL MATCH (c:${Label.Cluster} {id: $node.clusterId})
     MERGE (n:${Label.Node} {id: $node.id})
     ON CREATE SET n.name = $node.name, n.description = $node.description, n.tags = $node.tags, n.tagsText = $tagsText,
                   n.hostname = $node.hostname, n.cpuCores = $cpuCores, n.memoryMb = $memoryMb,
                   n.executionProviders = $node.executionProviders, n.ownerOrgId = $node.ownerOrgId, n.createdBy = $actor,
                   n.createdAt = datetime(), n.archived = false, n._created = true
     MERGE (n)-[:${Rel.OWNED_BY}]->(o)
     ${tally('n', Label.Node)}
     FOREACH (_ IN CASE WHEN c IS NULL THEN [] ELSE [1] END | MERGE (n)-[:${Rel.IN_CLUSTER}]->(c))
     WITH n, coalesce(n._created, false) AS created
     REMOVE n._created
     RETURN created, ${NODE.projection} AS node`,
    {
      node,
      tagsText: node.tags.join(' '),
      cpuCores: node.cpuCores === null ? null : int(node.cpuCores),
      memoryMb: node.memoryMb === null ? null : int(node.memoryMb),
      actor: actor.username,
    },
  );
  const record = records[0];
  if (!record) return null;
  const out = { node: record.get('node') as NodeRecord, created: record.get('created') as boolean };
  if (out.created)
    await writeAudit(tx, {
      action: 'node.register',
      actor,
      targetId: out.node.id,
      targetLabel: Label.Node,
      after: out.node,
    });
  return out;
}

export interface HostProviders {
  available: string[];
  /** "provider: reason" for each provider this host lacks. */
  unavailable: string[];
}

/**
 * Records the execution providers a serving host really has on its hq Node(s) with that hostname, creating
 * the Node (id `host-<hostname>`, in no cluster) when compute has none yet. A change of what the node
 * says it has is audited as compute audits a node update (`node.update`); a start that finds the same
 * providers writes only the discovery time.
 */
export async function recordHostNode(
  tx: ManagedTransaction,
  actor: Identity,
  host: string,
  providers: HostProviders,
): Promise<void> {
  const HQ = 'hq';
  const found = await tx.run(
    `MATCH (n:${Label.Node} {hostname: $host, ownerOrgId: $org})
     RETURN n.id AS id, n.executionProviders AS available, n.unavailableProviders AS unavailable`,
    { host, org: HQ },
  );
  let known = found.records.map((r) => ({
    id: r.get('id') as string,
    before: {
      executionProviders: r.get('available') as string[] | null,
      unavailableProviders: r.get('unavailable') as string[] | null,
    },
  }));
  if (known.length === 0) {
    const made = await ensureNode(tx, actor, {
      id: `host-${host}`,
      name: host,
      description: 'serving host, discovered at start',
      tags: [],
      hostname: host,
      cpuCores: null,
      memoryMb: null,
      executionProviders: providers.available,
      ownerOrgId: HQ,
      clusterId: null,
    });
    if (!made) throw new Error(`org "${HQ}" does not exist in the graph: cannot register serving host ${host}`);
    // Created with these providers (the register event says so), or created a moment ago by another
    // process starting on this host.
    const before = made.created ? providers.available : made.node.executionProviders;
    known = [{ id: made.node.id, before: { executionProviders: before, unavailableProviders: null } }];
  }
  await tx.run(
    `MATCH (n:${Label.Node}) WHERE n.id IN $ids
     SET n.executionProviders = $available, n.providersDiscoveredAt = datetime(), n.unavailableProviders = $unavailable`,
    { ids: known.map((k) => k.id), available: providers.available, unavailable: providers.unavailable },
  );
  const after = { executionProviders: providers.available, unavailableProviders: providers.unavailable };
  for (const { id, before } of known)
    if (JSON.stringify(before.executionProviders) !== JSON.stringify(after.executionProviders))
      await writeAudit(tx, { action: 'node.update', actor, targetId: id, targetLabel: Label.Node, before, after });
}
