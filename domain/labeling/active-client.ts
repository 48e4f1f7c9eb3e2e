// The client side of the active-learning workflow, used by the assets subgraph's GraphQL: create the
// ActiveLearningRun, start activeLearningWorkflow, cancel it, nudge it when labels are accepted, and tell
// a run that Temporal ended without it recording an outcome.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { createLogger } from '../../lib/logger.js';
import { COMPUTE_TASK_QUEUE, ORCHESTRATION_TASK_QUEUE } from '../temporal/shared.js';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, labelled, workflowIdFor } from '../temporal/labels.js';
import { createAlRun, runningAlWorkflows, type AlRunRecord } from './active-run-store.js';
import { labelsAcceptedSignal, type ActiveLearningInput, type ActiveLearningSettings } from './active-shared.js';

const log = createLogger('active-learning');

/**
 * Where runs go: the workflow and its graph activities on the orchestration queue (it mostly waits for
 * people), the training and scoring on compute. Tests point both at their own worker's queue, and may
 * shorten the periodic check.
 */
export const activeLearningClientOptions = {
  taskQueue: ORCHESTRATION_TASK_QUEUE,
  computeQueue: COMPUTE_TASK_QUEUE,
  checkIntervalSeconds: 30,
};

/** Creates the run (RUNNING) and starts its workflow; returns the run's id. The caller checked the rights. */
export async function startActiveLearning(
  driver: Driver,
  actor: Identity,
  projectId: string,
  settings: ActiveLearningSettings,
): Promise<string> {
  const alRunId = randomUUID();
  const workflowId = workflowIdFor('active-learning', projectId, alRunId);
  const input: ActiveLearningInput = {
    ...settings,
    alRunId,
    projectId,
    requestedBy: { sub: actor.sub, username: actor.username, org: actor.org },
    computeQueue: activeLearningClientOptions.computeQueue,
    checkIntervalSeconds: activeLearningClientOptions.checkIntervalSeconds,
  };
  await createAlRun(driver, input, workflowId);
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  await client.workflow.start('activeLearningWorkflow', {
    taskQueue: activeLearningClientOptions.taskQueue,
    workflowId,
    args: [input],
    ...labelled({
      actor: input.requestedBy,
      what: `active learning on labeling project ${projectId}: ${settings.strategy}${settings.diversity ? ' + k-center' : ''}, batch ${settings.batchSize}, budget ${settings.budget}`,
      assetIds: [projectId],
    }),
  });
  return alRunId;
}

/** Asks Temporal to cancel the run's workflow; the workflow records CANCELLED on the run itself. */
export async function cancelActiveLearning(run: AlRunRecord): Promise<void> {
  try {
    await (await temporalClient()).workflow.getHandle(run.workflowId).cancel();
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/**
 * Best effort, for reviewLabelTask: tells the project's running loops that labels were accepted, so a
 * finished batch does not wait for the periodic check. Never throws: the review has been committed.
 */
export async function nudgeActiveLearning(driver: Driver, projectId: string): Promise<void> {
  try {
    const workflows = await runningAlWorkflows(driver, projectId);
    if (workflows.length === 0) return;
    const client = await temporalClient();
    await Promise.all(
      workflows.map((id) =>
        client.workflow
          .getHandle(id)
          .signal(labelsAcceptedSignal)
          .catch(() => undefined),
      ),
    );
  } catch (error) {
    log.warn(`could not nudge the active-learning runs of project ${projectId}: ${(error as Error).message}`);
  }
}

/**
 * For a run still RUNNING in the graph: Temporal's word when the workflow ended anyway (terminated, timed
 * out), so the failure is visible in the API; null while it runs or is unknown.
 */
export async function endedWithoutOutcome(run: AlRunRecord): Promise<string | null> {
  if (run.status !== 'RUNNING') return null;
  try {
    const status = (await (await temporalClient()).workflow.getHandle(run.workflowId).describe()).status.name;
    return status === 'RUNNING' || status === 'COMPLETED' || status === 'CONTINUED_AS_NEW'
      ? null
      : `the active-learning workflow ended ${status}`;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
