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
import {
  AUTOML_DEFAULT_FRACTIONS,
  AUTOML_LIMITS,
  METRICS,
  type AutoMLProgress,
  type SearchDimension,
} from '../../../domain/automl/shared.js';
import { algorithmTaskProblem } from '../../../domain/training/hyperparameters.js';
import { ModelVersionRef, TrainingRunRef } from './refs.js';
import { TrainingAlgorithm, TrainingTask } from './training.js';
import { RunErrorRef } from './run-log.js';
import { DatasetVersionRef } from './external.js';
import type { RunLogEntry } from '../../../domain/runs/shared.js';

export const AutoMLStrategy = builder.enumType('AutoMLStrategy', {
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

type TrialRecord = Awaited<ReturnType<AutoMLStore['trials']>>[number] & { metric: string };

interface CurvePoint {
  rung: number;
  trainingRows: number | null;
  score: number | null;
}

const CurvePointRef = builder.objectRef<CurvePoint>('AutoMLTrialCurvePoint').implement({
  description: "A trial's validation score at one rung (successive halving trains on more rows at each rung).",
  fields: (t) => ({
    rung: t.exposeInt('rung'),
    trainingRows: t.exposeInt('trainingRows', { nullable: true, description: 'Training rows at this rung.' }),
    score: t.exposeFloat('score', {
      nullable: true,
      description: "The study's metric on the validation rows; null where the trial failed at this rung.",
    }),
  }),
});

/** A trial's score by rung, from its run log: each rung's activity writes its rows and score under its own key. */
export function trialCurve(log: RunLogEntry[], metric: string): CurvePoint[] {
  const byRung = new Map<number, CurvePoint>();
  for (const entry of log) {
    const counts = entry.counts as Record<string, unknown> | null;
    const rung = counts?.rung;
    if (typeof rung !== 'number') continue;
    const point = byRung.get(rung) ?? { rung, trainingRows: null, score: null };
    if (entry.step === 'train' && typeof counts!.rows === 'number') point.trainingRows = counts!.rows;
    if (entry.step === 'validate' && entry.level === 'INFO' && typeof counts![metric] === 'number')
      point.score = counts![metric];
    byRung.set(rung, point);
  }
  return [...byRung.values()].sort((a, b) => a.rung - b.rung);
}

const Trial = builder.objectRef<TrialRecord>('AutoMLTrial').implement({
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
    curve: t.field({
      type: [CurvePointRef],
      description: 'Its validation score at each rung it reached, first rung first (random search: one rung).',
      resolve: (r) => trialCurve(r.log, r.metric),
    }),
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
    trials: t.field({
      type: [Trial],
      resolve: async (s, _a, ctx) =>
        (await new AutoMLStore(ctx.driver).trials(s.id)).map((trial) => ({ ...trial, metric: s.metric })),
    }),
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
    strategy: t.field({ type: AutoMLStrategy, required: true }),
    seed: t.int({ required: true }),
    testFraction: t.float({ defaultValue: AUTOML_DEFAULT_FRACTIONS.test }),
    validationFraction: t.float({ defaultValue: AUTOML_DEFAULT_FRACTIONS.validation }),
  }),
});

const fraction = (value: number | null | undefined, field: string, fallback: number): number => {
  const v = value ?? fallback;
  if (!(v > 0 && v < 1)) throw badInput(`${field} must be strictly between 0 and 1`, field);
  return v;
};

builder.objectFields(TrainingRunRef, (t) => ({
  study: t.field({
    type: Study,
    nullable: true,
    description: 'The AutoML study this run is a trial of; null for a training run of its own.',
    resolve: (r, _a, ctx) => (r.studyId ? new AutoMLStore(ctx.driver).byId(ctx.identity, r.studyId) : null),
  }),
}));

builder.objectFields(DatasetVersionRef, (t) => ({
  trainingRuns: t.field({
    type: [TrainingRunRef],
    authScopes: { authenticated: true },
    description:
      'Training runs (not AutoML trials) that used this version and that you may see, newest first. first: 1 to 50.',
    args: { first: t.arg.int({ defaultValue: 10 }) },
    resolve: async (dv, { first }, ctx) =>
      (await new TrainingStore(ctx.driver).datasetVersionVisible(ctx.identity, dv.id))
        ? new TrainingStore(ctx.driver).runsUsing(ctx.identity, dv.id, checkInt(first, 'first', 1, 50)!)
        : [],
  }),
  autoMLStudies: t.field({
    type: [Study],
    authScopes: { authenticated: true },
    description: 'AutoML studies on this version that you may see, newest first. first: 1 to 50.',
    args: { first: t.arg.int({ defaultValue: 10 }) },
    resolve: async (dv, { first }, ctx) =>
      (await new TrainingStore(ctx.driver).datasetVersionVisible(ctx.identity, dv.id))
        ? new AutoMLStore(ctx.driver).studiesUsing(ctx.identity, dv.id, checkInt(first, 'first', 1, 50)!)
        : [],
  }),
}));

builder.queryFields((t) => ({
  autoMLStudy: t.field({
    type: Study,
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new AutoMLStore(ctx.driver).byId(ctx.identity, id),
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
      const datasetVersionId = input.datasetVersionId;
      const modelId = input.modelId;
      const space: SearchDimension[] = input.space
        ? input.space.map((d) => ({ algorithm: d.algorithm, params: d.params as SearchDimension['params'] }))
        : defaultSpace(input.task);
      const problem = spaceProblem(space);
      if (problem) throw badInput(problem, 'space');
      // Every dimension must be able to train the task (a boosted-trees trial on three classes only failed).
      for (const d of space) {
        const taskProblem = algorithmTaskProblem(d.algorithm, input.task);
        if (taskProblem) throw badInput(taskProblem, 'space');
      }
      if (!METRICS[input.task].includes(input.metric))
        throw badInput(`metric must be one of ${METRICS[input.task].join(', ')} for ${input.task}`, 'metric');
      const { trials: trialLimits, concurrency: concurrencyLimits } = AUTOML_LIMITS;
      const trials = checkInt(input.trials, 'trials', trialLimits.min, trialLimits.max)!;
      const concurrency = checkInt(input.concurrency, 'concurrency', concurrencyLimits.min, concurrencyLimits.max)!;
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
        testFraction: fraction(input.testFraction, 'testFraction', AUTOML_DEFAULT_FRACTIONS.test),
        validationFraction: fraction(
          input.validationFraction,
          'validationFraction',
          AUTOML_DEFAULT_FRACTIONS.validation,
        ),
        requestedBy: { sub, username, org },
      });
      const record = await new AutoMLStore(ctx.driver).byId(ctx.identity, study.id);
      if (!record) throw new Error(`AutoML study ${study.id} vanished after it was created`);
      return record;
    },
  }),
}));
