// deploymentRequests(state, first, after): the approver's inbox and every list of requests, from the
// listable record the request and its workflow keep in the graph (domain/deployment/request-record.ts),
// so a page costs one keyset query, not a Temporal query per row. DeploymentRequest.entry gives a single
// request's record (what was asked, the step timeline) next to its live workflow state.
import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { defineConnection, keysetConnection, keysetWindow } from '../../../lib/subgraph/connection.js';
import {
  STEPS_OF_STATE,
  listRequestRecords,
  requestRecord,
  viewerHints,
  type DeploymentRequestState,
  type RequestRecordEntry,
} from '../../../domain/deployment/request-record.js';
import { DeploymentRequest, Step } from './deployment-request.js';
import { AcceleratorRef, DeploymentRef, ModelVersionRef, ServiceRef } from './refs.js';

const State = builder.enumType('DeploymentRequestState', {
  description:
    'Where a deployment request stands, coarser than its step: AWAITING_APPROVAL (validating or awaiting approval), ' +
    'IN_PROGRESS (canary being deployed, watched, promoted or rolled back), FINISHED (promoted, rolled back, ' +
    'rejected, failed or cancelled).',
  values: Object.fromEntries(
    (Object.keys(STEPS_OF_STATE) as DeploymentRequestState[]).map((s) => [
      s,
      { value: s, description: `Steps ${STEPS_OF_STATE[s].join(', ')}.` },
    ]),
  ) as Record<DeploymentRequestState, { value: DeploymentRequestState; description: string }>,
});

const TimelineStep = builder
  .objectRef<{ step: RequestRecordEntry['step']; at: string }>('DeploymentRequestTimelineStep')
  .implement({
    description: 'A step the request moved to, and when.',
    fields: (t) => ({
      step: t.field({ type: Step, resolve: (s) => s.step }),
      at: t.expose('at', { type: 'DateTime' }),
    }),
  });

const Entry = builder.objectRef<RequestRecordEntry>('DeploymentRequestEntry').implement({
  description:
    "A deployment request as the graph records it: what was asked, by whom, its step (kept current by the request's " +
    'workflow, which may be a moment ahead) and outcome. Its live state: Query.deploymentRequest(workflowId).',
  fields: (t) => ({
    workflowId: t.exposeID('workflowId'),
    requestId: t.exposeID('requestId'),
    service: t.field({
      type: ServiceRef,
      nullable: true,
      description: 'The service the canary is for.',
      resolve: (e, _a, ctx) => load.service(ctx, e.serviceId),
    }),
    modelVersion: t.field({
      type: ModelVersionRef,
      nullable: true,
      description: 'The version to deploy; null when you may not see it.',
      resolve: (e, _a, ctx) => load.modelVersionRef(ctx, e.modelVersionId),
    }),
    accelerator: t.field({
      type: AcceleratorRef,
      nullable: true,
      description: 'Where the canary runs; null when you may not see it.',
      resolve: (e, _a, ctx) => load.acceleratorRef(ctx, e.acceleratorId),
    }),
    requestedBy: t.exposeString('requestedBy', { description: 'Username of the requester.' }),
    canaryWeight: t.exposeInt('canaryWeight', { description: "Percent of the service's traffic for the canary." }),
    windowSeconds: t.exposeInt('windowSeconds', { description: 'How long the canary is watched.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the step last moved.' }),
    step: t.field({ type: Step, resolve: (e) => e.step }),
    state: t.field({ type: State, resolve: (e) => e.state }),
    outcome: t.exposeString('outcome', {
      nullable: true,
      description:
        'approved (while it runs), rejected, invalid, promoted, rolled-back or cancelled; null while undecided.',
    }),
    outcomeReason: t.exposeString('outcomeReason', { nullable: true }),
    decidedBy: t.exposeString('decidedBy', {
      nullable: true,
      description:
        'The approver who approved or rejected it, or the person who cancelled it (then decisionComment is null).',
    }),
    decisionComment: t.exposeString('decisionComment', { nullable: true }),
    canary: t.field({
      type: DeploymentRef,
      nullable: true,
      resolve: (e, _a, ctx) => (e.canaryDeploymentId ? load.deployment(ctx, e.canaryDeploymentId) : null),
    }),
    timeline: t.field({
      type: [TimelineStep],
      description: 'Each step it moved to, oldest first, with when.',
      resolve: (e) => e.timeline,
    }),
    mine: t.boolean({
      description: 'Whether you requested it.',
      resolve: (e, _a, ctx) => viewerHints(e, ctx.identity).mine,
    }),
    canDecide: t.boolean({
      description:
        'Whether you may approve or reject it now: an approver (or platform admin), a person, not the requester, and it ' +
        'awaits approval. A hint for showing the buttons; approveDeployment decides.',
      resolve: (e, _a, ctx) => viewerHints(e, ctx.identity).canDecide,
    }),
  }),
});

const Connection = defineConnection(builder, 'DeploymentRequest', Entry);

builder.queryFields((t) => ({
  deploymentRequests: t.field({
    type: Connection,
    description:
      'Deployment requests on services you may see (your org and the orgs below it, and services shared with your ' +
      'org), newest first, keyset paged. state: only those in it (all when omitted).',
    authScopes: { authenticated: true },
    args: {
      state: t.arg({ type: State }),
      first: t.arg.int({ defaultValue: 20, description: '1 to 100.' }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const { first, after } = keysetWindow(args);
      return keysetConnection(
        await listRequestRecords(ctx.driver, ctx.identity, { states: args.state ? [args.state] : null, first, after }),
      );
    },
  }),
}));

builder.objectField(DeploymentRequest, 'entry', (t) =>
  t.field({
    type: Entry,
    nullable: true,
    description: 'What was asked (service, version, accelerator, canary weight, window) and the step timeline.',
    resolve: (r, _a, ctx) => requestRecord(ctx.driver, ctx.identity, r.workflowId),
  }),
);
