// The KServe v2 / Triton binary tensor data extension. A request with the header
// `Inference-Header-Content-Length: N` carries its JSON inference header in the first N bytes of the
// body and raw tensor bytes after it, one run per input whose `parameters.binary_data_size` says how
// many, in the order the inputs are listed. Elements are little-endian; BYTES tensors are a sequence
// of 4-byte little-endian lengths, each followed by that many bytes. Responses use the same layout
// for the outputs asked for as binary (`parameters.binary_data` per output, or the request parameter
// `binary_data_output`), with the header length in `Inference-Header-Content-Length`.
import { endianness } from 'node:os';
import { InferenceError } from './errors.js';
import type { JsonScalar, JsonTensor } from './tensors.js';
import { DEFAULT_MAX_ELEMENTS } from './validate.js';

export const INFERENCE_HEADER_CONTENT_LENGTH = 'inference-header-content-length';
export const BINARY_CONTENT_TYPE = 'application/octet-stream';

/** Bytes per element of the fixed-size KServe datatypes (BYTES is length-prefixed instead). */
export const ITEM_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  UINT8: 1,
  INT8: 1,
  UINT16: 2,
  INT16: 2,
  FP16: 2,
  UINT32: 4,
  INT32: 4,
  FP32: 4,
  UINT64: 8,
  INT64: 8,
  FP64: 8,
};

const LITTLE_ENDIAN = endianness() === 'LE';
const bad = (message: string): InferenceError => new InferenceError('INVALID_ARGUMENT', message, [message]);

/** Splits a request body at the header length; the header is parsed as JSON. */
export function splitBinaryBody(
  body: Uint8Array,
  headerLength: string | string[] | undefined,
): { header: unknown; binary: Buffer } {
  const raw = Array.isArray(headerLength) ? headerLength[0] : headerLength;
  const n = raw !== undefined && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n))
    throw bad(`Inference-Header-Content-Length must be a non-negative integer, got ${JSON.stringify(raw)}`);
  if (n > body.length) throw bad(`Inference-Header-Content-Length is ${n} but the body has only ${body.length} bytes`);
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { header: parseJson(buffer.subarray(0, n)), binary: buffer.subarray(n) };
}

// Values a JSON body may list before it is parsed: the request's element limit plus room for the
// members of its objects. JSON.parse of a 40 MB body of numbers took serving from 397 MB to 1.24 GB
// before the element limit was checked on the result (issue #12); counting commas is one pass over the
// bytes, allocates nothing, and every value after the first in an array or object needs one.
export const MAX_JSON_VALUES = DEFAULT_MAX_ELEMENTS + 10_000;

/** Whether `bytes`, read as JSON, has more than `max` commas outside strings. */
export function hasMoreJsonValues(bytes: Uint8Array, max: number): boolean {
  let commas = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      if (b === 0x5c)
        i++; // backslash: skip the escaped character
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x2c && ++commas > max) return true;
  }
  return false;
}

