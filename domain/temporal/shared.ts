// Task queue names and payload types shared by workflows, activities, the worker and clients.
//
// Two task queues, so a long training run never delays a canary decision, a rollout or a query:
// - orchestration (`plinth`): deployment (validation, approval, canary, promotion), edge rollout and the
//   graph health probe. Short activities that wait on the network; always responsive.
// - compute (`plinth-compute`): training, AutoML and data recipes, workflows AND activities. Their
//   workflow code is light; the CPU-bound parts (ml.js train and predict, ONNX export) run in worker
//   threads (workflows/compute/), so the compute worker's own event loop stays free to answer progress
//   queries, heartbeat and pick up tasks. A whole workflow on one queue keeps each workflow's code and its
//   activities on one worker kind, and a test (or a second deployment) can still point both at one queue.
export const ORCHESTRATION_TASK_QUEUE = 'plinth';
export const COMPUTE_TASK_QUEUE = 'plinth-compute';
/** The orchestration queue, by its older name. */
export const TASK_QUEUE = ORCHESTRATION_TASK_QUEUE;

export interface GraphHealth {
  neo4jVersion: string;
  migrationsApplied: number;
  checkedAt: string;
}

export interface GraphHealthReport extends GraphHealth {
  workflowId: string;
  runId: string;
}
