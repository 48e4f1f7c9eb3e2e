// Labeling projects through GraphQL: a project labels one dataset version (image classification, boxes,
// text classification, entity spans) with a label schema; its tasks are assigned to annotators. Owners
// (data scientists and platform admins of the source's org) see and review everything; an annotator
// sees the projects with a task assigned to them. Tasks: labeling-task.ts; agreement and snapshots: SNAP.
import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { OrgStore } from '../repository/org-store.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import {
  archiveProject,
  createProject,
  getProject,
  listProjects,
  progress,
  viewerManages,
} from '../../../domain/labeling/store.js';
import { TASK_TYPES } from '../../../domain/labeling/values.js';
import {
  labelClasses,
  mayAnnotate,
  type LabelClass,
  type LabelingProgress,
  type LabelingProjectRecord,
} from '../../../domain/labeling/shared.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { DatasetRef } from './dataset.js';
import { DatasetVersionRef } from './dataset-version.js';
import { OrgRef } from './org.js';

export const LabelTaskTypeEnum = builder.enumType('LabelTaskType', {
  description:
    'IMAGE_CLASSIFICATION and BOUNDING_BOX label an image collection; TEXT_CLASSIFICATION and ENTITY_SPAN label a text column of a table.',
  values: TASK_TYPES,
});

export const LabelTaskStatusEnum = builder.enumType('LabelTaskStatus', {
  description: 'OPEN until it has `overlap` annotations, then IN_REVIEW; ACCEPTED once a reviewer decided.',
  values: ['OPEN', 'IN_REVIEW', 'ACCEPTED'] as const,
});

const LabelClassRef = builder.objectRef<LabelClass>('LabelClass').implement({
  description: "One class of a project's label schema.",
  fields: (t) => ({
    value: t.exposeString('value', { description: 'What annotation values carry ({"label": value}).' }),
    name: t.exposeString('name', { description: 'The name shown to annotators (e.g. in Chinese).' }),
    nameEn: t.string({ nullable: true, description: 'The English name, if any.', resolve: (c) => c.nameEn ?? null }),
    hotkey: t.string({
      nullable: true,
      description: 'The key that picks this class on the annotating page.',
      resolve: (c) => c.hotkey ?? null,
    }),
  }),
});

const ProgressRef = builder.objectRef<LabelingProgress>('LabelingProgress').implement({
  description: "How far a project's tasks are.",
  fields: (t) => ({
    total: t.exposeInt('total'),
    open: t.exposeInt('open'),
    inReview: t.exposeInt('inReview'),
    accepted: t.exposeInt('accepted'),
  }),
});

/** A project the viewer sees, once per request. */
export const loadProject = (ctx: SubgraphContext, id: string): Promise<LabelingProjectRecord | null> =>
  ctx.loaders.load('LabelingProject', id, (ids) =>
    Promise.all(ids.map((projectId) => getProject(ctx.driver, projectId, ctx.identity))),
  );

export const LabelingProjectRef = builder.objectRef<LabelingProjectRecord>('LabelingProject').implement({
  description:
    'A labeling project over one dataset version: its label schema, its tasks (one per item) and annotators; accepted snapshots become versions of its label dataset.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    description: t.exposeString('description'),
    taskType: t.field({ type: LabelTaskTypeEnum, resolve: (p) => p.taskType }),
    labels: t.field({ type: [LabelClassRef], resolve: (p) => labelClasses(p) }),
    textColumn: t.exposeString('textColumn', {
      nullable: true,
      description: 'The column whose text a text task labels.',
    }),
    overlap: t.exposeInt('overlap', { description: 'How many annotators label each task (1 to 5).' }),
    status: t.exposeString('status', { description: 'ACTIVE or ARCHIVED.' }),
    sourceVersion: t.field({
      type: DatasetVersionRef,
      description: 'The version whose items are labeled.',
      resolve: async (p, _args, ctx) => {
        const version = await load.datasetVersion(ctx, p.sourceVersionId);
        if (!version) throw new Error(`source version ${p.sourceVersionId} of project ${p.id} is not visible`);
        return version;
      },
    }),
    labelDataset: t.field({
      type: DatasetRef,
      nullable: true,
      description: 'The dataset whose versions are the accepted snapshots of the labels.',
      resolve: (p, _args, ctx) => load.dataset(ctx, p.labelDatasetId),
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    owner: t.field({
      type: OrgRef,
      resolve: async (p, _args, ctx) => (await new OrgStore(ctx.driver).byIds([p.ownerOrgId]))[0]!,
    }),
    annotators: t.exposeStringList('annotators', { description: 'Everyone a task of the project was assigned to.' }),
    progress: t.field({ type: ProgressRef, resolve: (p, _args, ctx) => progress(ctx.driver, p.id) }),
    viewerCanReview: t.boolean({
      description: 'Whether you may review its tasks (a data scientist or platform admin of its org).',
      resolve: (p, _args, ctx) => viewerManages(ctx.driver, ctx.identity, p),
    }),
    viewerCanAnnotate: t.boolean({
      description: 'Whether tasks of it are assigned to you and your roles let you annotate.',
      resolve: (p, _args, ctx) => mayAnnotate(ctx.identity) && p.annotators.includes(ctx.identity.username),
    }),
  }),
});

