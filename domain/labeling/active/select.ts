// Choosing the next batch to label from the unlabeled pool: at random, or the most uncertain items under the
// current model, optionally spread out by k-center greedy among the top m·k of them.
import { kCenterGreedy } from './kcenter.js';
import { DIVERSITY_FACTOR, type SamplingStrategy } from './strategy.js';
import { uncertainty } from './uncertainty.js';

export interface SelectBatchInput {
  /** The model's class probabilities for each pool item, aligned with poolIndices (unused for random). */
  probabilities?: readonly ArrayLike<number>[];
  /** Feature rows of ALL items, indexed by item index (labeled and pool); needed for the diversity term. */
  features?: readonly ArrayLike<number>[];
  labeledIndices: readonly number[];
  /** The unlabeled items to choose from (item indices). */
  poolIndices: readonly number[];
  k: number;
  strategy: SamplingStrategy;
  /** k-center among the top m·k most uncertain: true for DIVERSITY_FACTOR, or m itself; false/0: none. */
  diversity?: boolean | number;
  /** Uniform [0, 1) numbers (domain/random.ts seededRandom): the only source of chance, so a seed replays. */
  rng: () => number;
}

export interface SelectedBatch {
  /** Item indices, in the order chosen. */
  indices: number[];
  /** Their uncertainty scores (higher = more uncertain); null for random sampling. */
  scores: (number | null)[];
}

export function selectBatch(input: SelectBatchInput): SelectedBatch {
  const { poolIndices, strategy, rng } = input;
  const k = Math.min(input.k, poolIndices.length);
  if (!Number.isInteger(input.k) || input.k < 1)
    throw new Error(`selectBatch: k must be a positive integer, got ${input.k}`);
  if (strategy === 'random') {
    // Partial Fisher–Yates: the first k of a seeded shuffle.
    const order = [...poolIndices];
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rng() * (order.length - i));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const indices = order.slice(0, k);
    return { indices, scores: indices.map(() => null) };
  }
  const probabilities = input.probabilities;
  if (!probabilities || probabilities.length !== poolIndices.length)
    throw new Error(
      `selectBatch: ${strategy} needs probabilities for each of the ${poolIndices.length} pool items, got ${probabilities?.length ?? 0}`,
    );
  const scored = poolIndices.map((item, i) => ({ item, i, score: uncertainty(strategy, probabilities[i]!) }));
  // Most uncertain first; equal scores keep pool order so the result does not depend on the sort's stability.
  scored.sort((a, b) => b.score - a.score || a.i - b.i);
  const m = input.diversity === true ? DIVERSITY_FACTOR : Number(input.diversity || 0);
  if (m <= 1) {
    const top = scored.slice(0, k);
    return { indices: top.map((s) => s.item), scores: top.map((s) => s.score) };
  }
  if (!input.features) throw new Error('selectBatch: the diversity term needs the feature rows');
  const candidates = scored.slice(0, Math.min(scored.length, Math.ceil(m * k)));
  const picked = kCenterGreedy(
    input.features,
    candidates.map((c) => c.item),
    input.labeledIndices,
    k,
  );
  const scoreOf = new Map(candidates.map((c) => [c.item, c.score]));
  return { indices: picked, scores: picked.map((p) => scoreOf.get(p)!) };
}
