// Keyset paging (issue 13): a list page walks, for each org the viewer may see, an index on
// (ownerOrgId, order key) in order and stops after `first + 1` rows, so a page costs the same at 1,000,000
// assets as at 100, for HQ (every org) and for a branch (a few). Datasets and models list newest first;
// compute and serving assets by name, which the (ownerOrgId, name) uniqueness constraints already index,
// except deployments (names are not unique there).
CREATE INDEX dataset_owner_created IF NOT EXISTS FOR (n:Dataset) ON (n.ownerOrgId, n.createdAt);
CREATE INDEX model_owner_created IF NOT EXISTS FOR (n:Model) ON (n.ownerOrgId, n.createdAt);
CREATE INDEX deployment_owner_name IF NOT EXISTS FOR (n:Deployment) ON (n.ownerOrgId, n.name);
// Exact counts (asked for with totalCount) subtract the archived from the owned, both counted from indexes
// without reading a node.
CREATE INDEX dataset_owner_archived IF NOT EXISTS FOR (n:Dataset) ON (n.ownerOrgId, n.archived);
CREATE INDEX model_owner_archived IF NOT EXISTS FOR (n:Model) ON (n.ownerOrgId, n.archived);
CREATE INDEX service_owner_archived IF NOT EXISTS FOR (n:Service) ON (n.ownerOrgId, n.archived);
CREATE INDEX deployment_owner_archived IF NOT EXISTS FOR (n:Deployment) ON (n.ownerOrgId, n.archived);
CREATE INDEX edgenode_owner_archived IF NOT EXISTS FOR (n:EdgeNode) ON (n.ownerOrgId, n.archived);
CREATE INDEX cluster_owner_archived IF NOT EXISTS FOR (n:Cluster) ON (n.ownerOrgId, n.archived);
CREATE INDEX node_owner_archived IF NOT EXISTS FOR (n:Node) ON (n.ownerOrgId, n.archived);
CREATE INDEX accelerator_owner_archived IF NOT EXISTS FOR (n:Accelerator) ON (n.ownerOrgId, n.archived);
