// Issue #12, finding 7 (part): NaN in a binary tensor came back as null (JSON.stringify's answer for
// NaN and ±Infinity, which a client reads as a missing value). Plinth carries non-finite floats
// faithfully: binary tensor data as IEEE 754 bits, JSON (Open Inference Protocol and GraphQL predict)
// as the strings "NaN", "Infinity", "-Infinity", which float inputs also accept; any other string in a
// float input is a 400 naming the input and the element. Real onnxruntime, an Identity model.
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { encodeModel } from '../../domain/models/onnx-builder.js';
import { InferenceRuntime } from '../../subgraphs/serving/runtime/runtime.js';
import { createOipRouter } from '../../subgraphs/serving/runtime/oip.js';

let runtime: InferenceRuntime;
let server: Server;
let base: string;

const values = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5];
const spelled = ['NaN', 'Infinity', '-Infinity', 1.5];

before(async () => {
  runtime = new InferenceRuntime({ providers: { available: ['cpu'], unavailable: {} } });
  const model = encodeModel({
    inputs: [{ name: 'x', dtype: 'float32', shape: ['N', 4] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['N', 4] }],
    nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
  });
  assert.equal(
    (await runtime.deploy({ deploymentId: 'nonfinite', modelPath: model, batching: { maxQueueDelayMs: 1 } })).state,
    'READY',
  );
  const app = express();
  app.use(createOipRouter(runtime, (name) => (name === 'ident' ? 'nonfinite' : null)));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/models/ident/infer`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
});

/** A binary-data infer request (KServe binary tensor extension) with x = `values` as FP32. */
async function inferBinary(binaryOutput: boolean): Promise<Response> {
  const tensor = Buffer.from(Float32Array.from(values).buffer);
  const header = Buffer.from(
    JSON.stringify({
      inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: tensor.length } }],
      parameters: { binary_data_output: binaryOutput },
    }),
  );
  return fetch(base, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'inference-header-content-length': String(header.length) },
    body: Buffer.concat([header, tensor]),
  });
}

describe('NaN and ±Infinity in tensors (issue #12, 7)', () => {
  it('binary input: a JSON output spells non-finite elements "NaN", "Infinity", "-Infinity" (not null); a binary output carries them as they are', async () => {
    const res = await inferBinary(false);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { outputs: { name: string; datatype: string; data: unknown[] }[] };
    assert.deepEqual(
      body.outputs.map((o) => [o.name, o.datatype, o.data]),
      [['y', 'FP32', spelled]],
    );

    // Binary output: the IEEE 754 values themselves (the spelled strings do not leak into the bytes).
    const binary = await inferBinary(true);
    assert.equal(binary.status, 200);
    const bytes = Buffer.from(await binary.arrayBuffer());
    const headerLength = Number(binary.headers.get('inference-header-content-length'));
    const header = JSON.parse(bytes.subarray(0, headerLength).toString('utf8')) as {
      outputs: { parameters: { binary_data_size: number } }[];
    };
    assert.equal(header.outputs[0]!.parameters.binary_data_size, 16);
    const out = new Float32Array(
      bytes.buffer.slice(bytes.byteOffset + headerLength, bytes.byteOffset + headerLength + 16),
    );
    assert.deepEqual(Array.from(out), values);
  });

  it('JSON input: the same three strings are read as the values they spell, and come back spelled', async () => {
    const res = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: spelled }] }),
    });
    const body = (await res.json()) as { outputs?: { data: unknown[] }[]; error?: string };
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.deepEqual(body.outputs![0]!.data, spelled);
  });

  it('any other string in a float input is a 400 naming the input and the element', async () => {
    const res = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 'nan', 2, 3] }] }),
    });
    assert.equal(res.status, 400);
    const { error } = (await res.json()) as { error: string };
    assert.match(error, /input "x": element 1 must be a number, or one of "NaN", "Infinity", "-Infinity"/);
  });

  it('GraphQL predict answers what the runtime returns: the spelled strings survive JSON', async () => {
    const outputs = await runtime.predict('nonfinite', {
      x: { dtype: 'float32', shape: [1, 4], data: Float32Array.from(values) },
    });
    assert.deepEqual(JSON.parse(JSON.stringify(outputs)), { y: { dtype: 'float32', shape: [1, 4], data: spelled } });
  });
});
