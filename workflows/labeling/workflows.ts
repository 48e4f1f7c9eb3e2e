// active-learning workflow: deterministic, no I/O (lint-enforced); activities imported as types only.
import {
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  condition,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/workflow';
import type { createActiveLearningActivities, createActiveLearningComputeActivities } from './activities.js';
import {
  labelsAcceptedSignal,
  stopReason,
  type ActiveLearningInput,
  type ActiveLearningResult,
  type AlCarried,
  type AlChosen,
  type AlRound,
} from '../../domain/labeling/active-shared.js';

type Orchestration = ReturnType<typeof createActiveLearningActivities>;
type Compute = ReturnType<typeof createActiveLearningComputeActivities>;

// Typed, so '1 second' is read as a Duration rather than widened to string.
const retry: RetryPolicy = {
  maximumAttempts: 10,
  initialInterval: '1 second',
  nonRetryableErrorTypes: ['ActiveLearningInputError'],
};
const orch = proxyActivities<Orchestration>({ startToCloseTimeout: '1 minute', retry });

const unique = (ids: string[]): string[] => [...new Set(ids)];
const message = (error: unknown): string =>
  error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);

/**
 * The open active-learning loop over a labeling project. Each round: train the active learner on the
 * labels people gave for its picks, and a random-sampling baseline on as many random picks, both measured
 * on one evaluation set (alTrainAndScore, on the compute queue); record the round; stop on budget, an
 * empty pool or an accuracy plateau; else send the next batch to the annotators and wait until every task
 * of it is ACCEPTED. The wait ends early on a `labelsAccepted` nudge (no payload: the graph is read, not
 * the signal) and re-checks every checkIntervalSeconds, so a lost nudge only delays it. A long wait
 * continues as new, carrying what was chosen.
 */
export async function activeLearningWorkflow(
  input: ActiveLearningInput,
  carried?: AlCarried,
): Promise<ActiveLearningResult> {
  // Compute heartbeats every 2 s (workflows/activities.ts), so a lost worker's attempt is retried after 30 s.
  const compute = proxyActivities<Compute>({
    taskQueue: input.computeQueue,
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '30 seconds',
    retry,
  });
  let nudged = false;
  setHandler(labelsAcceptedSignal, () => void (nudged = true));

  let round = carried?.round ?? 1;
  let chosen: AlChosen = carried?.chosen ?? { evaluation: [], active: [], baseline: [] };
  const accuracies = [...(carried?.accuracies ?? [])];
  let waiting = carried?.waiting ?? [];
  try {
    if (!carried) await orch.alStarted(input);
    for (;;) {
      while (waiting.length > 0) {
        // Cleared before the read: a nudge that lands during it ends the next wait at once.
        nudged = false;
        if ((await orch.alBatchRemaining(input, waiting)) === 0) waiting = [];
        else {
          await condition(() => nudged, `${input.checkIntervalSeconds} seconds`);
          if (workflowInfo().continueAsNewSuggested)
            await continueAsNew<typeof activeLearningWorkflow>(input, { round, chosen, accuracies, waiting });
        }
      }
      const score = await compute.alTrainAndScore(input, chosen, round);
      if (score.accuracy !== null) accuracies.push(score.accuracy);
      const stop = stopReason(input, score, accuracies);
      const batch = stop ? [] : unique([...score.evaluationBatch, ...score.activeBatch, ...score.baselineBatch]);
      const record: AlRound = {
        round,
        labels: score.activeLabels,
        baselineLabels: score.baselineLabels,
        accuracy: score.accuracy,
        baselineAccuracy: score.baselineAccuracy,
        evaluated: score.evaluated,
        pool: score.pool,
        batch,
        activeBatch: stop ? [] : score.activeBatch,
        baselineBatch: stop ? [] : score.baselineBatch,
        stopReason: stop,
      };
      await orch.alRecordRound(input, record);
      if (stop) {
        await orch.alFinish(input, { stopReason: stop });
        const { workflowId, runId } = workflowInfo();
        return {
          alRunId: input.alRunId,
          rounds: round,
          stopReason: stop,
          labels: score.activeLabels,
          accuracy: score.accuracy,
          baselineAccuracy: score.baselineAccuracy,
          workflowId,
          runId,
        };
      }
      chosen = {
        evaluation: [...chosen.evaluation, ...score.evaluationBatch],
        active: [...chosen.active, ...score.activeBatch],
        baseline: [...chosen.baseline, ...score.baselineBatch],
      };
      await orch.alSendBatch(input, batch, round);
      waiting = batch;
      round++;
    }
  } catch (error) {
    if (error instanceof ContinueAsNew) throw error;
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => orch.alFinish(input, { cancelled: true }));
      throw error;
    }
    const why = message(error);
    await orch.alFinish(input, { error: why });
    throw ApplicationFailure.nonRetryable(`active learning failed: ${why}`, 'ActiveLearningFailed');
  }
}
