import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { EDGE_NODE_STATUSES, EdgeNodeStore } from '../repository/edge-node-store.js';
import { Label } from '../../../lib/graph/ontology.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { checkLabel, checkName, checkTags, checkText, notNull } from '../../../lib/subgraph/validate.js';
import { OrgRef } from './org.js';
import { AcceleratorRef, EdgeNodeRef } from './refs.js';

export const EdgeNodeStatus = builder.enumType('EdgeNodeStatus', {
  description: 'Reachability of an edge box. UNKNOWN: a status this API does not recognise.',
  values: EDGE_NODE_STATUSES,
});

EdgeNodeRef.implement({
  description: 'An edge box at a site (e.g. a substation); accelerators may be installed in it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    site: t.exposeString('site'),
    status: t.expose('status', { type: EdgeNodeStatus }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    owner: t.field({ type: OrgRef, resolve: (e) => ({ id: e.ownerOrgId }) }),
    accelerators: t.field({
      type: [AcceleratorRef],
      description: 'Accelerators installed in this edge node that you may see.',
      args: { includeArchived: t.arg.boolean({ defaultValue: false }) },
      resolve: (e, args, ctx) => load.acceleratorsIn(ctx, Label.EdgeNode, e.id, args.includeArchived ?? false),
    }),
  }),
});

entityQueries(builder, EdgeNodeRef, {
  reference: (id, ctx) => load.edgeNode(ctx, id),
  byId: { field: 'edgeNode', resolve: (id, ctx) => new EdgeNodeStore(ctx.driver).byId(ctx.identity, id) },
  list: {
    field: 'edgeNodes',
    args: (arg) => ({
      includeArchived: arg.boolean({ defaultValue: false }),
      status: arg({ type: EdgeNodeStatus }),
      site: arg.string({ description: 'Case-insensitive substring of the site.' }),
    }),
    page: (args, window, ctx) =>
      new EdgeNodeStore(ctx.driver).page(ctx.identity, {
        ...window,
        includeArchived: args.includeArchived ?? false,
        status: args.status,
        site: args.site,
      }),
  },
});

const RegisterEdgeNodeInput = builder.inputType('RegisterEdgeNodeInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    site: t.string({ required: true }),
    status: t.field({ type: EdgeNodeStatus, description: 'OFFLINE unless given.' }),
    ownerOrgId: t.id({ description: 'Owning org: yours (the default) or one below it.' }),
  }),
});

const UpdateEdgeNodeInput = builder.inputType('UpdateEdgeNodeInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
    site: t.string(),
    status: t.field({ type: EdgeNodeStatus }),
  }),
});

builder.mutationFields((t) => ({
  registerEdgeNode: t.field({
    type: EdgeNodeRef,
    description: 'Registers an edge node owned by your org or an org below it. ML engineers and platform admins only.',
    authScopes: { role: 'ml-engineer' },
    args: { input: t.arg({ type: RegisterEdgeNodeInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      new EdgeNodeStore(ctx.driver).register(ctx.identity, {
        name: checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
        site: checkLabel(input.site, 'site'),
        status: input.status ?? undefined,
        ownerOrgId: input.ownerOrgId ?? null,
      }),
  }),
  updateEdgeNode: t.field({
    type: EdgeNodeRef,
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateEdgeNodeInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => {
      const name = notNull(input.name, 'name');
      const site = notNull(input.site, 'site');
      return new EdgeNodeStore(ctx.driver).update(ctx.identity, id, {
        ...(name !== undefined ? { name: checkName(name) } : {}),
        ...(input.description != null ? { description: checkText(input.description, 'description') } : {}),
        ...(input.tags != null ? { tags: checkTags(input.tags) } : {}),
        ...(site !== undefined ? { site: checkLabel(site, 'site') } : {}),
        ...(input.status != null ? { status: input.status } : {}),
      });
    },
  }),
  archiveEdgeNode: t.field({
    type: EdgeNodeRef,
    description: 'Archives an edge node whose accelerators are all archived.',
    authScopes: { role: 'ml-engineer' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new EdgeNodeStore(ctx.driver).archive(ctx.identity, id),
  }),
}));
