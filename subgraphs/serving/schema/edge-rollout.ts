// Edge rollouts: a Temporal workflow (workflows/edge) pushes a model version to edge nodes in batches,
// waits for each node's report, and rolls every pushed node back when failures exceed the budget.
// GraphQL starts it, carries node reports to it as Updates and reads its status through its query.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { builder } from '../builder.js';
import { RefStore } from '../repository/refs-store.js';
import { Label } from '../../../lib/graph/ontology.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { checkInt } from '../../../lib/subgraph/validate.js';
import {
  edgeRolloutStatus,
  isEdgeRolloutWorkflowId,
  reportNodeStatus,
  startEdgeRollout,
} from '../../../domain/edge/client.js';
import {
  NODE_REPORT_PURPOSE,
  type EdgeNodeFailure,
  type EdgeRolloutStatus,
  type NodeReportBody,
} from '../../../domain/edge/shared.js';
import { signStatement } from '../../../lib/auth/signed-statement.js';

type RolloutRecord = EdgeRolloutStatus & { workflowId: string; runId: string };

const MAX_NODES = 1000;

const Handle = builder
  .objectRef<{ workflowId: string; runId: string; rolloutId: string }>('EdgeRolloutHandle')
  .implement({
    description: 'The Temporal workflow and run that carry an edge rollout.',
    fields: (t) => ({
      workflowId: t.exposeID('workflowId'),
      runId: t.exposeID('runId'),
      rolloutId: t.exposeID('rolloutId'),
    }),
  });

const State = builder.enumType('EdgeRolloutState', {
  values: ['PUSHING', 'AWAITING_REPORTS', 'ROLLING_BACK', 'COMPLETED', 'ROLLED_BACK'] as const,
});

const Failure = builder.objectRef<EdgeNodeFailure>('EdgeNodeFailure').implement({
  fields: (t) => ({ edgeNodeId: t.exposeID('edgeNodeId'), reason: t.exposeString('reason') }),
});

const EdgeRollout = builder.objectRef<RolloutRecord>('EdgeRollout').implement({
  description:
    'A model version pushed to edge nodes in batches; rolled back when more nodes fail than the budget allows.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    workflowId: t.exposeID('workflowId'),
    runId: t.exposeID('runId'),
    rolloutId: t.exposeID('rolloutId'),
    modelVersionId: t.exposeID('modelVersionId'),
    requestedBy: t.string({ resolve: (r) => r.requestedBy.username }),
    state: t.field({ type: State, resolve: (r) => r.state }),
    batch: t.exposeInt('batch', {
      description: '1-based number of the batch being pushed or last pushed; 0 before the first.',
    }),
    batches: t.exposeInt('batches'),
    failureBudget: t.exposeInt('failureBudget'),
    edgeNodeIds: t.exposeIDList('edgeNodeIds'),
    pushed: t.exposeIDList('pushed', { description: 'Every node pushed so far, in push order.' }),
    active: t.exposeIDList('active'),
    failed: t.field({ type: [Failure], resolve: (r) => r.failed }),
    rolledBack: t.exposeIDList('rolledBack'),
    stopReason: t.string({
      nullable: true,
      description:
        'Why a ROLLED_BACK rollout stopped: each failed node and its reason, against the failure budget. ' +
        'The rollout stops as soon as the budget is spent, without waiting for the rest of the batch.',
      resolve: (r) => r.stopReason ?? null,
    }),
  }),
});

const StartInput = builder.inputType('StartEdgeRolloutInput', {
  fields: (t) => ({
    modelVersionId: t.id({ required: true }),
    edgeNodeIds: t.idList({ required: true, description: `Pushed in this order; 1 to ${MAX_NODES} distinct nodes.` }),
    batchSize: t.int({ required: true, description: 'Nodes pushed at a time, ≥ 1.' }),
    failureBudget: t.int({
      required: true,
      description: 'The most failed nodes tolerated; one more stops the rollout and rolls every pushed node back.',
    }),
    reportTimeoutSeconds: t.int({
      required: true,
      description: "How long a batch's nodes have to report, 1 to 86400 seconds; a silent node counts as failed.",
    }),
  }),
});

/** The rollout when it exists and its model version is visible to the caller; NOT_FOUND otherwise, alike. */
async function visibleRollout(ctx: SubgraphContext, workflowId: string): Promise<RolloutRecord> {
  const missing = () => notFound(`edge rollout ${workflowId} not found`, 'workflowId');
  if (!isEdgeRolloutWorkflowId(workflowId)) throw missing();
  let record: RolloutRecord;
  try {
    record = await edgeRolloutStatus(workflowId);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw missing();
    throw error;
  }
  if (!(await new RefStore(ctx.driver).visible(ctx.identity, Label.ModelVersion, record.modelVersionId)))
    throw missing();
  return record;
}

