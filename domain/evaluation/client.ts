// The client side of the evaluation workflow, used by the models subgraph's evaluateModelVersion: the
// Evaluation node exists (RUNNING) before the workflow does, so the caller gets a handle to poll at once.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { COMPUTE_TASK_QUEUE } from '../temporal/shared.js';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, labelled, workflowIdFor } from '../temporal/labels.js';
import { createEvaluation, setEvaluationRun } from './store.js';
import type { EvaluationInput } from './shared.js';

/** Where evaluations are started: the compute queue (domain/temporal/shared.ts); tests point it at their own worker's queue. */
export const evaluationClientOptions = { taskQueue: COMPUTE_TASK_QUEUE };

/** Creates the Evaluation and starts its workflow; returns the evaluation id. */
export async function startEvaluation(
  driver: Driver,
  actor: Identity,
  request: Omit<EvaluationInput, 'evaluationId' | 'requestedBy'>,
): Promise<string> {
  const workflowId = workflowIdFor('evaluation', request.modelVersionId, randomUUID());
  const evaluationId = await createEvaluation(driver, actor, request, workflowId);
  const input: EvaluationInput = {
    ...request,
    evaluationId,
    requestedBy: { sub: actor.sub, username: actor.username, org: actor.org },
  };
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  const handle = await client.workflow.start('evaluationWorkflow', {
    taskQueue: evaluationClientOptions.taskQueue,
    workflowId,
    args: [input],
    ...labelled({
      actor: input.requestedBy,
      what: `evaluate model version ${request.modelVersionId} on dataset version ${request.datasetVersionId}, target ${request.targetColumn}`,
      assetIds: [request.modelVersionId, request.datasetVersionId],
    }),
  });
  await setEvaluationRun(driver, evaluationId, handle.firstExecutionRunId);
  return evaluationId;
}
