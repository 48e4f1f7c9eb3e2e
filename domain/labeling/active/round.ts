// One round of the loop as the labeling workflow's activity runs it: fit on what is labeled, score the pool,
// choose the next batch. Everything it needs is in its input (the seed included), so a retried activity
// chooses the same batch.
import { seededRandom } from '../../random.js';
import { fitScaler, fitSoftmax, predictProba, type Rows, type SoftmaxModel } from './learner.js';
import { selectBatch, type SelectedBatch } from './select.js';
import { DIVERSITY_FACTOR, type StrategyChoice } from './strategy.js';

export interface RoundInput {
  /** Feature rows of all items (labeled and pool), indexed by item index. */
  features: Rows;
  /** The labeled items and their class (0..classes-1). */
  labeled: readonly { index: number; label: number }[];
  /** Unlabeled item indices to choose from. */
  pool: readonly number[];
  classes: number;
  /** Batch size. */
  k: number;
  choice: StrategyChoice;
  seed: number;
  l2?: number;
  iterations?: number;
}

export interface RoundResult {
  model: SoftmaxModel;
  batch: SelectedBatch;
}

export function activeLearningRound(input: RoundInput): RoundResult {
  // The scaler comes from every item, labeled or not: the pool's features are known before any label is, and
  // a scaler from a handful of labeled rows would swing from round to round.
  const scaler = fitScaler(input.features);
  const model = fitSoftmax(
    input.labeled.map((l) => input.features[l.index]!),
    input.labeled.map((l) => l.label),
    { classes: input.classes, scaler, l2: input.l2, iterations: input.iterations },
  );
  const random = input.choice.strategy === 'random';
  const batch = selectBatch({
    probabilities: random
      ? undefined
      : predictProba(
          model,
          input.pool.map((i) => input.features[i]!),
        ),
    features: input.features,
    labeledIndices: input.labeled.map((l) => l.index),
    poolIndices: input.pool,
    k: input.k,
    strategy: input.choice.strategy,
    diversity: input.choice.diversity ? DIVERSITY_FACTOR : false,
    rng: seededRandom(input.seed),
  });
  return { model, batch };
}
