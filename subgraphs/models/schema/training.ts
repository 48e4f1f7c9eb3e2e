// Training through GraphQL: startTraining creates the TrainingRun and starts trainingWorkflow
// (workflows/training); trainingRun reads the run back, with its progress from the run log.
import { builder } from '../builder.js';
import { ModelStore } from '../repository/model-store.js';
import { TrainingStore } from '../repository/training-store.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { recordedProgress, startTraining } from '../../../domain/training/client.js';
import type {
  TrainingAlgorithm as TrainingAlgorithmName,
  TrainingInput,
  TrainingProgress,
} from '../../../domain/training/shared.js';
import { algorithmTaskProblem, hyperparameterProblems } from '../../../domain/training/hyperparameters.js';
import { EvaluationStore } from '../repository/evaluation-store.js';
import { TrainingRunRef } from './refs.js';

export const TrainingTask = builder.enumType('TrainingTask', {
  values: {
    BINARY: { value: 'binary' },
    MULTICLASS: { value: 'multiclass' },
    REGRESSION: { value: 'regression' },
  } as const,
});
export const TrainingAlgorithm = builder.enumType('TrainingAlgorithm', {
  values: {
    LOGISTIC_REGRESSION: { value: 'logistic-regression' },
    CART: { value: 'cart' },
    RANDOM_FOREST: { value: 'random-forest' },
    GRADIENT_BOOSTED_TREES: { value: 'gradient-boosted-trees' },
  } as const,
});

const Progress = builder.objectRef<TrainingProgress>('TrainingProgress').implement({
  description: 'Where a running training workflow is: its step and an estimate of the share done.',
  fields: (t) => ({
    step: t.exposeString('step'),
    percent: t.exposeInt('percent'),
  }),
});

builder.objectFields(TrainingRunRef, (t) => ({
  runId: t.exposeString('runId', { nullable: true, description: 'The Temporal run of workflowId.' }),
  progress: t.field({
    type: Progress,
    nullable: true,
    description:
      'Where the running workflow is, from the run log its steps write to the graph as each finishes: the step after the last one logged. Read from the graph, never by asking the worker, so a busy or lost worker cannot slow or fail it; null once the run has finished.',
    // Asking the workflow (a Temporal query) goes through the compute worker and cost 60-230 ms at p50-p99
    // on this machine (bench/busy-worker.ts); the log holds the same step, durably, in the run already read.
    resolve: (r) => (r.workflowId && r.status === 'RUNNING' ? recordedProgress(r.log) : null),
  }),
}));

const StartTrainingInput = builder.inputType('StartTrainingInput', {
  fields: (t) => ({
    datasetVersionId: t.id({
      required: true,
      description:
        'A dataset version Plinth holds (uploaded, imported or derived), read by digest: CSV, TSV, Parquet or JSON Lines.',
    }),
    modelId: t.id({ required: true, description: 'The model the trained version is registered under.' }),
    targetColumn: t.string({ required: true }),
    task: t.field({ type: TrainingTask, required: true }),
    algorithm: t.field({ type: TrainingAlgorithm, required: true }),
    hyperparameters: t.field({
      type: 'JSON',
      description:
        "Numbers by name. logistic-regression: numSteps, learningRate; cart: maxDepth, minNumSamples, gainThreshold; random-forest: cart's and nEstimators, maxFeatures, seed; gradient-boosted-trees: cart's and nEstimators, learningRate.",
    }),
    testFraction: t.float({
      required: true,
      description: 'Share of rows held out for evaluation, strictly between 0 and 1.',
    }),
    seed: t.int({ required: true, description: 'Seeds the split, so a run can be repeated exactly.' }),
  }),
});

