// Training, scoring, metrics and ONNX export for the ml.js models: pure functions that the activities
// call. Features are rounded to float32 when loaded, so the library and ONNX Runtime see the same inputs.
import { Matrix } from 'ml-matrix';
import LogisticRegression from 'ml-logistic-regression';
import { DecisionTreeClassifier, DecisionTreeRegression, type CartNode } from 'ml-cart';
import { RandomForestClassifier, RandomForestRegression } from 'ml-random-forest';
import { encodeModel as encodeGraph, type GraphSpec, type NodeSpec } from '../../domain/models/onnx-builder.js';
import { inputFront, type InputColumn, type RawColumns } from './columns.js';
import type { TrainingAlgorithm, TrainingTask } from '../../domain/training/shared.js';
import { seededRandom } from '../../domain/random.js';
import { defaultOf } from '../../domain/training/hyperparameters.js';
import { boostTrees, forestTrees, type BoostOptions } from './boost.js';

export interface Dataset {
  features: string[];
  /** Class labels in index order, null for regression. */
  classes: string[] | null;
  X: number[][];
  /** Class index (classification) or value (regression). */
  y: number[];
  /** The model's input columns and their encoding into `features` (loadTable); absent: one positional input x. */
  inputs?: InputColumn[];
  /** Those columns' raw values per row, as a caller sends them (null when missing). */
  raw?: RawColumns;
}

export interface TrainedModel {
  algorithm: TrainingAlgorithm;
  task: TrainingTask;
  features: string[];
  classes: string[] | null;
  /** Standardisation of logistic regression inputs (train split statistics). */
  scaler?: { mean: number[]; scale: number[] };
  /** The library's own JSON form. */
  model: Record<string, unknown>;
  /** Named input columns, imputed and encoded inside the exported graph (columns.ts). */
  inputs?: InputColumn[];
}

