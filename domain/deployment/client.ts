// The client side of the deployment workflow, used by the serving subgraph's GraphQL: start a
// request, signal decisions, cancel, query status. The Temporal connection is domain/temporal/client.ts's.
import { randomUUID } from 'node:crypto';
import { ORCHESTRATION_TASK_QUEUE } from '../temporal/shared.js';
import { isQueryTimeout, queryWithin } from '../temporal/query.js';
import { GraphQLError } from 'graphql';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, isWorkflowIdOf, labelled, workflowIdFor } from '../temporal/labels.js';
import {
  DEPLOYMENT_WORKFLOW_PREFIX,
  cancelledBySignal,
  decideUpdate,
  statusQuery,
  type DecisionPayload,
  type DeploymentRequestInput,
  type DeploymentRequestStatus,
} from './shared.js';

/** Where requests are started: the orchestration queue; tests point it at their own worker's queue. */
export const deploymentClientOptions = { taskQueue: ORCHESTRATION_TASK_QUEUE };

/** deployment/<serviceId>/<requestId>, or deploy-<requestId> of older requests (and the demo's fixed id). */
export const isDeploymentWorkflowId = (id: string): boolean =>
  isWorkflowIdOf('deployment', DEPLOYMENT_WORKFLOW_PREFIX, id);

/** `options.workflowId`: a fixed id (the demo seed's), so that a second start finds the first. */
export async function startDeploymentRequest(
  input: Omit<DeploymentRequestInput, 'requestId'>,
  options: { workflowId?: string } = {},
): Promise<{ workflowId: string; runId: string; requestId: string }> {
  const requestId = randomUUID();
  const workflowId = options.workflowId ?? workflowIdFor('deployment', input.serviceId, requestId);
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  const handle = await client.workflow.start('deploymentWorkflow', {
    taskQueue: deploymentClientOptions.taskQueue,
    workflowId,
    args: [{ ...input, requestId }],
    ...labelled({
      actor: input.requestedBy,
      what: `deploy model version ${input.modelVersionId} to service ${input.serviceId} on accelerator ${input.acceleratorId}`,
      assetIds: [input.serviceId, input.modelVersionId, input.acceleratorId],
    }),
  });
  return { workflowId, runId: handle.firstExecutionRunId, requestId };
}

export interface RunningRequest {
  workflowId: string;
  runId: string;
  startedAt: Date;
}

/**
 * The deployment requests on a service whose workflow still runs (awaiting approval, canary watched, ...),
 * newest first, at most `limit`: found by the PlinthAssetIds search attribute every request carries
 * (labels.ts), so a request awaiting approval, which has no canary in the graph yet, is found too.
 * Temporal's visibility store is eventually consistent: a request started a moment ago may show a second later.
 */
export async function runningDeploymentRequests(serviceId: string, limit = 20): Promise<RunningRequest[]> {
  const literal = serviceId.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
  const query = `WorkflowType = 'deploymentWorkflow' AND ExecutionStatus = 'Running' AND PlinthAssetIds = '${literal}'`;
  const found: RunningRequest[] = [];
  for await (const w of (await temporalClient()).workflow.list({ query, pageSize: limit })) {
    found.push({ workflowId: w.workflowId, runId: w.runId, startedAt: w.startTime });
    if (found.length >= limit) break;
  }
  return found.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

export async function deploymentStatus(
  workflowId: string,
): Promise<DeploymentRequestStatus & { workflowId: string; runId: string }> {
  const handle = (await temporalClient()).workflow.getHandle(workflowId);
  const described = await handle.describe();
  // A completed run answers from its result; others replay on a worker to answer the query.
  const status =
    described.status.name === 'COMPLETED'
      ? ((await handle.result()) as DeploymentRequestStatus)
      : await queryWithin(handle, statusQuery, `deployment request ${workflowId}`, described.taskQueue);
  return { ...status, workflowId, runId: described.runId };
}

/**
 * Sends a signed decision (lib/auth/signed-statement.ts) as a workflow Update: the workflow verifies and
 * applies it (or refuses it, four eyes) and answers with its state after that, so the caller sees the
 * decision in the answer (issue #15: signal then query answered with the state from before it).
 */
export async function decideDeploymentRequest(
  workflowId: string,
  kind: 'approve' | 'reject',
  signed: DecisionPayload,
  timeoutMs = decisionTimeoutMs(),
): Promise<DeploymentRequestStatus> {
  const client = await temporalClient();
  const handle = client.workflow.getHandle(workflowId);
  const deadline = Date.now() + timeoutMs;
  try {
    return await client.withDeadline(deadline, () => handle.executeUpdate(decideUpdate, { args: [kind, signed] }));
  } catch (error) {
    if (!isQueryTimeout(error, deadline, Date.now())) throw error;
    // No worker applied it in time: the caller hears that, not a hang or a bare internal error.
    throw new GraphQLError(
      `your ${kind === 'approve' ? 'approval' : 'rejection'} reached deployment request ${workflowId}, but no worker ` +
        `applied it within ${timeoutMs / 1000} s (busy or not running). It is applied when a worker picks the ` +
        'request up: check deploymentRequest(workflowId) { approvals step } in a minute, and decide again only if ' +
        'your decision is not listed there.',
      { extensions: { code: 'DECISION_PENDING', workflowId, timeoutMs } },
    );
  }
}

/** How long approve/reject wait for the workflow to apply the decision: PLINTH_DECISION_TIMEOUT_MS, default 20 s. */
export const decisionTimeoutMs = (): number => {
  const configured = Number(process.env.PLINTH_DECISION_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 20_000;
};

/** Cancels a request; `signedBy` (a signed 'cancel' statement) tells the workflow who did, which Temporal's cancel cannot. */
export async function cancelDeploymentRequest(workflowId: string, signedBy?: DecisionPayload): Promise<void> {
  const handle = (await temporalClient()).workflow.getHandle(workflowId);
  if (signedBy) await handle.signal(cancelledBySignal, signedBy);
  await handle.cancel();
}
