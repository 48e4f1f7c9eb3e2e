// Search-space sampling and successive-halving schedules: pure and seeded, so workflow code may run them.
import type { ParamRange, Rung, SearchDimension, SearchStrategy, TrialResult, TrialSpec } from './shared.js';
import type { TrainingTask } from '../training/shared.js';
import { lowerIsBetter } from './shared.js';
import { seededRandom } from '../random.js';
import { searchRangeProblem } from '../training/hyperparameters.js';

function sampleParam(range: ParamRange, rand: () => number): number {
  if (typeof range === 'number') return range;
  if ('values' in range) return range.values[Math.floor(rand() * range.values.length)]!;
  const u = rand();
  if (range.log) {
    const value = Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min)));
    return range.integer ? Math.min(Math.round(value), Math.floor(range.max)) : value;
  }
  // Integers: each of min..max equally likely, both ends included.
  return range.integer
    ? Math.ceil(range.min) + Math.floor(u * (Math.floor(range.max) - Math.ceil(range.min) + 1))
    : range.min + u * (range.max - range.min);
}

/** Trial configurations drawn from the space: an algorithm uniformly, then each of its parameters. */
export function sampleTrials(space: SearchDimension[], trials: number, seed: number): TrialSpec[] {
  const rand = seededRandom(seed);
  return Array.from({ length: trials }, (_, index) => {
    const dim = space[Math.floor(rand() * space.length)]!;
    const hyperparameters: Record<string, number> = {};
    for (const name of Object.keys(dim.params).sort()) hyperparameters[name] = sampleParam(dim.params[name]!, rand);
    return { index, algorithm: dim.algorithm, hyperparameters };
  });
}

/** Random search: one rung on all the data. Successive halving: the population halves as the data doubles, ending on all of it. */
export function rungsFor(strategy: 'random' | 'successive-halving', trials: number): Rung[] {
  if (strategy === 'random' || trials <= 1) return [{ index: 0, fraction: 1 }];
  const count = Math.ceil(Math.log2(trials)) + 1;
  return Array.from({ length: count }, (_, index) => ({ index, fraction: 2 ** (index - (count - 1)) }));
}

/** Best first by the metric; failed trials (no score) last; ties to the lower trial index. */
export function rank(results: TrialResult[], metric: string): TrialResult[] {
  const sign = lowerIsBetter(metric) ? 1 : -1;
  return [...results].sort((a, b) => {
    if (a.score === null || b.score === null)
      return (a.score === null ? 1 : 0) - (b.score === null ? 1 : 0) || a.index - b.index;
    return sign * (a.score - b.score) || a.index - b.index;
  });
}

/** Why a search space is unusable, or null. */
export function spaceProblem(space: SearchDimension[]): string | null {
  if (space.length === 0) return 'space must name at least one algorithm';
  for (const dim of space) {
    if (typeof dim.params !== 'object' || dim.params === null || Array.isArray(dim.params))
      return `space.${dim.algorithm}.params must be an object`;
    for (const [name, range] of Object.entries(dim.params)) {
      const where = `space.${dim.algorithm}.params.${name}`;
      if (typeof range === 'number') {
        if (!Number.isFinite(range)) return `${where} must be finite`;
      } else if (typeof range !== 'object' || range === null) {
        return `${where} must be a number, {values: [...]} or {min, max, log?, integer?}`;
      } else if ('values' in range) {
        if (
          !Array.isArray(range.values) ||
          range.values.length === 0 ||
          range.values.some((v) => typeof v !== 'number' || !Number.isFinite(v))
        )
          return `${where}.values must be a non-empty list of numbers`;
      } else if (!(
        typeof range.min === 'number' &&
        typeof range.max === 'number' &&
        Number.isFinite(range.min) &&
        Number.isFinite(range.max) &&
        range.min <= range.max
      )) {
        return `${where} needs finite min ≤ max`;
      } else if (range.log && !(range.min > 0)) {
        return `${where}: a log range needs min > 0`;
      }
      // Every value the search may draw must be one the training activity accepts (a 1e6-tree trial wedged the worker).
      const problem = searchRangeProblem(dim.algorithm, name, range);
      if (problem) return `${where}: ${problem}`;
    }
  }
  return null;
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the items' order. */
export async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}

