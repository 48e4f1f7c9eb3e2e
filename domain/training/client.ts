// The client side of the training workflow, used by the models subgraph's GraphQL: create the
// TrainingRun, start the workflow, read its progress. The Temporal connection is domain/temporal/client.ts's.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import { COMPUTE_TASK_QUEUE } from '../temporal/shared.js';
import { queryWithin } from '../temporal/query.js';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, labelled, workflowIdFor } from '../temporal/labels.js';
import { ensureTrainingRun, type RunRef } from './run-store.js';
import { progressQuery, type TrainingInput, type TrainingProgress } from './shared.js';

/** The ids of runs started before workflow ids said what they are (domain/temporal/labels.ts). */
export const TRAINING_WORKFLOW_PREFIX = 'training-';

/** Where runs are started: the compute queue (domain/temporal/shared.ts); tests point it at their own worker's queue. */
export const trainingClientOptions = { taskQueue: COMPUTE_TASK_QUEUE };

/** The run exists before the workflow does, so it can be read (and found by id) as soon as this returns. */
export async function startTraining(driver: Driver, input: TrainingInput): Promise<RunRef> {
  const workflowId = workflowIdFor('training', input.modelId, randomUUID());
  await ensureTrainingRun(driver, input, workflowId, null);
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  const handle = await client.workflow.start('trainingWorkflow', {
    taskQueue: trainingClientOptions.taskQueue,
    workflowId,
    args: [input],
    ...labelled({
      actor: input.requestedBy,
      what: `train ${input.algorithm} (${input.task}) on dataset version ${input.datasetVersionId}, target ${input.targetColumn}, for model ${input.modelId}`,
      assetIds: [input.modelId, input.datasetVersionId],
    }),
  });
  // Records the run id unless the workflow's first activity already has.
  return ensureTrainingRun(driver, input, workflowId, handle.firstExecutionRunId);
}

/**
 * The running workflow's progress; null once it has finished (or when Temporal no longer knows it).
 * Throws WorkerBusyError (code WORKER_BUSY) when no compute worker answers within the query timeout.
 */
export async function trainingProgress(workflowId: string): Promise<TrainingProgress | null> {
  const handle = (await temporalClient()).workflow.getHandle(workflowId);
  try {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return null;
    return await queryWithin(handle, progressQuery, `training run ${workflowId}`, described.taskQueue);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}

// After the run log's last step, the step the workflow is at and its percent (workflows/training/workflows.ts
// logs a step when it is done and then moves to the next).
const NEXT: Record<string, TrainingProgress> = {
  start: { step: 'load', percent: 10 },
  load: { step: 'split', percent: 20 },
  split: { step: 'train', percent: 30 },
  train: { step: 'evaluate', percent: 55 },
  evaluate: { step: 'export', percent: 65 },
  export: { step: 'verify', percent: 75 },
  verify: { step: 'register', percent: 90 },
  register: { step: 'register', percent: 90 },
};

/** Where the run log says a running run is: the step after the last one it recorded. */
export function recordedProgress(log: readonly { step: string }[]): TrainingProgress {
  for (let i = log.length - 1; i >= 0; i--) {
    const next = NEXT[log[i]!.step];
    if (next) return next;
  }
  return { step: 'start', percent: 0 };
}
