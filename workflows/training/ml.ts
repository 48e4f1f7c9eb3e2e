// Training, scoring, metrics and ONNX export for the ml.js models: pure functions that the activities
// call. Features are rounded to float32 when loaded, so the library and ONNX Runtime see the same inputs.
import { Matrix } from 'ml-matrix';
import LogisticRegression from 'ml-logistic-regression';
import { DecisionTreeClassifier, DecisionTreeRegression, type CartNode } from 'ml-cart';
import { encodeModel, type NodeSpec } from '../../subgraphs/serving/runtime/onnx-builder.js';
import type { TrainingAlgorithm, TrainingTask } from './shared.js';

export interface Dataset {
  features: string[];
  /** Class labels in index order, null for regression. */
  classes: string[] | null;
  X: number[][];
  /** Class index (classification) or value (regression). */
  y: number[];
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
}

/** mulberry32: a small, well-mixed seeded generator, so a seed always yields the same split. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
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

const num = (h: Record<string, number>, key: string, fallback: number): number => (typeof h[key] === 'number' ? h[key] : fallback);

export function train(data: Dataset, rows: number[], algorithm: TrainingAlgorithm, task: TrainingTask, h: Record<string, number>): TrainedModel {
  const X = rows.map((i) => data.X[i]!);
  const y = rows.map((i) => data.y[i]!);
  const base = { algorithm, task, features: data.features, classes: data.classes };
  if (algorithm === 'logistic-regression') {
    if (task === 'regression') throw new Error('logistic-regression is a classifier: use cart for regression');
    const mean = data.features.map((_, j) => X.reduce((s, r) => s + r[j]!, 0) / X.length);
    const sd = data.features.map((_, j) => Math.sqrt(X.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / X.length));
    // Scale factors are float32 because ONNX's Scaler holds them as floats.
    const scaler = { mean: mean.map(Math.fround), scale: sd.map((s) => Math.fround(s > 0 ? 1 / s : 1)) };
    const model = new LogisticRegression({ numSteps: num(h, 'numSteps', 1000), learningRate: num(h, 'learningRate', 5e-4) });
    model.train(withBias(X, scaler.mean, scaler.scale), Matrix.columnVector(y));
    return { ...base, scaler, model: JSON.parse(JSON.stringify(model.toJSON())) as Record<string, unknown> };
  }
  const options = { maxDepth: num(h, 'maxDepth', 6), minNumSamples: num(h, 'minNumSamples', 3), gainThreshold: num(h, 'gainThreshold', 0.01) };
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
  if (trained.task === 'regression') return DecisionTreeRegression.load(trained.model).predict(X).map((v) => [v]);
  const root = DecisionTreeClassifier.load(trained.model).root;
  const classes = trained.classes!.length;
  return X.map((row) => padded((root.classify(row) as Matrix).getRow(0), classes));
}

const padded = (dist: number[], classes: number): number[] => Array.from({ length: classes }, (_, k) => dist[k] ?? 0);

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
  return { accuracy, macroPrecision: macro('precision'), macroRecall: macro('recall'), macroF1: macro('f1'), confusionMatrix: confusion };
}

/** ROC AUC as the Mann–Whitney statistic, ties counted half. */
export function rocAuc(scores: number[], y: number[]): number {
  const order = scores.map((s, i) => [s, y[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSumPositive = 0;
  for (let i = 0; i < order.length; ) {
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

/** Impurity decrease (classifier: Gini gain × samples) or sample-weighted split counts (regression), normalised to 1. */
export function featureImportances(trained: TrainedModel): Record<string, number> | null {
  if (trained.algorithm !== 'cart') return null;
  const root = loadTree(trained);
  const totals = new Array<number>(trained.features.length).fill(0);
  walk(root, (node) => {
    if (!node.left || !node.right || node.splitColumn === undefined) return;
    const weight = trained.task === 'regression' ? 1 : Math.max(node.gain ?? 0, 0);
    totals[node.splitColumn]! += weight * (node.numberSamples ?? 1);
  });
  const sum = totals.reduce((s, v) => s + v, 0);
  return Object.fromEntries(trained.features.map((f, j) => [f, sum === 0 ? 0 : totals[j]! / sum]));
}

const loadTree = (trained: TrainedModel): CartNode =>
  (trained.task === 'regression' ? DecisionTreeRegression.load(trained.model) : DecisionTreeClassifier.load(trained.model)).root;

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
  const ml = 'ai.onnx.ml';
  const opsets = { [ml]: 3 };
  const classLabels = (trained.classes ?? []).map((_, k) => k);
  const classifierOutputs = [
    { name: 'label', dtype: 'int64', shape: ['N'] as (number | string)[] },
    { name: 'probabilities', dtype: 'float32', shape: ['N', classLabels.length] as (number | string)[] },
  ];
  if (trained.algorithm === 'logistic-regression') {
    const model = LogisticRegression.load(trained.model);
    // Row k scores class k: the negated weights of "not class k", whose logistic is P(class k).
    const weights = model.classifiers.map((c) => c.weights.getRow(0).map((w) => -w));
    const nodes: NodeSpec[] = [
      { op: 'Scaler', domain: ml, inputs: ['x'], outputs: ['scaled'], attributes: [
        { name: 'offset', floats: trained.scaler!.mean },
        { name: 'scale', floats: trained.scaler!.scale },
      ] },
      { op: 'LinearClassifier', domain: ml, inputs: ['scaled'], outputs: ['label', 'probabilities'], attributes: [
        { name: 'classlabels_ints', ints: classLabels },
        { name: 'coefficients', floats: weights.flatMap((w) => w.slice(0, F)) },
        { name: 'intercepts', floats: weights.map((w) => w[F]!) },
        { name: 'multi_class', int: 0 },
        { name: 'post_transform', string: 'LOGISTIC' },
      ] },
    ];
    return encodeModel({ inputs: [input], outputs: classifierOutputs, nodes, opsets });
  }
  const tree = flattenTree(loadTree(trained));
  const common = [
    { name: 'nodes_featureids', ints: tree.map((n) => n.feature) },
    { name: 'nodes_falsenodeids', ints: tree.map((n) => n.falseId) },
    { name: 'nodes_truenodeids', ints: tree.map((n) => n.trueId) },
    { name: 'nodes_modes', strings: tree.map((n) => (n.leaf ? 'LEAF' : 'BRANCH_LT')) },
    { name: 'nodes_nodeids', ints: tree.map((_, i) => i) },
    { name: 'nodes_treeids', ints: tree.map(() => 0) },
    { name: 'nodes_values', floats: tree.map((n) => n.threshold) },
    { name: 'post_transform', string: 'NONE' },
  ];
  const leaves = tree.flatMap((n, id) => (n.leaf ? [{ id, value: n.value }] : []));
  if (trained.task === 'regression') {
    return encodeModel({
      inputs: [input],
      outputs: [{ name: 'prediction', dtype: 'float32', shape: ['N', 1] }],
      opsets,
      nodes: [{ op: 'TreeEnsembleRegressor', domain: ml, inputs: ['x'], outputs: ['prediction'], attributes: [
        ...common,
        { name: 'n_targets', int: 1 },
        { name: 'aggregate_function', string: 'SUM' },
        { name: 'target_ids', ints: leaves.map(() => 0) },
        { name: 'target_nodeids', ints: leaves.map((l) => l.id) },
        { name: 'target_treeids', ints: leaves.map(() => 0) },
        { name: 'target_weights', floats: leaves.map((l) => l.value as number) },
      ] }],
    });
  }
  // Every leaf names every class, zeros included: with a missing weight ONNX Runtime's two-class path
  // rewrites the scores (e.g. [-1, 1] for a pure class-0 leaf).
  const entries = leaves.flatMap((l) => padded(l.value as number[], classLabels.length).map((w, k) => ({ id: l.id, k, w })));
  return encodeModel({
    inputs: [input],
    outputs: classifierOutputs,
    opsets,
    nodes: [{ op: 'TreeEnsembleClassifier', domain: ml, inputs: ['x'], outputs: ['tree_label', 'probabilities'], attributes: [
      ...common,
      { name: 'classlabels_int64s', ints: classLabels },
      { name: 'class_ids', ints: entries.map((e) => e.k) },
      { name: 'class_nodeids', ints: entries.map((e) => e.id) },
      { name: 'class_treeids', ints: entries.map(() => 0) },
      { name: 'class_weights', floats: entries.map((e) => e.w) },
    ] },
    // ONNX Runtime's own two-class label disagrees with those probabilities (it tests the positive
    // class weight against 0), so the label is the first most probable class, as ml-cart predicts.
    { op: 'ArgMax', inputs: ['probabilities'], outputs: ['label'], attributes: [{ name: 'axis', int: 1 }, { name: 'keepdims', int: 0 }] }],
  });
}

interface FlatNode {
  leaf: boolean;
  feature: number;
  threshold: number;
  trueId: number;
  falseId: number;
  value: number | number[];
}

/** Pre-order node list; ml-cart sends x < splitValue left, which is BRANCH_LT's true branch. */
function flattenTree(root: CartNode): FlatNode[] {
  const nodes: FlatNode[] = [];
  const visit = (node: CartNode): number => {
    const id = nodes.length;
    if (!node.left || !node.right) {
      const d = node.distribution!;
      nodes.push({ leaf: true, feature: 0, threshold: 0, trueId: 0, falseId: 0, value: typeof d === 'number' ? d : d.getRow(0) });
      return id;
    }
    const flat: FlatNode = { leaf: false, feature: node.splitColumn!, threshold: node.splitValue!, trueId: 0, falseId: 0, value: 0 };
    nodes.push(flat);
    flat.trueId = visit(node.left);
    flat.falseId = visit(node.right);
    return id;
  };
  visit(root);
  return nodes;
}

export const algorithmOf = (name: string): name is TrainingAlgorithm => name === 'logistic-regression' || name === 'cart';
