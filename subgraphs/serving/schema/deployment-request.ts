// Deployment requests: a Temporal workflow (workflows/deployment) per request. GraphQL starts it,
// carries approvers' decisions to it as signals, cancels it and reads its status through its query.
// The workflow enforces four eyes; these mutations also refuse early so the caller hears why.
// A decision reaches the workflow as a statement signed here, from the verified token's identity:
// the workflow believes nothing else a signal carries.
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { builder } from '../builder.js';
import { RefStore } from '../repository/refs-store.js';
import { ServiceStore } from '../repository/service-store.js';
import { DeploymentStore } from '../repository/deployment-store.js';
import { Label } from '../../../lib/graph/ontology.js';
import type { Identity } from '../../../lib/auth/identity.js';
import { signStatement } from '../../../lib/auth/signed-statement.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { badInput, forbidden, notFound } from '../../../lib/subgraph/errors.js';
import { checkComment, checkInt } from '../../../lib/subgraph/validate.js';
import { config } from '../../../lib/config.js';
import { writeAudit } from '../../../lib/graph/audit.js';
import {
  cancelDeploymentRequest,
  decideDeploymentRequest,
  deploymentStatus,
  isDeploymentWorkflowId,
  runningDeploymentRequests,
  startDeploymentRequest,
} from '../../../domain/deployment/client.js';
import { stableRouteProblem } from '../../../domain/deployment/approval-store.js';
import { routedSignatureProblem } from '../../../domain/deployment/signature-fit.js';
import { createRequestRecord } from '../../../domain/deployment/request-record.js';
import { fourEyesProblem } from '../../../domain/deployment/health.js';
import {
  DECISION_PURPOSE,
  type ApprovalAttempt,
  type CanaryHealth,
  type DecisionBody,
  type DeploymentDecision,
  type DeploymentRequestStatus,
} from '../../../domain/deployment/shared.js';
import { DeploymentRef, ServiceRef } from './refs.js';

type RequestRecord = DeploymentRequestStatus & { workflowId: string; runId: string };

const Handle = builder.objectRef<{ workflowId: string; runId: string }>('DeploymentRequestHandle').implement({
  description: 'The Temporal workflow and run that carry a deployment request.',
  fields: (t) => ({ workflowId: t.exposeID('workflowId'), runId: t.exposeID('runId') }),
});

export const Step = builder.enumType('DeploymentRequestStep', {
  values: [
    'VALIDATING',
    'AWAITING_APPROVAL',
    'DEPLOYING_CANARY',
    'WATCHING_CANARY',
    'PROMOTING',
    'ROLLING_BACK',
    'PROMOTED',
    'ROLLED_BACK',
    'REJECTED',
    'FAILED',
    'CANCELLED',
  ] as const,
});

