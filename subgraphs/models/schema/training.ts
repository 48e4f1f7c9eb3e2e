// Training through GraphQL: startTraining creates the TrainingRun and starts trainingWorkflow
// (workflows/training); trainingRun reads the run back, with its progress from the run log.
import { builder } from '../builder.js';
import { ModelStore } from '../repository/model-store.js';
import { TrainingStore } from '../repository/training-store.js';
import { badInput, notFound } from '../../../lib/subgraph/errors.js';
import { checkInt } from '../../../lib/subgraph/validate.js';
import { recordedProgress, startTraining } from '../../../domain/training/client.js';
import type {
  TrainingAlgorithm as TrainingAlgorithmName,
  TrainingInput,
  TrainingProgress,
} from '../../../domain/training/shared.js';
import { algorithmTaskProblem, hyperparameterProblem } from '../../../domain/training/hyperparameters.js';
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

function checkHyperparameters(value: unknown, algorithm: TrainingAlgorithmName): Record<string, number> {
  if (value === null || value === undefined) return {};
  if (
    typeof value !== 'object' ||
    Array.isArray(value) ||
    Object.values(value).some((v) => typeof v !== 'number' || !Number.isFinite(v))
  ) {
    throw badInput('hyperparameters must be an object of name → number, e.g. {"maxDepth": 5}', 'hyperparameters');
  }
  // Names and ranges per algorithm (domain/training/hyperparameters.ts). Hyperparameters named test… are
  // hooks for the test suite (a held activity, a durable timer): through the public API a user could park
  // a worker slot for as long as they like, so they are refused unless the process was started for tests
  // (PLINTH_TEST_HOOKS=1), and even then bounded.
  const problem = hyperparameterProblem(algorithm, value as Record<string, number>, {
    testHooks: process.env.PLINTH_TEST_HOOKS === '1',
    strict: false,
  });
  if (problem) throw badInput(problem, 'hyperparameters');
  return value as Record<string, number>;
}

builder.queryFields((t) => ({
  trainingRun: t.field({
    type: TrainingRunRef,
    nullable: true,
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => new TrainingStore(ctx.driver).runById(ctx.identity, String(id)),
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
      const datasetVersionId = String(input.datasetVersionId);
      const modelId = String(input.modelId);
      const hyperparameters = checkHyperparameters(input.hyperparameters, input.algorithm);
      if (!(input.testFraction > 0 && input.testFraction < 1))
        throw badInput('testFraction must be strictly between 0 and 1', 'testFraction');
      const seed = checkInt(input.seed, 'seed', 0)!;
      if (input.targetColumn.length === 0 || input.targetColumn.length > 200)
        throw badInput('targetColumn must be 1 to 200 characters', 'targetColumn');
      const taskProblem = algorithmTaskProblem(input.algorithm, input.task);
      if (taskProblem) throw badInput(taskProblem, 'algorithm');
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
