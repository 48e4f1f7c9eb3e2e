// AutoML through GraphQL: startAutoML creates the AutoMLStudy and starts autoMLWorkflow
// (workflows/automl); autoMLStudy reads it back with its trials (TrainingRuns), best run and model version.
import { builder } from '../builder.js';
import { AutoMLStore, type AutoMLStudyRecord } from '../repository/automl-store.js';
import { ModelStore } from '../repository/model-store.js';
import { ModelVersionStore } from '../repository/model-version-store.js';
import { TrainingStore } from '../repository/training-store.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { checkInt } from '../../../lib/subgraph/validate.js';
import { automlProgress, startAutoML } from '../../../domain/automl/client.js';
import { defaultSpace, spaceProblem } from '../../../domain/automl/search.js';
import { METRICS, type AutoMLProgress, type SearchDimension } from '../../../domain/automl/shared.js';
import { ModelVersionRef, TrainingRunRef } from './refs.js';
import { TrainingAlgorithm, TrainingTask } from './training.js';
import { RunErrorRef } from './run-log.js';

const Strategy = builder.enumType('AutoMLStrategy', {
  values: { RANDOM: { value: 'random' }, SUCCESSIVE_HALVING: { value: 'successive-halving' } } as const,
});

const Progress = builder.objectRef<AutoMLProgress>('AutoMLProgress').implement({
  fields: (t) => ({
    phase: t.exposeString('phase', { description: 'searching, finalizing, done or failed.' }),
    rung: t.exposeInt('rung'),
    rungs: t.exposeInt('rungs'),
    completedTrials: t.exposeInt('completedTrials'),
    totalTrials: t.exposeInt('totalTrials'),
  }),
});

const Trial = builder.objectRef<Awaited<ReturnType<AutoMLStore['trials']>>[number]>('AutoMLTrial').implement({
  description:
    'One configuration of a study: its TrainingRun, the last rung it reached and its validation score; a failed trial says why.',
  fields: (t) => ({
    index: t.int({ resolve: (r) => r.trialIndex }),
    status: t.exposeString('status', { description: 'SUCCEEDED or FAILED (at its last rung).' }),
    error: t.field({
      type: RunErrorRef,
      nullable: true,
      description: 'Why the trial failed: the step (train, validate), a code and what to do; its run has the log.',
      resolve: (r) => r.error,
    }),
    rung: t.exposeInt('rung'),
    validationScore: t.exposeFloat('validationScore', { nullable: true }),
    run: t.field({ type: TrainingRunRef, resolve: (r) => r }),
  }),
});

const Study = builder.objectRef<AutoMLStudyRecord>('AutoMLStudy').implement({
  description:
    'A hyperparameter search: trials scored on validation data, the best retrained, tested once and registered.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.exposeString('status'),
    workflowId: t.exposeString('workflowId'),
    runId: t.exposeString('runId', { nullable: true }),
    metric: t.exposeString('metric'),
    strategy: t.exposeString('strategy'),
    settings: t.field({ type: 'JSON', resolve: (s) => s.settings }),
    error: t.field({
      type: RunErrorRef,
      nullable: true,
      description: 'Why a FAILED study failed: the step (load, search, finalize), a code and what to do.',
      resolve: (s) => s.error,
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
    testMetrics: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The best configuration on the held-out test rows, measured once.',
      resolve: (s) => s.testMetrics,
    }),
    trials: t.field({ type: [Trial], resolve: (s, _a, ctx) => new AutoMLStore(ctx.driver).trials(s.id) }),
    bestRun: t.field({
      type: TrainingRunRef,
      nullable: true,
      resolve: (s, _a, ctx) =>
        s.bestTrainingRunId ? new TrainingStore(ctx.driver).runById(ctx.identity, s.bestTrainingRunId) : null,
    }),
    modelVersion: t.field({
      type: ModelVersionRef,
      nullable: true,
      resolve: (s, _a, ctx) =>
        s.modelVersionId ? new ModelVersionStore(ctx.driver).byId(ctx.identity, s.modelVersionId) : null,
    }),
    progress: t.field({
      type: Progress,
      nullable: true,
      description: "The workflow's progress query; null once it has finished.",
      resolve: (s) => (s.status === 'RUNNING' ? automlProgress(s.workflowId) : null),
    }),
  }),
});

