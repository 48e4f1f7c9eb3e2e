// Gradient boosting's tree learner: exact greedy regression trees on presorted columns, written in ml-cart's
// JSON form so that the library's own descent (TreeNode.classify: x < splitValue goes left) scores them and
// the ONNX export reads them like any ml-cart tree. ml-cart's own regression tree re-splits every candidate
// threshold by copying the rows (O(n²) per node), which made a 50-tree booster on 1,500 rows take 60–110 s;
// this one scans each sorted column once per node. Leaves take a Newton step (Σ gradient / Σ hessian), as
// Friedman's and scikit-learn's boosters do: the mean residual for squared error, Σ(y − p) / Σ p(1 − p) for
// log-loss.
import { seededRandom } from '../../domain/random.js';

/** ml-cart's node JSON: a leaf has `distribution`; a split sends x[splitColumn] < splitValue left. */
export interface TreeJson {
  splitColumn?: number;
  splitValue?: number;
  gain?: number;
  numberSamples?: number;
  left?: TreeJson;
  right?: TreeJson;
  distribution?: number;
}

export interface BoostOptions {
  rounds: number;
  learningRate: number;
  maxDepth: number;
  /** A node with this many rows or fewer is a leaf (ml-cart's minNumSamples). */
  minNumSamples: number;
  /** Each round's tree is grown on this share of the rows, drawn without replacement (stochastic boosting). */
  subsample: number;
  seed: number;
}

interface Grower {
  X: number[][];
  grad: Float64Array;
  hess: Float64Array;
  options: BoostOptions;
}

/** A regression tree fitted to `grad` (Newton leaves with `hess`) on `rows`; columns presorted per call. */
function growTree(g: Grower, rows: number[]): TreeJson {
  const F = g.X[0]?.length ?? 0;
  // Each column's rows in ascending value order; children keep the order by filtering (stable).
  const sorted = Array.from({ length: F }, (_, j) => [...rows].sort((a, b) => g.X[a]![j]! - g.X[b]![j]!));
  const left = new Uint8Array(g.X.length);
  const grow = (orders: number[][], depth: number): TreeJson => {
    const n = orders[0]?.length ?? 0;
    let G = 0;
    let H = 0;
    for (const i of orders[0] ?? []) {
      G += g.grad[i]!;
      H += g.hess[i]!;
    }
    const leaf = (): TreeJson => ({ distribution: H > 1e-150 ? G / H : 0 });
    if (n <= g.options.minNumSamples || depth >= g.options.maxDepth || F === 0) return leaf();
    // Squared-error reduction of a split: GL²/nL + GR²/nR − G²/n (variance reduction × n).
    const parent = (G * G) / n;
    let best = { gain: 1e-12 * Math.max(1, Math.abs(parent)), column: -1, at: 0, value: 0 };
    for (let j = 0; j < F; j++) {
      const order = orders[j]!;
      let GL = 0;
      for (let k = 0; k + 1 < n; k++) {
        GL += g.grad[order[k]!]!;
        const v = g.X[order[k]!]![j]!;
        const next = g.X[order[k + 1]!]![j]!;
        if (v === next) continue;
        const nL = k + 1;
        const GR = G - GL;
        const gain = (GL * GL) / nL + (GR * GR) / (n - nL) - parent;
        if (gain > best.gain) best = { gain, column: j, at: k, value: (v + next) / 2 };
      }
    }
    if (best.column < 0) return leaf();
    const byColumn = orders[best.column]!;
    for (let k = 0; k < n; k++) left[byColumn[k]!] = k <= best.at ? 1 : 0;
    const leftOrders = orders.map((o) => o.filter((i) => left[i] === 1));
    const rightOrders = orders.map((o) => o.filter((i) => left[i] === 0));
    return {
      splitColumn: best.column,
      splitValue: best.value,
      gain: best.gain,
      numberSamples: n,
      left: grow(leftOrders, depth + 1),
      right: grow(rightOrders, depth + 1),
    };
  };
  return grow(sorted, 0);
}

/** The library's descent: x < splitValue goes left (ml-cart's TreeNode.classify). */
export function leafValue(node: TreeJson, row: number[]): number {
  let at = node;
  while (at.left && at.right) at = row[at.splitColumn!]! < at.splitValue! ? at.left : at.right;
  return at.distribution ?? 0;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Fits `rounds` trees to the negative gradient of squared error (regression) or binary log-loss, starting
 * from `baseScore`; returns the trees (ml-cart DTRegression JSON) with the learning rate NOT applied to
 * their leaves (prediction: baseScore + learningRate × Σ leaf).
 */
export function boostTrees(
  X: number[][],
  y: number[],
  regression: boolean,
  baseScore: number,
  options: BoostOptions,
): Record<string, unknown>[] {
  const n = y.length;
  const score = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n).fill(1);
  const rand = seededRandom(options.seed);
  const all = Array.from({ length: n }, (_, i) => i);
  const take = Math.max(1, Math.min(n, Math.round(n * options.subsample)));
  const trees: Record<string, unknown>[] = [];
  for (let m = 0; m < options.rounds; m++) {
    for (let i = 0; i < n; i++) {
      if (regression) grad[i] = y[i]! - score[i]!;
      else {
        const p = sigmoid(score[i]!);
        grad[i] = y[i]! - p;
        hess[i] = p * (1 - p);
      }
    }
    let rows = all;
    if (take < n) {
      // Partial Fisher–Yates: the first `take` of a seeded shuffle, in row order.
      const order = [...all];
      for (let i = 0; i < take; i++) {
        const j = i + Math.floor(rand() * (n - i));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      rows = order.slice(0, take).sort((a, b) => a - b);
    }
    const root = growTree({ X, grad, hess, options }, rows);
    for (let i = 0; i < n; i++) score[i]! += options.learningRate * leafValue(root, X[i]!);
    trees.push({ name: 'DTRegression', options: { kind: 'regression', maxDepth: options.maxDepth }, root });
  }
  return trees;
}
