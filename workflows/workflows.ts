// Workflow code: deterministic, no I/O (lint-enforced); activities are imported as types only.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from './activities.js';
import type { GraphHealthReport } from '../domain/temporal/shared.js';

const { describeGraph } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, initialInterval: '1 second' },
});

/** The smallest audited round trip: Temporal schedules an activity that reads the graph. */
export async function graphHealthWorkflow(): Promise<GraphHealthReport> {
  const health = await describeGraph();
  const { workflowId, runId } = workflowInfo();
  return { ...health, workflowId, runId };
}

export * from './training/workflows.js';
export * from './deployment/workflows.js';
export * from './automl/workflows.js';
export * from './edge/workflows.js';
export * from './recipe/workflows.js';
export * from './evaluation/workflows.js';
export * from './labeling/pre-annotate/workflows.js';
export * from './labeling/workflows.js';