const Dimension = builder.inputType('AutoMLSearchDimensionInput', {
  fields: (t) => ({
    algorithm: t.field({ type: TrainingAlgorithm, required: true }),
    params: t.field({
      type: 'JSON',
      required: true,
      description:
        'Name → a number, {"values": [..]} or {"min", "max", "log"?, "integer"?}, e.g. {"maxDepth": {"min": 2, "max": 6, "integer": true}}.',
    }),
  }),
});

const StartInput = builder.inputType('StartAutoMLInput', {
  fields: (t) => ({
    datasetVersionId: t.id({ required: true }),
    modelId: t.id({ required: true }),
    targetColumn: t.string({ required: true }),
    task: t.field({ type: TrainingTask, required: true }),
    space: t.field({
      type: [Dimension],
      required: false,
      description:
        'Algorithms and their ranges. Omitted: the default space for the task (boosted trees, random forest, CART, and logistic regression for classes), as bench:automl measures it against scikit-learn.',
    }),
    trials: t.int({ required: true, description: '1 to 64 configurations.' }),
    concurrency: t.int({ required: true, description: 'Trials in flight at once, 1 to 16.' }),
    metric: t.string({
      required: true,
      description:
        'binary: accuracy, precision, recall, f1, rocAuc, ks; multiclass: accuracy, macro*; regression: rmse, mae, r2.',
    }),
    strategy: t.field({ type: Strategy, required: true }),
    seed: t.int({ required: true }),
    testFraction: t.float({ defaultValue: 0.2 }),
    validationFraction: t.float({ defaultValue: 0.25 }),
  }),
});

const fraction = (value: number | null | undefined, field: string, fallback: number): number => {
  const v = value ?? fallback;
  if (!(v > 0 && v < 1)) throw badInput(`${field} must be strictly between 0 and 1`, field);
  return v;
};

builder.queryFields((t) => ({
  autoMLStudy: t.field({
    type: Study,
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new AutoMLStore(ctx.driver).byId(ctx.identity, String(id)),
  }),
}));

builder.mutationFields((t) => ({
  startAutoML: t.field({
    type: Study,
    description:
      'Searches the space for the best configuration by the metric on validation data, then registers it as a ModelVersion. Data scientists only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: StartInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const datasetVersionId = String(input.datasetVersionId);
      const modelId = String(input.modelId);
      const space: SearchDimension[] = input.space
        ? input.space.map((d) => ({ algorithm: d.algorithm, params: d.params as SearchDimension['params'] }))
        : defaultSpace(input.task);
      const problem = spaceProblem(space);
      if (problem) throw badInput(problem, 'space');
      if (input.task === 'regression' && space.some((d) => d.algorithm === 'logistic-regression'))
        throw badInput('logistic-regression is a classifier: use CART for regression', 'space');
      if (!METRICS[input.task].includes(input.metric))
        throw badInput(`metric must be one of ${METRICS[input.task].join(', ')} for ${input.task}`, 'metric');
      const trials = checkInt(input.trials, 'trials', 1, 64)!;
      const concurrency = checkInt(input.concurrency, 'concurrency', 1, 16)!;
      const seed = checkInt(input.seed, 'seed', 0)!;
      if (input.targetColumn.length === 0 || input.targetColumn.length > 200)
        throw badInput('targetColumn must be 1 to 200 characters', 'targetColumn');
      if (!(await new TrainingStore(ctx.driver).datasetVersionVisible(ctx.identity, datasetVersionId)))
        throw notFound(`dataset version ${datasetVersionId} not found`, 'datasetVersionId');
      if (!(await new ModelStore(ctx.driver).byId(ctx.identity, modelId)))
        throw notFound(`model ${modelId} not found`, 'modelId');
      const { sub, username, org } = ctx.identity;
      const study = await startAutoML(ctx.driver, {
        datasetVersionId,
        modelId,
        targetColumn: input.targetColumn,
        task: input.task,
        space,
        trials,
        concurrency,
        metric: input.metric,
        strategy: input.strategy,
        seed,
        testFraction: fraction(input.testFraction, 'testFraction', 0.2),
        validationFraction: fraction(input.validationFraction, 'validationFraction', 0.25),
        requestedBy: { sub, username, org },
      });
      const record = await new AutoMLStore(ctx.driver).byId(ctx.identity, study.id);
      if (!record) throw new Error(`AutoML study ${study.id} vanished after it was created`);
      return record;
    },
  }),
}));
