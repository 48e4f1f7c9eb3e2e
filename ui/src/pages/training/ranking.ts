// The leaderboard's order, as the API's search ranks trials (domain/automl/search.ts rank): best first
// by the metric's direction, unscored (failed) trials last, ties to the lower trial index.
export interface Ranked {
  index: number;
  validationScore?: number | null;
}

export function rankTrials<T extends Ranked>(trials: T[], lowerIsBetter: boolean): T[] {
  const sign = lowerIsBetter ? 1 : -1;
  return [...trials].sort((a, b) => {
    if (a.validationScore == null || b.validationScore == null)
      return (a.validationScore == null ? 1 : 0) - (b.validationScore == null ? 1 : 0) || a.index - b.index;
    return sign * (a.validationScore - b.validationScore) || a.index - b.index;
  });
}
