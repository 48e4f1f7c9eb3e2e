import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { DatasetStore, type DatasetRecord } from '../repository/dataset-store.js';
import { DatasetVersionStore } from '../repository/dataset-version-store.js';
import { OrgStore } from '../repository/org-store.js';
import { LIMITS, checkFilter, checkName, checkTags, checkText } from '../../../lib/subgraph/validate.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { OrgRef } from './org.js';
import { DatasetVersionRef } from './dataset-version.js';

export const DatasetRef = builder.objectRef<DatasetRecord>('Dataset').implement({
  description: 'A logical data set; its immutable snapshots are DatasetVersions.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    owner: t.field({
      type: OrgRef,
      nullable: true,
      resolve: async (d, _args, ctx) => (await new OrgStore(ctx.driver).byIds([d.ownerOrgId]))[0] ?? null,
    }),
    sharedWith: t.field({
      type: [OrgRef],
      description: 'Orgs outside the owner tree that may read this dataset and its versions.',
      resolve: (d, _args, ctx) => (d.sharedWith.length === 0 ? [] : new OrgStore(ctx.driver).byIds(d.sharedWith)),
    }),
    versions: t.field({
      type: [DatasetVersionRef],
      description: 'Immutable versions, oldest (1) first.',
      resolve: (d, _args, ctx) => new DatasetVersionStore(ctx.driver).ofDataset(ctx.identity, d.id),
    }),
    latestVersion: t.field({
      type: DatasetVersionRef,
      nullable: true,
      resolve: async (d, _args, ctx) =>
        (await new DatasetVersionStore(ctx.driver).ofDataset(ctx.identity, d.id, true))[0] ?? null,
    }),
  }),
});

const DatasetFilter = builder.inputType('DatasetFilter', {
  fields: (t) => ({
    nameContains: t.string({ description: 'Case-insensitive substring of the name.' }),
    tag: t.string({ description: 'Exact tag.' }),
    ownerOrg: t.id({ description: 'Owned by this org or a unit below it.' }),
    includeArchived: t.boolean({ defaultValue: false }),
  }),
});

entityQueries(builder, DatasetRef, {
  // References obey the same visibility rule as direct reads.
  reference: (id, ctx) => load.dataset(ctx, id),
  byId: { field: 'dataset', resolve: (id, ctx) => new DatasetStore(ctx.driver).byId(ctx.identity, id) },
  list: {
    field: 'datasets',
    args: (arg) => ({ filter: arg({ type: DatasetFilter }) }),
    page: (args, window, ctx) =>
      new DatasetStore(ctx.driver).page(ctx.identity, {
        ...window,
        filter: args.filter
          ? {
              ...args.filter,
              nameContains: checkFilter(args.filter.nameContains, 'nameContains', LIMITS.name),
              tag: checkFilter(args.filter.tag, 'tag', LIMITS.tag),
              ownerOrg: checkFilter(args.filter.ownerOrg, 'ownerOrg', LIMITS.label),
            }
          : null,
      }),
  },
});

const RegisterDatasetInput = builder.inputType('RegisterDatasetInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList(),
    ownerOrgId: t.id({
      description: 'Platform admins only: register for an org at or below theirs. Default: your org.',
    }),
  }),
});

const UpdateDatasetInput = builder.inputType('UpdateDatasetInput', {
  description: 'Fields to change; omitted fields stay as they are.',
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    tags: t.stringList(),
  }),
});

builder.mutationFields((t) => ({
  registerDataset: t.field({
    type: DatasetRef,
    description: 'Registers a dataset owned by your org. Data scientists and platform admins only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: RegisterDatasetInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      new DatasetStore(ctx.driver).register(ctx.identity, {
        name: checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
        ownerOrgId: input.ownerOrgId ?? null,
      }),
  }),
  updateDataset: t.field({
    type: DatasetRef,
    description: "Changes a dataset's name, description or tags. Its owner org side only.",
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateDatasetInput, required: true }) },
    resolve: (_root, { id, input }, ctx) =>
      new DatasetStore(ctx.driver).update(ctx.identity, id, {
        name: input.name == null ? null : checkName(input.name),
        description: checkText(input.description, 'description'),
        tags: checkTags(input.tags),
      }),
  }),
  archiveDataset: t.field({
    type: DatasetRef,
    description: 'Archives a dataset: hidden from lists and search unless asked for; takes no new versions.',
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new DatasetStore(ctx.driver).archive(ctx.identity, id),
  }),
  shareDataset: t.field({
    type: DatasetRef,
    description: 'Lets another org read a dataset and its versions. Its owner org side only.',
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }), orgId: t.arg.id({ required: true }) },
    resolve: (_root, { id, orgId }, ctx) => new DatasetStore(ctx.driver).share(ctx.identity, id, orgId),
  }),
}));
