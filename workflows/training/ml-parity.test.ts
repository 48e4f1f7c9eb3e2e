// Exact tree export: on tables whose rows sit ON the split thresholds (ties), the ONNX model run by the real
// onnxruntime-node answers as the library does: identical labels and max |ONNX − library| ≤ 1e-5, for CART,
// random forest and gradient-boosted trees, classification and regression. The rows scored are the
// training rows plus, for every split of every tree, rows at the float32 values around its threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { argmax, predict, toOnnx, train, type Dataset, type TrainedModel } from './ml.js';
import { seededRandom } from '../../domain/random.js';
import type { TrainingAlgorithm, TrainingTask } from '../../domain/training/shared.js';

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** The float32 `steps` ulps away from float32 x (x must be a float32, not ±0 crossing). */
function ulps(x: number, steps: number): number {
  f32[0] = x;
  i32[0]! += x >= 0 ? steps : -steps;
  return f32[0]!;
}

type Column = (rand: () => number, i: number) => number;
/** Columns whose adjacent values are one or a few float32 ulps apart, so split midpoints round onto data. */
const TABLES: { name: string; columns: Column[] }[] = [
  {
    // Credit-like amounts around 1e6 (ulp 0.0625): amounts in cents collapse onto neighbouring float32 values.
    name: 'amounts near 1e6',
    columns: [(r) => 1e6 + Math.floor(r() * 40) * 0.0625, (r) => Math.floor(r() * 60) + 18, (r) => r() * 5],
  },
  {
    name: 'adjacent float32 near 1',
    columns: [(r) => ulps(1, Math.floor(r() * 30)), (r) => ulps(2.5, Math.floor(r() * 9))],
  },
  {
    name: 'negative adjacent float32',
    columns: [(r) => ulps(Math.fround(-3.7), Math.floor(r() * 25)), (r) => Math.fround(-0.1 * Math.floor(r() * 12))],
  },
  { name: 'tenths (not float32-exact)', columns: [(r) => Math.floor(r() * 50) / 10, (r) => Math.floor(r() * 7) / 10] },
  {
    name: 'tiny and huge magnitudes',
    columns: [
      (r) => ulps(Math.fround(3e-6), Math.floor(r() * 20)),
      (r) => ulps(Math.fround(7e8), Math.floor(r() * 20)),
    ],
  },
];

function table(spec: (typeof TABLES)[number], task: TrainingTask, seed: number): Dataset {
  const rand = seededRandom(seed);
  const X = Array.from({ length: 240 }, (_, i) => spec.columns.map((c) => Math.fround(c(rand, i))));
  // The label depends on each column's rank, so trees split on every column, close to neighbouring values.
  const ranks = spec.columns.map((_, j) => {
    const sorted = [...new Set(X.map((r) => r[j]!))].sort((a, b) => a - b);
    return new Map(sorted.map((v, k) => [v, k / Math.max(1, sorted.length - 1)]));
  });
  const score = X.map((row) => row.reduce((s, v, j) => s + (j % 2 ? -1 : 1) * ranks[j]!.get(v)!, 0) + 0.3 * rand());
  const cut = [...score].sort((a, b) => a - b);
  const y =
    task === 'regression'
      ? score.map((s) => Math.round(s * 1000) / 100)
      : task === 'binary'
        ? score.map((s) => (s > cut[120]! ? 1 : 0))
        : score.map((s) => (s > cut[160]! ? 2 : s > cut[80]! ? 1 : 0));
  return {
    features: spec.columns.map((_, j) => `f${j}`),
    classes: task === 'regression' ? null : task === 'binary' ? ['0', '1'] : ['a', 'b', 'c'],
    X,
    y,
  };
}

interface JsonNode {
  splitColumn?: number;
  splitValue?: number;
  left?: JsonNode;
  right?: JsonNode;
}
/** Every split (dataset column, float64 threshold) of every tree, read from the library's JSON form. */
export function splitThresholds(trained: TrainedModel): { feature: number; value: number }[] {
  const m = trained.model as {
    root?: JsonNode;
    trees?: { root: JsonNode }[];
    baseModel?: { estimators: { root: JsonNode }[]; indexes: number[][] };
  };
  const trees: { root: JsonNode; columns: number[] | null }[] = m.root
    ? [{ root: m.root, columns: null }]
    : m.trees
      ? m.trees.map((t) => ({ root: t.root, columns: null }))
      : m.baseModel!.estimators.map((e, t) => ({ root: e.root, columns: m.baseModel!.indexes[t]! }));
  const out: { feature: number; value: number }[] = [];
  const visit = (node: JsonNode | undefined, columns: number[] | null): void => {
    if (!node?.left || !node.right || node.splitValue === undefined) return;
    out.push({ feature: columns ? columns[node.splitColumn!]! : node.splitColumn!, value: node.splitValue });
    visit(node.left, columns);
    visit(node.right, columns);
  };
  for (const t of trees) visit(t.root, t.columns);
  return out;
}

