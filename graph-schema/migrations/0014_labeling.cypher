// Labeling (domain/labeling): projects over a source dataset version, their tasks, each annotator's
// annotation, a model's current suggestion and the accepted snapshots (PROV activities producing a
// label version). Keyed like every other label; tasks are read per project by status (progress, the
// review queue, the open pool) and paged by (projectId, createdAt, id); annotations and suggestions are
// found by their task.
CREATE CONSTRAINT labelingproject_id_unique IF NOT EXISTS FOR (n:LabelingProject) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT labeltask_id_unique IF NOT EXISTS FOR (n:LabelTask) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT annotation_id_unique IF NOT EXISTS FOR (n:Annotation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT suggestion_id_unique IF NOT EXISTS FOR (n:Suggestion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT labelsnapshot_id_unique IF NOT EXISTS FOR (n:LabelSnapshot) REQUIRE n.id IS UNIQUE;
CREATE INDEX labelingproject_owner_created IF NOT EXISTS FOR (n:LabelingProject) ON (n.ownerOrgId, n.createdAt);
CREATE INDEX labeltask_project_status IF NOT EXISTS FOR (n:LabelTask) ON (n.projectId, n.status);
CREATE INDEX labeltask_project_item IF NOT EXISTS FOR (n:LabelTask) ON (n.projectId, n.item);
CREATE INDEX annotation_task IF NOT EXISTS FOR (n:Annotation) ON (n.taskId);
CREATE INDEX suggestion_task IF NOT EXISTS FOR (n:Suggestion) ON (n.taskId);
CREATE INDEX labelsnapshot_project IF NOT EXISTS FOR (n:LabelSnapshot) ON (n.projectId);