const Attempt = builder.objectRef<ApprovalAttempt>('DeploymentApprovalAttempt').implement({
  description: 'An approve or reject signal, accepted or refused (four eyes) with the reason.',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    approverId: t.id({ resolve: (a) => a.approver.sub }),
    approverName: t.string({ resolve: (a) => a.approver.username }),
    comment: t.exposeString('comment'),
    accepted: t.exposeBoolean('accepted'),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const Decision = builder.objectRef<DeploymentDecision>('DeploymentRequestDecision').implement({
  fields: (t) => ({
    outcome: t.exposeString('outcome', {
      description: 'approved, rejected, invalid, promoted, rolled-back or cancelled.',
    }),
    byName: t.string({
      nullable: true,
      description:
        'Who decided this outcome: the approver (approved, rejected), health-check (promoted, rolled-back on the ' +
        "canary's metrics), deployment-workflow (invalid, or failed), or the person who cancelled.",
      resolve: (d) => d.by?.username ?? null,
    }),
    comment: t.exposeString('comment', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const Health = builder.objectRef<CanaryHealth>('CanaryHealth').implement({
  description: "The canary over its watch window, from the serving runtime's metrics.",
  fields: (t) => ({
    requests: t.exposeInt('requests'),
    errors: t.exposeInt('errors'),
    errorRate: t.exposeFloat('errorRate'),
    p99Ms: t.exposeFloat('p99Ms', {
      nullable: true,
      description: 'Upper bound of the latency bucket holding the 99th percentile.',
    }),
    healthy: t.exposeBoolean('healthy'),
    reason: t.exposeString('reason'),
  }),
});

export const DeploymentRequest = builder.objectRef<RequestRecord>('DeploymentRequest').implement({
  description: 'A request to deploy a model version as a canary on a service, then promote or roll it back.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    workflowId: t.exposeID('workflowId'),
    runId: t.exposeID('runId'),
    step: t.field({ type: Step, resolve: (r) => r.step }),
    requestedBy: t.string({ resolve: (r) => r.requestedBy.username }),
    service: t.field({
      type: ServiceRef,
      nullable: true,
      resolve: (r, _a, ctx) => new ServiceStore(ctx.driver).byId(ctx.identity, r.serviceId),
    }),
    approvals: t.field({ type: [Attempt], resolve: (r) => r.approvals }),
    decision: t.field({ type: Decision, nullable: true, resolve: (r) => r.decision }),
    canary: t.field({
      type: DeploymentRef,
      nullable: true,
      resolve: (r, _a, ctx) =>
        r.canaryDeploymentId ? new DeploymentStore(ctx.driver).byId(ctx.identity, r.canaryDeploymentId) : null,
    }),
    health: t.field({ type: Health, nullable: true, resolve: (r) => r.health }),
  }),
});

const ThresholdsInput = builder.inputType('CanaryThresholdsInput', {
  fields: (t) => ({
    maxErrorRate: t.float({ required: true, description: 'Largest share of failed canary requests, 0 to 1.' }),
    maxP99Ms: t.float({ required: true, description: 'Largest 99th-percentile canary latency in milliseconds.' }),
  }),
});

const RequestInput = builder.inputType('RequestDeploymentInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    modelVersionId: t.id({ required: true }),
    acceleratorId: t.id({ required: true }),
    canaryWeight: t.int({ required: true, description: "Percent of the service's traffic for the canary, 1 to 50." }),
    windowSeconds: t.int({ required: true, description: 'How long the canary is watched, 1 to 86400 seconds.' }),
    thresholds: t.field({ type: ThresholdsInput, required: true }),
    requiredMetrics: t.field({
      type: 'JSON',
      description: 'Minimums of the version\'s registered metrics, e.g. {"auc": 0.75}.',
    }),
  }),
});

function checkRequiredMetrics(value: unknown): Record<string, number> | undefined {
  if (value === null || value === undefined) return undefined;
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== 'number' || !Number.isFinite(v))
  ) {
    throw badInput(
      'requiredMetrics must be an object of metric name → minimum number, e.g. {"auc": 0.75}',
      'requiredMetrics',
    );
  }
  return value as Record<string, number>;
}

/** The request when it exists and its service is visible to the caller; NOT_FOUND otherwise, alike. */
async function visibleRequest(ctx: SubgraphContext, workflowId: string): Promise<RequestRecord> {
  const missing = () => notFound(`deployment request ${workflowId} not found`, 'workflowId');
  if (!isDeploymentWorkflowId(workflowId)) throw missing();
  let record: RequestRecord;
  try {
    record = await deploymentStatus(workflowId);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw missing();
    throw error;
  }
  if (!(await new ServiceStore(ctx.driver).byId(ctx.identity, record.serviceId))) throw missing();
  return record;
}

const DECIDABLE = new Set(['VALIDATING', 'AWAITING_APPROVAL']);

async function auditCancel(ctx: SubgraphContext, request: RequestRecord): Promise<void> {
  const session = ctx.driver.session({ database: config.neo4j.database });
  try {
    await session.executeWrite((tx) =>
      writeAudit(tx, {
        action: 'deployment-request.cancel-requested',
        actor: ctx.identity,
        targetId: request.serviceId,
        targetLabel: Label.Service,
        after: { step: request.step, requestedBy: request.requestedBy.username },
        workflowId: request.workflowId,
        runId: request.runId,
      }),
    );
  } finally {
    await session.close();
  }
}

