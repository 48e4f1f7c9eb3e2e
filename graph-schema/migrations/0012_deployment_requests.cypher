// Deployment requests (domain/deployment/request-record.ts): one node per request, id = its workflow id,
// listed newest first per visible org (ownerOrgId = the service's owner org) by keyset on createdAt.
CREATE CONSTRAINT deploymentrequest_id_unique IF NOT EXISTS FOR (n:DeploymentRequest) REQUIRE n.id IS UNIQUE;
CREATE INDEX deploymentrequest_owner_created IF NOT EXISTS FOR (n:DeploymentRequest) ON (n.ownerOrgId, n.createdAt);
