import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { ClusterStore } from '../repository/cluster-store.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { checkName, checkTags, checkText, notNull } from '../../../lib/subgraph/validate.js';
import { OrgRef } from './org.js';
import { ClusterRef, NodeRef } from './refs.js';

ClusterRef.implement({
  description: 'A group of compute nodes at one location, owned by an org.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    location: t.exposeString('location'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    owner: t.field({ type: OrgRef, resolve: (c) => ({ id: c.ownerOrgId }) }),
    nodes: t.field({
      type: [NodeRef],
      description: 'Nodes in this cluster that you may see.',
      args: { includeArchived: t.arg.boolean({ defaultValue: false }) },
      resolve: (c, args, ctx) => load.nodesIn(ctx, c.id, args.includeArchived ?? false),
    }),
  }),
});

entityQueries(builder, ClusterRef, {
  reference: (id, ctx) => load.cluster(ctx, id),
  byId: { field: 'cluster', resolve: (id, ctx) => new ClusterStore(ctx.driver).byId(ctx.identity, id) },
  list: {
    field: 'clusters',
    args: (arg) => ({
      includeArchived: arg.boolean({ defaultValue: false }),
      location: arg.string({ description: 'Case-insensitive substring of the location.' }),
      ownerOrgId: arg.id(),
    }),
    page: (args, window, ctx) =>
      new ClusterStore(ctx.driver).page(ctx.identity, {
        ...window,
        includeArchived: args.includeArchived ?? false,
        location: args.location,
        ownerOrgId: args.ownerOrgId ?? null,
      }),
  },
});

const RegisterClusterInput = builder.inputType('RegisterClusterInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    location: t.string(),
    ownerOrgId: t.id({ description: 'Owning org: yours (the default) or one below it.' }),
  }),
});

const UpdateClusterInput = builder.inputType('UpdateClusterInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
    location: t.string(),
  }),
});

builder.mutationFields((t) => ({
  registerCluster: t.field({
    type: ClusterRef,
    description: 'Registers a cluster owned by your org or an org below it. ML engineers and platform admins only.',
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: RegisterClusterInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      new ClusterStore(ctx.driver).register(ctx.identity, {
        name: checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
        location: checkText(input.location, 'location', 200),
        ownerOrgId: input.ownerOrgId ?? null,
      }),
  }),
  updateCluster: t.field({
    type: ClusterRef,
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateClusterInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => {
      const name = notNull(input.name, 'name');
      return new ClusterStore(ctx.driver).update(ctx.identity, id, {
        ...(name !== undefined ? { name: checkName(name) } : {}),
        ...(input.description != null ? { description: checkText(input.description, 'description') } : {}),
        ...(input.tags != null ? { tags: checkTags(input.tags) } : {}),
        ...(input.location != null ? { location: checkText(input.location, 'location', 200) } : {}),
      });
    },
  }),
  archiveCluster: t.field({
    type: ClusterRef,
    description: 'Archives a cluster whose nodes are all archived.',
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new ClusterStore(ctx.driver).archive(ctx.identity, id),
  }),
}));
