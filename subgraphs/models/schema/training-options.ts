// What startTraining and startAutoML accept, stated from the same definitions their checks use
// (domain/training/hyperparameters.ts, domain/automl/shared.ts and search.ts), so a form built from this
// query (the portal's) cannot offer what the mutations refuse, nor miss what they take.
import { builder } from '../builder.js';
import {
  ALGORITHM_HYPERPARAMETERS,
  ALGORITHM_TASKS,
  HYPERPARAMETER_DESCRIPTIONS,
  defaultOf,
  ruleOf,
} from '../../../domain/training/hyperparameters.js';
import type { TrainingAlgorithm as AlgorithmName, TrainingTask as TaskName } from '../../../domain/training/shared.js';
import {
  AUTOML_DEFAULT_FRACTIONS,
  AUTOML_LIMITS,
  METRICS,
  SEARCH_STRATEGIES,
  lowerIsBetter,
  type SearchDimension,
} from '../../../domain/automl/shared.js';
import { defaultSpace } from '../../../domain/automl/search.js';
import { TrainingAlgorithm, TrainingTask } from './training.js';
import { AutoMLStrategy } from './automl.js';

const TASKS: TaskName[] = ['binary', 'multiclass', 'regression'];

interface ParamOption {
  name: string;
  integer: boolean;
  default: number | null;
  min: number;
  minExclusive: boolean;
  max: number | null;
  description: string;
}

const paramsOf = (algorithm: AlgorithmName): ParamOption[] =>
  ALGORITHM_HYPERPARAMETERS[algorithm].map((name) => {
    const rule = ruleOf(name);
    if (!rule) throw new Error(`${algorithm} takes ${name}, which has no rule`);
    return {
      name,
      ...rule,
      default: defaultOf(algorithm, name),
      description: HYPERPARAMETER_DESCRIPTIONS[name] ?? name,
    };
  });

const ParamType = builder.enumType('HyperparameterType', { values: ['INT', 'FLOAT'] as const });

const ParamRef = builder.objectRef<ParamOption>('HyperparameterOption').implement({
  description: 'A hyperparameter an algorithm takes, its bounds and the value it trains with when not given.',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: ParamType, resolve: (p) => (p.integer ? 'INT' : 'FLOAT') }),
    default: t.exposeFloat('default', {
      nullable: true,
      description: 'Used when not given; null: derived when training (a seed defaults to the run seed).',
    }),
    min: t.exposeFloat('min'),
    minExclusive: t.exposeBoolean('minExclusive', {
      description: 'min itself is not allowed (the value must exceed it).',
    }),
    max: t.exposeFloat('max', { nullable: true, description: 'null: no upper bound.' }),
    description: t.exposeString('description'),
  }),
});

const AlgorithmRef = builder.objectRef<AlgorithmName>('TrainingAlgorithmOption').implement({
  description: 'An algorithm startTraining takes: the tasks it trains and its hyperparameters.',
  fields: (t) => ({
    name: t.field({ type: TrainingAlgorithm, resolve: (a) => a }),
    tasks: t.field({ type: [TrainingTask], resolve: (a) => [...ALGORITHM_TASKS[a]] }),
    params: t.field({ type: [ParamRef], resolve: (a) => paramsOf(a) }),
  }),
});

const DimensionRef = builder.objectRef<SearchDimension>('AutoMLSearchDimension').implement({
  description: 'One algorithm of a search space and its ranges, as StartAutoMLInput.space takes them.',
  fields: (t) => ({
    algorithm: t.field({ type: TrainingAlgorithm, resolve: (d) => d.algorithm }),
    params: t.field({ type: 'JSON', resolve: (d) => d.params }),
  }),
});

const TaskRef = builder.objectRef<TaskName>('TrainingTaskOption').implement({
  description: 'A task, the metrics an AutoML study may optimise for it and the default search space.',
  fields: (t) => ({
    name: t.field({ type: TrainingTask, resolve: (task) => task }),
    algorithms: t.field({
      type: [TrainingAlgorithm],
      resolve: (task) =>
        (Object.keys(ALGORITHM_TASKS) as AlgorithmName[]).filter((a) => ALGORITHM_TASKS[a].includes(task)),
    }),
    metrics: t.field({ type: ['String'], resolve: (task) => METRICS[task] }),
    minimizedMetrics: t.field({
      type: ['String'],
      description: 'Those of metrics where lower is better (every other one is maximised).',
      resolve: (task) => METRICS[task].filter(lowerIsBetter),
    }),
    defaultSpace: t.field({
      type: [DimensionRef],
      description:
        'The space startAutoML searches when given none (an algorithm listed twice is drawn twice as often).',
      resolve: (task) => defaultSpace(task),
    }),
  }),
});

interface IntRange {
  min: number;
  max: number;
}
const IntRangeRef = builder.objectRef<IntRange>('IntRange').implement({
  fields: (t) => ({ min: t.exposeInt('min'), max: t.exposeInt('max') }),
});

const AutoMLOptionsRef = builder.objectRef<typeof AUTOML_LIMITS>('AutoMLOptions').implement({
  description: 'Bounds and defaults of StartAutoMLInput.',
  fields: (t) => ({
    trials: t.field({ type: IntRangeRef, resolve: (o) => o.trials }),
    concurrency: t.field({ type: IntRangeRef, resolve: (o) => o.concurrency }),
    strategies: t.field({
      type: [AutoMLStrategy],
      description:
        'RANDOM: every trial on all training rows; SUCCESSIVE_HALVING: the better half goes on with twice the rows.',
      resolve: () => [...SEARCH_STRATEGIES],
    }),
    defaultTestFraction: t.float({ resolve: () => AUTOML_DEFAULT_FRACTIONS.test }),
    defaultValidationFraction: t.float({ resolve: () => AUTOML_DEFAULT_FRACTIONS.validation }),
  }),
});

const OptionsRef = builder.objectRef<Record<string, never>>('TrainingOptions').implement({
  description: 'What startTraining and startAutoML accept, from the definitions their checks use.',
  fields: (t) => ({
    algorithms: t.field({
      type: [AlgorithmRef],
      resolve: () => Object.keys(ALGORITHM_TASKS) as AlgorithmName[],
    }),
    tasks: t.field({ type: [TaskRef], resolve: () => TASKS }),
    automl: t.field({ type: AutoMLOptionsRef, resolve: () => AUTOML_LIMITS }),
  }),
});

builder.queryFields((t) => ({
  trainingOptions: t.field({
    type: OptionsRef,
    authScopes: { authenticated: true },
    description:
      'What startTraining and startAutoML accept (algorithms, their hyperparameters with bounds and defaults, tasks and metrics, AutoML bounds): the portal builds its forms from it.',
    resolve: () => ({}),
  }),
}));
