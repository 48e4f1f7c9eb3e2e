// The curves a training run keeps for the portal's charts: a ROC curve of at most 101 points that agrees
// with rocAuc, and at most 500 residual samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { residualSamples, rocAuc, rocCurve } from './ml.js';
import { seededRandom } from '../../domain/random.js';

/** Trapezoid area under the points, in order. */
const area = (points: { fpr: number; tpr: number }[]) =>
  points.slice(1).reduce((s, p, i) => s + ((p.fpr - points[i]!.fpr) * (p.tpr + points[i]!.tpr)) / 2, 0);

test('a small ROC curve keeps every threshold, runs from (0,0) to (1,1) and its area is rocAuc', () => {
  const scores = [0.9, 0.8, 0.8, 0.6, 0.4, 0.3, 0.2, 0.1];
  const y = [1, 1, 0, 1, 0, 1, 0, 0];
  const curve = rocCurve(scores, y);
  // The corner, then one point per distinct score (0.8 is tied: one point for both rows).
  assert.equal(curve.length, 1 + 7);
  assert.deepEqual(curve[0], { fpr: 0, tpr: 0, threshold: null });
  assert.deepEqual(curve.at(-1), { fpr: 1, tpr: 1, threshold: 0.1 });
  assert.deepEqual(curve[2], { fpr: 0.25, tpr: 0.5, threshold: 0.8 });
  assert.ok(Math.abs(area(curve) - rocAuc(scores, y)) < 1e-12);
  for (let i = 1; i < curve.length; i++) {
    assert.ok(curve[i]!.fpr >= curve[i - 1]!.fpr && curve[i]!.tpr >= curve[i - 1]!.tpr, 'monotone');
  }
});

test('a large test split is thinned to 101 points, both corners kept, the area close to rocAuc', () => {
  const rand = seededRandom(5);
  const y = Array.from({ length: 5000 }, () => (rand() < 0.3 ? 1 : 0));
  const scores = y.map((v) => Math.min(1, Math.max(0, 0.35 * v + 0.65 * rand())));
  const curve = rocCurve(scores, y);
  assert.equal(curve.length, 101);
  assert.deepEqual([curve[0]!.fpr, curve[0]!.tpr], [0, 0]);
  assert.deepEqual([curve.at(-1)!.fpr, curve.at(-1)!.tpr], [1, 1]);
  assert.ok(Math.abs(area(curve) - rocAuc(scores, y)) < 0.01, `${area(curve)} vs ${rocAuc(scores, y)}`);
  assert.equal(rocCurve(scores, y, 11).length, 11);
});

test('one class only: no curve (no rate can be computed)', () => {
  assert.deepEqual(rocCurve([0.2, 0.7], [1, 1]), []);
  assert.deepEqual(rocCurve([0.2, 0.7], [0, 0]), []);
});

test('residual samples: every row when few, 500 evenly spaced rows when many, residual = actual − predicted', () => {
  const few = residualSamples([1, 2.5], [1.5, 2]);
  assert.deepEqual(few, [
    { predicted: 1, actual: 1.5, residual: 0.5 },
    { predicted: 2.5, actual: 2, residual: -0.5 },
  ]);
  const n = 2001;
  const predicted = Array.from({ length: n }, (_, i) => i);
  const actual = predicted.map((p) => p + 1);
  const many = residualSamples(predicted, actual);
  assert.equal(many.length, 500);
  assert.equal(many[0]!.predicted, 0);
  assert.equal(many.at(-1)!.predicted, n - 1);
  assert.ok(many.every((s) => s.residual === 1));
  assert.equal(new Set(many.map((s) => s.predicted)).size, 500, 'no row twice');
});