builder.queryFields((t) => ({
  edgeRollout: t.field({
    type: EdgeRollout,
    nullable: true,
    authScopes: { authenticated: true },
    args: { workflowId: t.arg.id({ required: true }) },
    resolve: async (_root, { workflowId }, ctx) => {
      try {
        return await visibleRollout(ctx, workflowId);
      } catch (error) {
        if ((error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
  }),
}));

builder.mutationFields((t) => ({
  startEdgeRollout: t.field({
    type: Handle,
    description:
      'Pushes a model version to edge nodes, batchSize at a time; each node must report (reportEdgeNodeStatus) within reportTimeoutSeconds. ' +
      'More than failureBudget failed nodes stop the rollout and roll every pushed node back. ML engineers and platform admins only.',
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: StartInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const modelVersionId = input.modelVersionId;
      const edgeNodeIds = input.edgeNodeIds;
      if (edgeNodeIds.length === 0 || edgeNodeIds.length > MAX_NODES)
        throw badInput(`edgeNodeIds must hold 1 to ${MAX_NODES} nodes`, 'edgeNodeIds');
      if (new Set(edgeNodeIds).size !== edgeNodeIds.length)
        throw badInput('edgeNodeIds must be distinct', 'edgeNodeIds');
      const batchSize = checkInt(input.batchSize, 'batchSize', 1, MAX_NODES)!;
      const failureBudget = checkInt(input.failureBudget, 'failureBudget', 0, MAX_NODES)!;
      const reportTimeoutSeconds = checkInt(input.reportTimeoutSeconds, 'reportTimeoutSeconds', 1, 86_400)!;
      const refs = new RefStore(ctx.driver);
      if (!(await refs.visible(ctx.identity, Label.ModelVersion, modelVersionId)))
        throw notFound(`model version ${modelVersionId} not found`, 'modelVersionId');
      for (const id of edgeNodeIds) {
        if (!(await refs.visible(ctx.identity, Label.EdgeNode, id)))
          throw notFound(`edge node ${id} not found`, 'edgeNodeIds');
      }
      const { sub, username, org } = ctx.identity;
      return startEdgeRollout({
        modelVersionId,
        edgeNodeIds,
        batchSize,
        failureBudget,
        reportTimeoutSeconds,
        requestedBy: { sub, username, org },
      });
    },
  }),
  reportEdgeNodeStatus: t.field({
    type: EdgeRollout,
    description:
      "Carries an edge node's report to its rollout: ok once the node serves the version, or a failure with its message. " +
      'ML engineers and platform admins (an edge agent uses a service account). Refused (BAD_USER_INPUT) for a node not yet ' +
      'pushed (report after it is listed in edgeRollout.pushed), already judged, or a rollout that has ended. Returns the ' +
      'rollout after the report was verified and applied: an ok report lists the node in active. REPORT_PENDING when no ' +
      'worker applied it in time.',
    authScopes: { role: 'ml-engineer' },
    args: {
      rolloutWorkflowId: t.arg.id({ required: true }),
      edgeNodeId: t.arg.id({ required: true }),
      ok: t.arg.boolean({ required: true }),
      message: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const rollout = await visibleRollout(ctx, args.rolloutWorkflowId);
      const edgeNodeId = args.edgeNodeId;
      if (!rollout.edgeNodeIds.includes(edgeNodeId))
        throw notFound(`edge node ${edgeNodeId} is not part of edge rollout ${rollout.workflowId}`, 'edgeNodeId');
      const message = args.message ?? '';
      if (message.length > 2000) throw badInput('message must be at most 2000 characters', 'message');
      if (rollout.state === 'COMPLETED' || rollout.state === 'ROLLED_BACK')
        throw badInput(`edge rollout ${rollout.workflowId} has ended (${rollout.state})`, 'rolloutWorkflowId');
      // Signed from the verified token: the workflow believes no identity or report a bare signal carries.
      const { sub, username, roles, org, kind = 'service' } = ctx.identity;
      const body: NodeReportBody = { edgeNodeId, ok: args.ok, message };
      const signed = signStatement(NODE_REPORT_PURPOSE, rollout.workflowId, { sub, username, roles, org, kind }, body);
      try {
        const after = await reportNodeStatus(rollout.workflowId, edgeNodeId, signed);
        return { ...after, workflowId: rollout.workflowId, runId: rollout.runId };
      } catch (error) {
        // The workflow's validator: not pushed yet, already judged, or ended meanwhile.
        if (error instanceof WorkflowUpdateFailedError)
          throw badInput(error.cause?.message ?? error.message, 'edgeNodeId');
        throw error;
      }
    },
  }),
}));