entityQueries(builder, LabelingProjectRef, {
  reference: (id, ctx) => loadProject(ctx, id),
  byId: {
    field: 'labelingProject',
    description: 'A labeling project you own or have tasks in; null otherwise.',
    resolve: (id, ctx) => loadProject(ctx, id),
  },
  list: {
    field: 'labelingProjects',
    description:
      'The labeling projects you own or have tasks in, newest first; archived ones only with includeArchived.',
    args: (arg) => ({
      includeArchived: arg.boolean({ defaultValue: false, description: 'List archived projects too.' }),
    }),
    page: (args, window, ctx) => listProjects(ctx.driver, ctx.identity, window, args.includeArchived ?? false),
  },
});

const LabelClassInput = builder.inputType('LabelClassInput', {
  fields: (t) => ({
    value: t.string({ required: true, description: 'The value annotations carry, 1 to 100 characters, unique.' }),
    name: t.string({ required: true, description: 'The name shown to annotators.' }),
    nameEn: t.string({ description: 'The English name.' }),
    hotkey: t.string({ description: 'One key that picks the class, unique in the project.' }),
  }),
});

const CreateLabelingProjectInput = builder.inputType('CreateLabelingProjectInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Unique in the org; the label dataset is "<name> labels".' }),
    description: t.string(),
    sourceVersionId: t.id({
      required: true,
      description:
        'A version your org owns and Plinth holds (VERIFIED): an image collection for image tasks, a table for text tasks.',
    }),
    taskType: t.field({ type: LabelTaskTypeEnum, required: true }),
    labels: t.field({ type: [LabelClassInput], required: true, description: '1 to 100 classes.' }),
    textColumn: t.string({ description: 'For text tasks: a VARCHAR column of the source.' }),
    overlap: t.int({ defaultValue: 1, description: 'Annotators per task, 1 to 5.' }),
    annotators: t.stringList({
      required: true,
      description: 'Usernames the tasks are assigned to, round-robin, `overlap` distinct ones per task.',
    }),
    assignAll: t.boolean({
      defaultValue: true,
      description: 'Assign every task now (default); false leaves them in the open pool (for active learning).',
    }),
    maxItems: t.int({ description: 'Tasks for the first maxItems items only (default all; at most 20,000).' }),
  }),
});

builder.mutationField('createLabelingProject', (t) =>
  t.field({
    type: LabelingProjectRef,
    description:
      'Creates a labeling project over a dataset version your org owns, one task per item, and its label dataset. Data scientists and platform admins only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: CreateLabelingProjectInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createProject(ctx.driver, ctx.identity, {
        ...input,
        sourceVersionId: input.sourceVersionId,
      }),
  }),
);

builder.mutationField('archiveLabelingProject', (t) =>
  t.field({
    type: LabelingProjectRef,
    description:
      'Archives a labeling project (its owners: data scientists and platform admins of its org or above): it leaves labelingProjects unless includeArchived, and refuses submissions, reviews, assignments, imports and snapshots; its tasks, labels, snapshots and label dataset stay readable. Audited.',
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => archiveProject(ctx.driver, ctx.identity, id),
  }),
);
