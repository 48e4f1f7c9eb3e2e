// The one check of hyperparameters before anything trains on them: startTraining, startAutoML's search
// space and the training activity's start all use it. Without bounds a negative nEstimators or a
// million-tree forest was accepted and held the worker's only compute thread for minutes (issue #15).
// Pure: AutoML's search (workflow code) imports it.
import type { TrainingAlgorithm, TrainingTask } from './shared.js';
import { TEST_DELAY_AFTER_TRAIN_MS, TEST_HOLD_IN_TRAIN_MS } from './shared.js';

interface Rule {
  integer: boolean;
  min: number;
  /** The lower bound itself is not allowed (learningRate, maxFeatures, subsample: a share or a step > 0). */
  minExclusive?: boolean;
  max: number;
}

const int = (min: number, max: number): Rule => ({ integer: true, min, max });
const share: Rule = { integer: false, min: 0, minExclusive: true, max: 1 };

/** The names the learners in workflows/training/ml.ts and boost.ts read, and the values they train in reasonable time. */
export const HYPERPARAMETER_RULES: Record<string, Rule> = {
  // bench/busy-worker and test/busy-worker train 1,000-tree forests on purpose: the bound sits above them.
  nEstimators: int(1, 2000),
  maxDepth: int(1, 32),
  minNumSamples: int(1, 10_000),
  minSamplesLeaf: int(1, 10_000),
  numSteps: int(1, 100_000),
  learningRate: share,
  maxFeatures: share,
  subsample: share,
  gainThreshold: { integer: false, min: 0, max: Number.MAX_VALUE },
  seed: int(0, 2 ** 31 - 1),
};

const CART = ['maxDepth', 'minNumSamples', 'gainThreshold'];

export const ALGORITHM_HYPERPARAMETERS: Record<TrainingAlgorithm, readonly string[]> = {
  'logistic-regression': ['numSteps', 'learningRate'],
  cart: CART,
  'random-forest': [...CART, 'nEstimators', 'maxFeatures', 'minSamplesLeaf', 'seed'],
  'gradient-boosted-trees': [
    'maxDepth',
    'minNumSamples',
    'minSamplesLeaf',
    'nEstimators',
    'learningRate',
    'subsample',
    'seed',
  ],
};

/** The tasks each learner trains: startTraining, startAutoML's space, the training activity and the API's trainingOptions. */
export const ALGORITHM_TASKS: Record<TrainingAlgorithm, readonly TrainingTask[]> = {
  'logistic-regression': ['binary', 'multiclass'],
  cart: ['binary', 'multiclass', 'regression'],
  'random-forest': ['binary', 'multiclass', 'regression'],
  'gradient-boosted-trees': ['binary', 'regression'],
};

/** Why `algorithm` cannot train `task`, or null. */
export function algorithmTaskProblem(algorithm: TrainingAlgorithm, task: TrainingTask): string | null {
  if (ALGORITHM_TASKS[algorithm]?.includes(task)) return null;
  if (algorithm === 'logistic-regression') return 'logistic-regression is a classifier: use CART for regression';
  if (algorithm === 'gradient-boosted-trees')
    return 'gradient-boosted-trees supports binary classification and regression';
  return `${algorithm} cannot train a ${task} task (it trains ${(ALGORITHM_TASKS[algorithm] ?? []).join(', ')})`;
}

/**
 * What each learner uses for a hyperparameter it is not given (workflows/training/ml.ts reads these), so
 * the portal's form shows the value a run will really train with. null: derived at training time (a
 * forest's or boosting's seed defaults to the run's split seed).
 */
export const HYPERPARAMETER_DEFAULTS: Record<TrainingAlgorithm, Readonly<Record<string, number | null>>> = {
  'logistic-regression': { numSteps: 1000, learningRate: 5e-4 },
  cart: { maxDepth: 6, minNumSamples: 3, gainThreshold: 0.01 },
  'random-forest': {
    maxDepth: 6,
    minNumSamples: 3,
    gainThreshold: 0.01,
    nEstimators: 50,
    maxFeatures: 1,
    minSamplesLeaf: 1,
    seed: null,
  },
  'gradient-boosted-trees': {
    maxDepth: 3,
    minNumSamples: 3,
    minSamplesLeaf: 1,
    nEstimators: 50,
    learningRate: 0.1,
    subsample: 1,
    seed: null,
  },
};

/** A learner's default for `name`; throws for a name it does not take (a typo in ml.ts must not train silently). */
export function defaultOf(algorithm: TrainingAlgorithm, name: string): number | null {
  const value = HYPERPARAMETER_DEFAULTS[algorithm][name];
  if (value === undefined) throw new Error(`${algorithm} has no default for hyperparameter ${name}`);
  return value;
}

/** One line per hyperparameter, for the API's trainingOptions and so the portal's form. */
export const HYPERPARAMETER_DESCRIPTIONS: Record<string, string> = {
  nEstimators: 'Number of trees in the ensemble.',
  maxDepth: 'Deepest split a tree may make.',
  minNumSamples: 'Fewest rows a node needs to be split.',
  minSamplesLeaf: 'Fewest rows a leaf may hold.',
  numSteps: 'Gradient steps of the solver.',
  learningRate: 'Step size (logistic regression) or shrinkage of each tree (boosting).',
  maxFeatures: 'Share of the columns each split may choose from.',
  subsample: 'Share of the rows each boosting round trains on.',
  gainThreshold: 'Least impurity decrease a split must bring.',
  seed: "Seeds the ensemble's randomness; default: the run's split seed.",
};

