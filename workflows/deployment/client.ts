// The client side of the deployment workflow, used by the serving subgraph's GraphQL: start a
// request, signal decisions, cancel, query status. One lazily opened Temporal connection per process.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { config } from '../../lib/config.js';
import { TASK_QUEUE } from '../shared.js';
import {
  DEPLOYMENT_WORKFLOW_PREFIX, approveSignal, rejectSignal, statusQuery, type DecisionSignal, type DeploymentRequestInput, type DeploymentRequestStatus,
} from './shared.js';

/** Where requests are started; tests point it at their own worker's queue. */
export const deploymentClientOptions = { taskQueue: TASK_QUEUE };

let connecting: Promise<{ connection: Connection; client: Client }> | undefined;

function temporal(): Promise<Client> {
  connecting ??= Connection.connect({ address: config.temporal.address }).then((connection) => ({
    connection,
    client: new Client({ connection, namespace: config.temporal.namespace }),
  }));
  connecting.catch(() => (connecting = undefined));
  return connecting.then((c) => c.client);
}

export async function closeDeploymentClient(): Promise<void> {
  const open = connecting;
  connecting = undefined;
  if (open) await (await open).connection.close();
}

export const isDeploymentWorkflowId = (id: string): boolean => id.startsWith(DEPLOYMENT_WORKFLOW_PREFIX) && id.length <= 100;

export async function startDeploymentRequest(input: Omit<DeploymentRequestInput, 'requestId'>): Promise<{ workflowId: string; runId: string }> {
  const requestId = randomUUID();
  const workflowId = `${DEPLOYMENT_WORKFLOW_PREFIX}${requestId}`;
  const handle = await (await temporal()).workflow.start('deploymentWorkflow', {
    taskQueue: deploymentClientOptions.taskQueue,
    workflowId,
    args: [{ ...input, requestId }],
  });
  return { workflowId, runId: handle.firstExecutionRunId };
}

export async function deploymentStatus(workflowId: string): Promise<DeploymentRequestStatus & { workflowId: string; runId: string }> {
  const handle = (await temporal()).workflow.getHandle(workflowId);
  const described = await handle.describe();
  // A completed run answers from its result; others replay on a worker to answer the query.
  const status = described.status.name === 'COMPLETED' ? ((await handle.result()) as DeploymentRequestStatus) : await handle.query(statusQuery);
  return { ...status, workflowId, runId: described.runId };
}

export async function signalDecision(workflowId: string, kind: 'approve' | 'reject', signal: DecisionSignal): Promise<void> {
  await (await temporal()).workflow.getHandle(workflowId).signal(kind === 'approve' ? approveSignal : rejectSignal, signal);
}

export async function cancelDeploymentRequest(workflowId: string): Promise<void> {
  await (await temporal()).workflow.getHandle(workflowId).cancel();
}
