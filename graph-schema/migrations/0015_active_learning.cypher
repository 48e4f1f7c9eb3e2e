// Active learning (domain/labeling/active-run-store.ts): one node per loop over a labeling project, keyed
// like every other label; a project's runs are listed by projectId, and the workflow's activities find
// their run by workflow id.
CREATE CONSTRAINT activelearningrun_id_unique IF NOT EXISTS FOR (n:ActiveLearningRun) REQUIRE n.id IS UNIQUE;
CREATE INDEX activelearningrun_project IF NOT EXISTS FOR (n:ActiveLearningRun) ON (n.projectId);
CREATE INDEX activelearningrun_workflow_id IF NOT EXISTS FOR (n:ActiveLearningRun) ON (n.workflowId);