/** The bounds of a hyperparameter as the API states them (max null: unbounded). */
export function ruleOf(name: string): {
  integer: boolean;
  min: number;
  minExclusive: boolean;
  max: number | null;
} | null {
  const rule = HYPERPARAMETER_RULES[name];
  if (!rule) return null;
  return {
    integer: rule.integer,
    min: rule.min,
    minExclusive: rule.minExclusive ?? false,
    max: rule.max === Number.MAX_VALUE ? null : rule.max,
  };
}

/** Test hooks (a held activity, a durable timer): bounded, and only where the caller allows them. */
const TEST_HOOKS = [TEST_HOLD_IN_TRAIN_MS, TEST_DELAY_AFTER_TRAIN_MS];
const TEST_HOOK_RULE = int(0, 60_000);

/** The range in words, matching the bounds' inclusivity: the minimum may be exclusive, the maximum never is. */
export function describeRule(rule: Rule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  if (rule.max === Number.MAX_VALUE) return `${kind} ${rule.minExclusive ? 'greater than' : 'at least'} ${rule.min}`;
  if (rule.minExclusive) return `${kind} greater than ${rule.min} and at most ${rule.max}`;
  return `${kind} from ${rule.min} to ${rule.max}`;
}

function outOfRange(rule: Rule, value: number): boolean {
  const aboveMin = rule.minExclusive ? value > rule.min : value >= rule.min;
  return !aboveMin || !(value <= rule.max);
}

function valueProblem(name: string, rule: Rule, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value))
    return `hyperparameter ${name} = ${JSON.stringify(value)} must be a finite number (${describeRule(rule)})`;
  if (outOfRange(rule, value) || (rule.integer && !Number.isInteger(value)))
    return `hyperparameter ${name} = ${value} is out of range: it must be ${describeRule(rule)}`;
  return null;
}

export interface HyperparameterOptions {
  /** Accept testHoldInTrainMs / testDelayAfterTrainMs (0..60000 ms). */
  testHooks: boolean;
  /**
   * Refuse a name another algorithm takes but this one ignores. startTraining is lenient here (one set of
   * hyperparameters may be sent for every algorithm, e.g. {maxDepth, nEstimators, numSteps}); an AutoML
   * dimension names one algorithm, so it is strict.
   */
  strict: boolean;
}

function ruleFor(algorithm: TrainingAlgorithm, name: string, options: HyperparameterOptions): Rule | string {
  const own = ALGORITHM_HYPERPARAMETERS[algorithm] ?? [];
  if (TEST_HOOKS.includes(name)) {
    return options.testHooks ? TEST_HOOK_RULE : `hyperparameter ${name} is a test hook, not accepted here`;
  }
  const rule = HYPERPARAMETER_RULES[name];
  if (!rule || (options.strict && !own.includes(name)))
    return `unknown hyperparameter ${name} for ${algorithm}: it takes ${own.join(', ')}`;
  return rule;
}

/** Every reason these hyperparameters may not train `algorithm` (empty when they may), one per bad name. */
export function hyperparameterProblems(
  algorithm: TrainingAlgorithm,
  hyperparameters: Record<string, unknown>,
  options: HyperparameterOptions,
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(hyperparameters)) {
    const rule = ruleFor(algorithm, name, options);
    const problem = typeof rule === 'string' ? rule : valueProblem(name, rule, value);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Why these hyperparameters may not train `algorithm` (all the reasons, in one line), or null. */
export function hyperparameterProblem(
  algorithm: TrainingAlgorithm,
  hyperparameters: Record<string, unknown>,
  options: HyperparameterOptions,
): string | null {
  const problems = hyperparameterProblems(algorithm, hyperparameters, options);
  return problems.length > 0 ? problems.join('; ') : null;
}

/** Why an AutoML search range for `name` may draw a value the learner refuses, or null (the range's shape is checked already). */
export function searchRangeProblem(
  algorithm: TrainingAlgorithm,
  name: string,
  range: number | { values: number[] } | { min: number; max: number; integer?: boolean },
): string | null {
  const rule = ruleFor(algorithm, name, { testHooks: false, strict: true });
  if (typeof rule === 'string') return rule;
  if (typeof range === 'number') return valueProblem(name, rule, range);
  if ('values' in range) {
    for (const v of range.values) {
      const problem = valueProblem(name, rule, v);
      if (problem) return problem;
    }
    return null;
  }
  // Drawn values lie between min and max (integer draws are rounded inside them), so the ends decide.
  for (const end of [range.min, range.max]) {
    if (outOfRange(rule, end))
      return `hyperparameter ${name} range ${range.min}..${range.max} is out of range: it must be ${describeRule(rule)}`;
  }
  if (rule.integer && !range.integer) return `hyperparameter ${name} is an integer: give its range integer: true`;
  return null;
}
