// Recipes (domain/recipe): one node per recipe run, keyed like every other label; recipeRun(workflowId)
// and the idempotent activities find it, and the version it produced, by workflow id.
CREATE CONSTRAINT recipe_id_unique IF NOT EXISTS FOR (n:Recipe) REQUIRE n.id IS UNIQUE;
CREATE INDEX recipe_workflow_id IF NOT EXISTS FOR (n:Recipe) ON (n.workflowId);
CREATE INDEX datasetversion_workflow_id IF NOT EXISTS FOR (n:DatasetVersion) ON (n.workflowId);
