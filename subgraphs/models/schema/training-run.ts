import { builder } from '../builder.js';
import { TrainingStore } from '../repository/training-store.js';
import { load } from '../repository/loaders.js';
import { EvaluationRef, ModelVersionRef, TrainingRunRef } from './refs.js';
import { DatasetVersionRef } from './external.js';
import { RunErrorRef, RunLogEntryRef } from './run-log.js';

TrainingRunRef.implement({
  description: 'A training activity (PROV): the dataset versions it used and the model versions it generated.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.exposeString('status'),
    algorithm: t.exposeString('algorithm'),
    params: t.field({ type: 'JSON', resolve: (r) => r.params }),
    metrics: t.field({
      type: 'JSON',
      nullable: true,
      description:
        "The run's measures on its held-out test rows (an AutoML trial: on the study's validation rows): accuracy, rocAuc, … or rmse, mae, r2; confusionMatrix, featureImportances, and for charts rocCurve ([{fpr, tpr, threshold}], ≤ 101 points, binary) or residuals ([{predicted, actual, residual}], ≤ 500 test rows, regression). Null or {} until it succeeds.",
      resolve: (r) => r.metrics,
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    workflowId: t.exposeString('workflowId', { nullable: true }),
    error: t.field({
      type: RunErrorRef,
      nullable: true,
      description:
        'Why a FAILED run failed: the step, a code (e.g. DATA_INTEGRITY for a dataset version whose stored bytes no longer match its digest, both digests named) and what to do.',
      resolve: (r) => r.error,
    }),
    log: t.field({
      type: [RunLogEntryRef],
      description:
        'What the run did, step by step: rows read and used, columns dropped and values imputed (WARN), split, metrics, export, verification, the version registered, and the failure (ERROR).',
      resolve: (r) => r.log,
    }),
    usedDatasetVersions: t.field({
      type: [DatasetVersionRef],
      description: 'Dataset versions used, limited to those you may see.',
      resolve: (r, _args, ctx) => new TrainingStore(ctx.driver).usedDatasetVersions(ctx.identity, r.id),
    }),
    generated: t.field({
      type: [ModelVersionRef],
      description: 'Model versions generated, limited to those you may see.',
      resolve: (r, _args, ctx) => new TrainingStore(ctx.driver).generated(ctx.identity, r.id),
    }),
  }),
});

builder.asEntity(TrainingRunRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx) => load.trainingRun(ctx, id),
});

EvaluationRef.implement({
  description: 'An evaluation of a model version on dataset versions, with its metrics.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    metrics: t.field({ type: 'JSON', resolve: (e) => e.metrics }),
    at: t.expose('at', { type: 'DateTime', nullable: true }),
    usedDatasetVersions: t.field({
      type: [DatasetVersionRef],
      resolve: (e, _args, ctx) => new TrainingStore(ctx.driver).evaluationDatasetVersions(ctx.identity, e.id),
    }),
  }),
});

builder.asEntity(EvaluationRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: ({ id }, ctx) => load.evaluation(ctx, id),
});