export function parseJson(bytes: Uint8Array, maxValues = MAX_JSON_VALUES): unknown {
  if (hasMoreJsonValues(bytes, maxValues))
    throw bad(
      `the request body lists more than ${maxValues} JSON values; a request carries at most ${DEFAULT_MAX_ELEMENTS} tensor elements (send large tensors as binary data)`,
    );
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (error) {
    throw bad(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/** A copy of `bytes` in a fresh, aligned ArrayBuffer, byte-swapped to host order on big-endian hosts. */
function aligned(bytes: Uint8Array, itemBytes: number): ArrayBuffer {
  const out = new ArrayBuffer(bytes.length);
  new Uint8Array(out).set(bytes);
  if (!LITTLE_ENDIAN && itemBytes > 1) {
    const view = Buffer.from(out);
    if (itemBytes === 2) view.swap16();
    else if (itemBytes === 4) view.swap32();
    else view.swap64();
  }
  return out;
}

/** Raw bytes of one input → the runtime's tensor data. `name` only labels errors. */
export function decodeBinaryTensor(
  name: string,
  datatype: string,
  shape: unknown,
  bytes: Uint8Array,
): JsonTensor['data'] {
  const count =
    Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0)
      ? (shape as number[]).reduce((a, d) => a * d, 1)
      : undefined;
  if (datatype === 'BYTES') {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: string[] = [];
    let offset = 0;
    while (offset < view.length) {
      if (offset + 4 > view.length)
        throw bad(`input "${name}": BYTES element ${out.length} is cut off in its 4-byte length`);
      const length = view.readUInt32LE(offset);
      offset += 4;
      if (offset + length > view.length)
        throw bad(
          `input "${name}": BYTES element ${out.length} claims ${length} bytes, ${view.length - offset} remain`,
        );
      out.push(view.toString('utf8', offset, offset + length));
      offset += length;
    }
    return out;
  }
  const size = ITEM_BYTES[datatype];
  if (size === undefined) throw bad(`input "${name}": datatype ${datatype} cannot be sent as binary data`);
  if (count !== undefined && count * size !== bytes.length)
    throw bad(
      `input "${name}": binary_data_size is ${bytes.length} bytes, but shape [${(shape as number[]).join(',')}] of ${datatype} takes ${count * size}`,
    );
  if (bytes.length % size !== 0)
    throw bad(`input "${name}": binary_data_size ${bytes.length} is not a multiple of ${size} (${datatype})`);
  const buffer = aligned(bytes, size);
  switch (datatype) {
    case 'BOOL':
      return Array.from(new Uint8Array(buffer), (v) => v !== 0);
    case 'UINT8':
      return new Uint8Array(buffer);
    case 'INT8':
      return new Int8Array(buffer);
    case 'UINT16':
      return new Uint16Array(buffer);
    case 'FP16':
      return new Uint16Array(buffer); // raw half-precision bits, as the runtime holds float16
    case 'INT16':
      return new Int16Array(buffer);
    case 'UINT32':
      return new Uint32Array(buffer);
    case 'INT32':
      return new Int32Array(buffer);
    case 'FP32':
      return new Float32Array(buffer);
    case 'FP64':
      return new Float64Array(buffer);
    // The runtime's int64 tensors are numbers (exact to 2^53; validation refuses larger values).
    case 'INT64':
      return Array.from(new BigInt64Array(buffer), Number);
    default:
      return Array.from(new BigUint64Array(buffer), Number); // UINT64
  }
}

/** The runtime's tensor data → raw little-endian bytes of `datatype`. */
export function encodeBinaryTensor(datatype: string, data: ArrayLike<JsonScalar> | ArrayLike<number>): Buffer {
  const values = data as ArrayLike<JsonScalar>;
  if (datatype === 'BYTES') {
    const parts: Buffer[] = [];
    for (let i = 0; i < values.length; i++) {
      const bytes = Buffer.from(String(values[i]), 'utf8');
      const length = Buffer.allocUnsafe(4);
      length.writeUInt32LE(bytes.length, 0);
      parts.push(length, bytes);
    }
    return Buffer.concat(parts);
  }
  const n = values.length;
  let array: ArrayBufferView;
  switch (datatype) {
    case 'BOOL':
      array = Uint8Array.from({ length: n }, (_, i) => (values[i] === true || values[i] === 1 ? 1 : 0));
      break;
    case 'UINT8':
      array = Uint8Array.from(values as ArrayLike<number>);
      break;
    case 'INT8':
      array = Int8Array.from(values as ArrayLike<number>);
      break;
    case 'UINT16':
    case 'FP16':
      array = Uint16Array.from(values as ArrayLike<number>);
      break;
    case 'INT16':
      array = Int16Array.from(values as ArrayLike<number>);
      break;
    case 'UINT32':
      array = Uint32Array.from(values as ArrayLike<number>);
      break;
    case 'INT32':
      array = Int32Array.from(values as ArrayLike<number>);
      break;
    case 'FP32':
      array = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
      break;
    case 'FP64':
      array = Float64Array.from(values as ArrayLike<number>);
      break;
    case 'INT64':
      array = BigInt64Array.from({ length: n }, (_, i) => BigInt(Math.trunc(Number(values[i]))));
      break;
    case 'UINT64':
      array = BigUint64Array.from({ length: n }, (_, i) => BigInt(Math.trunc(Number(values[i]))));
      break;
    default:
      throw new InferenceError('INTERNAL', `datatype ${datatype} cannot be returned as binary data`);
  }
  const size = ITEM_BYTES[datatype] ?? 1;
  const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  if (LITTLE_ENDIAN || size === 1) return bytes;
  const copy = Buffer.from(bytes);
  if (size === 2) copy.swap16();
  else if (size === 4) copy.swap32();
  else copy.swap64();
  return copy;
}

/** JSON header + raw bytes, and the headers that say where the JSON ends. */
export function binaryBody(
  header: unknown,
  chunks: readonly Buffer[],
): { body: Buffer; headers: Record<string, string> } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  return {
    body: Buffer.concat([json, ...chunks]),
    headers: { [INFERENCE_HEADER_CONTENT_LENGTH]: String(json.length), 'content-type': BINARY_CONTENT_TYPE },
  };
}
