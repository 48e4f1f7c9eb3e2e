// The client side of the edge rollout workflow, used by the serving subgraph's GraphQL: start a
// rollout, carry node reports to it as signals, query its status. The Temporal connection is domain/temporal/client.ts's.
import { randomUUID } from 'node:crypto';
import { ORCHESTRATION_TASK_QUEUE } from '../temporal/shared.js';
import { queryWithin } from '../temporal/query.js';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, isWorkflowIdOf, labelled, workflowIdFor } from '../temporal/labels.js';
import type { SignedStatement } from '../../lib/auth/signed-statement.js';
import {
  EDGE_ROLLOUT_WORKFLOW_PREFIX,
  edgeRolloutStatusQuery,
  nodeReportSignal,
  type EdgeRolloutInput,
  type EdgeRolloutStatus,
} from './shared.js';

/** Where rollouts are started: the orchestration queue; tests point it at their own worker's queue. */
export const edgeRolloutClientOptions = { taskQueue: ORCHESTRATION_TASK_QUEUE };

/** edge-rollout/<modelVersionId>/<rolloutId>, or edge-rollout-<rolloutId> of older rollouts. */
export const isEdgeRolloutWorkflowId = (id: string): boolean =>
  isWorkflowIdOf('edge-rollout', EDGE_ROLLOUT_WORKFLOW_PREFIX, id);

export async function startEdgeRollout(
  input: Omit<EdgeRolloutInput, 'rolloutId'>,
): Promise<{ workflowId: string; runId: string; rolloutId: string }> {
  const rolloutId = randomUUID();
  const workflowId = workflowIdFor('edge-rollout', input.modelVersionId, rolloutId);
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  const handle = await client.workflow.start('edgeRolloutWorkflow', {
    taskQueue: edgeRolloutClientOptions.taskQueue,
    workflowId,
    args: [{ ...input, rolloutId }],
    ...labelled({
      actor: input.requestedBy,
      what: `roll model version ${input.modelVersionId} out to ${input.edgeNodeIds.length} edge node(s), ${input.batchSize} at a time, failure budget ${input.failureBudget}`,
      assetIds: [input.modelVersionId, ...input.edgeNodeIds],
    }),
  });
  return { workflowId, runId: handle.firstExecutionRunId, rolloutId };
}

export async function edgeRolloutStatus(
  workflowId: string,
): Promise<EdgeRolloutStatus & { workflowId: string; runId: string }> {
  const handle = (await temporalClient()).workflow.getHandle(workflowId);
  const described = await handle.describe();
  // A completed run answers from its result; others replay on a worker to answer the query.
  const status =
    described.status.name === 'COMPLETED'
      ? ((await handle.result()) as EdgeRolloutStatus)
      : await queryWithin(handle, edgeRolloutStatusQuery, `edge rollout ${workflowId}`, described.taskQueue);
  return { ...status, workflowId, runId: described.runId };
}

/** Sends a signed node report (lib/auth/signed-statement.ts); the workflow verifies it before counting it. */
export async function signalNodeReport(workflowId: string, report: SignedStatement): Promise<void> {
  await (await temporalClient()).workflow.getHandle(workflowId).signal(nodeReportSignal, report);
}
