// Pre-annotation workflow: deterministic, no I/O (lint-enforced); activities imported as types only.
// Plan (the model version the service runs, the project's open tasks) → one activity per chunk of tasks
// (read the items, detect in a compute thread, write the suggestions, record done/failed) → outcome.
import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/workflow';
import type { createPreAnnotationActivities } from './activities.js';
import type { PreAnnotationInput } from '../../../domain/labeling/pre-annotate-shared.js';

type PreActivities = ReturnType<typeof createPreAnnotationActivities>;

const retry: RetryPolicy = {
  maximumAttempts: 4,
  initialInterval: '1 second',
  nonRetryableErrorTypes: ['PreAnnotationInputError'],
};
// Compute activities heartbeat every 2 s while they run (workflows/activities.ts).
const act = proxyActivities<PreActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

export interface PreAnnotationResult {
  preRunId: string;
  tasks: number;
}

export async function preAnnotationWorkflow(input: PreAnnotationInput): Promise<PreAnnotationResult> {
  try {
    const plan = await act.preAnnotationPlan(input);
    const size = Math.max(1, input.chunkSize);
    for (let i = 0; i * size < plan.taskIds.length; i++)
      await act.preAnnotationChunk(
        input,
        { modelVersionId: plan.modelVersionId, kind: plan.kind },
        i,
        plan.taskIds.slice(i * size, (i + 1) * size),
      );
    await act.preAnnotationFinish(input, null);
    return { preRunId: input.preRunId, tasks: plan.taskIds.length };
  } catch (error) {
    const message =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    await act.preAnnotationFinish(input, message);
    throw ApplicationFailure.nonRetryable(`pre-annotation failed: ${message}`, 'PreAnnotationFailed');
  }
}
