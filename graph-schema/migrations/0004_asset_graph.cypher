// The asset graph proper (issue 3): one full-text index over every asset kind, names unique within
// their org, versions unique within their asset, and owner indexes for the visibility filter.
DROP INDEX asset_text IF EXISTS;
CREATE FULLTEXT INDEX asset_search IF NOT EXISTS
FOR (n:Dataset|DatasetVersion|Model|ModelVersion|Service|Deployment|EdgeNode|Cluster|Node|Accelerator)
ON EACH [n.name, n.description, n.tagsText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
CREATE CONSTRAINT dataset_org_name_unique IF NOT EXISTS FOR (n:Dataset) REQUIRE (n.ownerOrgId, n.name) IS UNIQUE;
CREATE CONSTRAINT model_org_name_unique IF NOT EXISTS FOR (n:Model) REQUIRE (n.ownerOrgId, n.name) IS UNIQUE;
CREATE CONSTRAINT service_org_name_unique IF NOT EXISTS FOR (n:Service) REQUIRE (n.ownerOrgId, n.name) IS UNIQUE;
CREATE CONSTRAINT edgenode_org_name_unique IF NOT EXISTS FOR (n:EdgeNode) REQUIRE (n.ownerOrgId, n.name) IS UNIQUE;
CREATE CONSTRAINT cluster_org_name_unique IF NOT EXISTS FOR (n:Cluster) REQUIRE (n.ownerOrgId, n.name) IS UNIQUE;
CREATE CONSTRAINT node_org_name_unique IF NOT EXISTS FOR (n:Node) REQUIRE (n.ownerOrgId, n.name) IS UNIQUE;
CREATE CONSTRAINT accelerator_org_name_unique IF NOT EXISTS FOR (n:Accelerator) REQUIRE (n.ownerOrgId, n.name) IS UNIQUE;
CREATE CONSTRAINT datasetversion_parent_version_unique IF NOT EXISTS FOR (n:DatasetVersion) REQUIRE (n.datasetId, n.version) IS UNIQUE;
CREATE CONSTRAINT modelversion_parent_version_unique IF NOT EXISTS FOR (n:ModelVersion) REQUIRE (n.modelId, n.version) IS UNIQUE;
CREATE INDEX dataset_owner IF NOT EXISTS FOR (n:Dataset) ON (n.ownerOrgId);
CREATE INDEX model_owner IF NOT EXISTS FOR (n:Model) ON (n.ownerOrgId);
CREATE INDEX service_owner IF NOT EXISTS FOR (n:Service) ON (n.ownerOrgId);
CREATE INDEX deployment_owner IF NOT EXISTS FOR (n:Deployment) ON (n.ownerOrgId);
CREATE INDEX edgenode_owner IF NOT EXISTS FOR (n:EdgeNode) ON (n.ownerOrgId);
CREATE INDEX cluster_owner IF NOT EXISTS FOR (n:Cluster) ON (n.ownerOrgId);
CREATE INDEX node_owner IF NOT EXISTS FOR (n:Node) ON (n.ownerOrgId);
CREATE INDEX accelerator_owner IF NOT EXISTS FOR (n:Accelerator) ON (n.ownerOrgId);
MERGE (o:Org {id: 'shandong'}) ON CREATE SET o.name = 'Shandong Branch 山东分公司', o.level = 'province';
MATCH (o:Org {id: 'shandong'}), (hq:Org {id: 'hq'}) MERGE (o)-[:PART_OF]->(hq);
// Existing datasets gain the owner property the constraints and indexes use.
MATCH (d:Dataset)-[:OWNED_BY]->(o:Org) WHERE d.ownerOrgId IS NULL SET d.ownerOrgId = o.id;
