// Search-space sampling and successive-halving schedules: pure and seeded, so workflow code may run them.
import type { ParamRange, Rung, SearchDimension, TrialResult, TrialSpec } from './shared.js';
import { lowerIsBetter } from './shared.js';
import { seededRandom } from '../random.js';

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
    }
  }
  return null;
}
