import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { logisticRegressionModel } from '../../../domain/models/onnx-builder.js';
import { SessionPool, warmupFeeds } from './session-pool.js';

test('a pool of sessions is READY after warm-up, runs, and closes', async () => {
  const pool = await SessionPool.create({ model: logisticRegressionModel([1, 1, 1, 1], 0), provider: 'cpu', size: 2 });
  assert.equal(pool.state, 'READY');
  assert.equal(pool.size, 2);
  assert.deepEqual(pool.signature.inputs, [{ name: 'x', dtype: 'float32', shape: ['N', 4] }]);
  assert.equal(pool.runs, 0);
  const outs = await Promise.all(
    [0, 1, 2].map(() => pool.run({ x: new ort.Tensor('float32', new Float32Array(4), [1, 4]) })),
  );
  assert.ok(outs.every((o) => Math.abs(((o.y as ort.Tensor).data[0] as number) - 0.5) < 1e-6));
  assert.equal(pool.runs, 3);
  await pool.close();
  assert.equal(pool.state, 'CLOSED');
  await assert.rejects(pool.run({}), /closed/);
});

test('a model that cannot load, or an EP this host lacks, gives FAILED with a reason', async () => {
  const bad = await SessionPool.create({ model: Uint8Array.from([1, 2, 3]), provider: 'cpu', size: 1 });
  assert.equal(bad.state, 'FAILED');
  assert.match(bad.reason ?? '', /could not create an ONNX Runtime session with cpu/);
  const missing = await SessionPool.create({ model: '/nonexistent/model.onnx', provider: 'cpu', size: 1 });
  assert.equal(missing.state, 'FAILED');
});

test('warm-up feeds: symbolic dimensions become 1', () => {
  const feeds = warmupFeeds({ inputs: [{ name: 'a', dtype: 'int64', shape: ['batch', 3, -1] }], outputs: [] });
  assert.deepEqual(feeds.a?.dims, [1, 3, 1]);
  assert.throws(
    () => warmupFeeds({ inputs: [{ name: 'm', dtype: 'non-tensor', shape: [] }], outputs: [] }),
    /not a tensor/,
  );
});
