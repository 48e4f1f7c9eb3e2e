// An org's asset counts by kind (Org.assetCounts) seek each kind's owner index. Dataset and model versions
// carry their parent's ownerOrgId but had no index on it, so counting one org's versions scanned every
// version in the graph (seconds at tens of thousands; found by a black-box tester pricing queries).
CREATE INDEX datasetversion_owner IF NOT EXISTS FOR (n:DatasetVersion) ON (n.ownerOrgId);
CREATE INDEX modelversion_owner IF NOT EXISTS FOR (n:ModelVersion) ON (n.ownerOrgId);
