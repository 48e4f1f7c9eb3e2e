// training workflows: deterministic, no I/O (lint-enforced); activities imported as types only.
import { ApplicationFailure, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/workflow';
import type { createTrainingActivities } from './activities.js';
import {
  TEST_DELAY_AFTER_TRAIN_MS,
  TEST_HOLD_IN_TRAIN_MS,
  progressQuery,
  type TrainingInput,
  type TrainingProgress,
  type TrainingResult,
  type TrainingStep,
} from '../../domain/training/shared.js';
import { classifyFailure } from '../../domain/runs/shared.js';

type TrainingActivities = ReturnType<typeof createTrainingActivities>;

// Typed, so '1 second' is read as a Duration rather than widened to string.
const retry: RetryPolicy = {
  maximumAttempts: 5,
  initialInterval: '1 second',
  nonRetryableErrorTypes: ['TrainingInputError', 'OnnxMismatch'],
};
// Compute activities heartbeat every 2 s while they run (workflows/activities.ts; the CPU work is in a
// compute thread), so a lost worker's attempt is retried after 30 s, not the whole start-to-close timeout.
const act = proxyActivities<TrainingActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});
// Only with the test hold: the activity heartbeats, so a killed worker's attempt is retried after 3 s
// (without heartbeats Temporal can only wait out the 10-minute start-to-close timeout).
const { trainingTrain: heldTrain } = proxyActivities<TrainingActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '3 seconds',
  retry,
});

/** Data version → profile → split → train → evaluate → ONNX → verify → ModelVersion with provenance. */
export async function trainingWorkflow(input: TrainingInput): Promise<TrainingResult> {
  let progress: TrainingProgress = { step: 'start', percent: 0 };
  setHandler(progressQuery, () => progress);
  const at = (step: TrainingStep, percent: number) => (progress = { step, percent });

  const { trainingRunId } = await act.trainingStart(input);
  try {
    at('load', 10);
    await act.trainingLoad(input);
    at('split', 20);
    await act.trainingSplit(input);
    at('train', 30);
    const hold = input.hyperparameters[TEST_HOLD_IN_TRAIN_MS];
    await (typeof hold === 'number' && hold > 0 ? heldTrain : act.trainingTrain)(input);
    const delay = input.hyperparameters[TEST_DELAY_AFTER_TRAIN_MS];
    if (typeof delay === 'number' && delay > 0) await sleep(delay);
    at('evaluate', 55);
    const evaluation = await act.trainingEvaluate(input);
    at('export', 65);
    const exported = await act.trainingExport(input);
    at('verify', 75);
    const verified = await act.trainingVerify(input);
    const metrics = {
      ...evaluation,
      onnxMaxAbsDiff: verified.maxAbsDiff,
      onnxLabelAgreement: verified.labelAgreement,
      artifactDigest: exported.digest,
    };
    at('register', 90);
    const registered = await act.trainingRegister(input, trainingRunId, metrics);
    await act.trainingComplete(input, trainingRunId, { metrics, modelVersionId: registered.modelVersionId });
    at('done', 100);
    const { workflowId, runId } = workflowInfo();
    return { ...registered, trainingRunId, workflowId, runId, metrics };
  } catch (error) {
    // The step it was at, a code from the activity's failure type and a message that says what to do.
    const failure = classifyFailure(error, progress.step);
    progress = { step: 'failed', percent: progress.percent };
    await act.trainingComplete(input, trainingRunId, { error: failure });
    throw ApplicationFailure.nonRetryable(
      `training failed at ${failure.step} (${failure.code}): ${failure.message}`,
      'TrainingFailed',
    );
  }
}
