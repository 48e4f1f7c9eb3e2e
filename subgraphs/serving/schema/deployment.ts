import { builder } from '../builder.js';
import { DeploymentStore } from '../repository/deployment-store.js';
import { load } from '../repository/loaders.js';
import { activateDeployment, deactivateDeployment } from '../inference/host.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { checkInt, checkName, checkTags, checkText } from '../../../lib/subgraph/validate.js';
import { DeploymentStatus } from './deployment-status.js';
import { OrgRef } from './org.js';
import { AcceleratorRef, DeploymentRef, ModelVersionRef, ServiceRef } from './refs.js';
import type { DeploymentApprovalRecord, DeploymentRequestRecord } from '../../../domain/deployment/approval-store.js';

const Approval = builder.objectRef<DeploymentApprovalRecord>('DeploymentApproval').implement({
  description:
    'An approval recorded on a deployment: who approved it, with what comment, when, in which request workflow.',
  fields: (t) => ({
    username: t.exposeString('username'),
    comment: t.exposeString('comment'),
    at: t.expose('at', { type: 'DateTime' }),
    workflowId: t.exposeID('workflowId'),
  }),
});

const RequestRecord = builder.objectRef<DeploymentRequestRecord>('DeploymentRequestRecord').implement({
  description:
    'The deployment request that created a deployment as its canary, as recorded in the graph (it outlives the workflow).',
  fields: (t) => ({
    requestId: t.exposeID('requestId'),
    workflowId: t.exposeID('workflowId'),
    runId: t.exposeID('runId', { nullable: true }),
    requestedBy: t.exposeString('requestedBy', { description: 'Username of the requester.' }),
    approvals: t.field({ type: [Approval], resolve: (r) => r.approvals }),
  }),
});

DeploymentRef.implement({
  description: 'A model version placed on an accelerator, owned by the org that created it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    status: t.expose('status', { type: DeploymentStatus }),
    executionProvider: t.exposeString('executionProvider', {
      nullable: true,
      description: 'The ONNX Runtime execution provider planned (PENDING) or in use (READY).',
    }),
    plannedExecutionProvider: t.exposeString('plannedExecutionProvider', {
      nullable: true,
      description:
        "The execution provider asked for at creation (the one chosen, or the accelerator's most preferred): the " +
        'runtime tries it first on every load, then the rest the accelerator has, then cpu. Null on deployments made ' +
        "before it was kept apart from executionProvider; those try the accelerator's providers in its order.",
    }),
    fallbackReason: t.exposeString('fallbackReason', {
      nullable: true,
      description: 'Why the runtime fell back from the planned execution provider, when it did.',
    }),
    failureReason: t.exposeString('failureReason', {
      nullable: true,
      description:
        "Why the runtime could not load it, when status is FAILED: a model that does not load, or an ONNX artifact whose bytes no longer hash to the version's digest (naming the version and both digests).",
    }),
    replicas: t.exposeInt('replicas'),
    sessionIsolation: t.exposeString('sessionIsolation', {
      nullable: true,
      description:
        'How the serving runtime runs the replicas: "thread" (each session in its own worker thread, side by side) or "inline" (on the serving thread). Null until the deployment is loaded.',
    }),
    graphRewrites: t.exposeStringList('graphRewrites', {
      description:
        'Exact graph rewrites the runtime applied to the model before loading it (e.g. an 8x nearest upsampling run as three 2x ones, for a faster kernel with the same output), one line per rewritten node. Empty when the model ran as registered.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    stoppedAt: t.expose('stoppedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    owner: t.field({ type: OrgRef, resolve: (d) => ({ id: d.ownerOrgId }) }),
    modelVersion: t.field({
      type: ModelVersionRef,
      nullable: true,
      description: 'The version served; null when you may not see it.',
      resolve: (d, _args, ctx) => (d.modelVersionId ? load.modelVersionRef(ctx, d.modelVersionId) : null),
    }),
    accelerator: t.field({
      type: AcceleratorRef,
      nullable: true,
      description: 'Where it runs; null when you may not see the accelerator.',
      resolve: (d, _args, ctx) => (d.acceleratorId ? load.acceleratorRef(ctx, d.acceleratorId) : null),
    }),
    services: t.field({
      type: [ServiceRef],
      description: 'Services that route traffic to it and that you may see.',
      resolve: (d, _args, ctx) => load.servicesRoutingTo(ctx, d.id),
    }),
    request: t.field({
      type: RequestRecord,
      nullable: true,
      description:
        'The deployment request it is the canary of (requester, approvals); null for a deployment created directly.',
      resolve: (d, _args, ctx) => load.deploymentRequestRecord(ctx, d.id),
    }),
  }),
});

const DeploymentFilter = builder.inputType('DeploymentFilter', {
  fields: (t) => ({
    status: t.field({ type: DeploymentStatus }),
    modelVersionId: t.id(),
    acceleratorId: t.id(),
  }),
});

entityQueries(builder, DeploymentRef, {
  reference: (id, ctx) => load.deployment(ctx, id),
  byId: { field: 'deployment', resolve: (id, ctx) => new DeploymentStore(ctx.driver).byId(ctx.identity, id) },
  list: {
    field: 'deployments',
    args: (arg) => ({
      includeArchived: arg.boolean({ defaultValue: false }),
      filter: arg({ type: DeploymentFilter }),
    }),
    page: (args, window, ctx) => {
      const f = args.filter;
      return new DeploymentStore(ctx.driver).page(ctx.identity, {
        ...window,
        includeArchived: args.includeArchived ?? false,
        filter: {
          status: f?.status,
          modelVersionId: f?.modelVersionId ?? null,
          acceleratorId: f?.acceleratorId ?? null,
        },
      });
    },
  },
});

const CreateDeploymentInput = builder.inputType('CreateDeploymentInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    modelVersionId: t.id({ required: true }),
    acceleratorId: t.id({ required: true }),
    replicas: t.int({ defaultValue: 1 }),
    executionProvider: t.string({
      description: "One of the accelerator's providers; the most preferred one it has unless given.",
    }),
  }),
});

builder.mutationFields((t) => ({
  createDeployment: t.field({
    type: DeploymentRef,
    description:
      'Deploys a model version on an accelerator, owned by your org: records it, loads and warms its ONNX Runtime ' +
      "sessions on the accelerator's execution provider (or CPU, with the fallback reason recorded), and answers with " +
      'status READY or FAILED and the reason. Both must exist and be visible to you; the accelerator must be able to run ' +
      'the version. ML engineers and platform admins only.',
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: CreateDeploymentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const store = new DeploymentStore(ctx.driver);
      const created = await store.create(ctx.identity, {
        name: checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
        modelVersionId: input.modelVersionId,
        acceleratorId: input.acceleratorId,
        replicas: checkInt(input.replicas ?? 1, 'replicas', 1, 64)!,
        executionProvider: input.executionProvider?.trim().toLowerCase() ?? undefined,
      });
      await activateDeployment(ctx.driver, created.id, ctx.identity);
      return (await store.byId(ctx.identity, created.id)) ?? created;
    },
  }),
  stopDeployment: t.field({
    type: DeploymentRef,
    description: 'Stops a deployment that no service sends traffic to.',
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const stopped = await new DeploymentStore(ctx.driver).stop(ctx.identity, id);
      // Sessions are freed only after the graph says STOPPED, so no route can pick it meanwhile.
      await deactivateDeployment(stopped.id);
      return stopped;
    },
  }),
}));
