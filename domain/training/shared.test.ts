import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ONNX_TOLERANCE, onnxDeviation } from './shared.js';

test('probabilities are compared absolutely; predictions above 1 by their magnitude (float32 leaves)', () => {
  const probabilities = onnxDeviation(
    [
      [0.25, 0.75],
      [0.9, 0.1],
    ],
    Float32Array.from([0.25, 0.75, 0.9, 0.1]),
  );
  assert.ok(probabilities.maxAbsDiff > 0 && probabilities.maxAbsDiff < 1e-7);
  assert.equal(probabilities.maxScaledDiff, probabilities.maxAbsDiff);
  assert.ok(onnxDeviation([[0.5]], [0.5002]).maxScaledDiff > ONNX_TOLERANCE, 'a probability off by 2e-4 fails');

  // A loan amount near 6,000 as a float32 leaf: off by ~2e-4 absolutely, ~4e-8 of itself.
  const loan = 5987.123456789;
  const big = onnxDeviation([[loan]], Float32Array.from([loan]));
  assert.ok(big.maxAbsDiff > ONNX_TOLERANCE, `${big.maxAbsDiff}`);
  assert.ok(big.maxScaledDiff <= ONNX_TOLERANCE, `${big.maxScaledDiff}`);
  assert.ok(onnxDeviation([[loan]], [loan * (1 + 1e-4)]).maxScaledDiff > ONNX_TOLERANCE, 'a real mismatch still fails');
});

test('a missing output (NaN) fails the comparison', () => {
  const { maxAbsDiff, maxScaledDiff } = onnxDeviation([[1], [2]], [Number.NaN, 2]);
  assert.ok(!(maxAbsDiff <= ONNX_TOLERANCE) && !(maxScaledDiff <= ONNX_TOLERANCE));
});
