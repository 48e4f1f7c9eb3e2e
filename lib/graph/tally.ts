// Exact list counts without reading one entry per asset (issue 13). Each listed asset points at the tally
// node of its kind and owner org, (asset)-[:TALLIED_IN]->(:Tally {id: kind@org}), so the number of assets
// an org owns is the tally's TALLIED_IN degree, which Neo4j keeps per node (O(1) on a dense node) and
// updates in the writer's own transaction. A relationship rather than a counter property: deleting an
// asset (DETACH DELETE, by any writer) removes its edge, so deletes cannot drift a count, and concurrent
// creates add edges instead of rewriting one hot property. Archiving leaves the edge alone; lists subtract
// the archived, which an index reads (lib/graph/asset-store.ts). What every writer must do: tally each asset
// it creates (`tally`) and re-tally one whose owner changes (`retally`). A writer that creates assets
// without tallying them is caught, not trusted: counts use the tallies only while the label's TALLIED_IN
// edges number its nodes (both from the count store), and read the index otherwise.
import { Label, Rel } from './ontology.js';

/** The asset kinds lists count (lib/graph/asset-store.ts visiblePage), each tallied per owner org. */
export const TALLIED_KINDS: readonly Label[] = [
  Label.Dataset,
  Label.Model,
  Label.Service,
  Label.Deployment,
  Label.Cluster,
  Label.Node,
  Label.Accelerator,
  Label.EdgeNode,
];

/** The id of the tally of `kind` assets owned by `org`. */
export const tallyId = (kind: string, org: string): string => `${kind}@${org}`;

/**
 * Cypher that points `asset` (a variable whose `ownerOrgId` is set; `kind` an ontology constant) at its
 * tally, creating the tally on first use. Idempotent, so MERGE writers may run it on existing nodes. Put
 * it in the statement that creates the asset, so the count moves in the same transaction.
 */
export const tally = (asset: string, kind: string): string =>
  `MERGE (${asset}_tally:${Label.Tally} {id: '${kind}@' + ${asset}.ownerOrgId})
     ON CREATE SET ${asset}_tally.kind = '${kind}', ${asset}_tally.orgId = ${asset}.ownerOrgId
   MERGE (${asset})-[:${Rel.TALLIED_IN}]->(${asset}_tally)`;

/** Cypher that moves `asset`'s tally edge to its (new) owner org after its `ownerOrgId` changed. */
export const retally = (asset: string, kind: string): string =>
  `WITH *
   CALL (${asset}) { MATCH (${asset})-[old:${Rel.TALLIED_IN}]->() DELETE old }
   ${tally(asset, kind)}`;
