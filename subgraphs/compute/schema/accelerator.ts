import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { ACCELERATOR_KINDS, AcceleratorStore } from '../repository/accelerator-store.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import {
  checkExecutionProviders,
  checkInt,
  checkLabel,
  checkName,
  checkTags,
  checkText,
  notNull,
} from '../../../lib/subgraph/validate.js';
import { OrgRef } from './org.js';
import { AcceleratorRef, EdgeNodeRef, NodeRef } from './refs.js';

export const AcceleratorKind = builder.enumType('AcceleratorKind', { values: ACCELERATOR_KINDS });

AcceleratorRef.implement({
  description: "A CPU, GPU, NPU or FPGA installed in a compute node or an edge node; it belongs to its host's org.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    kind: t.expose('kind', { type: AcceleratorKind }),
    vendor: t.exposeString('vendor'),
    model: t.exposeString('model'),
    memoryMb: t.exposeInt('memoryMb'),
    executionProviders: t.exposeStringList('executionProviders', {
      description: 'ONNX Runtime execution providers: cpu, cuda, tensorrt, cann, openvino, vitisai, ...',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    owner: t.field({ type: OrgRef, resolve: (a) => ({ id: a.ownerOrgId }) }),
    node: t.field({
      type: NodeRef,
      nullable: true,
      description: 'The compute node it is installed in, if any.',
      resolve: (a, _args, ctx) => (a.nodeId ? load.node(ctx, a.nodeId) : null),
    }),
    edgeNode: t.field({
      type: EdgeNodeRef,
      nullable: true,
      description: 'The edge node it is installed in, if any.',
      resolve: (a, _args, ctx) => (a.edgeNodeId ? load.edgeNode(ctx, a.edgeNodeId) : null),
    }),
  }),
});

const AcceleratorFilter = builder.inputType('AcceleratorFilter', {
  fields: (t) => ({
    kind: t.field({ type: AcceleratorKind }),
    vendor: t.string({ description: 'Case-insensitive exact vendor.' }),
    executionProvider: t.string({ description: 'Has this execution provider.' }),
    clusterId: t.id({ description: 'Installed in a node of this cluster.' }),
    nodeId: t.id(),
    edgeNodeId: t.id(),
  }),
});

entityQueries(builder, AcceleratorRef, {
  reference: (id, ctx) => load.accelerator(ctx, id),
  byId: { field: 'accelerator', resolve: (id, ctx) => new AcceleratorStore(ctx.driver).byId(ctx.identity, id) },
  list: {
    field: 'accelerators',
    args: (arg) => ({
      includeArchived: arg.boolean({ defaultValue: false }),
      filter: arg({ type: AcceleratorFilter }),
    }),
    page: (args, window, ctx) => {
      const f = args.filter;
      return new AcceleratorStore(ctx.driver).page(ctx.identity, {
        ...window,
        includeArchived: args.includeArchived ?? false,
        filter: {
          kind: f?.kind,
          vendor: f?.vendor,
          executionProvider: f?.executionProvider,
          clusterId: f?.clusterId ?? null,
          nodeId: f?.nodeId ?? null,
          edgeNodeId: f?.edgeNodeId ?? null,
        },
      });
    },
  },
});

const RegisterAcceleratorInput = builder.inputType('RegisterAcceleratorInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    kind: t.field({ type: AcceleratorKind, required: true }),
    vendor: t.string({ required: true }),
    model: t.string({ required: true }),
    memoryMb: t.int({ required: true }),
    executionProviders: t.stringList({ required: true }),
    nodeId: t.id({ description: 'Installed in this compute node. Give nodeId or edgeNodeId, not both.' }),
    edgeNodeId: t.id({ description: 'Installed in this edge node. Give nodeId or edgeNodeId, not both.' }),
  }),
});

const UpdateAcceleratorInput = builder.inputType('UpdateAcceleratorInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
    vendor: t.string(),
    model: t.string(),
    memoryMb: t.int(),
    executionProviders: t.stringList(),
  }),
});

function checkProvidersPresent(value: string[] | null | undefined): string[] {
  const eps = checkExecutionProviders(value) ?? [];
  if (eps.length === 0)
    throw badInput('executionProviders must name at least one execution provider', 'executionProviders');
  return eps;
}

builder.mutationFields((t) => ({
  registerAccelerator: t.field({
    type: AcceleratorRef,
    description:
      "Registers an accelerator installed in a node or an edge node you manage; it belongs to the host's org.",
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: RegisterAcceleratorInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const nodeId = input.nodeId ?? null;
      const edgeNodeId = input.edgeNodeId ?? null;
      if ((nodeId === null) === (edgeNodeId === null))
        throw badInput('give exactly one of nodeId and edgeNodeId', nodeId === null ? 'nodeId' : 'edgeNodeId');
      return new AcceleratorStore(ctx.driver).register(ctx.identity, {
        name: checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
        kind: input.kind,
        vendor: checkLabel(input.vendor, 'vendor'),
        model: checkLabel(input.model, 'model'),
        memoryMb: checkInt(input.memoryMb, 'memoryMb', 0)!,
        executionProviders: checkProvidersPresent(input.executionProviders),
        ...(nodeId !== null ? { nodeId } : { edgeNodeId: edgeNodeId! }),
      });
    },
  }),
  updateAccelerator: t.field({
    type: AcceleratorRef,
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateAcceleratorInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => {
      const name = notNull(input.name, 'name');
      const vendor = notNull(input.vendor, 'vendor');
      const model = notNull(input.model, 'model');
      return new AcceleratorStore(ctx.driver).update(ctx.identity, id, {
        ...(name !== undefined ? { name: checkName(name) } : {}),
        ...(input.description != null ? { description: checkText(input.description, 'description') } : {}),
        ...(input.tags != null ? { tags: checkTags(input.tags) } : {}),
        ...(vendor !== undefined ? { vendor: checkLabel(vendor, 'vendor') } : {}),
        ...(model !== undefined ? { model: checkLabel(model, 'model') } : {}),
        ...(input.memoryMb != null ? { memoryMb: checkInt(input.memoryMb, 'memoryMb', 0) } : {}),
        ...(input.executionProviders != null
          ? { executionProviders: checkProvidersPresent(input.executionProviders) }
          : {}),
      });
    },
  }),
  archiveAccelerator: t.field({
    type: AcceleratorRef,
    description: 'Archives an accelerator that runs no PENDING or READY deployment.',
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new AcceleratorStore(ctx.driver).archive(ctx.identity, id),
  }),
}));
