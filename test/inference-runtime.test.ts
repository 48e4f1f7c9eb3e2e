// The inference runtime end to end on a real ONNX model built in the test (a logistic regression with
// known weights): deployment status and EP fallback, predictions against a hand computation, input
// validation, overload under a flood, dynamic batching, canary picks, undeploy, metrics.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel, logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { InferenceRuntime, pickDeployment } from '../subgraphs/serving/runtime/runtime.js';
import { discoverProviders, type ProviderDiscovery } from '../subgraphs/serving/runtime/providers.js';
import { isInferenceError } from '../subgraphs/serving/runtime/errors.js';
import type { JsonTensors } from '../subgraphs/serving/runtime/tensors.js';

const W = [0.5, -1, 2, 0.25];
const B = 0.1;
const expected = (row: number[]): number =>
  1 / (1 + Math.exp(-(row.reduce((s, x, i) => s + x * (W[i] as number), 0) + B)));
const xTensor = (rows: number[][]): JsonTensors => ({
  x: { dtype: 'float32', shape: [rows.length, 4], data: rows.flat() },
});
const randomRow = (): number[] => Array.from({ length: 4 }, () => Math.round((Math.random() * 4 - 2) * 1000) / 1000);

let dir: string;
let modelPath: string;
let host: ProviderDiscovery;
let runtime: InferenceRuntime;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plinth-inference-'));
  modelPath = join(dir, 'logreg.onnx');
  await writeFile(modelPath, logisticRegressionModel(W, B));
  host = await discoverProviders();
  runtime = new InferenceRuntime({ providers: host });
});

after(async () => {
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
});

test('deploy: READY on the best EP the host has, recording the fallback to cpu and its reason', async () => {
  const status = await runtime.deploy({
    deploymentId: 'lr',
    modelPath,
    requestedProviders: ['tensorrt', 'cuda'],
    poolSize: 2,
  });
  assert.equal(status.state, 'READY', status.error ?? '');
  assert.equal(status.error, null);
  assert.equal(status.batched, true);
  if (host.available.includes('tensorrt'))
    assert.deepEqual([status.provider, status.fallbackReason], ['tensorrt', null]);
  else if (host.available.includes('cuda')) assert.equal(status.provider, 'cuda');
  else {
    assert.equal(status.provider, 'cpu');
    assert.match(status.fallbackReason ?? '', /^tensorrt.*cuda.* not available on this host .*; using cpu$/);
  }
  assert.deepEqual(status.signature.inputs, [{ name: 'x', dtype: 'float32', shape: ['N', 4] }]);
  const cpu = await runtime.deploy({ deploymentId: 'lr-cpu', modelPath, requestedProviders: ['cpu'] });
  assert.deepEqual([cpu.provider, cpu.fallbackReason], ['cpu', null]);
});

test('predictions equal sigmoid(w·x + b) to 1e-5', async () => {
  const rows = Array.from({ length: 7 }, randomRow);
  const out = await runtime.predict('lr', xTensor(rows));
  assert.deepEqual(Object.keys(out), ['y']);
  assert.equal(out.y?.dtype, 'float32');
  assert.deepEqual(out.y?.shape, [7, 1]);
  rows.forEach((row, i) => assert.ok(Math.abs((out.y?.data[i] as number) - expected(row)) < 1e-5, `row ${i}`));
});

test('infer answers the outputs with the latency it measured and the provider that ran them', async () => {
  const rows = [randomRow(), randomRow()];
  const before = performance.now();
  const inference = await runtime.infer('lr', xTensor(rows));
  const wall = performance.now() - before;
  assert.deepEqual(inference.outputs, await runtime.predict('lr', xTensor(rows)));
  // Measured inside the call: positive, and no longer than the caller waited for it.
  assert.ok(inference.latencyMs > 0 && inference.latencyMs <= wall, `${inference.latencyMs} ms of ${wall} ms`);
  const status = runtime.status('lr')!;
  assert.deepEqual([inference.provider, inference.fallbackReason], [status.provider, status.fallbackReason]);
  const cpu = await runtime.infer('lr-cpu', xTensor(rows));
  assert.deepEqual([cpu.provider, cpu.fallbackReason], ['cpu', null]);
});

