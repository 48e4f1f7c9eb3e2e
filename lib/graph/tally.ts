// Exact list counts without reading one entry per asset (issue 13). Each listed asset points at the tally
// node of its kind and owner org, (asset)-[:TALLIED_IN]->(:Tally {id: kind@org}), so the number of assets
// an org owns is the tally's TALLIED_IN degree, which Neo4j keeps per node (O(1) on a dense node) and
// updates in the writer's own transaction. A relationship rather than a counter property: deleting an
// asset (DETACH DELETE, by any writer) removes its edge, so deletes cannot drift a count, and concurrent
// creates add edges instead of rewriting one hot property. Archiving leaves the edge alone; lists subtract
// the archived, which an index reads (lib/graph/asset-store.ts). Shares likewise: each SHARED_WITH edge of a
// listed asset has a SHARE_TALLIED_IN edge to the tally of (kind, org shared with, owner), so the assets
// shared into an org from outside a viewer's tree are a few tally degrees, not one read per share. What
// every writer must do: tally each asset it creates (`tally`), each share it writes (`tallyShare`, which
// keyShare does for every share writer) and each share it removes (`untallyShare`), and re-tally an asset
// whose owner changes (`retally`). A writer that creates assets
// without tallying them is caught, not trusted: counts use the tallies only while the label's TALLIED_IN
// edges number its nodes and its SHARE_TALLIED_IN edges its SHARED_WITH edges (all from the count store),
// and read the index or the share edges otherwise.
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

/** The id of the tally of `kind` assets owned by `owner` and shared with `org`. */
export const shareTallyId = (kind: string, org: string, owner: string): string => `${kind}>${org}<${owner}`;

/** The prefix of the ids of every share tally of `kind` assets shared with `org` (an index prefix seek). */
export const shareTallyPrefix = (kind: string, org: string): string => `${kind}>${org}<`;

/**
 * Cypher that counts a share of `asset` (of `kind`) with org `org` (variables) in the share tally of its
 * kind, that org and its owner, creating the tally on first use. Idempotent. Shares are tallied by owner,
 * so a list subtracts none twice: those owned inside the viewer's tree are counted as owned.
 */
export const tallyShare = (asset: string, kind: string, org: string): string =>
  `MERGE (${asset}_share_tally:${Label.Tally} {id: '${kind}>' + ${org}.id + '<' + ${asset}.ownerOrgId})
     ON CREATE SET ${asset}_share_tally.kind = '${kind}', ${asset}_share_tally.orgId = ${org}.id,
                   ${asset}_share_tally.ownerOrgId = ${asset}.ownerOrgId
   MERGE (${asset})-[:${Rel.SHARE_TALLIED_IN}]->(${asset}_share_tally)`;

/** Cypher that removes the share tally edge of `asset` (of `kind`) for org `org`: with its SHARED_WITH edge. */
export const untallyShare = (asset: string, kind: string, org: string): string =>
  `WITH *
   CALL (${asset}, ${org}) {
     MATCH (${asset})-[old:${Rel.SHARE_TALLIED_IN}]->(t:${Label.Tally})
     WHERE t.id = '${kind}>' + ${org}.id + '<' + ${asset}.ownerOrgId
     DELETE old
   }`;

/**
 * Cypher that moves `asset`'s tally edges to its (new) owner org after its `ownerOrgId` changed: the
 * owner's tally and, for each org it is shared with, the share tally.
 */
export const retally = (asset: string, kind: string): string =>
  `WITH *
   CALL (${asset}) { MATCH (${asset})-[old:${Rel.TALLIED_IN}|${Rel.SHARE_TALLIED_IN}]->() DELETE old }
   ${tally(asset, kind)}
   WITH *
   CALL (${asset}) {
     MATCH (${asset})-[:${Rel.SHARED_WITH}]->(shared_org:${Label.Org})
     ${tallyShare(asset, kind, 'shared_org')}
   }`;
