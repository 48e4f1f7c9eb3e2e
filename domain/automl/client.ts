// The client side of the AutoML workflow for the models subgraph: create the study, start the
// workflow, read its progress. Shares the training client's connection and task queue option.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, labelled, workflowIdFor } from '../temporal/labels.js';
import { queryWithin } from '../temporal/query.js';
import { trainingClientOptions } from '../training/client.js';
import { ensureStudy, type StudyRef } from './study-store.js';
import { automlProgressQuery, type AutoMLInput, type AutoMLProgress } from './shared.js';

export async function startAutoML(driver: Driver, input: AutoMLInput): Promise<StudyRef> {
  const workflowId = workflowIdFor('automl', input.modelId, randomUUID());
  await ensureStudy(driver, input, workflowId, null);
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  const handle = await client.workflow.start('autoMLWorkflow', {
    taskQueue: trainingClientOptions.taskQueue,
    workflowId,
    args: [input],
    ...labelled({
      actor: input.requestedBy,
      what: `AutoML study on dataset version ${input.datasetVersionId} for model ${input.modelId}`,
      assetIds: [input.modelId, input.datasetVersionId],
    }),
  });
  return ensureStudy(driver, input, workflowId, handle.firstExecutionRunId);
}

/** The running study's progress; null once it has finished. */
export async function automlProgress(workflowId: string): Promise<AutoMLProgress | null> {
  const handle = (await temporalClient()).workflow.getHandle(workflowId);
  try {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return null;
    return await queryWithin(handle, automlProgressQuery, `AutoML study ${workflowId}`, described.taskQueue);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
