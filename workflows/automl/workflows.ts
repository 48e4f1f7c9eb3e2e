// AutoML workflows: deterministic, no I/O (lint-enforced); activities imported as types only.
// Seeded sampling → trials in parallel under the concurrency limit, rung by rung → best on validation
// → retrained, scored once on test and registered.
import { ApplicationFailure, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/workflow';
import type { createAutoMLActivities } from './activities.js';
import { rank, rungsFor, sampleTrials } from '../../domain/automl/search.js';
import {
  automlProgressQuery,
  type AutoMLInput,
  type AutoMLProgress,
  type AutoMLResult,
  type TrialResult,
  type TrialSpec,
} from '../../domain/automl/shared.js';

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

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

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
    let alive: TrialSpec[] = sampleTrials(input.space, input.trials, input.seed);
    let ranked: TrialResult[] = [];
    for (const rung of rungs) {
      progress.rung = rung.index;
      const results = await pool(alive, input.concurrency, async (spec) => {
        const result = await act.automlTrial(input, studyId, spec, rung);
        if (rung.index === 0) progress.completedTrials++;
        return result;
      });
      ranked = rank(results, input.metric).filter((r) => r.score !== null);
      if (ranked.length === 0)
        throw ApplicationFailure.nonRetryable(
          `every trial failed: ${results.map((r) => r.error).join('; ')}`,
          'AutoMLNoTrial',
        );
      // The top half (rounded up) of the scored trials goes on to the next rung, with twice the data.
      alive = ranked
        .slice(0, Math.ceil(alive.length / 2))
        .map(({ index, algorithm, hyperparameters }) => ({ index, algorithm, hyperparameters }));
    }
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
    progress.phase = 'failed';
    const message =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    await act.automlFail(input, studyId, message);
    throw ApplicationFailure.nonRetryable(`AutoML failed: ${message}`, 'AutoMLFailed');
  }
}
