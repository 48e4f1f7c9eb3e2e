// The names of the active-learning strategies and the loop's default, free of imports so that workflow code,
// GraphQL enums and the benchmark all share one list.

/** How the next batch is scored: at random (the baseline measured beside every run) or by uncertainty. */
export type SamplingStrategy = 'random' | 'least-confidence' | 'margin' | 'entropy';
export const SAMPLING_STRATEGIES: readonly SamplingStrategy[] = ['random', 'least-confidence', 'margin', 'entropy'];

/** A strategy and whether the k-center diversity term thins its top candidates. */
export interface StrategyChoice {
  strategy: SamplingStrategy;
  diversity: boolean;
}

/** How many of the most uncertain candidates per batch slot k-center chooses among (top m·k). */
export const DIVERSITY_FACTOR = 10;

// The default the labeling workflow uses: the strategy with the fewest labels to 99% of full-data accuracy
// across all three sets of bench/active-learning (bench/results/active-learning.json), chosen once across the
// sets, not per set.
export const DEFAULT_STRATEGY: StrategyChoice = { strategy: 'margin', diversity: false };

/** A short stable name: "random", "margin", "margin+kcenter". */
export function strategyName(choice: StrategyChoice): string {
  return choice.diversity && choice.strategy !== 'random' ? `${choice.strategy}+kcenter` : choice.strategy;
}

export function parseStrategyName(name: string): StrategyChoice {
  const [base, extra] = name.split('+');
  if (!SAMPLING_STRATEGIES.includes(base as SamplingStrategy) || (extra !== undefined && extra !== 'kcenter'))
    throw new Error(
      `strategy: "${name}" is not one of ${SAMPLING_STRATEGIES.join(', ')} (optionally with +kcenter, e.g. margin+kcenter)`,
    );
  if (base === 'random' && extra) throw new Error('strategy: random sampling takes no +kcenter term');
  return { strategy: base as SamplingStrategy, diversity: extra === 'kcenter' };
}
