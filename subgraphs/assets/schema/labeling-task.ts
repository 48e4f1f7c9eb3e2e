// Label tasks through GraphQL: a project's tasks (a manager sees all, an annotator the ones assigned to
// them), the caller's next task, one task by id, assigning tasks and reviewing one. Annotations:
// annotation.ts; suggestions: label-suggestion.ts.
import { builder } from '../builder.js';
import { defineConnection, keysetConnection, keysetWindow } from '../../../lib/subgraph/connection.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import {
  assignTasks,
  getTask,
  listTasks,
  nextTask,
  reviewTask,
  unassignTasks,
} from '../../../domain/labeling/store.js';
import { isImageTask } from '../../../domain/labeling/formats/shared.js';
import type { LabelTaskRecord } from '../../../domain/labeling/shared.js';
import { LabelingProjectRef, LabelTaskStatusEnum, loadProject } from './labeling-project.js';
import { nudgeActiveLearning } from '../../../domain/labeling/active-client.js';

export const LabelTaskRef = builder.objectRef<LabelTaskRecord>('LabelTask').implement({
  description: 'One item of a labeling project to label: an image of the collection or a row of the table.',
  fields: (t) => ({
    id: t.exposeID('id'),
    item: t.exposeString('item', {
      description: 'The file path in the image collection, or the 0-based row index of the table.',
    }),
    text: t.exposeString('text', { nullable: true, description: "The row's text, for a text task." }),
    status: t.field({ type: LabelTaskStatusEnum, resolve: (task) => task.status }),
    batch: t.exposeInt('batch', { description: '0 for the initial tasks; an active-learning round otherwise.' }),
    assignees: t.exposeStringList('assignees'),
    itemUrl: t.string({
      nullable: true,
      description: "Where the image's bytes are, through the gateway (GET with your token); null for a text task.",
      resolve: async (task, _args, ctx) => {
        const project = await loadProject(ctx, task.projectId);
        return project && isImageTask(project.taskType) ? `/api/labeling/tasks/${task.id}/item` : null;
      },
    }),
    finalValue: t.exposeString('finalValue', {
      nullable: true,
      description: "The accepted value (JSON), once reviewed: the annotations' consensus or the reviewer's fix.",
    }),
    reviewDecision: t.exposeString('reviewDecision', { nullable: true, description: 'ACCEPTED or FIXED.' }),
    reviewedBy: t.exposeString('reviewedBy', { nullable: true }),
    reviewedAt: t.expose('reviewedAt', { type: 'DateTime', nullable: true }),
    project: t.field({
      type: LabelingProjectRef,
      resolve: async (task, _args, ctx) => {
        const project = await loadProject(ctx, task.projectId);
        if (!project) throw new Error(`project ${task.projectId} of task ${task.id} is not visible`);
        return project;
      },
    }),
  }),
});

const LabelTaskConnection = defineConnection(builder, 'LabelTask', LabelTaskRef);

builder.objectFields(LabelingProjectRef, (t) => ({
  tasks: t.field({
    type: LabelTaskConnection,
    description: "Tasks in item order: all of them for the project's owners, yours for an annotator.",
    args: {
      status: t.arg({ type: LabelTaskStatusEnum }),
      assignedToMe: t.arg.boolean({ defaultValue: false }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (project, args, ctx) =>
      keysetConnection(
        await listTasks(
          ctx.driver,
          project.id,
          {
            ...keysetWindow(args),
            status: args.status ?? null,
            assignedTo: args.assignedToMe ? ctx.identity.username : null,
          },
          ctx.identity,
        ),
      ),
  }),
  nextTask: t.field({
    type: LabelTaskRef,
    nullable: true,
    description: 'Your next assigned task that you have not annotated and is not accepted; null when you are done.',
    resolve: (project, _args, ctx) => nextTask(ctx.driver, ctx.identity, project.id),
  }),
}));

builder.queryField('labelTask', (t) =>
  t.field({
    type: LabelTaskRef,
    nullable: true,
    description: 'A task of a project you own, or one assigned to you; null otherwise.',
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => getTask(ctx.driver, ctx.identity, id),
  }),
);

builder.mutationField('assignLabelTasks', (t) =>
  t.field({
    type: [LabelTaskRef],
    description:
      "Assigns tasks to annotators, round-robin with the project's overlap, added to whom they were assigned before. A task takes at most `overlap` annotators: an assignment that would give one more is refused (unassignLabelTasks first). The project's owners only.",
    authScopes: { role: 'data-scientist' },
    args: {
      projectId: t.arg.id({ required: true }),
      taskIds: t.arg.idList({ required: true }),
      annotators: t.arg.stringList({ required: true }),
    },
    resolve: (_root, args, ctx) => assignTasks(ctx.driver, ctx.identity, args.projectId, args.taskIds, args.annotators),
  }),
);

builder.mutationField('unassignLabelTasks', (t) =>
  t.field({
    type: [LabelTaskRef],
    description:
      "Takes annotators off tasks not yet accepted (to repair a wrong assignment). Refused for an annotator who already annotated one of the tasks: their annotation stands. A task left with fewer assignees than the overlap, all of whom annotated, goes IN_REVIEW. The project's owners only.",
    authScopes: { role: 'data-scientist' },
    args: {
      projectId: t.arg.id({ required: true }),
      taskIds: t.arg.idList({ required: true }),
      annotators: t.arg.stringList({ required: true }),
    },
    resolve: (_root, args, ctx) =>
      unassignTasks(ctx.driver, ctx.identity, args.projectId, args.taskIds, args.annotators),
  }),
);

const ReviewDecision = builder.enumType('LabelReviewDecision', {
  description:
    "ACCEPT: the value given, else the annotations' consensus (a strict majority for classes; identical boxes or spans). FIX: the corrected value given.",
  values: ['ACCEPT', 'FIX'] as const,
});

builder.mutationField('reviewLabelTask', (t) =>
  t.field({
    type: LabelTaskRef,
    description:
      "Accepts a task with its final value. A data scientist or platform admin of the project's org who did not annotate the task.",
    authScopes: { role: 'data-scientist' },
    args: {
      taskId: t.arg.id({ required: true }),
      decision: t.arg({ type: ReviewDecision, required: true }),
      value: t.arg.string({ description: 'The value (JSON, as in submitAnnotation); required for FIX.' }),
    },
    resolve: async (_root, args, ctx) => {
      if (args.value === '') throw badInput('value must not be empty; omit it to accept the consensus', 'value');
      const task = await reviewTask(ctx.driver, ctx.identity, args.taskId, args.decision, args.value);
      // Best effort, not awaited: a running active-learning loop checks its batch now instead of at its
      // next periodic check. The signal carries nothing; the loop reads the graph.
      void nudgeActiveLearning(ctx.driver, task.projectId);
      return task;
    },
  }),
);
