// k-center greedy (Sener & Savarese's core-set selection): repeatedly take the candidate farthest from
// everything already chosen or labeled. On top of an uncertainty ranking it keeps a batch from spending its
// labels on near-duplicates of one confusing region.

/** Squared Euclidean distance. */
export function sqDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const t = a[j]! - b[j]!;
    s += t * t;
  }
  return s;
}

/**
 * Picks `k` of `candidates` (indices into `features`), each the one farthest from the labeled rows and the picks
 * so far. Ties go to the earlier candidate, so the result is a function of the input order. With no labeled rows
 * the first pick is the first candidate (callers pass candidates most-uncertain first).
 */
export function kCenterGreedy(
  features: readonly ArrayLike<number>[],
  candidates: readonly number[],
  labeled: readonly number[],
  k: number,
): number[] {
  const take = Math.min(k, candidates.length);
  const nearest = new Float64Array(candidates.length).fill(Infinity);
  for (const l of labeled) {
    const fl = features[l]!;
    for (let i = 0; i < candidates.length; i++) {
      const dist = sqDistance(features[candidates[i]!]!, fl);
      if (dist < nearest[i]!) nearest[i] = dist;
    }
  }
  const chosen: number[] = [];
  const used = new Uint8Array(candidates.length);
  while (chosen.length < take) {
    let best = -1;
    for (let i = 0; i < candidates.length; i++) {
      if (used[i]) continue;
      if (best < 0 || nearest[i]! > nearest[best]!) best = i;
    }
    used[best] = 1;
    const pick = candidates[best]!;
    chosen.push(pick);
    const fp = features[pick]!;
    for (let i = 0; i < candidates.length; i++) {
      if (used[i]) continue;
      const dist = sqDistance(features[candidates[i]!]!, fp);
      if (dist < nearest[i]!) nearest[i] = dist;
    }
  }
  return chosen;
}
