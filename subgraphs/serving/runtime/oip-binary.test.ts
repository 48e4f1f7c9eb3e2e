// The binary tensor data extension's codec: every fixed-size datatype and BYTES round-trip through the
// little-endian wire form, request bodies split at the header length, inputs take their bytes in order,
// outputs go back binary when asked, and malformed bodies are 400s that name the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TensorSpec } from '../../../domain/models/signature.js';
import { isInferenceError } from './errors.js';
import { binaryBody, decodeBinaryTensor, encodeBinaryTensor, ITEM_BYTES, splitBinaryBody } from './oip-binary.js';
import { parseInferRequest, readInferBody } from './oip.js';

/** A Triton-client style body: JSON header, then the raw bytes; returns it and the header length. */
function tritonBody(header: unknown, ...chunks: Buffer[]): { body: Buffer; length: string } {
  const json = Buffer.from(JSON.stringify(header));
  return { body: Buffer.concat([json, ...chunks]), length: String(json.length) };
}

const rejects = (fn: () => unknown, pattern: RegExp): void =>
  assert.throws(fn, (e: unknown) => isInferenceError(e, 'INVALID_ARGUMENT') && pattern.test(e.message));

test('fixed-size datatypes are little-endian on the wire and round-trip', () => {
  const fp32 = encodeBinaryTensor('FP32', [1.5, -2, 0.1]);
  assert.equal(fp32.length, 12);
  assert.equal(fp32.readFloatLE(0), 1.5);
  assert.equal(fp32.readFloatLE(4), -2);
  assert.deepEqual(
    Array.from(decodeBinaryTensor('x', 'FP32', [3], fp32) as Float32Array),
    Array.from(Float32Array.of(1.5, -2, 0.1)),
  );

  const int64 = encodeBinaryTensor('INT64', [-3, 2 ** 40, 7]);
  assert.equal(int64.readBigInt64LE(8), 2n ** 40n);
  assert.deepEqual(decodeBinaryTensor('x', 'INT64', [3], int64), [-3, 2 ** 40, 7]);

  const cases: [string, number[]][] = [
    ['UINT8', [0, 255]],
    ['INT8', [-128, 127]],
    ['UINT16', [0, 65535]],
    ['INT16', [-32768, 32767]],
    ['FP16', [0x3c00, 0xc000]],
    ['UINT32', [0, 2 ** 32 - 1]],
    ['INT32', [-(2 ** 31), 2 ** 31 - 1]],
    ['FP64', [Math.PI, -1e300]],
    ['UINT64', [0, 2 ** 53 - 1]],
  ];
  for (const [datatype, values] of cases) {
    const bytes = encodeBinaryTensor(datatype, values);
    assert.equal(bytes.length, values.length * (ITEM_BYTES[datatype] as number), datatype);
    assert.deepEqual(
      Array.from(decodeBinaryTensor('x', datatype, [values.length], bytes) as ArrayLike<number>),
      values,
      datatype,
    );
  }
  const i16 = encodeBinaryTensor('INT16', [-2]);
  assert.deepEqual([...i16], [0xfe, 0xff], 'little-endian');

  const bool = encodeBinaryTensor('BOOL', [true, false, true]);
  assert.deepEqual([...bool], [1, 0, 1]);
  assert.deepEqual(decodeBinaryTensor('x', 'BOOL', [3], bool), [true, false, true]);
});

test('BYTES are 4-byte little-endian lengths, each followed by its bytes', () => {
  const bytes = encodeBinaryTensor('BYTES', ['ab', '', '合同']);
  assert.deepEqual([...bytes.subarray(0, 6)], [2, 0, 0, 0, 0x61, 0x62]);
  assert.equal(bytes.readUInt32LE(10), 6);
  assert.equal(bytes.length, 4 + 2 + 4 + 0 + 4 + 6);
  assert.deepEqual(decodeBinaryTensor('s', 'BYTES', [3], bytes), ['ab', '', '合同']);
  rejects(
    () => decodeBinaryTensor('s', 'BYTES', [1], Buffer.from([5, 0, 0, 0, 0x61])),
    /input "s": BYTES element 0 claims 5 bytes, 1 remain/,
  );
  rejects(() => decodeBinaryTensor('s', 'BYTES', [1], Buffer.from([5, 0])), /input "s": BYTES element 0 is cut off/);
});

test('decoding does not depend on the alignment of the bytes in the body', () => {
  const payload = encodeBinaryTensor('FP64', [1.25, -8]);
  const odd = Buffer.concat([Buffer.from([0]), payload]).subarray(1); // byteOffset 1 in its ArrayBuffer
  assert.deepEqual(Array.from(decodeBinaryTensor('x', 'FP64', [2], odd) as Float64Array), [1.25, -8]);
});

test('a size that does not fit the shape is an error naming the input', () => {
  rejects(
    () => decodeBinaryTensor('x', 'FP32', [1, 4], Buffer.alloc(12)),
    /input "x": binary_data_size is 12 bytes, but shape \[1,4\] of FP32 takes 16/,
  );
  rejects(
    () => decodeBinaryTensor('x', 'FP32', 'nope', Buffer.alloc(6)),
    /input "x": binary_data_size 6 is not a multiple of 4/,
  );
});

