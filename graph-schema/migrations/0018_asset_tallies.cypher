// Exact list counts at 1,000,000 assets (issue 13, lib/graph/tally.ts): each listed asset points at the
// tally of its kind and owner org, (asset)-[:TALLIED_IN]->(:Tally {id: kind@org, kind, orgId}), and a
// list's totalCount is the sum of its orgs' tally degrees instead of one index entry per asset. This
// tallies the assets already there, one kind per statement, in batches of 10,000 (one transaction
// over a 10,000,000-node graph exceeds Neo4j's transaction memory); a re-run tallies only the untallied. Until every
// node of a kind is tallied, its counts read the owner index as before.
CREATE CONSTRAINT tally_id_unique IF NOT EXISTS FOR (n:Tally) REQUIRE n.id IS UNIQUE;
MATCH (n:Dataset) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'Dataset@' + n.ownerOrgId}) ON CREATE SET t.kind = 'Dataset', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Model) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'Model@' + n.ownerOrgId}) ON CREATE SET t.kind = 'Model', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Service) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'Service@' + n.ownerOrgId}) ON CREATE SET t.kind = 'Service', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Deployment) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'Deployment@' + n.ownerOrgId}) ON CREATE SET t.kind = 'Deployment', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Cluster) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'Cluster@' + n.ownerOrgId}) ON CREATE SET t.kind = 'Cluster', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Node) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'Node@' + n.ownerOrgId}) ON CREATE SET t.kind = 'Node', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Accelerator) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'Accelerator@' + n.ownerOrgId}) ON CREATE SET t.kind = 'Accelerator', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:EdgeNode) WHERE n.ownerOrgId IS NOT NULL AND NOT EXISTS { (n)-[:TALLIED_IN]->() }
CALL (n) { MERGE (t:Tally {id: 'EdgeNode@' + n.ownerOrgId}) ON CREATE SET t.kind = 'EdgeNode', t.orgId = n.ownerOrgId MERGE (n)-[:TALLIED_IN]->(t) } IN TRANSACTIONS OF 10000 ROWS;
