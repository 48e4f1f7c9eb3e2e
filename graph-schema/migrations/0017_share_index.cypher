// Shares in list order (issue 13). A list page for a branch reads the assets shared with its org from
// outside its tree; by their SHARED_WITH edges alone that is every share of the org (~5,500 datasets at
// 1,000,000 assets), sorted, for each page. Each edge now carries the org it points to, the asset's kind
// and the asset's createdAt (immutable), and this index walks an org's shares of one kind newest first,
// so a page reads `first + 1` of them (lib/graph/asset-store.ts visiblePage). Edges written without these
// properties stay correct: the page checks that every share of the org is in the index (its count equals
// the org's SHARED_WITH degree) and otherwise reads the shares by their edges as before.
CREATE INDEX shared_with_org_kind_created IF NOT EXISTS
FOR ()-[r:SHARED_WITH]-() ON (r.toOrg, r.kind, r.createdAt);
MATCH (n)-[r:SHARED_WITH]->(o:Org)
SET r.toOrg = o.id,
    r.kind = CASE
      WHEN n:Dataset THEN 'Dataset' WHEN n:DatasetVersion THEN 'DatasetVersion' WHEN n:Model THEN 'Model'
      WHEN n:ModelVersion THEN 'ModelVersion' WHEN n:Service THEN 'Service' WHEN n:Deployment THEN 'Deployment'
      WHEN n:EdgeNode THEN 'EdgeNode' WHEN n:Cluster THEN 'Cluster' WHEN n:Node THEN 'Node'
      WHEN n:Accelerator THEN 'Accelerator' ELSE head(labels(n)) END,
    r.createdAt = n.createdAt;