export interface SearchPlan {
  space: SearchDimension[];
  trials: number;
  seed: number;
  strategy: SearchStrategy;
  metric: string;
  concurrency: number;
}

/**
 * The search itself, shared by the AutoML workflow (trials are activities) and bench/automl.ts (the same
 * trial function called in process): seeded draws, rung by rung; the top half (rounded up) of a rung's
 * scored trials goes on to the next with twice the data. Returns the last rung's scored trials, best first
 * (empty when every trial of a rung failed) and that rung's results.
 */
export async function runSearch(
  plan: SearchPlan,
  trial: (spec: TrialSpec, rung: Rung) => Promise<TrialResult>,
  onRung: (rung: Rung) => void = () => undefined,
): Promise<{ ranked: TrialResult[]; results: TrialResult[] }> {
  let alive: TrialSpec[] = sampleTrials(plan.space, plan.trials, plan.seed);
  let ranked: TrialResult[] = [];
  let results: TrialResult[] = [];
  for (const rung of rungsFor(plan.strategy, plan.trials)) {
    onRung(rung);
    results = await pool(alive, plan.concurrency, (spec) => trial(spec, rung));
    ranked = rank(results, plan.metric).filter((r) => r.score !== null);
    if (ranked.length === 0) break;
    alive = ranked
      .slice(0, Math.ceil(alive.length / 2))
      .map(({ index, algorithm, hyperparameters }) => ({ index, algorithm, hyperparameters }));
  }
  return { ranked, results };
}

/**
 * A search space that does well on tabular data (bench/automl.ts: within a point of AUC of scikit-learn's
 * randomized search with the same budget): boosted trees weighted twice (they win most tables), with
 * shrinkage, depth and row subsampling; random forests; a tuned tree; logistic regression for classes.
 */
export function defaultSpace(task: TrainingTask): SearchDimension[] {
  const boosted: SearchDimension = {
    algorithm: 'gradient-boosted-trees',
    params: {
      nEstimators: { min: 30, max: 300, integer: true },
      learningRate: { min: 0.01, max: 0.2, log: true },
      maxDepth: { min: 1, max: 4, integer: true },
      minNumSamples: 2,
      minSamplesLeaf: { min: 1, max: 40, log: true, integer: true },
      subsample: { min: 0.5, max: 1 },
    },
  };
  const forest: SearchDimension = {
    algorithm: 'random-forest',
    params: {
      nEstimators: { min: 20, max: 80, integer: true },
      maxFeatures: { min: 0.3, max: 1 },
      maxDepth: { min: 4, max: 12, integer: true },
      minNumSamples: 2,
      minSamplesLeaf: { min: 1, max: 20, log: true, integer: true },
      gainThreshold: 0,
    },
  };
  const cart: SearchDimension = {
    algorithm: 'cart',
    params: {
      maxDepth: { min: 2, max: 10, integer: true },
      minNumSamples: { min: 2, max: 40, log: true, integer: true },
      gainThreshold: { values: [0, 0.001, 0.01] },
    },
  };
  // ml.js's logistic regression steps by the gradient summed over the rows (not averaged): a learning rate
  // times the row count near 0.1–1 converges; larger ones oscillate.
  const logistic: SearchDimension = {
    algorithm: 'logistic-regression',
    params: {
      numSteps: { min: 200, max: 2000, log: true, integer: true },
      learningRate: { min: 1e-5, max: 2e-3, log: true },
    },
  };
  if (task === 'regression') return [boosted, boosted, forest, cart];
  if (task === 'multiclass') return [forest, forest, cart, logistic];
  return [boosted, boosted, forest, cart, logistic];
}