async function decide(
  ctx: SubgraphContext,
  workflowId: string,
  kind: 'approve' | 'reject',
  comment: string,
): Promise<RequestRecord> {
  const request = await visibleRequest(ctx, workflowId);
  const me: Identity = ctx.identity;
  // Whatever roles a service account holds, only a person decides.
  if (me.kind !== 'user')
    throw forbidden(`four eyes: ${me.username} is a service account; only a person may approve or reject`);
  const problem = fourEyesProblem(
    request.requestedBy,
    { sub: me.sub, username: me.username, roles: me.roles, kind: me.kind },
    kind,
  );
  if (problem) throw forbidden(problem);
  if (!DECIDABLE.has(request.step))
    throw badInput(
      `deployment request ${workflowId} is no longer awaiting approval (it is ${request.step})`,
      'workflowId',
    );
  // The comment is the decision's reason in the record and the audit trail: required, and shown as written.
  checkComment(comment, 'comment', 2000);
  const subject = { sub: me.sub, username: me.username, roles: me.roles, org: me.org, kind: 'user' as const };
  const signed = signStatement<DecisionBody>(DECISION_PURPOSE, workflowId, subject, { kind, comment });
  try {
    // The answer is the workflow's state after it verified and applied this decision.
    const after = await decideDeploymentRequest(workflowId, kind, signed);
    return { ...after, workflowId: request.workflowId, runId: request.runId };
  } catch (error) {
    // The workflow's validator: decided meanwhile by someone else, or ended.
    if (error instanceof WorkflowUpdateFailedError)
      throw badInput(
        `deployment request ${workflowId} is no longer awaiting approval: ${error.cause?.message ?? error.message}`,
        'workflowId',
      );
    throw error;
  }
}

const RunningRequest = builder
  .objectRef<{ workflowId: string; runId: string; startedAt: Date }>('RunningDeploymentRequest')
  .implement({
    description: 'A deployment request whose workflow still runs; its state: Query.deploymentRequest(workflowId).',
    fields: (t) => ({
      workflowId: t.exposeID('workflowId'),
      runId: t.exposeID('runId'),
      startedAt: t.field({ type: 'DateTime', resolve: (r) => r.startedAt.toISOString() }),
    }),
  });

// On Service (which this subgraph owns) so a portal finds a request awaiting approval, which has no
// canary deployment, hence no Deployment.request, yet. Nullable: Temporal being down fails this field
// alone, not the service.
builder.objectField(ServiceRef, 'runningDeploymentRequests', (t) =>
  t.field({
    type: [RunningRequest],
    nullable: true,
    description:
      'Deployment requests on this service whose workflow still runs (validating, awaiting approval, canary watched, ' +
      "promoting), newest first, at most 20. From Temporal's visibility store: one started a moment ago may show a " +
      'second later.',
    resolve: (s) => runningDeploymentRequests(s.id),
  }),
);