test('request bodies split at Inference-Header-Content-Length', () => {
  const { body, length } = tritonBody({ inputs: [] }, Buffer.from([1, 2, 3]));
  const split = splitBinaryBody(body, length);
  assert.deepEqual(split.header, { inputs: [] });
  assert.deepEqual([...split.binary], [1, 2, 3]);
  rejects(() => splitBinaryBody(body, '-1'), /must be a non-negative integer/);
  rejects(() => splitBinaryBody(body, String(body.length + 1)), /body has only/);
  rejects(() => splitBinaryBody(body, '3'), /not valid JSON/);
  assert.deepEqual(readInferBody(Buffer.from('{"a":1}'), undefined), { header: { a: 1 } });
  assert.deepEqual(readInferBody({ a: 1 }, undefined), { header: { a: 1 } });
  rejects(() => readInferBody({ a: 1 }, '7'), /raw request body/);
});

const specs: TensorSpec[] = [
  { name: 'x', dtype: 'float32', shape: ['batch', 4] },
  { name: 'ids', dtype: 'int64', shape: ['batch'] },
  { name: 'label', dtype: 'string', shape: ['batch'] },
];

test('inputs take their binary bytes in order; JSON and binary inputs mix', () => {
  const x = encodeBinaryTensor('FP32', [1, 2, 3, 4]);
  const label = encodeBinaryTensor('BYTES', ['cat']);
  const header = {
    id: 'r1',
    inputs: [
      { name: 'x', shape: [1, 4], datatype: 'FP32', parameters: { binary_data_size: x.length } },
      { name: 'ids', shape: [1], datatype: 'INT64', data: [9] },
      { name: 'label', shape: [1], datatype: 'BYTES', parameters: { binary_data_size: label.length } },
    ],
    outputs: [
      { name: 'y', parameters: { binary_data: true } },
      { name: 'z', parameters: { binary_data: false } },
      { name: 'w' },
    ],
  };
  const { body, length } = tritonBody(header, x, label);
  const { header: json, binary } = readInferBody(body, length);
  const parsed = parseInferRequest(json, specs, binary);
  assert.equal(parsed.id, 'r1');
  assert.deepEqual(Array.from(parsed.inputs.x!.data as Float32Array), [1, 2, 3, 4]);
  assert.deepEqual(parsed.inputs.ids!.data, [9]);
  assert.deepEqual(parsed.inputs.label!.data, ['cat']);
  assert.deepEqual(parsed.outputs, ['y', 'z', 'w']);
  assert.deepEqual(
    [parsed.binaryOutput('y'), parsed.binaryOutput('z'), parsed.binaryOutput('w')],
    [true, false, false],
  );

  // binary_data_output makes every output binary unless one says otherwise
  const all = parseInferRequest({ ...header, parameters: { binary_data_output: true } }, specs, binary);
  assert.deepEqual([all.binaryOutput('y'), all.binaryOutput('z'), all.binaryOutput('w')], [true, false, true]);
});

test('malformed binary requests are 400s naming the input', () => {
  const x = encodeBinaryTensor('FP32', [1, 2, 3, 4]);
  const input = (extra: Record<string, unknown>) => ({
    inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', ...extra }],
  });
  rejects(
    () => parseInferRequest(input({ parameters: { binary_data_size: 16 } }), specs),
    /input "x": binary_data_size needs binary data/,
  );
  rejects(
    () => parseInferRequest(input({ parameters: { binary_data_size: 32 } }), specs, x),
    /input "x": binary_data_size 32 runs past the end/,
  );
  rejects(
    () => parseInferRequest(input({ parameters: { binary_data_size: 8 } }), specs, x),
    /16 bytes of binary data follow the JSON header, but the inputs' binary_data_size add up to 8/,
  );
  rejects(
    () => parseInferRequest(input({ parameters: { binary_data_size: 16 }, data: [1, 2, 3, 4] }), specs, x),
    /input "x": give either "data" or binary_data_size/,
  );
  rejects(
    () => parseInferRequest(input({ parameters: { binary_data_size: -1 } }), specs, x),
    /input "x": binary_data_size must be a non-negative integer/,
  );
  rejects(
    () =>
      parseInferRequest(
        { ...input({ data: [1, 2, 3, 4] }), outputs: [{ name: 'y', parameters: { binary_data: 'yes' } }] },
        specs,
      ),
    /output "y": binary_data must be true or false/,
  );
  rejects(
    () =>
      parseInferRequest(
        { ...input({ data: [1, 2, 3, 4] }), outputs: [{ name: 'y', parameters: { classification: 2 } }] },
        specs,
      ),
    /classification/,
  );
});

test('a binary response is the JSON header followed by the bytes, with its length in the header', () => {
  const y = encodeBinaryTensor('FP32', [0.25]);
  const header = {
    model_name: 'm',
    outputs: [{ name: 'y', shape: [1, 1], datatype: 'FP32', parameters: { binary_data_size: 4 } }],
  };
  const { body, headers } = binaryBody(header, [y]);
  const n = Number(headers['inference-header-content-length']);
  assert.equal(headers['content-type'], 'application/octet-stream');
  assert.deepEqual(JSON.parse(body.subarray(0, n).toString()), header);
  assert.equal(body.readFloatLE(n), 0.25);
  assert.equal(body.length, n + 4);
});
