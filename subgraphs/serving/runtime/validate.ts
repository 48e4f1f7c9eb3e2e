// Request tensors against a model signature: names, presence, dtype, rank, fixed dimensions, data
// length and a total element limit. Every problem names its input; all problems are reported at once.
import type { Signature, TensorSpec } from '../../../domain/models/signature.js';
import { elementCount, isSupportedDtype, NON_FINITE, type JsonTensors } from './tensors.js';
import { tooManyInputs, unknownInputs } from './problems.js';

export const DEFAULT_MAX_ELEMENTS = 1_000_000;

export interface ValidateOptions {
  /** Upper bound on the sum of elements over all inputs of one request. */
  maxElements?: number;
}

/** A dimension as the signature states it: a fixed size, or -1 for a symbolic/dynamic one. */
export const fixedDim = (d: number | string): number => (typeof d === 'number' && d >= 0 ? d : -1);

export const formatShape = (shape: readonly (number | string)[]): string => `[${shape.map(fixedDim).join(',')}]`;

const INTEGER_RANGES: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  uint32: [0, 2 ** 32 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint64: [0, Number.MAX_SAFE_INTEGER],
};

function dataProblem(name: string, dtype: string, data: ArrayLike<unknown>): string | null {
  const range = INTEGER_RANGES[dtype];
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (dtype === 'string') {
      if (typeof v !== 'string') return `input "${name}": element ${i} must be a string`;
    } else if (dtype === 'bool') {
      if (typeof v !== 'boolean' && v !== 0 && v !== 1) return `input "${name}": element ${i} must be a boolean`;
    } else if (typeof v === 'string' && (dtype === 'float32' || dtype === 'float64')) {
      // JSON's spelling of non-finite floats (see NON_FINITE); toOrt's Number() reads exactly these three.
      if (!Object.hasOwn(NON_FINITE, v))
        return `input "${name}": element ${i} must be a number, or one of "NaN", "Infinity", "-Infinity", got ${JSON.stringify(v.slice(0, 32))}`;
    } else if (typeof v !== 'number') {
      return `input "${name}": element ${i} must be a number`;
    } else if (range && (!Number.isInteger(v) || v < range[0] || v > range[1])) {
      return `input "${name}": element ${i} must be an integer in ${dtype} range [${range[0]}, ${range[1]}], got ${v}`;
    }
  }
  return null;
}

function shapeProblem(spec: TensorSpec, shape: unknown): string | null {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
    return `input "${spec.name}": shape must be a list of non-negative integers`;
  if (spec.shape.length === 0) return null; // the model does not state a shape
  const wrong =
    shape.length !== spec.shape.length || spec.shape.some((d, i) => fixedDim(d) !== -1 && fixedDim(d) !== shape[i]);
  return wrong ? `input "${spec.name}": expected shape ${formatShape(spec.shape)}, got [${shape.join(',')}]` : null;
}

/** Returns every problem with `inputs` (empty when they fit the signature). */
export function validateInputs(signature: Signature, inputs: JsonTensors, options: ValidateOptions = {}): string[] {
  const maxElements = options.maxElements ?? DEFAULT_MAX_ELEMENTS;
  const problems: string[] = [];
  if (inputs === null || typeof inputs !== 'object' || Array.isArray(inputs))
    return ['inputs must be an object of named tensors'];
  const tooMany = tooManyInputs(Object.keys(inputs).length, signature.inputs);
  if (tooMany) return [tooMany];
  const known = new Map(signature.inputs.map((spec) => [spec.name, spec]));
  // Unknown names make one problem, naming the model's inputs once (problems.ts: errors stay small).
  const unknown = Object.keys(inputs).filter((name) => !known.has(name));
  if (unknown.length > 0) problems.push(unknownInputs(unknown, signature.inputs));
  let total = 0;
  for (const spec of signature.inputs) {
    const tensor = inputs[spec.name];
    if (tensor === undefined || tensor === null) {
      problems.push(
        `input "${spec.name}": required input is missing (dtype ${spec.dtype}, shape ${formatShape(spec.shape)})`,
      );
      continue;
    }
    if (!isSupportedDtype(spec.dtype)) {
      problems.push(`input "${spec.name}": the model's dtype ${spec.dtype} is not supported by this runtime`);
      continue;
    }
    if (tensor.dtype !== spec.dtype) {
      problems.push(`input "${spec.name}": expected dtype ${spec.dtype}, got ${String(tensor.dtype)}`);
      continue;
    }
    const shapeError = shapeProblem(spec, tensor.shape);
    if (shapeError) {
      problems.push(shapeError);
      continue;
    }
    const count = elementCount(tensor.shape);
    total += count;
    const data = tensor.data as ArrayLike<unknown> | undefined;
    if (data === null || typeof data !== 'object' || typeof data.length !== 'number') {
      problems.push(`input "${spec.name}": data must be a flat array of ${count} elements`);
      continue;
    }
    if (data.length !== count) {
      problems.push(
        `input "${spec.name}": shape [${tensor.shape.join(',')}] holds ${count} elements, data has ${data.length}`,
      );
      continue;
    }
    if (count <= maxElements) {
      const bad = dataProblem(spec.name, spec.dtype, data);
      if (bad) problems.push(bad);
    }
  }
  if (total > maxElements) {
    const counts = signature.inputs
      .filter((s) => Array.isArray(inputs[s.name]?.shape))
      .map((s) => ({ name: s.name, count: elementCount(inputs[s.name]?.shape ?? []) }))
      .sort((a, b) => b.count - a.count);
    const largest = counts[0];
    problems.push(
      `input "${largest?.name ?? '?'}": ${largest?.count ?? 0} elements` +
        (counts.length > 1 ? ` (${total} over all inputs)` : '') +
        ` exceed the limit of ${maxElements} per request`,
    );
  }
  return problems;
}
