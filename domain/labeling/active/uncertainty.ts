// Uncertainty of a model's class probabilities for one item, each scaled so that HIGHER = MORE UNCERTAIN (the
// item is worth labeling sooner), whatever the measure: least confidence 1 − p₁, margin 1 − (p₁ − p₂),
// entropy −Σ p·ln p (nats). p₁ ≥ p₂ are the two largest probabilities.

export type UncertaintyMeasure = 'least-confidence' | 'margin' | 'entropy';
export const UNCERTAINTY_MEASURES: readonly UncertaintyMeasure[] = ['least-confidence', 'margin', 'entropy'];

function topTwo(p: ArrayLike<number>): [number, number] {
  let a = -Infinity;
  let b = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v > a) {
      b = a;
      a = v;
    } else if (v > b) b = v;
  }
  return [a, b === -Infinity ? 0 : b];
}

export function leastConfidence(p: ArrayLike<number>): number {
  return 1 - topTwo(p)[0];
}

export function margin(p: ArrayLike<number>): number {
  const [a, b] = topTwo(p);
  return 1 - (a - b);
}

export function entropy(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    // 0·ln 0 = 0 by continuity.
    if (v > 0) h -= v * Math.log(v);
  }
  return h;
}

export function uncertainty(measure: UncertaintyMeasure, p: ArrayLike<number>): number {
  switch (measure) {
    case 'least-confidence':
      return leastConfidence(p);
    case 'margin':
      return margin(p);
    case 'entropy':
      return entropy(p);
  }
}
