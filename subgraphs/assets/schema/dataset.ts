import { builder } from '../builder.js';
import { DatasetStore, type DatasetRecord } from '../repository/dataset-store.js';
import { OrgStore } from '../repository/org-store.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { defineConnection, pageWindow, toConnection } from '../../../lib/subgraph/connection.js';
import { OrgRef } from './org.js';

export const DatasetRef = builder.objectRef<DatasetRecord>('Dataset').implement({
  description: 'A logical data set; its immutable snapshots are DatasetVersions.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    archived: t.exposeBoolean('archived'),
    owner: t.field({
      type: OrgRef,
      nullable: true,
      resolve: async (d, _args, ctx) => (await new OrgStore(ctx.driver).byIds([d.ownerOrgId]))[0] ?? null,
    }),
  }),
});

builder.asEntity(DatasetRef, {
  key: builder.selection<{ id: string }>('id'),
  // References obey the same visibility rule as direct reads.
  resolveReference: ({ id }, ctx) => new DatasetStore(ctx.driver).byId(ctx.identity, id),
});

const DatasetConnection = defineConnection(builder, 'Dataset', DatasetRef);

builder.queryFields((t) => ({
  dataset: t.field({
    type: DatasetRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new DatasetStore(ctx.driver).byId(ctx.identity, String(id)),
  }),
  datasets: t.field({
    type: DatasetConnection,
    authScopes: { authenticated: true },
    args: {
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
      includeArchived: t.arg.boolean({ defaultValue: false }),
    },
    resolve: async (_root, args, ctx) => {
      const { offset, limit } = pageWindow(args);
      const { total, items } = await new DatasetStore(ctx.driver).page(ctx.identity, {
        offset,
        limit,
        includeArchived: args.includeArchived ?? false,
      });
      return toConnection(items, total, offset);
    },
  }),
}));

const RegisterDatasetInput = builder.inputType('RegisterDatasetInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
  }),
});

builder.mutationField('registerDataset', (t) =>
  t.field({
    type: DatasetRef,
    description: 'Registers a dataset owned by your org. Data scientists and platform admins only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: RegisterDatasetInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      const name = input.name.trim();
      if (name.length === 0 || name.length > 200) throw badInput('name must be 1 to 200 characters', 'name');
      if ((input.tags ?? []).some((tag) => tag.length === 0 || tag.length > 64)) throw badInput('each tag must be 1 to 64 characters', 'tags');
      return new DatasetStore(ctx.driver).register(ctx.identity, { ...input, name });
    },
  }),
);
