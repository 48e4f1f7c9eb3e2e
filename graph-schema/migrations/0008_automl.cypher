// AutoML studies (workflows/automl): keyed like every other label; trials find their study by workflow id.
CREATE CONSTRAINT automlstudy_id_unique IF NOT EXISTS FOR (n:AutoMLStudy) REQUIRE n.id IS UNIQUE;
CREATE INDEX automlstudy_workflow_id IF NOT EXISTS FOR (n:AutoMLStudy) ON (n.workflowId);
CREATE INDEX trainingrun_study_trial IF NOT EXISTS FOR (n:TrainingRun) ON (n.studyId, n.trialIndex);
