// Gradient boosting's tree learner: exact greedy regression trees on presorted columns, written in ml-cart's
// JSON form so that the library's own descent (TreeNode.classify: x < splitValue goes left) scores them and
// the ONNX export reads them like any ml-cart tree. ml-cart's own regression tree re-splits every candidate
// threshold by copying the rows (O(n²) per node), which made a 50-tree booster on 1,500 rows take 60–110 s;
// this one scans each sorted column once per node. Leaves take a Newton step (Σ gradient / Σ hessian), as
// Friedman's and scikit-learn's boosters do: the mean residual for squared error, Σ(y − p) / Σ p(1 − p) for
// log-loss.
import { seededRandom } from '../../domain/random.js';

/** ml-cart's node JSON: a leaf has `distribution`; a split sends x[splitColumn] < splitValue left. */
export interface TreeJson<Leaf = number> {
  splitColumn?: number;
  splitValue?: number;
  gain?: number;
  numberSamples?: number;
  left?: TreeJson<Leaf>;
  right?: TreeJson<Leaf>;
  distribution?: Leaf;
}

export interface BoostOptions {
  rounds: number;
  learningRate: number;
  maxDepth: number;
  /** A node with this many rows or fewer is a leaf (ml-cart's minNumSamples). */
  minNumSamples: number;
  minSamplesLeaf: number;
  /** Each round's tree is grown on this share of the rows, drawn without replacement (stochastic boosting). */
  subsample: number;
  seed: number;
}

export interface GrowOptions {
  maxDepth: number;
  /** A node with this many rows or fewer is a leaf (ml-cart's minNumSamples). */
  minNumSamples: number;
  /** Each side of a split keeps at least this many rows (scikit-learn's min_samples_leaf). */
  minSamplesLeaf: number;
  /** A split must reduce the impurity per row of its node by more than this (ml-cart's gainThreshold). */
  minGain: number;
  /** Share of the columns each split chooses from, drawn afresh per node (random forests); 1: all. */
  maxFeatures: number;
  rand: () => number;
}

interface Grower {
  X: number[][];
  /** One array per target: the gradient (boosting) or the class indicator / value (forests). */
  targets: Float64Array[];
  /** Newton denominators per row (boosting); null: the row count (leaf = target mean). */
  hess: Float64Array | null;
  options: GrowOptions;
}

/**
 * A tree fitted to the targets on `rows` (repeats allowed: a bootstrap sample). A split's gain is
 * Σ_targets GL²/nL + GR²/nR − G²/n: the squared-error reduction, which for class indicators is the Gini
 * impurity decrease × n. Leaves hold Σ target / Σ hess, one number per target.
 */
