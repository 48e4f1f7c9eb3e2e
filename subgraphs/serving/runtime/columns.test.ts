// Named columns → the model's [N, 1] tensors; every problem names its column (issue #15).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Signature } from '../../../domain/models/signature.js';
import { isInferenceError } from './errors.js';
import { namedInputs } from './columns.js';

const signature: Signature = {
  inputs: [
    { name: 'age', dtype: 'float32', shape: ['N', 1] },
    { name: 'job', dtype: 'string', shape: ['N', 1] },
  ],
  outputs: [{ name: 'label', dtype: 'int64', shape: ['N'] }],
};

const problems = (inputs: Record<string, unknown>, sig = signature): string[] => {
  try {
    namedInputs(sig, inputs);
  } catch (error) {
    assert.ok(isInferenceError(error, 'INVALID_ARGUMENT'));
    return error.details;
  }
  assert.fail('accepted');
};

test('columns become [rows, 1] tensors; null is a missing value (NaN, empty string); a scalar is one row', () => {
  assert.deepEqual(namedInputs(signature, { age: [35, null], job: ['clerk', null] }), {
    age: { dtype: 'float32', shape: [2, 1], data: [35, Number.NaN] },
    job: { dtype: 'string', shape: [2, 1], data: ['clerk', ''] },
  });
  assert.deepEqual(namedInputs(signature, { age: 41, job: 'engineer' }), {
    age: { dtype: 'float32', shape: [1, 1], data: [41] },
    job: { dtype: 'string', shape: [1, 1], data: ['engineer'] },
  });
});

test('the tensor form passes unchanged', () => {
  const tensors = {
    age: { dtype: 'float32', shape: [1, 1], data: [1] },
    job: { dtype: 'string', shape: [1, 1], data: ['a'] },
  };
  assert.equal(namedInputs(signature, tensors), tensors);
});

test('missing, unknown, wrong type and wrong length are each named', () => {
  assert.deepEqual(problems({ age: [1, 2] }), [
    'column "job": missing; the model takes "age" (number), "job" (text), one value per row',
  ]);
  assert.deepEqual(problems({ age: [1], job: ['a'], salary: [3] }), [
    'column "salary": unknown column; the model takes "age" (number), "job" (text)',
  ]);
  assert.deepEqual(problems({ age: [1, 'old'], job: [3, 'b'] }), [
    'column "age": row 2 must be a number (null for a missing value), got "old"',
    'column "job": row 1 must be a string (null for a missing value), got 3',
  ]);
  assert.deepEqual(problems({ age: [1, 2], job: ['a', 'b', 'c'] }), [
    'column "job": 3 value(s), but "age" has 2: give one value per row in every column',
  ]);
  assert.deepEqual(problems({ age: [], job: [] }), [
    'column "age": no values; give one per row',
    'column "job": no values; give one per row',
  ]);
});

test('a positional input is not a column', () => {
  const positional: Signature = { inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 4] }], outputs: [] };
  assert.deepEqual(problems({ x: [1, 2, 3, 4] }, positional), [
    'input "x": takes a tensor {dtype, shape, data} of shape [-1,4], not a column of values',
  ]);
});