builder.queryFields((t) => ({
  deploymentRequest: t.field({
    type: DeploymentRequest,
    nullable: true,
    authScopes: { authenticated: true },
    args: { workflowId: t.arg.id({ required: true }) },
    resolve: async (_root, { workflowId }, ctx) => {
      try {
        return await visibleRequest(ctx, workflowId);
      } catch (error) {
        if ((error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
  }),
}));

builder.mutationFields((t) => ({
  requestDeployment: t.field({
    type: Handle,
    description:
      "Starts a deployment request: validation, an approver's approval (not the requester's), a canary at canaryWeight% " +
      "of the service's traffic watched for windowSeconds, then promotion or roll back. ML engineers and platform admins only. " +
      'The service must already route its traffic to a READY (stable) deployment: a canary is a share of that traffic, and on ' +
      'a service with no stable route it would take all of it, not canaryWeight%, so such a request is refused ' +
      '(BAD_USER_INPUT) with what to do: createDeployment and setServiceRoutes at weight 100 first. The promoted canary is ' +
      'renamed "<service> · <model> v<version>"; its createdBy is the requester.',
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: RequestInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const serviceId = input.serviceId;
      const modelVersionId = input.modelVersionId;
      const acceleratorId = input.acceleratorId;
      const canaryWeight = checkInt(input.canaryWeight, 'canaryWeight', 1, 50)!;
      const windowSeconds = checkInt(input.windowSeconds, 'windowSeconds', 1, 86_400)!;
      const { maxErrorRate, maxP99Ms } = input.thresholds;
      if (!(maxErrorRate >= 0 && maxErrorRate <= 1))
        throw badInput('thresholds.maxErrorRate must be from 0 to 1', 'thresholds');
      if (!(maxP99Ms >= 0) || !Number.isFinite(maxP99Ms))
        throw badInput('thresholds.maxP99Ms must be a number ≥ 0', 'thresholds');
      const requiredMetrics = checkRequiredMetrics(input.requiredMetrics);
      if (!(await new ServiceStore(ctx.driver).byId(ctx.identity, serviceId)))
        throw notFound(`service ${serviceId} not found`, 'serviceId');
      const refs = new RefStore(ctx.driver);
      if (!(await refs.visible(ctx.identity, Label.ModelVersion, modelVersionId)))
        throw notFound(`model version ${modelVersionId} not found`, 'modelVersionId');
      if (!(await refs.visible(ctx.identity, Label.Accelerator, acceleratorId)))
        throw notFound(`accelerator ${acceleratorId} not found`, 'acceleratorId');
      // Refused before any workflow exists; the workflow's validation checks again (routes may change meanwhile).
      const noStable = await stableRouteProblem(ctx.driver, serviceId, canaryWeight);
      if (noStable) throw badInput(noStable, 'serviceId');
      const misfit = await routedSignatureProblem(ctx.driver, serviceId, modelVersionId);
      if (misfit) throw badInput(misfit, 'modelVersionId');
      const { sub, username, org } = ctx.identity;
      const request = {
        serviceId,
        modelVersionId,
        acceleratorId,
        canaryWeight,
        windowSeconds,
        thresholds: { maxErrorRate, maxP99Ms },
        ...(requiredMetrics ? { requiredMetrics } : {}),
        requestedBy: { sub, username, org },
      };
      const createdAt = new Date().toISOString();
      const started = await startDeploymentRequest(request);
      // The listable record, written before answering so the request lists at once (deploymentRequests); the
      // workflow's first step writes it too, should this write be lost.
      await createRequestRecord(
        ctx.driver,
        ctx.identity,
        started.workflowId,
        started.runId,
        { ...request, requestId: started.requestId },
        createdAt,
      );
      return started;
    },
  }),
  approveDeployment: t.field({
    type: DeploymentRequest,
    description:
      'Approves a deployment request. Four eyes: approvers only, and never the requester. Answers with the request after the ' +
      'workflow verified and applied the approval (a Temporal workflow Update): approvals lists it, decision is approved.',
    authScopes: { role: 'approver' },
    args: {
      workflowId: t.arg.id({ required: true }),
      comment: t.arg.string({
        required: true,
        description:
          'Why: not blank, at most 2000 characters; line breaks and tabs allowed, other control characters and bidi overrides not.',
      }),
    },
    resolve: (_root, args, ctx) => decide(ctx, args.workflowId, 'approve', args.comment),
  }),
  rejectDeployment: t.field({
    type: DeploymentRequest,
    description:
      'Rejects a deployment request, which ends it with nothing deployed. Approvers only, never the requester. Answers with ' +
      'the request after the rejection was applied (step REJECTED).',
    authScopes: { role: 'approver' },
    args: {
      workflowId: t.arg.id({ required: true }),
      comment: t.arg.string({
        required: true,
        description:
          'Why: not blank, at most 2000 characters; line breaks and tabs allowed, other control characters and bidi overrides not.',
      }),
    },
    resolve: (_root, args, ctx) => decide(ctx, args.workflowId, 'reject', args.comment),
  }),
  cancelDeploymentRequest: t.field({
    type: DeploymentRequest,
    description:
      'Cancels a deployment request at any step; a canary already routed is rolled back. The requester, an approver or a ' +
      'platform admin may cancel (never a service account); the audit trail names who did.',
    authScopes: { anyRole: ['ml-engineer', 'approver'] },
    args: { workflowId: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const request = await visibleRequest(ctx, args.workflowId);
      const me = ctx.identity;
      // Cancelling undoes someone's change: a person, and one with a say in it (issue #12: any engineer,
      // and the worker's own service account, could cancel anyone's request, recorded as the workflow).
      if (me.kind !== 'user')
        throw forbidden(`${me.username} is a service account; only a person may cancel a deployment request`);
      const mine = request.requestedBy.sub === me.sub;
      if (!mine && !me.roles.includes('approver') && !me.roles.includes('platform-admin')) {
        throw forbidden(
          `${me.username} may not cancel ${request.requestedBy.username}'s deployment request: only the requester, an approver or a platform admin`,
        );
      }
      // Temporal's cancel carries no sender, so who cancelled is written here, before the workflow's own events,
      // and told to the workflow as a signed statement, so its decision names them.
      await auditCancel(ctx, request);
      const subject = { sub: me.sub, username: me.username, roles: me.roles, org: me.org, kind: 'user' as const };
      await cancelDeploymentRequest(
        request.workflowId,
        signStatement<DecisionBody>(DECISION_PURPOSE, request.workflowId, subject, { kind: 'cancel', comment: '' }),
      );
      return request;
    },
  }),
}));