function growTree(g: Grower, rows: number[]): TreeJson<number[]> {
  const F = g.X[0]?.length ?? 0;
  const K = g.targets.length;
  const pick = Math.max(1, Math.min(F, Math.round(F * g.options.maxFeatures)));
  const columns = Array.from({ length: F }, (_, j) => j);
  // Each column's rows in ascending value order; children keep the order by filtering (stable).
  const sorted = columns.map((j) => [...rows].sort((a, b) => g.X[a]![j]! - g.X[b]![j]!));
  const left = new Uint8Array(g.X.length);
  const GL = new Float64Array(K);
  const grow = (orders: number[][], depth: number): TreeJson<number[]> => {
    const all = orders[0] ?? [];
    const n = all.length;
    const G = new Float64Array(K);
    let H = 0;
    for (const i of all) {
      for (let k = 0; k < K; k++) G[k]! += g.targets[k]![i]!;
      H += g.hess ? g.hess[i]! : 1;
    }
    const leaf = (): TreeJson<number[]> => ({ distribution: Array.from(G, (v) => (H > 1e-150 ? v / H : 0)) });
    if (n <= g.options.minNumSamples || depth >= g.options.maxDepth || F === 0) return leaf();
    let parent = 0;
    for (let k = 0; k < K; k++) parent += (G[k]! * G[k]!) / n;
    let best = { gain: Math.max(g.options.minGain * n, 1e-12 * Math.max(1, parent)), column: -1, at: 0, value: 0 };
    if (pick < F)
      for (let c = 0; c < pick; c++) {
        const d = c + Math.floor(g.options.rand() * (F - c));
        [columns[c], columns[d]] = [columns[d]!, columns[c]!];
      }
    for (let c = 0; c < pick; c++) {
      const j = columns[c]!;
      const order = orders[j]!;
      GL.fill(0);
      for (let at = 0; at + 1 < n; at++) {
        const i = order[at]!;
        for (let k = 0; k < K; k++) GL[k]! += g.targets[k]![i]!;
        const v = g.X[i]![j]!;
        const next = g.X[order[at + 1]!]![j]!;
        if (v === next) continue;
        const nL = at + 1;
        if (nL < g.options.minSamplesLeaf || n - nL < g.options.minSamplesLeaf) continue;
        let gain = -parent;
        for (let k = 0; k < K; k++) {
          const gr = G[k]! - GL[k]!;
          gain += (GL[k]! * GL[k]!) / nL + (gr * gr) / (n - nL);
        }
        if (gain > best.gain) best = { gain, column: j, at, value: (v + next) / 2 };
      }
    }
    if (best.column < 0) return leaf();
    const byColumn = orders[best.column]!;
    for (let at = 0; at < n; at++) left[byColumn[at]!] = at <= best.at ? 1 : 0;
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

const splitOf = (node: TreeJson<number[]>) => ({
  splitColumn: node.splitColumn,
  splitValue: node.splitValue,
  gain: node.gain,
  numberSamples: node.numberSamples,
});

/** Leaves of one number (regression, boosting) as ml-cart writes them: the number itself. */
function scalarLeaves(node: TreeJson<number[]>): TreeJson {
  if (!node.left || !node.right) return { distribution: node.distribution![0]! };
  return { ...splitOf(node), left: scalarLeaves(node.left), right: scalarLeaves(node.right) };
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
    const grower: Grower = {
      X,
      targets: [grad],
      hess: regression ? null : hess,
      options: { ...options, minGain: 0, maxFeatures: 1, rand },
    };
    const root = scalarLeaves(growTree(grower, rows));
    for (let i = 0; i < n; i++) score[i]! += options.learningRate * leafValue(root, X[i]!);
    trees.push({ name: 'DTRegression', options: { kind: 'regression', maxDepth: options.maxDepth }, root });
  }
  return trees;
}

export interface ForestOptions {
  rounds: number;
  maxDepth: number;
  minNumSamples: number;
  minSamplesLeaf: number;
  /** ml-cart's gainThreshold: the least impurity decrease per row of a split. */
  minGain: number;
  maxFeatures: number;
  seed: number;
}

/**
 * A random forest: each tree grown on a bootstrap sample (drawn with replacement), each split choosing
 * among a fresh random share of the columns. Classification (`classes` given): leaves hold the class
 * frequencies as ml-cart writes a classifier's (a 1 × classes matrix, [[...]]); regression: the mean.
 * Returns the trees as ml-cart DTRegression JSON, which ml-cart loads and descends like its own.
 */
export function forestTrees(X: number[][], y: number[], classes: number | null, options: ForestOptions) {
  const n = y.length;
  const targets = classes
    ? Array.from({ length: classes }, (_, k) => Float64Array.from(y, (v) => (v === k ? 1 : 0)))
    : [Float64Array.from(y)];
  const rand = seededRandom(options.seed);
  const trees: Record<string, unknown>[] = [];
  for (let t = 0; t < options.rounds; t++) {
    const rows = Array.from({ length: n }, () => Math.floor(rand() * n));
    const grown = growTree({ X, targets, hess: null, options: { ...options, rand } }, rows);
    const root = classes ? matrixLeaves(grown) : scalarLeaves(grown);
    trees.push({ name: 'DTRegression', options: { kind: classes ? 'classifier' : 'regression' }, root });
  }
  return trees;
}

function matrixLeaves(node: TreeJson<number[]>): TreeJson<number[][]> {
  if (!node.left || !node.right) return { distribution: [node.distribution!] };
  return { ...splitOf(node), left: matrixLeaves(node.left), right: matrixLeaves(node.right) };
}
