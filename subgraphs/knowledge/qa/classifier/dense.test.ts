// The dense softmax head on its own: learns separable vectors, is deterministic, survives a save and load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DenseSoftmax, loadDense, saveDense } from './dense.js';

const LABELS = ['A', 'B', 'C'] as const;
// Three clusters around the axes of a 4-dimensional space, a little noise from a fixed sequence.
const samples = Array.from({ length: 60 }, (_, i) => {
  const k = i % 3;
  const x = Float32Array.from([0, 0, 0, 0], (_, d) => (d === k ? 1 : 0) + (((i * 7 + d * 3) % 11) - 5) / 40);
  return { x, label: LABELS[k]! };
});

test('learns separable clusters and gives calibrated-looking probabilities', () => {
  const m = new DenseSoftmax(LABELS).train(samples);
  for (const [k, label] of LABELS.entries()) {
    const p = m.probabilities(Float32Array.from([0, 0, 0, 0], (_, d) => (d === k ? 1 : 0)));
    assert.equal(LABELS[p.indexOf(Math.max(...p))], label);
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  }
});

test('the same samples give the same model; a saved model loads to the same probabilities', () => {
  const a = new DenseSoftmax(LABELS).train(samples);
  const b = new DenseSoftmax(LABELS).train(samples);
  const x = Float32Array.from([0.3, 0.5, 0.1, 0.2]);
  assert.deepEqual(a.probabilities(x), b.probabilities(x));
  const restored = loadDense(LABELS, JSON.parse(JSON.stringify(saveDense(a))));
  assert.deepEqual(restored.probabilities(x), a.probabilities(x));
});

test('a saved model of other labels or a vector of the wrong size is refused, naming the problem', () => {
  const state = saveDense(new DenseSoftmax(LABELS).train(samples));
  assert.throws(() => loadDense(['A', 'B'], state), /labels A,B,C, expected A,B/);
  assert.throws(() => loadDense(LABELS, { ...state, weights: state.weights.slice(1) }), /wrong number of weights/);
  assert.throws(() => loadDense(LABELS, state).probabilities(new Float32Array(3)), /3 dimensions, expected 4/);
});
