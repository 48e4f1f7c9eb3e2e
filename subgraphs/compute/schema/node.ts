import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { NodeStore } from '../repository/node-store.js';
import { Label } from '../../../lib/graph/ontology.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
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
import { AcceleratorRef, ClusterRef, NodeRef } from './refs.js';

NodeRef.implement({
  description: "A compute host in a cluster; it belongs to its cluster's org.",
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    hostname: t.exposeString('hostname'),
    cpuCores: t.exposeInt('cpuCores', { nullable: true }),
    memoryMb: t.exposeInt('memoryMb', { nullable: true }),
    executionProviders: t.exposeStringList('executionProviders', {
      description: 'ONNX Runtime execution providers the host really has.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    owner: t.field({ type: OrgRef, resolve: (n) => ({ id: n.ownerOrgId }) }),
    cluster: t.field({
      type: ClusterRef,
      nullable: true,
      resolve: (n, _args, ctx) => (n.clusterId ? load.cluster(ctx, n.clusterId) : null),
    }),
    accelerators: t.field({
      type: [AcceleratorRef],
      description: 'Accelerators installed in this node that you may see.',
      args: { includeArchived: t.arg.boolean({ defaultValue: false }) },
      resolve: (n, args, ctx) => load.acceleratorsIn(ctx, Label.Node, n.id, args.includeArchived ?? false),
    }),
  }),
});

entityQueries(builder, NodeRef, {
  reference: (id, ctx) => load.node(ctx, id),
  byId: {
    field: 'node',
    description: 'A compute node (host) by id.',
    resolve: (id, ctx) => new NodeStore(ctx.driver).byId(ctx.identity, id),
  },
  list: {
    field: 'nodes',
    args: (arg) => ({
      includeArchived: arg.boolean({ defaultValue: false }),
      clusterId: arg.id(),
      executionProvider: arg.string(),
    }),
    page: (args, window, ctx) =>
      new NodeStore(ctx.driver).page(ctx.identity, {
        ...window,
        includeArchived: args.includeArchived ?? false,
        clusterId: args.clusterId ?? null,
        executionProvider: args.executionProvider?.toLowerCase() ?? null,
      }),
  },
});

const RegisterNodeInput = builder.inputType('RegisterNodeInput', {
  fields: (t) => ({
    clusterId: t.id({ required: true }),
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    hostname: t.string({ required: true }),
    cpuCores: t.int(),
    memoryMb: t.int(),
    executionProviders: t.stringList(),
  }),
});

const UpdateNodeInput = builder.inputType('UpdateNodeInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
    hostname: t.string(),
    cpuCores: t.int(),
    memoryMb: t.int(),
    executionProviders: t.stringList(),
  }),
});

builder.mutationFields((t) => ({
  registerNode: t.field({
    type: NodeRef,
    description: "Registers a node in a cluster you manage; the node belongs to the cluster's org.",
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: RegisterNodeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      new NodeStore(ctx.driver).register(ctx.identity, {
        clusterId: input.clusterId,
        name: checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
        hostname: checkLabel(input.hostname, 'hostname', 253),
        cpuCores: checkInt(input.cpuCores, 'cpuCores', 1, 100_000),
        memoryMb: checkInt(input.memoryMb, 'memoryMb', 0),
        executionProviders: checkExecutionProviders(input.executionProviders),
      }),
  }),
  updateNode: t.field({
    type: NodeRef,
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateNodeInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => {
      const name = notNull(input.name, 'name');
      const hostname = notNull(input.hostname, 'hostname');
      return new NodeStore(ctx.driver).update(ctx.identity, id, {
        ...(name !== undefined ? { name: checkName(name) } : {}),
        ...(input.description != null ? { description: checkText(input.description, 'description') } : {}),
        ...(input.tags != null ? { tags: checkTags(input.tags) } : {}),
        ...(hostname !== undefined ? { hostname: checkLabel(hostname, 'hostname', 253) } : {}),
        ...(input.cpuCores != null ? { cpuCores: checkInt(input.cpuCores, 'cpuCores', 1, 100_000) } : {}),
        ...(input.memoryMb != null ? { memoryMb: checkInt(input.memoryMb, 'memoryMb', 0) } : {}),
        ...(input.executionProviders != null
          ? { executionProviders: checkExecutionProviders(input.executionProviders) }
          : {}),
      });
    },
  }),
  archiveNode: t.field({
    type: NodeRef,
    description: 'Archives a node whose accelerators are all archived.',
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new NodeStore(ctx.driver).archive(ctx.identity, id),
  }),
}));
