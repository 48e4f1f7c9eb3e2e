// The client side of the edge rollout workflow, used by the serving subgraph's GraphQL: start a
// rollout, carry node reports to it as signals, query its status. One lazily opened Temporal connection per process.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { config } from '../../lib/config.js';
import { TASK_QUEUE } from '../shared.js';
import { EDGE_ROLLOUT_WORKFLOW_PREFIX, edgeRolloutStatusQuery, nodeReportSignal, type EdgeRolloutInput, type EdgeRolloutStatus, type NodeReport } from './shared.js';

/** Where rollouts are started; tests point it at their own worker's queue. */
export const edgeRolloutClientOptions = { taskQueue: TASK_QUEUE };

let connecting: Promise<{ connection: Connection; client: Client }> | undefined;

function temporal(): Promise<Client> {
  connecting ??= Connection.connect({ address: config.temporal.address }).then((connection) => ({
    connection,
    client: new Client({ connection, namespace: config.temporal.namespace }),
  }));
  connecting.catch(() => (connecting = undefined));
  return connecting.then((c) => c.client);
}

export async function closeEdgeRolloutClient(): Promise<void> {
  const open = connecting;
  connecting = undefined;
  if (open) await (await open).connection.close();
}

export const isEdgeRolloutWorkflowId = (id: string): boolean => id.startsWith(EDGE_ROLLOUT_WORKFLOW_PREFIX) && id.length <= 100;

export async function startEdgeRollout(input: Omit<EdgeRolloutInput, 'rolloutId'>): Promise<{ workflowId: string; runId: string; rolloutId: string }> {
  const rolloutId = randomUUID();
  const workflowId = `${EDGE_ROLLOUT_WORKFLOW_PREFIX}${rolloutId}`;
  const handle = await (await temporal()).workflow.start('edgeRolloutWorkflow', {
    taskQueue: edgeRolloutClientOptions.taskQueue,
    workflowId,
    args: [{ ...input, rolloutId }],
  });
  return { workflowId, runId: handle.firstExecutionRunId, rolloutId };
}

export async function edgeRolloutStatus(workflowId: string): Promise<EdgeRolloutStatus & { workflowId: string; runId: string }> {
  const handle = (await temporal()).workflow.getHandle(workflowId);
  const described = await handle.describe();
  // A completed run answers from its result; others replay on a worker to answer the query.
  const status = described.status.name === 'COMPLETED' ? ((await handle.result()) as EdgeRolloutStatus) : await handle.query(edgeRolloutStatusQuery);
  return { ...status, workflowId, runId: described.runId };
}

export async function signalNodeReport(workflowId: string, report: NodeReport): Promise<void> {
  await (await temporal()).workflow.getHandle(workflowId).signal(nodeReportSignal, report);
}
