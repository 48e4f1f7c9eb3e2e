// The Open Inference Protocol (KServe v2 REST) router over the runtime, served by Express on port 0:
// health, model metadata with KServe datatype names, readiness, and infer against a hand computation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { InferenceRuntime } from '../subgraphs/serving/runtime/runtime.js';
import { createOipRouter, errorResponse, handleOip, type ResolveModel } from '../subgraphs/serving/runtime/oip.js';
import { InferenceError } from '../subgraphs/serving/runtime/errors.js';

const W = [0.5, -1, 2, 0.25];
const B = 0.1;
const expected = (row: number[]): number =>
  1 / (1 + Math.exp(-(row.reduce((s, x, i) => s + x * (W[i] as number), 0) + B)));

let runtime: InferenceRuntime;
let server: Server;
let base: string;
const seen: { name: string; version?: string; auth?: string }[] = [];

/** The caller's resolver: "iris" is visible (version 3 → lr-3, no version → lr-3 reported as "3"); anything else is not. */
const resolveModel: ResolveModel = (name, version, context) => {
  seen.push({ name, version, auth: context.headers.authorization as string | undefined });
  if (name !== 'iris') return null;
  if (version === undefined) return { deploymentId: 'lr-3', version: '3' };
  if (version === '3') return 'lr-3';
  if (version === '4') return 'lr-4'; // resolvable but not deployed
  return null;
};

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

before(async () => {
  runtime = new InferenceRuntime({ providers: { available: ['cpu'], unavailable: {} } });
  const status = await runtime.deploy({
    deploymentId: 'lr-3',
    modelPath: logisticRegressionModel(W, B),
    batching: { maxQueueDelayMs: 1 },
  });
  assert.equal(status.state, 'READY');
  const app = express();
  app.use(createOipRouter(runtime, resolveModel));
  server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
});

test('health endpoints', async () => {
  assert.deepEqual(await call('GET', '/v2/health/live'), { status: 200, body: { live: true } });
  assert.deepEqual(await call('GET', '/v2/health/ready'), { status: 200, body: { ready: true } });
  const server = await call('GET', '/v2');
  assert.equal(server.status, 200);
  assert.equal(server.body.name, 'plinth');
});

test('model metadata uses KServe datatype names and -1 for dynamic dimensions', async () => {
  const meta = await call('GET', '/v2/models/iris');
  assert.equal(meta.status, 200);
  assert.deepEqual(meta.body, {
    name: 'iris',
    versions: ['3'],
    platform: 'onnxruntime',
    inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
    outputs: [{ name: 'y', datatype: 'FP32', shape: [-1, 1] }],
  });
  assert.equal((await call('GET', '/v2/models/iris/versions/3')).status, 200);
  assert.deepEqual(await call('GET', '/v2/models/iris/versions/3/ready'), {
    status: 200,
    body: { name: 'iris', ready: true },
  });
  assert.deepEqual(await call('GET', '/v2/models/secret'), {
    status: 404,
    body: { error: 'model "secret" not found' },
  });
  assert.equal((await call('GET', '/v2/models/iris/versions/4/ready')).status, 404);
});

test('infer equals sigmoid(w·x + b); id, model name and version come back', async () => {
  const rows = [
    [1, 2, 3, 4],
    [-1, 0.5, 0, 2],
    [0, 0, 0, 0],
  ];
  const answer = await call(
    'POST',
    '/v2/models/iris/versions/3/infer',
    { id: 'req-1', inputs: [{ name: 'x', shape: [3, 4], datatype: 'FP32', data: rows.flat() }] },
    { authorization: 'Bearer t' },
  );
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.equal(answer.body.model_name, 'iris');
  assert.equal(answer.body.model_version, '3');
  assert.equal(answer.body.id, 'req-1');
  const [y] = answer.body.outputs as { name: string; shape: number[]; datatype: string; data: number[] }[];
  assert.deepEqual([y?.name, y?.shape, y?.datatype], ['y', [3, 1], 'FP32']);
  rows.forEach((row, i) => assert.ok(Math.abs((y?.data[i] as number) - expected(row)) < 1e-5));
  assert.deepEqual(seen.at(-1), { name: 'iris', version: '3', auth: 'Bearer t' });
  // nested data, no id, requested outputs
  const nested = await call('POST', '/v2/models/iris/infer', {
    inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [[1, 2, 3, 4]] }],
    outputs: [{ name: 'y' }],
  });
  assert.equal(nested.status, 200);
  assert.equal(typeof nested.body.id, 'string');
  assert.ok(
    Math.abs(((nested.body.outputs as { data: number[] }[])[0]?.data[0] as number) - expected([1, 2, 3, 4])) < 1e-5,
  );
});

