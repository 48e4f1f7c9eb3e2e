// Active learning through GraphQL: startActiveLearning checks the request and starts activeLearningWorkflow
// (workflows/labeling); activeLearningRun and LabelingProject.activeLearningRuns read a run back (rounds
// with the active learner's and the random baseline's accuracy, status, stop reason, the error);
// cancelActiveLearning stops one.
import { builder } from '../builder.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { checkInt, controlCharacterProblem } from '../../../lib/subgraph/validate.js';
import {
  AL_STOP_REASONS,
  AL_STRATEGIES,
  type ActiveLearningSettings,
  type AlRound,
  type AlStrategy,
} from '../../../domain/labeling/active-shared.js';
import { assertMayStartActiveLearning } from '../../../domain/labeling/active-data.js';
import { DEFAULT_STRATEGY } from '../../../domain/labeling/active/strategy.js';
import {
  alRunsOfProject,
  requestAlCancel,
  visibleAlRun,
  type AlRunRecord,
} from '../../../domain/labeling/active-run-store.js';
import {
  cancelActiveLearning,
  endedWithoutOutcome,
  startActiveLearning,
} from '../../../domain/labeling/active-client.js';
import { LabelingProjectRef } from './labeling-project.js';

const Strategy = builder.enumType('ActiveLearningStrategy', {
  description: 'How the active learner scores the open pool: by uncertainty under its model, or at random.',
  values: AL_STRATEGIES,
});
const Status = builder.enumType('ActiveLearningStatus', {
  values: ['RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const,
});
const StopReason = builder.enumType('ActiveLearningStopReason', {
  description: 'Why a run stopped: its label budget spent, the pool empty, accuracy on a plateau, cancelled or failed.',
  values: AL_STOP_REASONS,
});

const RoundRef = builder.objectRef<AlRound>('ActiveLearningRound').implement({
  description:
    'One round: both learners trained on what people labeled, measured on the same evaluation set, and the batch sent next.',
  fields: (t) => ({
    round: t.exposeInt('round', { description: '1 is the seed round: the evaluation set and a random seed batch.' }),
    labels: t.exposeInt('labels', { description: 'Labels the active learner trained on this round.' }),
    baselineLabels: t.exposeInt('baselineLabels', {
      description: 'Labels the random-sampling baseline trained on this round (as many, drawn at random).',
    }),
    accuracy: t.exposeFloat('accuracy', {
      nullable: true,
      description: "The active learner's accuracy on the evaluation set; null in the seed round.",
    }),
    baselineAccuracy: t.exposeFloat('baselineAccuracy', {
      nullable: true,
      description: "The random-sampling baseline's accuracy on the same evaluation set; null in the seed round.",
    }),
    evaluated: t.exposeInt('evaluated', { description: 'Labeled items of the evaluation set measured on.' }),
    pool: t.exposeInt('pool', { description: 'Items the active learner could choose from.' }),
    batch: t.exposeIDList('batch', {
      description: 'Every task sent to the annotators after this round (empty on the last round).',
    }),
    activeBatch: t.exposeIDList('activeBatch', { description: "The active learner's picks." }),
    baselineBatch: t.exposeIDList('baselineBatch', { description: "The baseline's random picks." }),
    stopReason: t.field({ type: StopReason, nullable: true, resolve: (r) => r.stopReason }),
  }),
});

/** A run as answered: a run Temporal ended without an outcome in the graph reads as FAILED, with why. */
type RunView = AlRunRecord & { ended?: string | null };

const withEnded = async (run: AlRunRecord | null): Promise<RunView | null> =>
  run ? { ...run, ended: await endedWithoutOutcome(run) } : null;

const RunRef = builder.objectRef<RunView>('ActiveLearningRun').implement({
  description:
    'An active-learning loop over a labeling project, a durable workflow: train, score the open pool, send the next batch to annotators, repeat until a stopping rule holds; a random-sampling baseline measured beside it.',
  fields: (t) => ({
    id: t.exposeID('id'),
    projectId: t.exposeID('projectId'),
    workflowId: t.exposeString('workflowId'),
    runId: t.exposeString('runId', { nullable: true }),
    status: t.field({ type: Status, resolve: (r) => (r.ended ? 'FAILED' : r.status) }),
    stopReason: t.field({
      type: StopReason,
      nullable: true,
      resolve: (r) => (r.ended ? 'FAILED' : r.stopReason),
    }),
    error: t.string({
      nullable: true,
      description: 'Why the run failed, as a person can act on it.',
      resolve: (r) => r.error ?? r.ended ?? null,
    }),
    strategy: t.field({ type: Strategy, resolve: (r) => r.strategy }),
    diversity: t.exposeBoolean('diversity', { description: 'Whether a k-center term spreads each batch out.' }),
    batchSize: t.exposeInt('batchSize'),
    budget: t.exposeInt('budget', { description: 'The most labels the active learner may train on.' }),
    plateauRounds: t.int({ resolve: (r) => r.plateau.rounds }),
    plateauEpsilon: t.float({ resolve: (r) => r.plateau.epsilon }),
    evalSize: t.exposeInt('evalSize'),
    annotators: t.exposeStringList('annotators'),
    seed: t.exposeInt('seed'),
    rounds: t.field({ type: [RoundRef], resolve: (r) => r.rounds }),
    labels: t.int({
      description: 'Labels the active learner has trained on (its latest round).',
      resolve: (r) => r.rounds.at(-1)?.labels ?? 0,
    }),
    accuracy: t.float({
      nullable: true,
      description: "The active learner's latest accuracy on the evaluation set.",
      resolve: (r) => r.rounds.at(-1)?.accuracy ?? null,
    }),
    baselineAccuracy: t.float({
      nullable: true,
      description: "The random-sampling baseline's latest accuracy on the same set.",
      resolve: (r) => r.rounds.at(-1)?.baselineAccuracy ?? null,
    }),
    createdBy: t.exposeString('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    endedAt: t.expose('endedAt', { type: 'DateTime', nullable: true }),
  }),
});

// The default is the strategy bench/active-learning found best across its data sets (domain/labeling/active).
const DEFAULT = {
  strategy: DEFAULT_STRATEGY.strategy.toUpperCase().replace('-', '_') as AlStrategy,
  diversity: DEFAULT_STRATEGY.diversity,
};

const StartInput = builder.inputType('StartActiveLearningInput', {
  fields: (t) => ({
    strategy: t.field({
      type: Strategy,
      defaultValue: DEFAULT.strategy,
      description: 'Default: the strategy bench:active-learning found best across its data sets.',
    }),
    diversity: t.boolean({
      defaultValue: DEFAULT.diversity,
      description: 'Spread each batch out with k-center greedy.',
    }),
    batchSize: t.int({ required: true, description: 'Tasks the learner asks for per round, 1 to 500.' }),
    budget: t.int({
      required: true,
      description:
        'The most labels the active learner may train on, its seed batch included; the evaluation set and the baseline cost labels beside it.',
    }),
    evalSize: t.int({
      required: true,
      description: 'Items labeled once at the start to measure both learners on (never trained on), 1 to 5,000.',
    }),
    plateauRounds: t.int({
      defaultValue: 3,
      description: 'Stop when accuracy gained less than plateauEpsilon over this many rounds (0: never).',
    }),
    plateauEpsilon: t.float({ defaultValue: 0.005 }),
    annotators: t.stringList({ required: true, description: 'Who labels each batch (usernames), 1 to 10.' }),
    seed: t.int({ defaultValue: 1, description: 'Seeds the evaluation set, the seed batch and the baseline.' }),
  }),
});

function settingsOf(input: typeof StartInput.$inferInput): ActiveLearningSettings {
  const batchSize = checkInt(input.batchSize, 'input.batchSize', 1, 500)!;
  const budget = checkInt(input.budget, 'input.budget', 1, 20_000)!;
  const evalSize = checkInt(input.evalSize, 'input.evalSize', 1, 5_000)!;
  const rounds = checkInt(input.plateauRounds ?? 3, 'input.plateauRounds', 0, 50)!;
  const epsilon = input.plateauEpsilon ?? 0.005;
  if (!Number.isFinite(epsilon) || epsilon < 0 || epsilon > 1)
    throw badInput(`input.plateauEpsilon must be from 0 to 1, got ${epsilon}`, 'input.plateauEpsilon');
  const seed = checkInt(input.seed ?? 1, 'input.seed', 0)!;
  const annotators = input.annotators.map((a) => a.trim());
  if (annotators.length === 0 || annotators.length > 10)
    throw badInput('input.annotators must name 1 to 10 users', 'input.annotators');
  if (new Set(annotators).size !== annotators.length)
    throw badInput('input.annotators names a user twice', 'input.annotators');
  for (const a of annotators) {
    if (a.length === 0 || a.length > 100)
      throw badInput('each of input.annotators must be 1 to 100 characters', 'input.annotators');
    const control = controlCharacterProblem(a, 'input.annotators');
    if (control) throw badInput(control, 'input.annotators');
  }
  return {
    strategy: input.strategy ?? DEFAULT.strategy,
    diversity: input.diversity ?? DEFAULT.diversity,
    batchSize,
    budget,
    evalSize,
    plateau: { rounds, epsilon },
    annotators,
    seed,
  };
}

builder.mutationField('startActiveLearning', (t) =>
  t.field({
    type: RunRef,
    description:
      "Starts an active-learning loop on a classification project's open pool (tasks assigned to nobody): a durable workflow that trains, scores, sends batches to the annotators and measures a random-sampling baseline beside it. Data scientists of the project's org.",
    authScopes: { role: 'data-scientist' },
    args: {
      projectId: t.arg.id({ required: true }),
      input: t.arg({ type: StartInput, required: true }),
    },
    resolve: async (_root, { projectId, input }, ctx) => {
      const settings = settingsOf(input);
      const id = projectId;
      await assertMayStartActiveLearning(ctx.driver, ctx.identity, id, settings);
      const alRunId = await startActiveLearning(ctx.driver, ctx.identity, id, settings);
      return (await withEnded(await visibleAlRun(ctx.driver, ctx.identity, alRunId)))!;
    },
  }),
);

builder.mutationField('cancelActiveLearning', (t) =>
  t.field({
    type: RunRef,
    description:
      'Cancels a running active-learning loop; the run reads CANCELLED once its workflow has stopped. Tasks already sent stay assigned.',
    authScopes: { role: 'data-scientist' },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const run = await requestAlCancel(ctx.driver, ctx.identity, id);
      await cancelActiveLearning(run);
      return run;
    },
  }),
);

builder.queryField('activeLearningRun', (t) =>
  t.field({
    type: RunRef,
    nullable: true,
    description:
      "An active-learning run, if you manage its project (a data scientist or platform admin of the project's org or above); null for anyone else, annotators included.",
    authScopes: { authenticated: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => withEnded(await visibleAlRun(ctx.driver, ctx.identity, id)),
  }),
);

builder.objectField(LabelingProjectRef, 'activeLearningRuns', (t) =>
  t.field({
    type: [RunRef],
    description: "The project's active-learning runs, newest first: empty unless you manage the project.",
    resolve: async (p, _args, ctx) =>
      Promise.all((await alRunsOfProject(ctx.driver, ctx.identity, p.id)).map((r) => withEnded(r) as Promise<RunView>)),
  }),
);
