import { builder } from '../builder.js';
import { ModelStore } from '../repository/model-store.js';
import { ModelVersionStore } from '../repository/model-version-store.js';
import { load } from '../repository/loaders.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { selectsPath } from '../../../lib/subgraph/selection.js';
import { aliasProblem } from '../../../domain/models/signature.js';
import { checkFilter, checkLabel, checkName, checkTags, checkText } from '../../../lib/subgraph/validate.js';
import { ModelRef, ModelVersionRef } from './refs.js';
import { OrgRef } from './external.js';

ModelRef.implement({
  description: 'A registered model; its immutable, versioned ONNX artifacts are ModelVersions.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    task: t.exposeString('task', {
      description: 'What it does, e.g. ocr-recognition, defect-detection, load-forecast.',
    }),
    tags: t.exposeStringList('tags'),
    owner: t.field({ type: OrgRef, resolve: (m) => ({ id: m.ownerOrgId }) }),
    sharedWith: t.field({
      type: [OrgRef],
      description: 'Orgs this model is shared with besides its owner.',
      resolve: async (m, _args, ctx) => (await load.sharedWith(ctx, m.id)).map((id) => ({ id })),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
    archived: t.exposeBoolean('archived'),
    versions: t.field({
      type: [ModelVersionRef],
      description: 'All versions, oldest first.',
      resolve: (m, _args, ctx) => load.versionsOf(ctx, m.id),
    }),
    version: t.field({
      type: ModelVersionRef,
      nullable: true,
      description: 'One version, by number or by alias (champion, challenger, ...).',
      args: { number: t.arg.int(), alias: t.arg.string() },
      resolve: (m, args, ctx) => {
        if ((args.number === null || args.number === undefined) === (args.alias === null || args.alias === undefined))
          throw badInput('give exactly one of number and alias');
        if (args.alias) {
          const problem = aliasProblem(args.alias);
          if (problem) throw badInput(problem, 'alias');
        }
        return new ModelVersionStore(ctx.driver).pick(m.id, args);
      },
    }),
    latest: t.field({
      type: ModelVersionRef,
      nullable: true,
      description: 'The highest-numbered version.',
      resolve: (m, _args, ctx) => new ModelVersionStore(ctx.driver).pick(m.id, {}),
    }),
  }),
});

const ModelFilter = builder.inputType('ModelFilter', {
  fields: (t) => ({
    nameContains: t.string({ description: 'Case-insensitive substring of the name.' }),
    task: t.string(),
    tag: t.string(),
    ownerOrg: t.id({ description: 'Only models owned by this org.' }),
    includeArchived: t.boolean({ defaultValue: false }),
  }),
});

/** `models { edges { node { versions } } }`. */
const PAGE_VERSIONS = [
  ['ModelConnection', 'edges'],
  ['ModelEdge', 'node'],
  ['Model', 'versions'],
] as const;

entityQueries(builder, ModelRef, {
  // References obey the same visibility rule as direct reads.
  reference: (id, ctx) => load.model(ctx, id),
  byId: { field: 'model', resolve: (id, ctx) => new ModelStore(ctx.driver).byId(ctx.identity, id) },
  list: {
    field: 'models',
    args: (arg) => ({ filter: arg({ type: ModelFilter }) }),
    page: async (args, window, ctx, info) => {
      const f = args.filter ?? {};
      const filter = {
        nameContains: checkFilter(f.nameContains, 'nameContains', 200),
        task: checkFilter(f.task, 'task', 64),
        tag: checkFilter(f.tag, 'tag', 64),
        ownerOrg: checkFilter(f.ownerOrg, 'ownerOrg', 200),
        includeArchived: f.includeArchived ?? false,
      };
      // The walk (models → versions → ...) asks for the page's versions: read them with the page, one
      // round trip instead of two, and hand them to Model.versions' loader.
      const withVersions = selectsPath(info, PAGE_VERSIONS);
      const page = await new ModelStore(ctx.driver).page(ctx.identity, { ...window, filter, withVersions });
      const { versions } = page;
      if (versions) page.items.forEach((model, i) => load.primeVersions(ctx, model.id, versions[i]!));
      return page;
    },
  },
});

const RegisterModelInput = builder.inputType('RegisterModelInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    task: t.string({ required: true }),
    tags: t.stringList(),
    ownerOrgId: t.id({
      description: 'Owning org; platform admins only, and only their org or one below it. Default: your org.',
    }),
  }),
});

const UpdateModelInput = builder.inputType('UpdateModelInput', {
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    task: t.string(),
    tags: t.stringList(),
  }),
});

/** Name, description, task and tags by the hub's one set of limits (lib/subgraph/validate.ts). */
const checkFields = (input: {
  name?: string | null;
  description?: string | null;
  task?: string | null;
  tags?: string[] | null;
}): void => {
  if (input.name != null) checkName(input.name);
  checkText(input.description, 'description');
  if (input.task != null) checkLabel(input.task, 'task', 64);
  checkTags(input.tags);
};

builder.mutationFields((t) => ({
  registerModel: t.field({
    type: ModelRef,
    description:
      'Registers a model owned by your org (versions are uploaded to POST /api/models/{id}/versions). Data scientists and platform admins only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: RegisterModelInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      checkFields(input);
      return new ModelStore(ctx.driver).register(ctx.identity, {
        ...input,
        name: input.name.trim(),
        task: input.task.trim(),
        ownerOrgId: input.ownerOrgId ?? null,
      });
    },
  }),
  updateModel: t.field({
    type: ModelRef,
    description: "Changes a model's name, description, task or tags. Its owner org (and the orgs above it) only.",
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateModelInput, required: true }) },
    resolve: (_root, { id, input }, ctx) => {
      checkFields(input);
      return new ModelStore(ctx.driver).update(ctx.identity, id, {
        ...input,
        name: input.name?.trim() ?? null,
      });
    },
  }),
  archiveModel: t.field({
    type: ModelRef,
    description: 'Archives a model: it leaves the default models listing; its versions stay readable.',
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new ModelStore(ctx.driver).archive(ctx.identity, id),
  }),
  shareModel: t.field({
    type: ModelRef,
    description: 'Shares a model with another org. Members of the owner org, or platform admins above it.',
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }), orgId: t.arg.id({ required: true }) },
    resolve: (_root, { id, orgId }, ctx) => new ModelStore(ctx.driver).share(ctx.identity, id, orgId),
  }),
}));