test('wrong dtype, wrong shape and too many elements are INVALID_ARGUMENT naming the input', async () => {
  const cases: [JsonTensors, RegExp][] = [
    [{ x: { dtype: 'int64', shape: [1, 4], data: [1, 2, 3, 4] } }, /input "x": expected dtype float32, got int64/],
    [
      { x: { dtype: 'float32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } },
      /input "x": expected shape \[-1,4\], got \[2,3\]/,
    ],
    [
      { x: { dtype: 'float32', shape: [250_001, 4], data: new Float32Array(1_000_004) as unknown as number[] } },
      /input "x": 1000004 elements exceed the limit of 1000000/,
    ],
    [
      { z: { dtype: 'float32', shape: [1], data: [1] } },
      /input "z": unknown input.*input "x": required input is missing/,
    ],
  ];
  for (const [inputs, message] of cases)
    await assert.rejects(
      runtime.predict('lr', inputs),
      (e) => isInferenceError(e, 'INVALID_ARGUMENT') && message.test(e.message),
      String(message),
    );
});

test('a flood on a tiny queue gets fast OVERLOADED answers and memory stays flat', async () => {
  await runtime.deploy({
    deploymentId: 'flood',
    modelPath,
    batching: { maxQueueSize: 4, maxBatchSize: 4, maxQueueDelayMs: 1 },
  });
  const row = xTensor([[1, 2, 3, 4]]);
  const flood = async (): Promise<{ overloaded: number[]; ok: number }> => {
    const overloaded: number[] = [];
    let ok = 0;
    await Promise.all(
      Array.from({ length: 200 }, async () => {
        const started = performance.now();
        try {
          await runtime.predict('flood', row);
          ok++;
        } catch (error) {
          assert.ok(isInferenceError(error, 'OVERLOADED'), String(error));
          overloaded.push(performance.now() - started);
        }
      }),
    );
    return { overloaded, ok };
  };
  await flood(); // warm-up: one-time allocations
  const before = process.memoryUsage().rss;
  let slowest = 0;
  for (let round = 0; round < 25; round++) {
    const { overloaded, ok } = await flood();
    assert.ok(overloaded.length >= 190, `round ${round}: ${overloaded.length} overloaded, ${ok} answered`);
    assert.ok(ok >= 1 && ok <= 10);
    slowest = Math.max(slowest, ...overloaded);
  }
  const growth = (process.memoryUsage().rss - before) / 2 ** 20;
  // Refused at once, not after waiting for room: a bound far below any queue wait or timeout, and far above
  // what a loaded 2-core CI machine adds to a promise's turn (133 ms was seen with other suites running).
  assert.ok(slowest < 1_000, `slowest OVERLOADED answer took ${slowest.toFixed(1)} ms`);
  assert.ok(growth < 40, `RSS grew ${growth.toFixed(1)} MiB over 5,000 requests`);
  assert.ok((runtime.metrics.snapshot('flood')?.errors.OVERLOADED ?? 0) >= 190 * 25);
});

test('concurrent requests are batched: fewer session runs than requests, each answer its own', async () => {
  await runtime.deploy({
    deploymentId: 'batched',
    modelPath,
    batching: { maxBatchSize: 32, maxQueueDelayMs: 5, maxQueueSize: 1000 },
  });
  const runsBefore = runtime.runs('batched');
  const rows = Array.from({ length: 100 }, () => Array.from({ length: 1 + Math.floor(Math.random() * 3) }, randomRow));
  const outs = await Promise.all(rows.map((r) => runtime.predict('batched', xTensor(r))));
  const runs = runtime.runs('batched') - runsBefore;
  assert.ok(runs < 100 / 2, `${runs} session runs for 100 requests`);
  outs.forEach((out, i) => {
    const mine = rows[i] as number[][];
    assert.deepEqual(out.y?.shape, [mine.length, 1]);
    mine.forEach((row, j) => assert.ok(Math.abs((out.y?.data[j] as number) - expected(row)) < 1e-5));
  });
  assert.match(runtime.metricsText(), /plinth_inference_batch_requests_count\{deployment="batched"\} \d+/);
});

test('a model without a batch dimension runs every request alone', async () => {
  const fixedPath = join(dir, 'fixed.onnx');
  await writeFile(
    fixedPath,
    encodeModel({
      inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [1, 4] }],
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
    }),
  );
  const status = await runtime.deploy({
    deploymentId: 'fixed',
    modelPath: fixedPath,
    batching: { maxBatchSize: 16, maxQueueDelayMs: 5 },
  });
  assert.equal(status.batched, false);
  const outs = await Promise.all(
    Array.from({ length: 10 }, (_, i) => runtime.predict('fixed', xTensor([[i, -i, i, -i]]))),
  );
  assert.equal(runtime.runs('fixed'), 10);
  assert.deepEqual(outs[3]?.y?.data, [3, 0, 3, 0]);
});