/** Every problem with the hyperparameters (empty when they may train `algorithm`). */
function hyperparametersProblems(value: unknown, algorithm: TrainingAlgorithmName): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    return ['hyperparameters must be an object of name → number, e.g. {"maxDepth": 5}'];
  const notNumbers = Object.entries(value).filter(([, v]) => typeof v !== 'number' || !Number.isFinite(v));
  if (notNumbers.length > 0)
    return notNumbers.map(([name, v]) => `hyperparameter ${name} = ${JSON.stringify(v)} must be a finite number`);
  // Names and ranges per algorithm (domain/training/hyperparameters.ts). Hyperparameters named test… are
  // hooks for the test suite (a held activity, a durable timer): through the public API a user could park
  // a worker slot for as long as they like, so they are refused unless the process was started for tests
  // (PLINTH_TEST_HOOKS=1), and even then bounded.
  return hyperparameterProblems(algorithm, value as Record<string, number>, {
    testHooks: process.env.PLINTH_TEST_HOOKS === '1',
    strict: false,
  });
}

/**
 * Every problem with the input's own fields, so one answer names them all (a form with three bad fields
 * was told of one, fixed it, and was then told of the next). The field extension names the first.
 */
function checkStartTraining(input: {
  hyperparameters?: unknown;
  algorithm: TrainingAlgorithmName;
  task: Parameters<typeof algorithmTaskProblem>[1];
  testFraction: number;
  seed: number;
  targetColumn: string;
}): Record<string, number> {
  const problems: [field: string, message: string][] = [];
  for (const message of hyperparametersProblems(input.hyperparameters, input.algorithm))
    problems.push(['hyperparameters', message]);
  if (!(input.testFraction > 0 && input.testFraction < 1))
    problems.push([
      'testFraction',
      `testFraction = ${input.testFraction} is out of range: it must be a number greater than 0 and less than 1`,
    ]);
  if (!Number.isInteger(input.seed) || input.seed < 0 || input.seed > 2 ** 31 - 1)
    problems.push(['seed', `seed must be an integer from 0 to ${2 ** 31 - 1}, got ${input.seed}`]);
  if (input.targetColumn.length === 0 || input.targetColumn.length > 200)
    problems.push(['targetColumn', 'targetColumn must be 1 to 200 characters']);
  const taskProblem = algorithmTaskProblem(input.algorithm, input.task);
  if (taskProblem) problems.push(['algorithm', taskProblem]);
  if (problems.length > 0) throw badInput(problems.map(([, message]) => message).join('; '), problems[0]![0]);
  return (input.hyperparameters ?? {}) as Record<string, number>;
}

builder.queryFields((t) => ({
  trainingRun: t.field({
    type: TrainingRunRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new TrainingStore(ctx.driver).runById(ctx.identity, id),
  }),
}));

builder.mutationFields((t) => ({
  startTraining: t.field({
    type: TrainingRunRef,
    description:
      'Trains a model version on a dataset version in a durable workflow; poll trainingRun(id) for progress. Data scientists only.',
    authScopes: { role: 'data-scientist' },
    args: { input: t.arg({ type: StartTrainingInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const datasetVersionId = input.datasetVersionId;
      const modelId = input.modelId;
      const hyperparameters = checkStartTraining(input);
      const seed = input.seed;
      if (!(await new TrainingStore(ctx.driver).datasetVersionVisible(ctx.identity, datasetVersionId)))
        throw notFound(`dataset version ${datasetVersionId} not found`, 'datasetVersionId');
      // A missing target failed only minutes later, at load; the recorded columns (when the version has
      // them) answer now, as evaluateModelVersion does.
      const columns = (await new EvaluationStore(ctx.driver).datasetVersion(datasetVersionId))?.columns;
      if (columns && !columns.includes(input.targetColumn))
        throw badInput(
          `dataset version ${datasetVersionId} has no column "${input.targetColumn}" (it has ${columns.join(', ')})`,
          'targetColumn',
        );
      if (!(await new ModelStore(ctx.driver).byId(ctx.identity, modelId)))
        throw notFound(`model ${modelId} not found`, 'modelId');
      const { sub, username, org } = ctx.identity;
      const training: TrainingInput = {
        datasetVersionId,
        modelId,
        targetColumn: input.targetColumn,
        task: input.task,
        algorithm: input.algorithm,
        hyperparameters,
        split: { test: input.testFraction },
        seed,
        requestedBy: { sub, username, org },
      };
      const run = await startTraining(ctx.driver, training);
      const record = await new TrainingStore(ctx.driver).runById(ctx.identity, run.id);
      if (!record) throw new Error(`training run ${run.id} vanished after it was created`);
      return record;
    },
  }),
}));
