// The client side of the training workflow, used by the models subgraph's GraphQL: create the
// TrainingRun, start the workflow, read its progress. The Temporal connection is domain/temporal/client.ts's.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import { TASK_QUEUE } from '../temporal/shared.js';
import { temporalClient } from '../temporal/client.js';
import { ensureTrainingRun, type RunRef } from './run-store.js';
import { progressQuery, type TrainingInput, type TrainingProgress } from './shared.js';

export const TRAINING_WORKFLOW_PREFIX = 'training-';

/** Where runs are started; tests point it at their own worker's queue. */
export const trainingClientOptions = { taskQueue: TASK_QUEUE };

/** The run exists before the workflow does, so it can be read (and found by id) as soon as this returns. */
export async function startTraining(driver: Driver, input: TrainingInput): Promise<RunRef> {
  const workflowId = `${TRAINING_WORKFLOW_PREFIX}${randomUUID()}`;
  await ensureTrainingRun(driver, input, workflowId, null);
  const handle = await (
    await temporalClient()
  ).workflow.start('trainingWorkflow', {
    taskQueue: trainingClientOptions.taskQueue,
    workflowId,
    args: [input],
  });
  // Records the run id unless the workflow's first activity already has.
  return ensureTrainingRun(driver, input, workflowId, handle.firstExecutionRunId);
}

/** The running workflow's progress; null once it has finished (or when Temporal no longer knows it). */
export async function trainingProgress(workflowId: string): Promise<TrainingProgress | null> {
  const handle = (await temporalClient()).workflow.getHandle(workflowId);
  try {
    if ((await handle.describe()).status.name !== 'RUNNING') return null;
    return await handle.query(progressQuery);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
