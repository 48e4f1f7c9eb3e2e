// Shares in list counts (issue 13, lib/graph/tally.ts): each SHARED_WITH edge of a listed asset gets a
// SHARE_TALLIED_IN edge to the tally of (kind, org shared with, owner), id kind>org<owner, so a list's
// exact totalCount reads the share tallies of the viewer's org instead of every share into it. This
// tallies the shares already there, one kind per statement in batches of 10,000 (as 0018: one
// transaction over millions of shares exceeds Neo4j's transaction memory); MERGE makes a re-run harmless. Until every
// share of a kind is tallied, its counts read the share edges as before.
MATCH (n:Dataset)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'Dataset>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'Dataset', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Model)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'Model>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'Model', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Service)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'Service>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'Service', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Deployment)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'Deployment>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'Deployment', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Cluster)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'Cluster>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'Cluster', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Node)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'Node>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'Node', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Accelerator)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'Accelerator>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'Accelerator', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:EdgeNode)-[:SHARED_WITH]->(o:Org) WHERE n.ownerOrgId IS NOT NULL
CALL (n, o) { MERGE (t:Tally {id: 'EdgeNode>' + o.id + '<' + n.ownerOrgId}) ON CREATE SET t.kind = 'EdgeNode', t.orgId = o.id, t.ownerOrgId = n.ownerOrgId MERGE (n)-[:SHARE_TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
