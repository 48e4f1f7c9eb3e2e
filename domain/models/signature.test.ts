import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  aliasProblem,
  artifactRelativePath,
  inputSignatureDifferences,
  parseMetrics,
  parseSpecs,
  signatureOf,
  tensorSpec,
} from './signature.js';

test('tensorSpec keeps numbers and symbolic names as ONNX Runtime reports them', () => {
  assert.deepEqual(tensorSpec({ name: 'x', isTensor: true, type: 'float32', shape: ['batch', 3, 48, 'width'] }), {
    name: 'x',
    dtype: 'float32',
    shape: ['batch', 3, 48, 'width'],
  });
  assert.deepEqual(tensorSpec({ name: 'm', isTensor: false }), { name: 'm', dtype: 'non-tensor', shape: [] });
  assert.deepEqual(tensorSpec({ name: 's', isTensor: true, type: 'int64', shape: [] }), {
    name: 's',
    dtype: 'int64',
    shape: [],
  });
});

test('signatureOf maps inputs and outputs in order', () => {
  const sig = signatureOf({
    inputMetadata: [
      { name: 'a', isTensor: true, type: 'float32', shape: [1, 2] },
      { name: 'b', isTensor: true, type: 'int64', shape: ['n'] },
    ],
    outputMetadata: [{ name: 'y', isTensor: true, type: 'float32', shape: ['n', 10] }],
  });
  assert.deepEqual(
    sig.inputs.map((i) => i.name),
    ['a', 'b'],
  );
  assert.deepEqual(sig.outputs, [{ name: 'y', dtype: 'float32', shape: ['n', 10] }]);
});

test('parseSpecs round-trips the stored JSON and tolerates absent values', () => {
  const specs = [{ name: 'x', dtype: 'float32', shape: ['p2o.DynamicDimension.0', 3, 48] }];
  assert.deepEqual(parseSpecs(JSON.stringify(specs)), specs);
  assert.deepEqual(parseSpecs(null), []);
  assert.deepEqual(parseSpecs(''), []);
  assert.deepEqual(parseSpecs('{"not":"a list"}'), []);
});

test('aliases: lowercase letter first, then up to 31 of [a-z0-9-]', () => {
  for (const ok of ['champion', 'challenger', 'prod-2024', 'a', `a${'b'.repeat(31)}`])
    assert.equal(aliasProblem(ok), null, ok);
  for (const bad of ['', 'Champion', '1st', '-x', 'has space', 'under_score', `a${'b'.repeat(32)}`, 'ünï'])
    assert.match(aliasProblem(bad) ?? '', /must match/, bad);
});

test('metrics must be a JSON object', () => {
  assert.deepEqual(parseMetrics(undefined), {});
  assert.deepEqual(parseMetrics(' '), {});
  assert.deepEqual(parseMetrics('{"accuracy":0.93}'), { accuracy: 0.93 });
  assert.throws(() => parseMetrics('[1,2]'), /JSON object/);
  assert.throws(() => parseMetrics('{oops'), /not valid JSON/);
});

test('artifact paths are content-addressed by sha256', () => {
  const digest = 'ab'.padEnd(64, '0');
  assert.equal(artifactRelativePath(digest), `sha256/ab/${digest}.onnx`);
  assert.throws(() => artifactRelativePath('../../etc/passwd'), /not a sha256 digest/);
});

test('inputSignatureDifferences names each input whose name, dtype, rank or fixed size differs', () => {
  const x = (shape: (number | string)[], dtype = 'float32') => ({ name: 'x', dtype, shape });
  assert.deepEqual(inputSignatureDifferences([x(['N', 4])], [x(['N', 4])]), []);
  // A symbolic batch may be another name; an unknown shape is not compared; a wider candidate fits.
  assert.deepEqual(inputSignatureDifferences([x(['N', 4])], [x(['batch', 4])]), []);
  assert.deepEqual(inputSignatureDifferences([x(['N', 4])], [x([])]), []);
  assert.deepEqual(inputSignatureDifferences([x([1, 4])], [x(['N', 4])]), []);
  assert.deepEqual(inputSignatureDifferences([x(['N', 4])], [x(['N', 5])]), [
    "x: the service's callers send x float32[N,4], the version takes x float32[N,5]",
  ]);
  // Fixing a size the service leaves open refuses callers that send another one.
  assert.equal(inputSignatureDifferences([x(['N', 4])], [x([1, 4])]).length, 1);
  assert.equal(inputSignatureDifferences([x(['N', 4])], [x(['N', 4, 1])]).length, 1);
  assert.equal(inputSignatureDifferences([x(['N', 4])], [x(['N', 4], 'int64')]).length, 1);
  // Named columns in place of the tensor: the missing input and each extra one.
  const columns = [
    { name: 'industry', dtype: 'string', shape: ['N', 1] },
    { name: 'age', dtype: 'float32', shape: ['N', 1] },
  ];
  const diff = inputSignatureDifferences([x(['N', 4])], columns);
  assert.deepEqual(diff, [
    "x: the service's callers send x float32[N,4], the version takes no such input",
    "industry: the version takes industry string[N,1], which the service's callers do not send",
    "age: the version takes age float32[N,1], which the service's callers do not send",
  ]);
});
