import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Signature } from '../../../domain/models/signature.js';
import { validateInputs } from './validate.js';

const sig: Signature = {
  inputs: [
    { name: 'x', dtype: 'float32', shape: ['N', 4] },
    { name: 'ids', dtype: 'int64', shape: [-1] },
    { name: 'flag', dtype: 'bool', shape: [] },
  ],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 1] }],
};
const good = {
  x: { dtype: 'float32', shape: [2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8] },
  ids: { dtype: 'int64', shape: [3], data: [1, 2, 3] },
  flag: { dtype: 'bool', shape: [], data: [true] },
};

test('inputs that fit the signature pass', () => {
  assert.deepEqual(validateInputs(sig, good), []);
});

test('unknown and missing inputs are named', () => {
  const { ids: _ids, ...rest } = good;
  assert.deepEqual(validateInputs(sig, { ...rest, z: { dtype: 'float32', shape: [1], data: [1] } }), [
    'input "z": unknown input; the model takes "x", "ids", "flag"',
    'input "ids": required input is missing (dtype int64, shape [-1])',
  ]);
});

test('dtype, rank and fixed dimensions', () => {
  assert.deepEqual(validateInputs(sig, { ...good, x: { dtype: 'int64', shape: [2, 4], data: good.x.data } }), [
    'input "x": expected dtype float32, got int64',
  ]);
  assert.deepEqual(validateInputs(sig, { ...good, x: { dtype: 'float32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } }), [
    'input "x": expected shape [-1,4], got [2,3]',
  ]);
  assert.deepEqual(validateInputs(sig, { ...good, x: { dtype: 'float32', shape: [8], data: good.x.data } }), [
    'input "x": expected shape [-1,4], got [8]',
  ]);
  assert.deepEqual(validateInputs(sig, { ...good, x: { dtype: 'float32', shape: [2, -4], data: [] } }), [
    'input "x": shape must be a list of non-negative integers',
  ]);
});

test('data length and element values', () => {
  assert.deepEqual(validateInputs(sig, { ...good, x: { dtype: 'float32', shape: [2, 4], data: [1, 2, 3] } }), [
    'input "x": shape [2,4] holds 8 elements, data has 3',
  ]);
  assert.deepEqual(validateInputs(sig, { ...good, ids: { dtype: 'int64', shape: [3], data: [1, 2.5, 3] } }), [
    `input "ids": element 1 must be an integer in int64 range [${Number.MIN_SAFE_INTEGER}, ${Number.MAX_SAFE_INTEGER}], got 2.5`,
  ]);
  assert.deepEqual(validateInputs(sig, { ...good, x: { dtype: 'float32', shape: [1, 4], data: [1, '2', 3, 4] } }), [
    'input "x": element 1 must be a number, or one of "NaN", "Infinity", "-Infinity", got "2"',
  ]);
  // JSON's spelling of non-finite floats is accepted for float inputs only.
  assert.deepEqual(
    validateInputs(sig, { ...good, x: { dtype: 'float32', shape: [1, 4], data: ['NaN', 'Infinity', '-Infinity', 4] } }),
    [],
  );
  assert.deepEqual(validateInputs(sig, { ...good, ids: { dtype: 'int64', shape: [3], data: [1, 'NaN', 3] } }), [
    'input "ids": element 1 must be a number',
  ]);
  assert.deepEqual(validateInputs(sig, { ...good, flag: { dtype: 'bool', shape: [], data: ['yes'] } }), [
    'input "flag": element 0 must be a boolean',
  ]);
});

test('a request over the element limit is refused, naming the input', () => {
  const problems = validateInputs(
    sig,
    { ...good, x: { dtype: 'float32', shape: [300, 4], data: new Array(1200).fill(0) } },
    { maxElements: 1000 },
  );
  assert.deepEqual(problems, ['input "x": 1200 elements (1204 over all inputs) exceed the limit of 1000 per request']);
});

test('inputs that are not an object', () => {
  assert.deepEqual(validateInputs(sig, null as never), ['inputs must be an object of named tensors']);
});
