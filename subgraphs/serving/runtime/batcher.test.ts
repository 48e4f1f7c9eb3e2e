import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Batcher, isBatchable } from './batcher.js';
import { isInferenceError } from './errors.js';
import type { OrtTensors } from './tensors.js';

const rows = (values: number[][]): OrtTensors => ({
  x: new ort.Tensor('float32', Float32Array.from(values.flat()), [values.length, values[0]?.length ?? 0]),
});

/** A fake model: y = 2x, counting runs and the rows of each. */
function doubler(delayMs = 0): { run: (feeds: OrtTensors) => Promise<OrtTensors>; batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    run: async (feeds) => {
      const x = feeds.x as ort.Tensor;
      batches.push(x.dims[0] as number);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      return {
        y: new ort.Tensor(
          'float32',
          Float32Array.from(x.data as Float32Array, (v) => v * 2),
          x.dims,
        ),
      };
    },
  };
}

const options = { maxBatchSize: 8, maxQueueDelayMs: 5, maxQueueSize: 100, batchable: true, concurrency: 1 };

test('concurrent requests with the same trailing shape share one run; outputs go back by rows', async () => {
  const model = doubler();
  const batcher = new Batcher(model.run, options);
  const answers = await Promise.all([
    batcher.submit(rows([[1, 2]])),
    batcher.submit(
      rows([
        [3, 4],
        [5, 6],
      ]),
    ),
    batcher.submit(rows([[7, 8]])),
  ]);
  assert.deepEqual(model.batches, [4]);
  assert.deepEqual(
    answers.map((a) => Array.from((a.y as ort.Tensor).data as Float32Array)),
    [
      [2, 4],
      [6, 8, 10, 12],
      [14, 16],
    ],
  );
  assert.deepEqual(
    answers.map((a) => (a.y as ort.Tensor).dims),
    [
      [1, 2],
      [2, 2],
      [1, 2],
    ],
  );
});

test('a full batch leaves without waiting for the queue delay; different trailing shapes run apart', async () => {
  const model = doubler();
  const patient = new Batcher(model.run, { ...options, maxBatchSize: 2, maxQueueDelayMs: 10_000 });
  const started = performance.now();
  await Promise.all([patient.submit(rows([[1, 2]])), patient.submit(rows([[3, 4]]))]);
  assert.ok(performance.now() - started < 1000);
  assert.deepEqual(model.batches, [2]);
  const mixed = new Batcher(model.run, { ...options, maxQueueDelayMs: 1 });
  await Promise.all([mixed.submit(rows([[1, 2]])), mixed.submit(rows([[1, 2, 3]])), mixed.submit(rows([[3, 4]]))]);
  assert.deepEqual(model.batches.slice(1).sort(), [1, 2]);
});

test('unbatchable models run every request alone', async () => {
  const model = doubler();
  const batcher = new Batcher(model.run, { ...options, batchable: false });
  await Promise.all([batcher.submit(rows([[1]])), batcher.submit(rows([[2]])), batcher.submit(rows([[3]]))]);
  assert.deepEqual(model.batches, [1, 1, 1]);
});

test('a full queue answers OVERLOADED at once', async () => {
  const model = doubler(20);
  const batcher = new Batcher(model.run, { ...options, maxBatchSize: 1, maxQueueSize: 2 });
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => batcher.submit(rows([[1]]))));
  const overloaded = results.filter((r) => r.status === 'rejected' && isInferenceError(r.reason, 'OVERLOADED'));
  assert.equal(overloaded.length, 7); // 1 running, 2 queued
  assert.equal(results.filter((r) => r.status === 'fulfilled').length, 3);
});

test('a request past its deadline fails with TIMEOUT, queued or running', async () => {
  const model = doubler(50);
  const batcher = new Batcher(model.run, { ...options, maxBatchSize: 1 });
  const results = await Promise.allSettled([batcher.submit(rows([[1]]), 10), batcher.submit(rows([[2]]), 10)]);
  assert.ok(results.every((r) => r.status === 'rejected' && isInferenceError(r.reason, 'TIMEOUT')));
});

test('a failing run rejects every request of the batch; close rejects the queued ones', async () => {
  const batcher = new Batcher(async () => Promise.reject(new Error('boom')), options);
  await assert.rejects(batcher.submit(rows([[1]])), (e) => isInferenceError(e, 'INTERNAL') && /boom/.test(e.message));
  const slow = new Batcher(doubler(30).run, { ...options, maxBatchSize: 1 });
  const first = slow.submit(rows([[1]]));
  const queued = slow.submit(rows([[2]]));
  const { InferenceError } = await import('./errors.js');
  const queuedRejects = assert.rejects(queued, (e) => isInferenceError(e, 'NOT_FOUND'));
  slow.close(new InferenceError('NOT_FOUND', 'gone'));
  await first;
  await queuedRejects;
  await assert.rejects(slow.submit(rows([[3]])), (e) => isInferenceError(e, 'NOT_FOUND'));
});

test('isBatchable: symbolic first dimension on every input and output', () => {
  assert.equal(
    isBatchable({
      inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 4] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 1] }],
    }),
    true,
  );
  assert.equal(
    isBatchable({
      inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['N'] }],
    }),
    false,
  );
  assert.equal(
    isBatchable({
      inputs: [{ name: 'x', dtype: 'float32', shape: ['N'] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [] }],
    }),
    false,
  );
});
