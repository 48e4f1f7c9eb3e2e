import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { encodeModel, identityModel, logisticRegressionModel, mlpModel } from './onnx-builder.js';

test('a logistic regression built by hand loads in ONNX Runtime and computes sigmoid(x·w + b)', async () => {
  const w = [0.5, -1, 2, 0.25];
  const session = await ort.InferenceSession.create(logisticRegressionModel(w, 0.1));
  try {
    assert.deepEqual(session.inputMetadata, [{ name: 'x', isTensor: true, type: 'float32', shape: ['N', 4] }]);
    assert.deepEqual(session.outputMetadata, [{ name: 'y', isTensor: true, type: 'float32', shape: ['N', 1] }]);
    const x = [1, 2, 3, 4, -1, 0, 0.5, 2];
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(x), [2, 4]) });
    const y = out.y as ort.Tensor;
    assert.deepEqual(y.dims, [2, 1]);
    for (let r = 0; r < 2; r++) {
      const z = w.reduce((s, wi, i) => s + wi * (x[r * 4 + i] as number), 0.1);
      assert.ok(Math.abs((y.data[r] as number) - 1 / (1 + Math.exp(-z))) < 1e-6);
    }
  } finally {
    await session.release();
  }
});

test('mlp and identity models load; attributes, int64 initializers and fixed shapes encode', async () => {
  const mlp = await ort.InferenceSession.create(mlpModel([8, 16, 3]));
  const y = (await mlp.run({ x: new ort.Tensor('float32', new Float32Array(16), [2, 8]) })).y as ort.Tensor;
  assert.deepEqual(y.dims, [2, 3]);
  await mlp.release();
  const id = await ort.InferenceSession.create(identityModel());
  assert.deepEqual(id.inputMetadata[0], { name: 'x', isTensor: true, type: 'float32', shape: [1] });
  await id.release();
  const reshape = await ort.InferenceSession.create(
    encodeModel({
      inputs: [{ name: 'a', dtype: 'float32', shape: [2, 3] }],
      outputs: [{ name: 'b', dtype: 'float32', shape: [3, 2] }],
      initializers: [{ name: 's', dtype: 'int64', dims: [2], values: [3, 2] }],
      nodes: [
        { op: 'Reshape', inputs: ['a', 's'], outputs: ['r'] },
        { op: 'LeakyRelu', inputs: ['r'], outputs: ['b'], attributes: [{ name: 'alpha', float: 0.5 }] },
      ],
    }),
  );
  const b = (await reshape.run({ a: new ort.Tensor('float32', Float32Array.from([1, -2, 3, -4, 5, -6]), [2, 3]) }))
    .b as ort.Tensor;
  assert.deepEqual(b.dims, [3, 2]);
  assert.deepEqual(Array.from(b.data as Float32Array), [1, -1, 3, -2, 5, -3]);
  await reshape.release();
});
