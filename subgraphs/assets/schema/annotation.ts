// Annotations through GraphQL: what annotators submitted for a task (all of them for the project's
// owners, only your own for an annotator) and submitAnnotation.
import { builder } from '../builder.js';
import { submitAnnotation, taskAnnotations } from '../../../domain/labeling/store.js';
import type { AnnotationRecord } from '../../../domain/labeling/shared.js';
import { LabelTaskRef } from './labeling-task.js';

export const AnnotationRef = builder.objectRef<AnnotationRecord>('Annotation').implement({
  description: "One annotator's label of a task; replaced when they submit again, until the task is accepted.",
  fields: (t) => ({
    id: t.exposeID('id'),
    annotator: t.exposeString('annotator', { description: 'Username.' }),
    value: t.exposeString('value', {
      description:
        'JSON: {"label": v} for classification, {"boxes": [{label, x, y, w, h}]} relative to the image (x, y top-left, 0..1), {"spans": [{label, start, end}]} in UTF-16 offsets, end exclusive.',
    }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    fromSuggestion: t.exposeBoolean('fromSuggestion', {
      description: "Whether the annotator started from the model's suggestion.",
    }),
  }),
});

builder.objectFields(LabelTaskRef, (t) => ({
  myAnnotation: t.field({
    type: AnnotationRef,
    nullable: true,
    description: 'Your annotation of this task, if any.',
    resolve: async (task, _args, ctx) =>
      (await taskAnnotations(ctx.driver, ctx.identity, task.id)).find((a) => a.annotator === ctx.identity.username) ??
      null,
  }),
  annotations: t.field({
    type: [AnnotationRef],
    description: "Every annotation for the project's owners; only your own for an annotator.",
    resolve: (task, _args, ctx) => taskAnnotations(ctx.driver, ctx.identity, task.id),
  }),
}));

builder.mutationField('submitAnnotation', (t) =>
  t.field({
    type: AnnotationRef,
    description:
      "Submits (or replaces) your annotation of a task assigned to you, checked against the project's task type and labels. Annotators, data scientists and platform admins.",
    authScopes: { anyRole: ['annotator', 'data-scientist'] },
    args: {
      taskId: t.arg.id({ required: true }),
      value: t.arg.string({ required: true, description: 'The value as JSON (see Annotation.value).' }),
      fromSuggestion: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) =>
      submitAnnotation(ctx.driver, ctx.identity, args.taskId, args.value, args.fromSuggestion ?? false),
  }),
);
