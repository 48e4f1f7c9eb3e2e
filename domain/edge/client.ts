// The client side of the edge rollout workflow, used by the serving subgraph's GraphQL: start a
// rollout, carry node reports to it as signals, query its status. The Temporal connection is domain/temporal/client.ts's.
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { decisionTimeoutMs } from '../deployment/client.js';
import { ORCHESTRATION_TASK_QUEUE } from '../temporal/shared.js';
import { isQueryTimeout, queryWithin } from '../temporal/query.js';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, isWorkflowIdOf, labelled, workflowIdFor } from '../temporal/labels.js';
import type { SignedStatement } from '../../lib/auth/signed-statement.js';
import {
  EDGE_ROLLOUT_WORKFLOW_PREFIX,
  edgeRolloutStatusQuery,
  nodeReportSignal,
  nodeReportUpdate,
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

/**
 * Sends a signed node report as a workflow Update: the workflow's validator refuses a report it cannot use
 * (WorkflowUpdateFailedError, nothing recorded), else it verifies and applies the report and answers with
 * the rollout's state after it. A worker that does not answer within the decision timeout
 * (PLINTH_DECISION_TIMEOUT_MS, as approve/reject) gives REPORT_PENDING, not a hang.
 */
export async function reportNodeStatus(
  workflowId: string,
  edgeNodeId: string,
  report: SignedStatement,
  timeoutMs = decisionTimeoutMs(),
): Promise<EdgeRolloutStatus> {
  const client = await temporalClient();
  const handle = client.workflow.getHandle(workflowId);
  const deadline = Date.now() + timeoutMs;
  try {
    return await client.withDeadline(deadline, () =>
      handle.executeUpdate(nodeReportUpdate, { args: [edgeNodeId, report] }),
    );
  } catch (error) {
    if (!isQueryTimeout(error, deadline, Date.now())) throw error;
    throw new GraphQLError(
      `your report for edge node ${edgeNodeId} reached edge rollout ${workflowId}, but no worker applied it within ` +
        `${timeoutMs / 1000} s (busy or not running). It is applied when a worker picks the rollout up: check ` +
        'edgeRollout(workflowId) { active failed } in a minute, and report again only if the node is in neither.',
      { extensions: { code: 'REPORT_PENDING', workflowId, edgeNodeId, timeoutMs } },
    );
  }
}
