// Full-text search over names and descriptions. The cjk analyzer tokenises Chinese as bigrams and
// still handles Latin words, so one index serves queries in both languages.
CREATE FULLTEXT INDEX asset_text IF NOT EXISTS
FOR (n:Dataset|Model|Service|Cluster|Accelerator|EdgeNode) ON EACH [n.name, n.description]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
CREATE FULLTEXT INDEX org_text IF NOT EXISTS
FOR (n:Org) ON EACH [n.name]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk' } };
CREATE INDEX auditevent_at IF NOT EXISTS FOR (n:AuditEvent) ON (n.at);
