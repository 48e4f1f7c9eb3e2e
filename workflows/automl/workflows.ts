// AutoML workflows: deterministic, no I/O (lint-enforced); activities imported as types only.
// Seeded sampling → trials in parallel under the concurrency limit, rung by rung → best on validation
// → retrained, scored once on test and registered.
import { ApplicationFailure, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/workflow';
import type { createAutoMLActivities } from './activities.js';
import { rungsFor, runSearch } from '../../domain/automl/search.js';
import {
  automlProgressQuery,
  type AutoMLInput,
  type AutoMLProgress,
  type AutoMLResult,
} from '../../domain/automl/shared.js';
import { classifyFailure } from '../../domain/runs/shared.js';

type AutoMLActivities = ReturnType<typeof createAutoMLActivities>;

// Typed, so '1 second' is read as a Duration rather than widened to string.
const retry: RetryPolicy = {
  maximumAttempts: 5,
  initialInterval: '1 second',
  nonRetryableErrorTypes: ['AutoMLInputError', 'OnnxMismatch'],
};
// Compute activities heartbeat every 2 s while they run (workflows/activities.ts; the CPU work is in a
// compute thread), so a lost worker's attempt is retried after 30 s, not the whole start-to-close timeout.
const act = proxyActivities<AutoMLActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

export async function autoMLWorkflow(input: AutoMLInput): Promise<AutoMLResult> {
  const rungs = rungsFor(input.strategy, input.trials);
  const progress: AutoMLProgress = {
    phase: 'searching',
    rung: 0,
    rungs: rungs.length,
    completedTrials: 0,
    totalTrials: input.trials,
  };
  setHandler(automlProgressQuery, () => progress);

  const { studyId } = await act.automlStart(input);
  try {
    const { ranked, results } = await runSearch(
      input,
      async (spec, rung) => {
        const result = await act.automlTrial(input, studyId, spec, rung);
        if (rung.index === 0) progress.completedTrials++;
        return result;
      },
      (rung) => (progress.rung = rung.index),
    );
    if (ranked.length === 0)
      throw ApplicationFailure.nonRetryable(
        `every trial failed: ${results.map((r) => r.error).join('; ')}`,
        'AutoMLNoTrial',
      );
    const best = ranked[0]!;
    progress.phase = 'finalizing';
    const final = await act.automlFinalize(input, studyId, best);
    progress.phase = 'done';
    const { workflowId, runId } = workflowInfo();
    return {
      studyId,
      bestTrainingRunId: best.trainingRunId,
      best: {
        index: best.index,
        algorithm: best.algorithm,
        hyperparameters: best.hyperparameters,
        validationScore: best.score!,
      },
      testMetrics: final.testMetrics,
      modelVersionId: final.modelVersionId,
      version: final.version,
      workflowId,
      runId,
    };
  } catch (error) {
    // The phase it was in, a code from the activity's failure type and a message that says what to do.
    const failure = classifyFailure(error, progress.phase === 'finalizing' ? 'finalize' : 'search');
    progress.phase = 'failed';
    await act.automlFail(input, studyId, failure);
    throw ApplicationFailure.nonRetryable(
      `AutoML failed at ${failure.step} (${failure.code}): ${failure.message}`,
      'AutoMLFailed',
    );
  }
}
