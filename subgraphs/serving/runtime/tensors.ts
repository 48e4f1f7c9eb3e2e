// The JSON tensor form that crosses the runtime's boundary ({dtype, shape, data} with a flat, row-major
// data array), and its conversion to and from onnxruntime tensors. Batching concatenates and splits
// the ort tensors along dimension 0.
import * as ort from 'onnxruntime-node';

export type JsonScalar = number | string | boolean;

export interface JsonTensor {
  dtype: string;
  shape: number[];
  /** Flat, row-major. int64/uint64 come back as numbers (exact up to 2^53). */
  data: JsonScalar[] | ArrayLike<number>;
}

export type JsonTensors = Record<string, JsonTensor>;
export type OrtTensors = Record<string, ort.Tensor>;

/** Element types this runtime can feed and return. */
export const SUPPORTED_DTYPES = [
  'float32',
  'float64',
  'float16',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'bool',
  'string',
] as const;
export type Dtype = (typeof SUPPORTED_DTYPES)[number];

export function isSupportedDtype(dtype: string): dtype is Dtype {
  return (SUPPORTED_DTYPES as readonly string[]).includes(dtype);
}

export const elementCount = (shape: readonly number[]): number => shape.reduce((n, d) => n * d, 1);

type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;
type ArrayCtor = { new (length: number): TypedArray; from(values: ArrayLike<number>): TypedArray };

const NUMERIC: Record<string, ArrayCtor> = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  bool: Uint8Array,
};

/** JSON tensor → ort tensor. Assumes `validateInputs` accepted it (dtype supported, sizes agree). */
export function toOrt(t: JsonTensor): ort.Tensor {
  const dims = t.shape;
  const data = t.data as ArrayLike<JsonScalar>;
  switch (t.dtype) {
    case 'string':
      return new ort.Tensor('string', Array.from(data, String), dims);
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(Array.from(data), (v) => BigInt(Number(v))),
        dims,
      );
    case 'uint64':
      return new ort.Tensor(
        'uint64',
        BigUint64Array.from(Array.from(data), (v) => BigInt(Number(v))),
        dims,
      );
    case 'bool':
      return new ort.Tensor(
        'bool',
        Uint8Array.from(Array.from(data), (v) => (v === true || v === 1 ? 1 : 0)),
        dims,
      );
    default: {
      const ctor = NUMERIC[t.dtype];
      if (!ctor) throw new Error(`unsupported dtype ${t.dtype}`);
      const array = data instanceof ctor ? data : ctor.from(Array.from(data, Number));
      return new ort.Tensor(t.dtype as 'float32', array as Float32Array, dims);
    }
  }
}

/**
 * JSON has no NaN or Infinity (JSON.stringify writes null, which reads back as a missing value), and
 * KServe's JSON form has no spelling for them either. Float elements that are not finite cross the
 * JSON boundary as the strings "NaN", "Infinity" and "-Infinity", in outputs and in inputs alike
 * (README, Inference); binary tensor data carries them as IEEE 754 bits.
 */
export const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

const jsonFloat = (v: number): number | string => (Number.isFinite(v) ? v : String(v));

/** ort tensor → JSON tensor (plain arrays, so that it serializes as JSON; non-finite floats as strings). */
export function fromOrt(t: ort.Tensor): JsonTensor {
  const shape = [...t.dims];
  const raw = t.data as ArrayLike<unknown>;
  let data: JsonScalar[];
  if (t.type === 'string') data = Array.from(raw as string[]);
  else if (t.type === 'bool') data = Array.from(raw as Uint8Array, (v) => v !== 0);
  else if (t.type === 'int64' || t.type === 'uint64') data = Array.from(raw as BigInt64Array, (v) => Number(v));
  else if (t.type === 'float32' || t.type === 'float64') data = Array.from(raw as Float32Array, jsonFloat);
  else data = Array.from(raw as Float32Array);
  return { dtype: t.type, shape, data };
}

/** Concatenates tensors of one dtype and equal trailing dims along dimension 0. */
export function concatRows(parts: ort.Tensor[]): ort.Tensor {
  const first = parts[0];
  if (!first) throw new Error('concatRows: nothing to concatenate');
  if (parts.length === 1) return first;
  const rows = parts.reduce((n, p) => n + (p.dims[0] ?? 0), 0);
  const dims = [rows, ...first.dims.slice(1)];
  if (first.type === 'string')
    return new ort.Tensor(
      'string',
      parts.flatMap((p) => p.data as string[]),
      dims,
    );
  const total = parts.reduce((n, p) => n + (p.data as TypedArray).length, 0);
  const ctor = (first.data as TypedArray).constructor as { new (length: number): TypedArray };
  const out = new ctor(total);
  let offset = 0;
  for (const p of parts) {
    const data = p.data as TypedArray;
    (out as Float32Array).set(data as Float32Array, offset);
    offset += data.length;
  }
  return new ort.Tensor(first.type as 'float32', out as Float32Array, dims);
}

/** Splits a tensor along dimension 0 into consecutive pieces of the given row counts (views, no copy). */
export function splitRows(t: ort.Tensor, rowCounts: number[]): ort.Tensor[] {
  const rows = t.dims[0] ?? 0;
  const total = rowCounts.reduce((a, b) => a + b, 0);
  if (rows !== total) throw new Error(`cannot split ${rows} rows into ${total}`);
  const perRow = elementCount(t.dims.slice(1));
  const pieces: ort.Tensor[] = [];
  let start = 0;
  for (const count of rowCounts) {
    const dims = [count, ...t.dims.slice(1)];
    const from = start * perRow;
    const to = (start + count) * perRow;
    const data = t.type === 'string' ? (t.data as string[]).slice(from, to) : (t.data as TypedArray).subarray(from, to);
    pieces.push(new ort.Tensor(t.type as 'float32', data as Float32Array, dims));
    start += count;
  }
  return pieces;
}

/** Zeros (empty strings, false) of a shape: used to warm sessions. */
export function zeros(dtype: string, shape: number[]): ort.Tensor {
  const n = elementCount(shape);
  if (dtype === 'string') return new ort.Tensor('string', new Array<string>(n).fill(''), shape);
  if (dtype === 'int64') return new ort.Tensor('int64', new BigInt64Array(n), shape);
  if (dtype === 'uint64') return new ort.Tensor('uint64', new BigUint64Array(n), shape);
  const ctor = NUMERIC[dtype];
  if (!ctor) throw new Error(`cannot build zeros of dtype ${dtype}`);
  return new ort.Tensor(dtype as 'float32', new ctor(n) as Float32Array, shape);
}
