// A model's suggestion for a task (pre-annotation), shown to the annotator with its confidence.
import { builder } from '../builder.js';
import { taskSuggestion } from '../../../domain/labeling/store.js';
import type { SuggestionRecord } from '../../../domain/labeling/shared.js';
import { LabelTaskRef } from './labeling-task.js';

const SuggestionRef = builder.objectRef<SuggestionRecord>('Suggestion').implement({
  description: "A deployed model's pre-annotation of a task; the latest run's replaces earlier ones.",
  fields: (t) => ({
    value: t.exposeString('value', { description: 'JSON, in the shape of Annotation.value.' }),
    confidence: t.exposeFloat('confidence', { description: "The model's confidence, 0..1." }),
    modelVersionId: t.exposeID('modelVersionId'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.objectField(LabelTaskRef, 'suggestion', (t) =>
  t.field({
    type: SuggestionRef,
    nullable: true,
    description: "The model's current suggestion for this task, if pre-annotation ran.",
    resolve: (task, _args, ctx) => taskSuggestion(ctx.driver, task.id),
  }),
);
