// Model versions registered before they carried search text get a snapshot name and their model's words.
MATCH (m:Model)-[:HAS_VERSION]->(v:ModelVersion) WHERE v.name IS NULL
SET v.name = m.name + ' v' + toString(v.version), v.description = coalesce(m.description, ''), v.tagsText = coalesce(m.tagsText, '');
CREATE INDEX deployment_status IF NOT EXISTS FOR (n:Deployment) ON (n.status);
