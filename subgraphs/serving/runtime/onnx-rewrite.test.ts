import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { MODEL_FILES, defaultModelsDir } from '../ocr/index.js';
import { FLOOR_NEAREST, encodeModel, resizeModel, type Attribute } from '../../../domain/models/onnx-builder.js';
import { createSession, prepareModel, rewriteNearestUpsampling } from './onnx-rewrite.js';

/** x [1, 2, 3, 5] → Resize by `scales` → y. */
const resize = (scales: number[], attributes: Attribute[] = FLOOR_NEAREST): Uint8Array =>
  resizeModel([1, 2, 3, 5], scales, { attributes });

async function runOnce(model: Uint8Array | string, feeds: Record<string, ort.Tensor>): Promise<ort.Tensor> {
  const options = { logSeverityLevel: 3 } as const;
  const session = await createSession(model, options);
  try {
    return Object.values(await session.run(feeds))[0] as ort.Tensor;
  } finally {
    await session.release();
  }
}

function random(n: number, seed = 7): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}

function assertBitIdentical(a: ort.Tensor, b: ort.Tensor): void {
  assert.deepEqual(a.dims, b.dims);
  const x = new Uint32Array((a.data as Float32Array).buffer, (a.data as Float32Array).byteOffset, a.size);
  const y = new Uint32Array((b.data as Float32Array).buffer, (b.data as Float32Array).byteOffset, b.size);
  const first = x.findIndex((v, i) => v !== y[i]);
  assert.equal(first, -1, `outputs differ first at element ${first}`);
}

for (const factor of [4, 8, 16]) {
  test(`${factor}x floor-nearest upsampling becomes ${Math.log2(factor)} chained 2x Resize nodes with the same output`, async () => {
    const original = resize([1, 1, factor, factor]);
    const { bytes, applied } = rewriteNearestUpsampling(original);
    assert.deepEqual(applied, [
      {
        rule: 'nearest-upsample-as-2x-chain',
        node: 'resize_0',
        detail: `${factor}x nearest upsampling as ${Math.log2(factor)} chained 2x Resize nodes`,
      },
    ]);
    assert.notEqual(bytes, original);
    // The old scales initializer is gone (onnxruntime would warn that nothing uses it).
    const oldScales = Buffer.from(Float32Array.of(1, 1, factor, factor).buffer);
    assert.ok(Buffer.from(original).includes(oldScales));
    assert.ok(!Buffer.from(bytes).includes(oldScales));
    const x = { x: new ort.Tensor('float32', random(30), [1, 2, 3, 5]) };
    const [before, after] = [await runOnce(original, x), await runOnce(bytes, x)];
    assert.deepEqual(after.dims, [1, 2, 3 * factor, 5 * factor]);
    assertBitIdentical(before, after);
  });
}

test('names the rewrite makes up never clash with names the model already uses', async () => {
  // A graph input that no node reads still owns its name.
  const clash = 'resize_0/plinth_2x_scales';
  const model = encodeModel({
    inputs: [
      { name: 'x', dtype: 'float32', shape: [1, 1, 2, 2] },
      { name: clash, dtype: 'float32', shape: [4] },
    ],
    outputs: [{ name: 'y', dtype: 'float32', shape: [1, 1, 8, 8] }],
    initializers: [
      { name: 'roi', dtype: 'float32', dims: [0], values: [] },
      { name: 'scales', dtype: 'float32', dims: [4], values: [1, 1, 4, 4] },
    ],
    nodes: [{ op: 'Resize', inputs: ['x', 'roi', 'scales'], outputs: ['y'], attributes: FLOOR_NEAREST }],
    opset: 13,
  });
  const { bytes, applied } = rewriteNearestUpsampling(model);
  assert.equal(applied.length, 1);
  assert.ok(Buffer.from(bytes).includes(`${clash}_1`), 'the new scales constant takes the next free name');
  const feeds = {
    x: new ort.Tensor('float32', Float32Array.of(1, 2, 3, 4), [1, 1, 2, 2]),
    [clash]: new ort.Tensor('float32', new Float32Array(4), [4]),
  };
  assertBitIdentical(await runOnce(model, feeds), await runOnce(bytes, feeds));
});

test('Resize nodes whose result would change are left alone, byte for byte', () => {
  const cases: [string, Uint8Array][] = [
    ['2x (already the fast kernel)', resize([1, 1, 2, 2])],
    ['3x (not a power of two)', resize([1, 1, 3, 3])],
    ['unequal H and W scales', resize([1, 1, 4, 8])],
    ['channel scaling', resize([1, 2, 4, 4])],
    ['linear mode', resize([1, 1, 4, 4], [{ name: 'mode', string: 'linear' }, ...FLOOR_NEAREST.slice(1)])],
    ['round_prefer_floor (the default nearest_mode)', resize([1, 1, 4, 4], FLOOR_NEAREST.slice(0, 2))],
    [
      'half_pixel coordinates',
      resize(
        [1, 1, 4, 4],
        [FLOOR_NEAREST[0]!, { name: 'coordinate_transformation_mode', string: 'half_pixel' }, FLOOR_NEAREST[2]!],
      ),
    ],
    [
      'an attribute the rewrite does not know',
      resize([1, 1, 4, 4], [...FLOOR_NEAREST, { name: 'exclude_outside', int: 1 }]),
    ],
  ];
  for (const [label, model] of cases) {
    const { bytes, applied } = rewriteNearestUpsampling(model);
    assert.deepEqual(applied, [], label);
    assert.equal(bytes, model, label);
  }
});

test('bytes that are not an ONNX model get an error that says so', () => {
  assert.throws(
    () => rewriteNearestUpsampling(new TextEncoder().encode('{"not": "onnx"}')),
    /protobuf|truncated|not an ONNX model/,
  );
  assert.throws(() => rewriteNearestUpsampling(Uint8Array.of(0x08, 0x08)), /not an ONNX model: it has no graph/);
});

test('prepareModel passes bytes it cannot read to onnxruntime unchanged, which then names the problem', async () => {
  const garbage = new TextEncoder().encode('{"not": "onnx"}');
  const prepared = await prepareModel(garbage);
  assert.deepEqual(prepared, { model: garbage, applied: [] });
  await assert.rejects(ort.InferenceSession.create(garbage), /protobuf|parse|model/i);
});

test('PP-OCRv4 detection: its 8x and 4x upsamplings are rewritten and the probability map is unchanged bit for bit', async () => {
  const path = join(defaultModelsDir(), MODEL_FILES.det);
  const { model, applied } = await prepareModel(path);
  assert.ok(model instanceof Uint8Array);
  assert.deepEqual(
    applied.map((a) => a.detail),
    ['8x nearest upsampling as 3 chained 2x Resize nodes', '4x nearest upsampling as 2 chained 2x Resize nodes'],
  );
  const feeds = { x: new ort.Tensor('float32', random(3 * 96 * 64, 11), [1, 3, 96, 64]) };
  assertBitIdentical(await runOnce(path, feeds), await runOnce(model, feeds));
  // A model with nothing to rewrite passes through as the very same path.
  const cls = join(defaultModelsDir(), MODEL_FILES.cls);
  assert.deepEqual(await prepareModel(cls), { model: cls, applied: [] });
});