test('a 90/10 canary split over 1,000 picks lands within ±3%', () => {
  const routes = [
    { deploymentId: 'lr', weight: 90 },
    { deploymentId: 'lr-cpu', weight: 10 },
  ];
  let seed = 20240601; // a seeded generator (mulberry32), so that the test cannot flake
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let canary = 0;
  for (let i = 0; i < 1000; i++) if (pickDeployment(routes, undefined, random) === 'lr-cpu') canary++;
  assert.ok(Math.abs(canary - 100) <= 30, `${canary} of 1000 went to the canary`);
  const sticky = pickDeployment(routes, 'user-42');
  for (let i = 0; i < 20; i++) assert.equal(pickDeployment(routes, 'user-42'), sticky);
});

test('FAILED deployments keep their reason; signature mismatches fail too', async () => {
  const missing = await runtime.deploy({ deploymentId: 'broken', modelPath: join(dir, 'absent.onnx') });
  assert.equal(missing.state, 'FAILED');
  assert.match(missing.error ?? '', /could not create an ONNX Runtime session/);
  await assert.rejects(runtime.predict('broken', xTensor([[1, 2, 3, 4]])), (e) => isInferenceError(e, 'UNAVAILABLE'));
  const mismatch = await runtime.deploy({
    deploymentId: 'mismatch',
    modelPath,
    signature: {
      inputs: [{ name: 'features', dtype: 'float32', shape: ['N', 4] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 1] }],
    },
  });
  assert.equal(mismatch.state, 'FAILED');
  assert.match(mismatch.error ?? '', /input "features" is registered but not in the model file/);
});

test('undeploy, then predict: NOT_FOUND; unknown deployments too', async () => {
  await runtime.deploy({ deploymentId: 'gone', modelPath, batching: { maxQueueDelayMs: 50, maxBatchSize: 64 } });
  const queued = runtime.predict('gone', xTensor([[1, 1, 1, 1]]));
  const queuedFails = assert.rejects(queued, (e) => isInferenceError(e, 'NOT_FOUND'));
  assert.equal(await runtime.undeploy('gone'), true);
  await queuedFails;
  assert.equal(runtime.status('gone'), null);
  await assert.rejects(runtime.predict('gone', xTensor([[1, 1, 1, 1]])), (e) => isInferenceError(e, 'NOT_FOUND'));
  await assert.rejects(runtime.predict('never', xTensor([[1, 1, 1, 1]])), (e) => isInferenceError(e, 'NOT_FOUND'));
  assert.equal(await runtime.undeploy('gone'), false);
  assert.doesNotMatch(runtime.metricsText(), /deployment="gone"/);
});
