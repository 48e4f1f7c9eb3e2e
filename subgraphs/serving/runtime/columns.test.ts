// Named columns → the model's [N, 1] tensors; every problem names its column (issue #15).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Signature } from '../../../domain/models/signature.js';
import { isInferenceError, type InferenceError } from './errors.js';
import { namedInputs } from './columns.js';

const signature: Signature = {
  inputs: [
    { name: 'age', dtype: 'float32', shape: ['N', 1] },
    { name: 'job', dtype: 'string', shape: ['N', 1] },
  ],
  outputs: [{ name: 'label', dtype: 'int64', shape: ['N'] }],
};

const refusal = (inputs: Record<string, unknown>, sig = signature): InferenceError => {
  try {
    namedInputs(sig, inputs);
  } catch (error) {
    assert.ok(isInferenceError(error, 'INVALID_ARGUMENT'));
    return error;
  }
  assert.fail('accepted');
};
const problems = (inputs: Record<string, unknown>, sig = signature): string[] => refusal(inputs, sig).details;

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
  assert.deepEqual(problems({ age: [1, 2] }), ['column "job": missing']);
  assert.deepEqual(problems({ age: [1], job: ['a'], salary: [3] }), ['column "salary": unknown column']);
  // What the model takes is said once, after the problems.
  assert.equal(
    refusal({ age: [1], salary: [3] }).message,
    'column "salary": unknown column; column "job": missing. The model takes "age" (number), "job" (text), one value per row',
  );
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

test('200,000 unknown columns: one small refusal, not a problem per column (issue #15: an 82.9 MB error)', () => {
  const inputs: Record<string, unknown> = { age: [1], job: ['a'] };
  for (let i = 0; i < 200_000; i++) inputs[`unknown_column_${i}`] = [1];
  const error = refusal(inputs);
  assert.equal(
    error.message,
    'the request names 200002 columns, but the model takes 2 ("age", "job"): send only the model\'s columns',
  );
  assert.deepEqual(error.details, [error.message]);
  // Up to the model's count + 100 the columns are looked at, and at most 10 problems are listed.
  const some: Record<string, unknown> = { age: [1], job: ['a'] };
  for (let i = 0; i < 100; i++) some[`u${i}`] = [1];
  const listed = refusal(some);
  assert.equal(listed.details.length, 11);
  assert.equal(listed.details[10], 'and 90 more problems');
  assert.equal(listed.message.match(/The model takes/g)?.length, 1);
  assert.ok(listed.message.length < 1000, listed.message);
});

test('an echoed name is cut to 64 characters, saying how long it was', () => {
  const long = 'x'.repeat(100_000);
  assert.deepEqual(problems({ age: [1], job: ['a'], [long]: [1] }), [
    `column "${'x'.repeat(64)}"… (100000 characters): unknown column`,
  ]);
});