export function splitIndices(rows: number, testFraction: number, seed: number): { train: number[]; test: number[] } {
  const order = Array.from({ length: rows }, (_, i) => i);
  const rand = seededRandom(seed);
  for (let i = rows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const testCount = Math.round(rows * testFraction);
  return { test: order.slice(0, testCount).sort((a, b) => a - b), train: order.slice(testCount).sort((a, b) => a - b) };
}

const withBias = (X: number[][], mean: number[], scale: number[]): Matrix =>
  new Matrix(X.map((row) => [...row.map((v, j) => (v - mean[j]!) * scale[j]!), 1]));

const num = (h: Record<string, number>, key: string, fallback: number): number =>
  typeof h[key] === 'number' ? h[key] : fallback;
/** The learner's default (domain/training/hyperparameters.ts, which the API shows the portal's form). */
const def = (algorithm: TrainingAlgorithm, key: string): number => defaultOf(algorithm, key)!;

export function train(
  data: Dataset,
  rows: number[],
  algorithm: TrainingAlgorithm,
  task: TrainingTask,
  h: Record<string, number>,
  seed = 42,
): TrainedModel {
  const X = rows.map((i) => data.X[i]!);
  const y = rows.map((i) => data.y[i]!);
  const base = {
    algorithm,
    task,
    features: data.features,
    classes: data.classes,
    ...(data.inputs ? { inputs: data.inputs } : {}),
  };
  if (algorithm === 'logistic-regression') {
    if (task === 'regression') throw new Error('logistic-regression is a classifier: use cart for regression');
    const mean = data.features.map((_, j) => X.reduce((s, r) => s + r[j]!, 0) / X.length);
    const sd = data.features.map((_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / X.length));
    // Scale factors are float32 because ONNX's Scaler holds them as floats.
    const scaler = { mean: mean.map(Math.fround), scale: sd.map((s) => Math.fround(s > 0 ? 1 / s : 1)) };
    const model = new LogisticRegression({
      numSteps: num(h, 'numSteps', def(algorithm, 'numSteps')),
      learningRate: num(h, 'learningRate', def(algorithm, 'learningRate')),
    });
    model.train(withBias(X, scaler.mean, scaler.scale), Matrix.columnVector(y));
    return { ...base, scaler, model: JSON.parse(JSON.stringify(model.toJSON())) as Record<string, unknown> };
  }
  // gradient-boosted-trees reads its own below (it takes no gainThreshold).
  const treeDefaults = algorithm === 'gradient-boosted-trees' ? 'cart' : algorithm;
  const options = {
    maxDepth: num(h, 'maxDepth', def(treeDefaults, 'maxDepth')),
    minNumSamples: num(h, 'minNumSamples', def(treeDefaults, 'minNumSamples')),
    gainThreshold: num(h, 'gainThreshold', def(treeDefaults, 'gainThreshold')),
  };
  if (algorithm === 'random-forest') {
    // Our forest (boost.ts) in ml-cart's tree form: ml-random-forest grows ml-cart trees, which re-split the
    // rows for every candidate threshold (a 35-tree forest on 1,500 rows × 23 columns took 45 s).
    const model: ForestModel = {
      name: 'PlinthForest',
      trees: forestTrees(X, y, task === 'regression' ? null : data.classes!.length, {
        rounds: num(h, 'nEstimators', def(algorithm, 'nEstimators')),
        maxDepth: options.maxDepth,
        minNumSamples: options.minNumSamples,
        minSamplesLeaf: Math.max(1, num(h, 'minSamplesLeaf', def(algorithm, 'minSamplesLeaf'))),
        minGain: options.gainThreshold,
        maxFeatures: Math.min(1, Math.max(0, num(h, 'maxFeatures', def(algorithm, 'maxFeatures')))),
        seed: num(h, 'seed', seed) | 0,
      }),
    };
    return { ...base, model: model as unknown as Record<string, unknown> };
  }
  if (algorithm === 'gradient-boosted-trees') {
    if (task === 'multiclass') throw new Error('gradient-boosted-trees supports binary classification and regression');
    return {
      ...base,
      model: boost(X, y, task, {
        rounds: num(h, 'nEstimators', def(algorithm, 'nEstimators')),
        learningRate: num(h, 'learningRate', def(algorithm, 'learningRate')),
        maxDepth: num(h, 'maxDepth', def(algorithm, 'maxDepth')),
        minNumSamples: num(h, 'minNumSamples', def(algorithm, 'minNumSamples')),
        minSamplesLeaf: Math.max(1, num(h, 'minSamplesLeaf', def(algorithm, 'minSamplesLeaf'))),
        subsample: Math.min(1, Math.max(0.05, num(h, 'subsample', def(algorithm, 'subsample')))),
        seed: num(h, 'seed', seed) | 0,
      }) as unknown as Record<string, unknown>,
    };
  }
  const model = task === 'regression' ? new DecisionTreeRegression(options) : new DecisionTreeClassifier(options);
  model.train(X, y);
  return { ...base, model: JSON.parse(JSON.stringify(model.toJSON())) as Record<string, unknown> };
}

/** Class probabilities [rows][classes] (classification) or [rows][1] predictions (regression), as the library computes them. */
export function predict(trained: TrainedModel, X: number[][]): number[][] {
  if (trained.algorithm === 'logistic-regression') {
    const model = LogisticRegression.load(trained.model);
    const m = withBias(X, trained.scaler!.mean, trained.scaler!.scale);
    // One-vs-all: classifier k scores "not class k", so P(class k) is its complement.
    const perClass = model.classifiers.map((c) => c.testScores(m));
    return X.map((_, i) => perClass.map((scores) => 1 - scores[i]!));
  }
  if (trained.algorithm === 'random-forest' || trained.algorithm === 'gradient-boosted-trees') {
    const { trees, base, aggregate } = ensembleOf(trained);
    const classes = trained.classes?.length ?? 1;
    return X.map((row) => {
      if (trained.algorithm === 'gradient-boosted-trees') {
        const score = trees.reduce((s, t) => s + t.scale * (leafOf(t.root, row).distribution as number), base);
        return trained.task === 'regression' ? [score] : [1 - sigmoid(score), sigmoid(score)];
      }
      const sum = new Array<number>(classes).fill(0);
      for (const t of trees) {
        const d = leafOf(t.root, row).distribution!;
        const values = typeof d === 'number' ? [d] : padded(d.getRow(0), classes);
        values.forEach((v, k) => (sum[k]! += v));
      }
      return aggregate === 'AVERAGE' || trained.task !== 'regression' ? sum.map((v) => v / trees.length) : sum;
    });
  }
  if (trained.task === 'regression')
    return DecisionTreeRegression.load(trained.model)
      .predict(X)
      .map((v) => [v]);
  const root = DecisionTreeClassifier.load(trained.model).root;
  const classes = trained.classes!.length;
  return X.map((row) => padded((root.classify(row) as Matrix).getRow(0), classes));
}

const padded = (dist: number[], classes: number): number[] => Array.from({ length: classes }, (_, k) => dist[k] ?? 0);

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A leaf's value, the library's own descent (ml-cart's TreeNode.classify). */
const leafOf = (root: CartNode, row: number[]): { distribution: Matrix | number } => ({
  distribution: root.classify(row),
});

/** Gradient boosting: our loop and tree learner (boost.ts), trees kept in ml-cart's JSON form and scored by ml-cart. */
interface BoostedModel {
  name: 'GradientBoostedTrees';
  /** Initial score: the mean (regression) or the log-odds of the positive class (binary). */
  baseScore: number;
  learningRate: number;
  trees: Record<string, unknown>[];
}

function boost(X: number[][], y: number[], task: TrainingTask, options: BoostOptions): BoostedModel {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const p = Math.min(Math.max(mean, 1e-6), 1 - 1e-6);
  // float32, as ONNX's base_values holds it.
  const baseScore = Math.fround(task === 'regression' ? mean : Math.log(p / (1 - p)));
  const trees = boostTrees(X, y, task === 'regression', baseScore, options);
  return { name: 'GradientBoostedTrees', baseScore, learningRate: options.learningRate, trees };
}

/** Random forest: bootstrap trees, averaged (regression) or their class frequencies averaged. */
interface ForestModel {
  name: 'PlinthForest';
  trees: Record<string, unknown>[];
}

interface Ensemble {
  /** Roots with splitColumn remapped to the dataset's feature index; scale multiplies each leaf value. */
  trees: { root: CartNode; scale: number }[];
  base: number;
  aggregate: 'SUM' | 'AVERAGE';
}

function ensembleOf(trained: TrainedModel): Ensemble {
  if (trained.algorithm === 'gradient-boosted-trees') {
    const m = trained.model as unknown as BoostedModel;
    return {
      trees: m.trees.map((t) => ({ root: DecisionTreeRegression.load(t).root, scale: m.learningRate })),
      base: m.baseScore,
      aggregate: 'SUM',
    };
  }
  if ((trained.model as { name?: string }).name === 'PlinthForest') {
    const { trees } = trained.model as unknown as ForestModel;
    return {
      trees: trees.map((t) => ({ root: DecisionTreeRegression.load(t).root, scale: 1 / trees.length })),
      base: 0,
      aggregate: trained.task === 'regression' ? 'AVERAGE' : 'SUM',
    };
  }
  // A forest trained by ml-random-forest (before PlinthForest).
  const forest =
    trained.task === 'regression'
      ? RandomForestRegression.load(trained.model as never)
      : RandomForestClassifier.load(trained.model as never);
  const { estimators, indexes } = forest as unknown as { estimators: { root: CartNode }[]; indexes: number[][] };
  // Each tree saw its own selection of columns (feature bagging): map its columns back to the dataset's.
  const trees = estimators.map(({ root }, t) => {
    walk(root, (node) => {
      if (node.left && node.right && node.splitColumn !== undefined) node.splitColumn = indexes[t]![node.splitColumn]!;
    });
    return { root, scale: 1 / estimators.length };
  });
  return { trees, base: 0, aggregate: trained.task === 'regression' ? 'AVERAGE' : 'SUM' };
}

export const argmax = (values: number[]): number => values.reduce((best, v, i) => (v > values[best]! ? i : best), 0);

export function classificationMetrics(proba: number[][], y: number[], classes: number): Record<string, unknown> {
  const predicted = proba.map(argmax);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  predicted.forEach((p, i) => confusion[y[i]!]![p]!++);
  const accuracy = predicted.filter((p, i) => p === y[i]).length / y.length;
  const perClass = Array.from({ length: classes }, (_, k) => {
    const tp = confusion[k]![k]!;
    const fp = confusion.reduce((s, row, r) => s + (r === k ? 0 : row[k]!), 0);
    const fn = confusion[k]!.reduce((s, v, c) => s + (c === k ? 0 : v), 0);
    const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
    return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  });
  if (classes === 2) {
    const scores = proba.map((p) => p[1]!);
    return { accuracy, ...perClass[1]!, rocAuc: rocAuc(scores, y), ks: ks(scores, y), confusionMatrix: confusion };
  }
  const macro = (key: 'precision' | 'recall' | 'f1'): number => perClass.reduce((s, c) => s + c[key], 0) / classes;
  return {
    accuracy,
    macroPrecision: macro('precision'),
    macroRecall: macro('recall'),
    macroF1: macro('f1'),
    confusionMatrix: confusion,
  };
}

/** ROC AUC as the Mann–Whitney statistic, ties counted half. */
export function rocAuc(scores: number[], y: number[]): number {
  const order = scores.map((s, i) => [s, y[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSumPositive = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]![1] === 1) rankSumPositive += rank;
    i = j;
  }
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Kolmogorov–Smirnov: the largest gap between the score distributions of positives and negatives. */
export function ks(scores: number[], y: number[]): number {
  const thresholds = [...new Set(scores)].sort((a, b) => a - b);
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  let best = 0;
  for (const t of thresholds) {
    let p = 0;
    let n = 0;
    scores.forEach((s, i) => {
      if (s <= t) {
        if (y[i] === 1) p++;
        else n++;
      }
    });
    best = Math.max(best, Math.abs(n / negatives - p / positives));
  }
  return best;
}

/** Up to `max` indices of 0..n-1, evenly spaced, the first and last included (all of them when n ≤ max). */
function evenlySpaced(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  if (max <= 1) return n > 0 ? [0] : [];
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

export interface RocPoint {
  fpr: number;
  tpr: number;
  /** Scores at or above it count as positive; null for the (0, 0) corner no threshold reaches. */
  threshold: number | null;
}

/**
 * The ROC curve of positive-class scores, one point per distinct score from (0, 0) to (1, 1), evenly
 * thinned to at most `maxPoints` (both corners kept): the portal draws it, and a run's metrics must stay
 * small whatever the test split's size. Empty when the test rows hold one class only.
 */
export function rocCurve(scores: number[], y: number[], maxPoints = 101): RocPoint[] {
  const positives = y.filter((v) => v === 1).length;
  const negatives = y.length - positives;
  if (positives === 0 || negatives === 0) return [];
  const order = scores.map((s, i) => [s, y[i]!] as const).sort((a, b) => b[0] - a[0]);
  const curve: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: null }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length;) {
    const threshold = order[i]![0];
    // Tied scores move together: one threshold cannot separate them.
    for (; i < order.length && order[i]![0] === threshold; i++) {
      if (order[i]![1] === 1) tp++;
      else fp++;
    }
    curve.push({ fpr: fp / negatives, tpr: tp / positives, threshold });
  }
  return evenlySpaced(curve.length, Math.max(2, maxPoints)).map((i) => curve[i]!);
}

export interface ResidualSample {
  predicted: number;
  actual: number;
  /** actual − predicted. */
  residual: number;
}

/** At most `max` test rows' predictions and residuals, evenly spaced over the rows (deterministic): the portal's residual plot. */
export function residualSamples(predicted: number[], y: number[], max = 500): ResidualSample[] {
  return evenlySpaced(y.length, max).map((i) => ({
    predicted: predicted[i]!,
    actual: y[i]!,
    residual: y[i]! - predicted[i]!,
  }));
}

export function regressionMetrics(predicted: number[], y: number[]): Record<string, unknown> {
  const n = y.length;
  const mean = y.reduce((s, v) => s + v, 0) / n;
  const sse = predicted.reduce((s, p, i) => s + (p - y[i]!) ** 2, 0);
  const sst = y.reduce((s, v) => s + (v - mean) ** 2, 0);
  return {
    rmse: Math.sqrt(sse / n),
    mae: predicted.reduce((s, p, i) => s + Math.abs(p - y[i]!), 0) / n,
    r2: sst === 0 ? Number.NaN : 1 - sse / sst,
  };
}

/**
 * Logistic regression, per class: P(class k) = σ(intercept + Σ coefficient_j · x_j) on the model's own
 * (unstandardised) inputs, one-vs-all as ml.js trains it; the standardisation is folded in, so a
 * coefficient is the change in log-odds per unit of its feature. Null for trees.
 */
export function coefficients(
  trained: TrainedModel,
): Record<string, { intercept: number; weights: Record<string, number> }> | null {
  if (trained.algorithm !== 'logistic-regression') return null;
  const { mean, scale } = trained.scaler!;
  return Object.fromEntries(
    standardisedWeights(trained).map((w, k) => {
      const weights = trained.features.map((_, j) => w[j]! * scale[j]!);
      const intercept = w[trained.features.length]! - weights.reduce((s, c, j) => s + c * mean[j]!, 0);
      return [
        trained.classes![k]!,
        { intercept, weights: Object.fromEntries(trained.features.map((f, j) => [f, weights[j]!])) },
      ];
    }),
  );
}

/** Row k scores class k on standardised inputs (bias last): the negated weights of ml.js's "not class k". */
const standardisedWeights = (trained: TrainedModel): number[][] =>
  LogisticRegression.load(trained.model).classifiers.map((c) => c.weights.getRow(0).map((w) => -w));

/**
 * Normalised to sum 1. Logistic regression: |coefficient| × the feature's standard deviation (the
 * coefficient on the standardised feature), summed over the classes. Trees: impurity decrease (classifier:
 * Gini gain, boosted trees: squared-error reduction) or split counts (ml-cart regression trees); ensembles
 * sum it over their trees.
 */
export function featureImportances(trained: TrainedModel): Record<string, number> {
  if (trained.algorithm === 'logistic-regression') {
    const totals = trained.features.map((_, j) =>
      standardisedWeights(trained).reduce((s, w) => s + Math.abs(w[j]!), 0),
    );
    const sum = totals.reduce((s, v) => s + v, 0);
    return Object.fromEntries(trained.features.map((f, j) => [f, sum === 0 ? 0 : totals[j]! / sum]));
  }
  const roots = trained.algorithm === 'cart' ? [loadTree(trained)] : ensembleOf(trained).trees.map((t) => t.root);
  // Our trees (boost.ts: boosted, forests) record their impurity decrease as gain; ml-cart's regression trees do not.
  const byGain = trained.task !== 'regression' || trained.algorithm !== 'cart';
  const totals = new Array<number>(trained.features.length).fill(0);
  for (const root of roots) {
    walk(root, (node) => {
      if (!node.left || !node.right || node.splitColumn === undefined) return;
      const weight = byGain ? Math.max(node.gain ?? 0, 0) : 1;
      totals[node.splitColumn]! += weight * (node.numberSamples ?? 1);
    });
  }
  const sum = totals.reduce((s, v) => s + v, 0);
  return Object.fromEntries(trained.features.map((f, j) => [f, sum === 0 ? 0 : totals[j]! / sum]));
}

const loadTree = (trained: TrainedModel): CartNode =>
  (trained.task === 'regression'
    ? DecisionTreeRegression.load(trained.model)
    : DecisionTreeClassifier.load(trained.model)
  ).root;

function walk(node: CartNode, visit: (node: CartNode) => void): void {
  visit(node);
  if (node.left && node.right) {
    walk(node.left, visit);
    walk(node.right, visit);
  }
}

/**
 * ONNX with ai.onnx.ml operators. Classifiers: input x float [N, F] → label int64 [N], probabilities
 * float [N, C]. Regression: x → prediction float [N, 1].
 */
export function toOnnx(trained: TrainedModel): Uint8Array {
  const F = trained.features.length;
  const input = { name: 'x', dtype: 'float32', shape: ['N', F] as (number | string)[] };
  // Named columns (issue #15): the estimator below reads `x`, which the input front computes from them.
  const encodeModel = (spec: GraphSpec): Uint8Array => encodeGraph(withInputFront(trained, spec));
  const ml = 'ai.onnx.ml';
  const opsets = { [ml]: 3 };
  const classLabels = (trained.classes ?? []).map((_, k) => k);
  const classifierOutputs = [
    { name: 'label', dtype: 'int64', shape: ['N'] as (number | string)[] },
    { name: 'probabilities', dtype: 'float32', shape: ['N', classLabels.length] as (number | string)[] },
  ];
  if (trained.algorithm === 'logistic-regression') {
    // Row k scores class k: the negated weights of "not class k", whose logistic is P(class k).
    const weights = standardisedWeights(trained);
    const nodes: NodeSpec[] = [
      {
        op: 'Scaler',
        domain: ml,
        inputs: ['x'],
        outputs: ['scaled'],
        attributes: [
          { name: 'offset', floats: trained.scaler!.mean },
          { name: 'scale', floats: trained.scaler!.scale },
        ],
      },
      {
        op: 'LinearClassifier',
        domain: ml,
        inputs: ['scaled'],
        outputs: ['label', 'probabilities'],
        attributes: [
          { name: 'classlabels_ints', ints: classLabels },
          { name: 'coefficients', floats: weights.flatMap((w) => w.slice(0, F)) },
          { name: 'intercepts', floats: weights.map((w) => w[F]!) },
          { name: 'multi_class', int: 0 },
          { name: 'post_transform', string: 'LOGISTIC' },
        ],
      },
    ];
    return encodeModel({ inputs: [input], outputs: classifierOutputs, nodes, opsets });
  }
  // CART is an ensemble of one tree; ensembles list every tree's nodes, ids counted per tree.
  const ensemble: Ensemble =
    trained.algorithm === 'cart'
      ? { trees: [{ root: loadTree(trained), scale: 1 }], base: 0, aggregate: 'SUM' }
      : ensembleOf(trained);
  const nodes = ensemble.trees.flatMap((t, tree) =>
    flattenTree(t.root).map((n, id) => ({ ...n, id, tree, scale: t.scale })),
  );
  const common = [
    { name: 'nodes_featureids', ints: nodes.map((n) => n.feature) },
    { name: 'nodes_falsenodeids', ints: nodes.map((n) => n.falseId) },
    { name: 'nodes_truenodeids', ints: nodes.map((n) => n.trueId) },
    { name: 'nodes_modes', strings: nodes.map((n) => (n.leaf ? 'LEAF' : 'BRANCH_LT')) },
    { name: 'nodes_nodeids', ints: nodes.map((n) => n.id) },
    { name: 'nodes_treeids', ints: nodes.map((n) => n.tree) },
    { name: 'nodes_values', floats: nodes.map((n) => n.threshold) },
  ];
  const leaves = nodes.filter((n) => n.leaf);
  const baseValues =
    trained.algorithm === 'gradient-boosted-trees' ? [{ name: 'base_values', floats: [ensemble.base] }] : [];
  if (trained.task === 'regression') {
    return encodeModel({
      inputs: [input],
      outputs: [{ name: 'prediction', dtype: 'float32', shape: ['N', 1] }],
      opsets,
      nodes: [
        {
          op: 'TreeEnsembleRegressor',
          domain: ml,
          inputs: ['x'],
          outputs: ['prediction'],
          attributes: [
            ...common,
            { name: 'post_transform', string: 'NONE' },
            ...baseValues,
            { name: 'n_targets', int: 1 },
            // Random forest: AVERAGE over trees (leaf values unscaled); boosting: base + SUM of learning-rate-scaled leaves.
            { name: 'aggregate_function', string: ensemble.aggregate },
            { name: 'target_ids', ints: leaves.map(() => 0) },
            { name: 'target_nodeids', ints: leaves.map((l) => l.id) },
            { name: 'target_treeids', ints: leaves.map((l) => l.tree) },
            {
              name: 'target_weights',
              floats: leaves.map((l) =>
                ensemble.aggregate === 'AVERAGE' ? (l.value as number) : (l.value as number) * l.scale,
              ),
            },
          ],
        },
      ],
    });
  }
  if (trained.algorithm === 'gradient-boosted-trees') {
    // One score per leaf under class id 0 (the log-odds contribution of class 1, as skl2onnx writes a
    // binary booster): with one class id of two labels, ONNX Runtime's two-class path applies LOGISTIC to
    // base + sum and emits [1 − p, p]. Naming class 1 instead breaks that path (checked: off by 0.27).
    return encodeModel({
      inputs: [input],
      outputs: classifierOutputs,
      opsets,
      nodes: [
        {
          op: 'TreeEnsembleClassifier',
          domain: ml,
          inputs: ['x'],
          outputs: ['tree_label', 'probabilities'],
          attributes: [
            ...common,
            { name: 'post_transform', string: 'LOGISTIC' },
            ...baseValues,
            { name: 'classlabels_int64s', ints: classLabels },
            { name: 'class_ids', ints: leaves.map(() => 0) },
            { name: 'class_nodeids', ints: leaves.map((l) => l.id) },
            { name: 'class_treeids', ints: leaves.map((l) => l.tree) },
            { name: 'class_weights', floats: leaves.map((l) => (l.value as number) * l.scale) },
          ],
        },
        {
          op: 'ArgMax',
          inputs: ['probabilities'],
          outputs: ['label'],
          attributes: [
            { name: 'axis', int: 1 },
            { name: 'keepdims', int: 0 },
          ],
        },
      ],
    });
  }
  // Every leaf names every class, zeros included: with a missing weight ONNX Runtime's two-class path
  // rewrites the scores (e.g. [-1, 1] for a pure class-0 leaf). Random forest: each tree's class
  // probabilities divided by the number of trees, summed (the average).
  const entries = leaves.flatMap((l) =>
    padded(l.value as number[], classLabels.length).map((w, k) => ({ id: l.id, tree: l.tree, k, w: w * l.scale })),
  );
  return encodeModel({
    inputs: [input],
    outputs: classifierOutputs,
    opsets,
    nodes: [
      {
        op: 'TreeEnsembleClassifier',
        domain: ml,
        inputs: ['x'],
        outputs: ['tree_label', 'probabilities'],
        attributes: [
          ...common,
          { name: 'post_transform', string: 'NONE' },
          { name: 'classlabels_int64s', ints: classLabels },
          { name: 'class_ids', ints: entries.map((e) => e.k) },
          { name: 'class_nodeids', ints: entries.map((e) => e.id) },
          { name: 'class_treeids', ints: entries.map((e) => e.tree) },
          { name: 'class_weights', floats: entries.map((e) => e.w) },
        ],
      },
      // ONNX Runtime's own two-class label disagrees with those probabilities (it tests the positive
      // class weight against 0), so the label is the first most probable class, as ml-cart predicts.
      {
        op: 'ArgMax',
        inputs: ['probabilities'],
        outputs: ['label'],
        attributes: [
          { name: 'axis', int: 1 },
          { name: 'keepdims', int: 0 },
        ],
      },
    ],
  });
}

/**
 * Replaces the positional input `x` with one input per column and the nodes that impute and encode them
 * into x. The estimator's own intermediate tensors are renamed where a column took their name.
 */
function withInputFront(trained: TrainedModel, spec: GraphSpec): GraphSpec {
  if (!trained.inputs) return spec; // a Dataset built by hand (tests): positional x [N, F]
  const outputs = spec.outputs.map((o) => o.name);
  const columns = new Set(trained.inputs.map((c) => c.name));
  const front = inputFront(trained.inputs, [...outputs, ...spec.nodes.flatMap((n) => n.outputs)]);
  const renamed = new Map<string, string>([['x', front.features]]);
  for (const name of spec.nodes.flatMap((n) => n.outputs))
    if (columns.has(name) && !outputs.includes(name)) renamed.set(name, `${front.features}:${name}`);
  const rename = (name: string): string => renamed.get(name) ?? name;
  return {
    ...spec,
    inputs: front.inputs,
    nodes: [
      ...front.nodes,
      ...spec.nodes.map((n) => ({ ...n, inputs: n.inputs.map(rename), outputs: n.outputs.map(rename) })),
    ],
  };
}

interface FlatNode {
  leaf: boolean;
  feature: number;
  threshold: number;
  trueId: number;
  falseId: number;
  value: number | number[];
}

const f32 = new Float32Array(1);
const f32Bits = new Int32Array(f32.buffer);

/**
 * The smallest float32 at or above t. ml-cart compares the (float32) feature x with its float64 threshold
 * t as `x < t`; ONNX Runtime compares in float32. With c = this value, x < t ⇔ x < c for every float32 x
 * (no float32 lies in [t, c)), so BRANCH_LT on c makes the library's decision on every input, ties
 * included. Rounding t to nearest instead sends x = fround(t) < t right whenever fround(t) < t.
 */
export function float32AtOrAbove(t: number): number {
  const nearest = Math.fround(t);
  if (!(nearest < t)) return nearest; // t itself is a float32, or rounding went up (∞ above the float32 range)
  if (nearest === 0) return 2 ** -149; // the smallest positive subnormal (covers −0 as well)
  f32[0] = nearest;
  f32Bits[0]! += nearest > 0 ? 1 : -1; // one ulp towards +∞
  return f32[0]!;
}

/** Pre-order node list; ml-cart sends x < splitValue left, which is BRANCH_LT's true branch. */
function flattenTree(root: CartNode): FlatNode[] {
  const nodes: FlatNode[] = [];
  const visit = (node: CartNode): number => {
    const id = nodes.length;
    if (!node.left || !node.right) {
      const d = node.distribution!;
      nodes.push({
        leaf: true,
        feature: 0,
        threshold: 0,
        trueId: 0,
        falseId: 0,
        value: typeof d === 'number' ? d : d.getRow(0),
      });
      return id;
    }
    const flat: FlatNode = {
      leaf: false,
      feature: node.splitColumn!,
      threshold: float32AtOrAbove(node.splitValue!),
      trueId: 0,
      falseId: 0,
      value: 0,
    };
    nodes.push(flat);
    flat.trueId = visit(node.left);
    flat.falseId = visit(node.right);
    return id;
  };
  visit(root);
  return nodes;
}

export const algorithmOf = (name: string): name is TrainingAlgorithm =>
  name === 'logistic-regression' || name === 'cart' || name === 'random-forest' || name === 'gradient-boosted-trees';
