// The client side of the pre-annotation workflow, used by the assets subgraph's GraphQL: create the
// PreAnnotationRun, start preAnnotationWorkflow on the compute queue, and tell a run that Temporal ended
// without it recording an outcome.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { COMPUTE_TASK_QUEUE } from '../temporal/shared.js';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, labelled, workflowIdFor } from '../temporal/labels.js';
import { createPreRun, type PreRunRecord } from './pre-annotate-runs.js';
import { PRE_ANNOTATION_CHUNK, type PreAnnotationInput } from './pre-annotate-shared.js';

/** Where runs are started: the compute queue; tests point it at their own worker's queue. */
export const preAnnotationClientOptions = { taskQueue: COMPUTE_TASK_QUEUE, chunkSize: PRE_ANNOTATION_CHUNK };

/** Creates the run (RUNNING) and starts its workflow; returns the run's id. The caller checked the rights. */
export async function startPreAnnotation(
  driver: Driver,
  actor: Identity,
  projectId: string,
  serviceId: string,
): Promise<string> {
  const preRunId = randomUUID();
  const workflowId = workflowIdFor('pre-annotation', projectId, preRunId);
  const input: PreAnnotationInput = {
    preRunId,
    projectId,
    serviceId,
    requestedBy: { sub: actor.sub, username: actor.username, org: actor.org },
    chunkSize: preAnnotationClientOptions.chunkSize,
  };
  await createPreRun(driver, actor, { id: preRunId, projectId, serviceId, workflowId });
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  await client.workflow.start('preAnnotationWorkflow', {
    taskQueue: preAnnotationClientOptions.taskQueue,
    workflowId,
    args: [input],
    ...labelled({
      actor: input.requestedBy,
      what: `pre-annotation of labeling project ${projectId} by service ${serviceId}`,
      assetIds: [projectId, serviceId],
    }),
  });
  return preRunId;
}

/** For a run still RUNNING in the graph: Temporal's word when the workflow ended anyway; null otherwise. */
export async function preRunEndedWithoutOutcome(run: PreRunRecord): Promise<string | null> {
  if (run.status !== 'RUNNING') return null;
  try {
    const status = (await (await temporalClient()).workflow.getHandle(run.workflowId).describe()).status.name;
    return status === 'RUNNING' || status === 'COMPLETED' ? null : `the pre-annotation workflow ended ${status}`;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
