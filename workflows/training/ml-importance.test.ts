// Coefficients and feature importance for every algorithm (issue 15: "logistic regression has no
// coefficients or importance"). On a table where y depends strongly on a, weakly on b and not on c:
// every algorithm names an importance per feature, summing to 1, a first and c last; logistic
// regression's coefficients per class reproduce the library's probabilities on the raw inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coefficients, featureImportances, predict, train, type Dataset } from './ml.js';
import { seededRandom } from '../../domain/random.js';
import type { TrainingAlgorithm, TrainingTask } from '../../domain/training/shared.js';

function table(task: TrainingTask): Dataset {
  const rand = seededRandom(99);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  // Different scales, so an importance that ignored the feature's spread would rank them wrongly.
  const X = Array.from({ length: 400 }, () => [100 + 20 * gauss(), 0.01 * gauss(), 5 * gauss()].map(Math.fround));
  const z = X.map(([a, b]) => (a! - 100) / 20 + 0.4 * (b! / 0.01) + 0.3 * gauss());
  const y =
    task === 'regression'
      ? z
      : task === 'binary'
        ? z.map((v) => (v > 0 ? 1 : 0))
        : z.map((v) => (v > 0.6 ? 2 : v > -0.6 ? 1 : 0));
  const classes = task === 'regression' ? null : task === 'binary' ? ['no', 'yes'] : ['low', 'mid', 'high'];
  return { features: ['a', 'b', 'c'], classes, X, y };
}

const ALL: [TrainingAlgorithm, TrainingTask, Record<string, number>][] = [
  ['logistic-regression', 'binary', { numSteps: 2000, learningRate: 0.005 }],
  ['logistic-regression', 'multiclass', { numSteps: 2000, learningRate: 0.005 }],
  ['cart', 'binary', {}],
  ['cart', 'multiclass', {}],
  ['cart', 'regression', {}],
  ['random-forest', 'binary', { nEstimators: 15 }],
  ['random-forest', 'multiclass', { nEstimators: 15 }],
  ['random-forest', 'regression', { nEstimators: 15 }],
  ['gradient-boosted-trees', 'binary', { nEstimators: 15 }],
  ['gradient-boosted-trees', 'regression', { nEstimators: 15 }],
];

test('every algorithm has a feature importance per feature: normalised, the signal first, the noise last', () => {
  for (const [algorithm, task, h] of ALL) {
    const data = table(task);
    const trained = train(
      data,
      data.X.map((_, i) => i),
      algorithm,
      task,
      h,
    );
    const imp = featureImportances(trained);
    const what = `${algorithm} ${task}: ${JSON.stringify(imp)}`;
    assert.deepEqual(Object.keys(imp ?? {}), ['a', 'b', 'c'], what);
    assert.ok(Math.abs(imp.a! + imp.b! + imp.c! - 1) < 1e-9, what);
    assert.ok(imp.a! > imp.c! && imp.b! > imp.c!, what);
  }
});

test('logistic regression coefficients per class and feature reproduce its probabilities on raw inputs', () => {
  for (const task of ['binary', 'multiclass'] as const) {
    const data = table(task);
    const trained = train(
      data,
      data.X.map((_, i) => i),
      'logistic-regression',
      task,
      ALL[0]![2],
    );
    const coef = coefficients(trained)!;
    assert.deepEqual(Object.keys(coef), data.classes);
    const proba = predict(trained, data.X);
    data.X.forEach((row, i) =>
      data.classes!.forEach((name, k) => {
        const { intercept, weights } = coef[name]!;
        const z = intercept + row.reduce((s, v, j) => s + weights[data.features[j]!]! * v, 0);
        assert.ok(Math.abs(1 / (1 + Math.exp(-z)) - proba[i]![k]!) < 1e-9, `${task} row ${i} class ${name}`);
      }),
    );
    // a raises the score of the top class; the noise column's weight is small next to a's (per unit spread).
    const top = coef[data.classes!.at(-1)!]!.weights;
    assert.ok(top.a! > 0 && Math.abs(top.c! * 5) < Math.abs(top.a! * 20), JSON.stringify(top));
  }
  assert.equal(coefficients(train(table('binary'), [0, 1, 2, 3, 4, 5, 6, 7], 'cart', 'binary', {})), null);
});
