// Evaluations through GraphQL: what an Evaluation records (kind, status, rows, split, error, log, its
// model version and training run), evaluation(id), and evaluateModelVersion, which scores a model
// version on a new dataset version in a workflow (workflows/evaluation) and returns the Evaluation at once.
import { builder } from '../builder.js';
import { EvaluationStore } from '../repository/evaluation-store.js';
import { TrainingStore } from '../repository/training-store.js';
import { load } from '../repository/loaders.js';
import { badInput, forbidden, notFound } from '../../../lib/subgraph/errors.js';
import { startEvaluation } from '../../../domain/evaluation/client.js';
import { EvaluationRef, ModelVersionRef, TrainingRunRef } from './refs.js';
import { RunErrorRef, RunLogEntryRef } from './run-log.js';

builder.objectFields(EvaluationRef, (t) => ({
  kind: t.exposeString('kind', {
    description:
      "TEST_SPLIT: the training run's own measure of its model on its held-out rows; NEW_DATA: evaluateModelVersion on a dataset version given later.",
  }),
  status: t.exposeString('status', { description: 'RUNNING, SUCCEEDED or FAILED.' }),
  rows: t.exposeInt('rows', { nullable: true, description: 'Rows scored.' }),
  splitSeed: t.exposeInt('splitSeed', { nullable: true, description: 'TEST_SPLIT: the seed of the split.' }),
  testFraction: t.exposeFloat('testFraction', { nullable: true, description: 'TEST_SPLIT: the share held out.' }),
  targetColumn: t.exposeString('targetColumn', { nullable: true }),
  workflowId: t.exposeString('workflowId', { nullable: true }),
  runId: t.exposeString('runId', { nullable: true }),
  startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
  error: t.field({
    type: RunErrorRef,
    nullable: true,
    description: 'Why a FAILED evaluation failed: the step, a code and what to do.',
    resolve: (e) => e.error,
  }),
  log: t.field({ type: [RunLogEntryRef], resolve: (e) => e.log }),
  modelVersion: t.field({
    type: ModelVersionRef,
    nullable: true,
    description: 'The model version evaluated (EVALUATES).',
    resolve: (e, _a, ctx) => (e.modelVersionId ? load.modelVersion(ctx, e.modelVersionId) : null),
  }),
  trainingRun: t.field({
    type: TrainingRunRef,
    nullable: true,
    description: 'TEST_SPLIT: the training run that generated this evaluation.',
    resolve: (e, _a, ctx) => (e.trainingRunId ? load.trainingRun(ctx, e.trainingRunId) : null),
  }),
}));

builder.queryField('evaluation', (t) =>
  t.field({
    type: EvaluationRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new TrainingStore(ctx.driver).evaluationById(ctx.identity, id),
  }),
);

builder.mutationField('evaluateModelVersion', (t) =>
  t.field({
    type: EvaluationRef,
    description:
      "Scores a model version on a verified dataset version that has the target column, in a durable workflow; returns the Evaluation (RUNNING) at once: poll evaluation(id). The Evaluation USED the dataset version and EVALUATES the model version. Data scientists of the model's owning org only.",
    authScopes: { role: 'data-scientist' },
    args: {
      versionId: t.arg.id({ required: true }),
      datasetVersionId: t.arg.id({ required: true }),
      targetColumn: t.arg.string({
        description: "The column holding the true values; defaults to the training run's target column.",
      }),
    },
    resolve: async (_root, args, ctx) => {
      const versionId = args.versionId;
      const datasetVersionId = args.datasetVersionId;
      const store = new EvaluationStore(ctx.driver);
      const subject = await store.subject(ctx.identity, versionId);
      if (!subject) throw notFound(`model version ${versionId} not found`, 'versionId');
      if (!subject.owned)
        throw forbidden(
          `model version ${versionId} belongs to org ${subject.ownerOrgId}: only its data scientists may evaluate it`,
        );
      if (!(await new TrainingStore(ctx.driver).datasetVersionVisible(ctx.identity, datasetVersionId)))
        throw notFound(`dataset version ${datasetVersionId} not found`, 'datasetVersionId');
      const targetColumn = args.targetColumn ?? subject.trainedTarget;
      if (!targetColumn)
        throw badInput(
          `model version ${versionId} has no training run naming its target column: pass targetColumn`,
          'targetColumn',
        );
      if (targetColumn.length === 0 || targetColumn.length > 200)
        throw badInput('targetColumn must be 1 to 200 characters', 'targetColumn');
      const data = await store.datasetVersion(datasetVersionId);
      if (data && data.integrity !== 'VERIFIED')
        throw badInput(
          `dataset version ${datasetVersionId} is ${data.integrity}: evaluate on a version whose bytes Plinth holds and verified (upload it first)`,
          'datasetVersionId',
        );
      if (data?.columns && !data.columns.includes(targetColumn))
        throw badInput(
          `dataset version ${datasetVersionId} has no column "${targetColumn}" (it has ${data.columns.join(', ')})`,
          'targetColumn',
        );
      const id = await startEvaluation(ctx.driver, ctx.identity, {
        modelVersionId: versionId,
        datasetVersionId,
        targetColumn,
      });
      const record = await new TrainingStore(ctx.driver).evaluationById(ctx.identity, id);
      if (!record) throw new Error(`evaluation ${id} vanished after it was created`);
      return record;
    },
  }),
);
