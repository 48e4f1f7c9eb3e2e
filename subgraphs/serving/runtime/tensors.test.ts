import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { concatRows, fromOrt, splitRows, toOrt, zeros } from './tensors.js';

test('JSON tensors round-trip through ort tensors for every kind of element', () => {
  const cases = [
    { dtype: 'float32', shape: [2, 2], data: [0.5, -1, 2, 3] },
    { dtype: 'float64', shape: [1], data: [Math.PI] },
    { dtype: 'int64', shape: [3], data: [1, -2, 2 ** 40] },
    { dtype: 'int32', shape: [2], data: [7, -7] },
    { dtype: 'uint8', shape: [2], data: [0, 255] },
    { dtype: 'bool', shape: [3], data: [true, false, true] },
    { dtype: 'string', shape: [2], data: ['变压器', 'b'] },
  ];
  for (const c of cases) assert.deepEqual(fromOrt(toOrt(c)), c, c.dtype);
});

test('concatRows then splitRows gives the parts back', () => {
  const a = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4]), [2, 2]);
  const b = new ort.Tensor('float32', Float32Array.from([5, 6]), [1, 2]);
  const joined = concatRows([a, b]);
  assert.deepEqual(joined.dims, [3, 2]);
  assert.deepEqual(Array.from(joined.data as Float32Array), [1, 2, 3, 4, 5, 6]);
  const [pa, pb] = splitRows(joined, [2, 1]);
  assert.deepEqual(pa?.dims, [2, 2]);
  assert.deepEqual(Array.from(pb?.data as Float32Array), [5, 6]);
  const s = concatRows([new ort.Tensor('string', ['a'], [1]), new ort.Tensor('string', ['b', 'c'], [2])]);
  assert.deepEqual(s.data, ['a', 'b', 'c']);
  assert.throws(() => splitRows(joined, [1, 1]), /cannot split 3 rows into 2/);
});

test('zeros', () => {
  assert.deepEqual(fromOrt(zeros('int64', [2])), { dtype: 'int64', shape: [2], data: [0, 0] });
  assert.deepEqual(fromOrt(zeros('string', [1])).data, ['']);
  assert.deepEqual(fromOrt(zeros('bool', [1])).data, [false]);
});
