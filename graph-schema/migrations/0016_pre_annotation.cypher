// Pre-annotation (domain/labeling/pre-annotate-runs.ts): one node per run of a deployed model over a
// labeling project's open tasks, keyed like every other label; a project's runs are listed by projectId.
CREATE CONSTRAINT preannotationrun_id_unique IF NOT EXISTS FOR (n:PreAnnotationRun) REQUIRE n.id IS UNIQUE;
CREATE INDEX preannotationrun_project IF NOT EXISTS FOR (n:PreAnnotationRun) ON (n.projectId);