/** Training rows, and each training row moved onto each threshold and its float32 neighbours. */
function probeRows(trained: TrainedModel, data: Dataset): number[][] {
  const rows = [...data.X];
  const probes = splitThresholds(trained);
  probes.forEach(({ feature, value }, p) => {
    const at = Math.fround(value);
    for (const v of [at, ulps(at, -1), ulps(at, 1)]) {
      const row = [...data.X[p % data.X.length]!];
      row[feature] = v;
      rows.push(row);
    }
  });
  return rows;
}

async function parity(trained: TrainedModel, X: number[][]): Promise<{ maxAbsDiff: number; labelsDiffer: number }> {
  const session = await ort.InferenceSession.create(toOnnx(trained), { executionProviders: ['cpu'] });
  try {
    const out = await session.run({
      x: new ort.Tensor('float32', Float32Array.from(X.flat()), [X.length, trained.features.length]),
    });
    const expected = predict(trained, X);
    const values = (trained.task === 'regression' ? out.prediction : out.probabilities)!.data as Float32Array;
    const width = expected[0]!.length;
    let maxAbsDiff = 0;
    expected.forEach((row, i) =>
      row.forEach((v, k) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(v - values[i * width + k]!)))),
    );
    let labelsDiffer = 0;
    if (trained.task !== 'regression') {
      const labels = out.label!.data as BigInt64Array;
      labelsDiffer = expected.filter((row, i) => argmax(row) !== Number(labels[i])).length;
    }
    return { maxAbsDiff, labelsDiffer };
  } finally {
    await session.release();
  }
}

const CASES: { algorithm: TrainingAlgorithm; task: TrainingTask; h: Record<string, number> }[] = [
  { algorithm: 'cart', task: 'binary', h: { maxDepth: 8, minNumSamples: 2, gainThreshold: 0 } },
  { algorithm: 'cart', task: 'multiclass', h: { maxDepth: 8, minNumSamples: 2, gainThreshold: 0 } },
  { algorithm: 'cart', task: 'regression', h: { maxDepth: 8, minNumSamples: 2, gainThreshold: 0 } },
  { algorithm: 'random-forest', task: 'binary', h: { nEstimators: 25, maxDepth: 8, minNumSamples: 2 } },
  { algorithm: 'random-forest', task: 'multiclass', h: { nEstimators: 25, maxDepth: 8, minNumSamples: 2 } },
  { algorithm: 'random-forest', task: 'regression', h: { nEstimators: 25, maxDepth: 8, minNumSamples: 2 } },
  { algorithm: 'gradient-boosted-trees', task: 'binary', h: { nEstimators: 40, maxDepth: 4, learningRate: 0.2 } },
  { algorithm: 'gradient-boosted-trees', task: 'regression', h: { nEstimators: 40, maxDepth: 4, learningRate: 0.2 } },
];

for (const [t, spec] of TABLES.entries()) {
  test(`tree export parity with ties at thresholds: ${spec.name}`, async () => {
    for (const c of CASES) {
      const data = table(spec, c.task, 1000 + t);
      const trained = train(
        data,
        data.X.map((_, i) => i),
        c.algorithm,
        c.task,
        c.h,
        7,
      );
      const X = probeRows(trained, data);
      assert.ok(X.length > data.X.length, `${c.algorithm} ${c.task}: the model has splits to probe`);
      const { maxAbsDiff, labelsDiffer } = await parity(trained, X);
      const what = `${spec.name}, ${c.algorithm} ${c.task}, ${X.length} rows`;
      assert.ok(maxAbsDiff <= 1e-5, `${what}: max |ONNX − library| = ${maxAbsDiff}`);
      assert.equal(labelsDiffer, 0, `${what}: labels differ`);
    }
  });
}

test('a split threshold between two adjacent float32 values is exported so that both go the library’s way', async () => {
  // ml-cart splits at the mean of neighbouring values and sends x < mean left: 1 and its float32 successor
  // average to a float64 that rounds (to even) back down to 1, where a rounded threshold would send 1 right.
  const next = ulps(1, 1);
  const data: Dataset = { features: ['a'], classes: ['0', '1'], X: [[1], [1], [next], [next]], y: [0, 0, 1, 1] };
  const trained = train(data, [0, 1, 2, 3], 'cart', 'binary', { minNumSamples: 1, gainThreshold: 0 });
  const [split] = splitThresholds(trained) as { value: number }[];
  assert.ok(split && split.value > 1 && split.value < next && Math.fround(split.value) === 1);
  assert.deepEqual(predict(trained, [[1], [next]]).map(argmax), [0, 1]);
  assert.deepEqual(await parity(trained, [[1], [next]]), { maxAbsDiff: 0, labelsDiffer: 0 });
});
