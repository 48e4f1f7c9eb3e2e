// Task queue names and payload types shared by workflows, activities, the worker and clients.
export const TASK_QUEUE = 'plinth';

export interface GraphHealth {
  neo4jVersion: string;
  migrationsApplied: number;
  checkedAt: string;
}

export interface GraphHealthReport extends GraphHealth {
  workflowId: string;
  runId: string;
}
