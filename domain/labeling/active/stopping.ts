// When the active-learning loop stops: the budget of labels is spent, the pool is empty, or the accuracy has
// plateaued: over the last `window` rounds it moved by less than `epsilon` (max − min). Pure and free of
// imports so workflow code may call it.

export interface StoppingRule {
  /** Labels the loop may request in all (the seed set included). */
  budget?: number;
  /** Rounds the plateau is judged over (≥ 2). */
  window?: number;
  /** The accuracy spread (max − min over the window) below which the curve counts as flat. */
  epsilon?: number;
}

export interface StoppingState {
  /** Accuracy after each round so far, oldest first. */
  accuracies: readonly number[];
  labeled: number;
  poolLeft: number;
}

export type StopReason = 'budget' | 'pool-exhausted' | 'plateau';

export const DEFAULT_STOPPING: Required<StoppingRule> = { budget: Infinity, window: 3, epsilon: 0.005 };

/** The reason to stop now, or null to go on. */
export function shouldStop(state: StoppingState, rule: StoppingRule = {}): StopReason | null {
  const budget = rule.budget ?? DEFAULT_STOPPING.budget;
  const window = rule.window ?? DEFAULT_STOPPING.window;
  const epsilon = rule.epsilon ?? DEFAULT_STOPPING.epsilon;
  if (state.poolLeft <= 0) return 'pool-exhausted';
  if (state.labeled >= budget) return 'budget';
  if (window >= 2 && state.accuracies.length >= window) {
    const last = state.accuracies.slice(-window);
    if (Math.max(...last) - Math.min(...last) < epsilon) return 'plateau';
  }
  return null;
}