test('client errors: 400 naming the input, 404 for absent models, bad JSON, binary extension', async () => {
  const wrongType = await call('POST', '/v2/models/iris/infer', {
    inputs: [{ name: 'x', shape: [1, 4], datatype: 'INT64', data: [1, 2, 3, 4] }],
  });
  assert.deepEqual(wrongType, { status: 400, body: { error: 'input "x": expected datatype FP32, got INT64' } });
  const wrongShape = await call('POST', '/v2/models/iris/infer', {
    inputs: [{ name: 'x', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6] }],
  });
  assert.deepEqual(wrongShape, { status: 400, body: { error: 'input "x": expected shape [-1,4], got [2,3]' } });
  const unknownOutput = await call('POST', '/v2/models/iris/infer', {
    inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }],
    outputs: [{ name: 'p' }],
  });
  assert.equal(unknownOutput.status, 400);
  assert.match(String(unknownOutput.body.error), /output "p": unknown output/);
  assert.equal((await call('POST', '/v2/models/iris/infer', { inputs: [] })).status, 400);
  assert.equal(
    (
      await call('POST', '/v2/models/secret/infer', {
        inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }],
      })
    ).status,
    404,
  );
  const badJson = await call('POST', '/v2/models/iris/infer', '{"inputs": [');
  assert.equal(badJson.status, 400);
  assert.match(String(badJson.body.error), /not valid JSON/);
  const binary = await call(
    'POST',
    '/v2/models/iris/infer',
    { inputs: [] },
    { 'inference-header-content-length': '10' },
  );
  assert.equal(binary.status, 400);
  assert.match(String(binary.body.error), /not valid JSON/);
  assert.equal((await call('GET', '/v2/models/iris/infer')).status, 405);
});

test('binary tensor extension: binary inputs in, binary or JSON outputs back', async () => {
  const rows = [
    [1, 2, 3, 4],
    [-1, 0.5, 0, 2],
  ];
  const x = Buffer.from(Float32Array.from(rows.flat()).buffer);
  const send = async (header: unknown) => {
    const json = Buffer.from(JSON.stringify(header));
    return fetch(`${base}/v2/models/iris/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(json.length) },
      body: Buffer.concat([json, x]),
    });
  };
  const inputs = [{ name: 'x', shape: [2, 4], datatype: 'FP32', parameters: { binary_data_size: x.length } }];
  const bin = await send({ inputs, parameters: { binary_data_output: true } });
  assert.equal(bin.status, 200);
  assert.equal(bin.headers.get('content-type'), 'application/octet-stream');
  const n = Number(bin.headers.get('inference-header-content-length'));
  const raw = Buffer.from(await bin.arrayBuffer());
  const header = JSON.parse(raw.subarray(0, n).toString()) as {
    outputs: { name: string; shape: number[]; datatype: string; parameters: { binary_data_size: number } }[];
  };
  assert.deepEqual(header.outputs, [
    { name: 'y', shape: [2, 1], datatype: 'FP32', parameters: { binary_data_size: 8 } },
  ]);
  assert.equal(raw.length, n + 8);
  rows.forEach((row, i) => assert.ok(Math.abs(raw.readFloatLE(n + 4 * i) - expected(row)) < 1e-5));

  const json = await send({ inputs, outputs: [{ name: 'y', parameters: { binary_data: false } }] });
  assert.equal(json.status, 200);
  assert.equal(json.headers.get('inference-header-content-length'), null);
  assert.match(json.headers.get('content-type') ?? '', /application\/json/);
  const body = (await json.json()) as { outputs: { data: number[] }[] };
  rows.forEach((row, i) => assert.ok(Math.abs((body.outputs[0]?.data[i] as number) - expected(row)) < 1e-5));

  const short = await send({ inputs: [{ ...inputs[0], parameters: { binary_data_size: 16 } }] });
  assert.equal(short.status, 400);
  assert.match(
    ((await short.json()) as { error: string }).error,
    /input "x": binary_data_size is 16 bytes, but shape \[2,4\] of FP32 takes 32/,
  );
});

test('error codes map to HTTP statuses; OVERLOADED is 429 with Retry-After', async () => {
  assert.deepEqual(errorResponse(new InferenceError('OVERLOADED', 'full')), {
    status: 429,
    body: { error: 'full' },
    headers: { 'retry-after': '1' },
  });
  assert.equal(errorResponse(new InferenceError('UNAVAILABLE', 'x')).status, 503);
  assert.equal(errorResponse(new InferenceError('TIMEOUT', 'x')).status, 504);
  assert.deepEqual(errorResponse(new Error('secret detail')), {
    status: 500,
    body: { error: 'internal error' },
    headers: {},
  });
  const unknown = await handleOip(runtime, resolveModel, { method: 'GET', path: '/v2/nope', headers: {} });
  assert.equal(unknown.status, 404);
});

test('200,000 unknown inputs, or names of 100,000 characters: one small 400 (issue #15: a 14.5 MB error)', async () => {
  const many = await call('POST', '/v2/models/iris/infer', {
    inputs: Array.from({ length: 200_000 }, (_, i) => ({ name: `u${i}`, shape: [1], datatype: 'FP32', data: [1] })),
  });
  assert.equal(many.status, 400);
  assert.ok(JSON.stringify(many.body).length < 10_000, `${JSON.stringify(many.body).length} bytes`);
  assert.match(String(many.body.error), /^the request names 200000 inputs, but the model takes 1 \("x"\)/);
  // Within the model's count + 100, unknown names make one problem: ten of them, cut to 64 characters.
  const long = await call('POST', '/v2/models/iris/infer', {
    inputs: [
      { name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] },
      ...Array.from({ length: 50 }, (_, i) => ({ name: `${i}`.padEnd(100_000, 'y'), shape: [1], datatype: 'FP32' })),
    ],
  });
  assert.equal(long.status, 400);
  const error = String(long.body.error);
  assert.ok(error.length < 2_000, `${error.length} characters`);
  assert.match(error, /^inputs "0y{63}"… \(100000 characters\), .* and 40 more: unknown inputs; the model takes "x"$/);
});
