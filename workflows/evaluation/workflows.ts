// evaluation workflow: deterministic, no I/O (lint-enforced); activities imported as types only.
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/workflow';
import type { createEvaluationActivities } from './activities.js';
import type { EvaluationInput, EvaluationResult } from '../../domain/evaluation/shared.js';
import { classifyFailure } from '../../domain/runs/shared.js';

type EvaluationActivities = ReturnType<typeof createEvaluationActivities>;

// Typed, so '1 second' is read as a Duration rather than widened to string.
const retry: RetryPolicy = {
  maximumAttempts: 5,
  initialInterval: '1 second',
  nonRetryableErrorTypes: ['EvaluationInputError', 'DataIntegrityError'],
};
// Compute activities heartbeat every 2 s while they run (workflows/activities.ts), so a lost worker's
// attempt is retried after 30 s, not the whole start-to-close timeout.
const act = proxyActivities<EvaluationActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

/** A model version scored on a dataset version (verified bytes, the target column) → an Evaluation with lineage. */
export async function evaluationWorkflow(input: EvaluationInput): Promise<EvaluationResult> {
  let step = 'start';
  try {
    await act.evaluationStart(input);
    step = 'score';
    const { metrics, rows } = await act.evaluationScore(input);
    step = 'record';
    await act.evaluationComplete(input, { metrics, rows });
    const { workflowId, runId } = workflowInfo();
    return { evaluationId: input.evaluationId, metrics, rows, workflowId, runId };
  } catch (error) {
    const failure = classifyFailure(error, step);
    await act.evaluationComplete(input, { error: failure });
    throw ApplicationFailure.nonRetryable(
      `evaluation failed at ${failure.step} (${failure.code}): ${failure.message}`,
      'EvaluationFailed',
    );
  }
}
