// Named columns for predict (issue #15): a trained model takes one input per column, shape [N, 1]
// (float32 for numbers, string for text), so a caller may send {"age": [35, 41], "job": ["clerk", "engineer"]}
// (one value per row; a scalar for one row; null for a missing value, which the model imputes) instead
// of {dtype, shape, data} tensors. Every problem names its column; up to MAX_PROBLEMS are reported at once,
// and the model's columns are named once after them (problems.ts: the error stays small whatever is sent).
import type { Signature, TensorSpec } from '../../../domain/models/signature.js';
import { InferenceError } from './errors.js';
import { invalidArgument, listInputs, quoted, tooManyInputs } from './problems.js';
import type { JsonScalar, JsonTensor, JsonTensors } from './tensors.js';
import { formatShape } from './validate.js';

/** A value in the tensor form: an object with dtype, shape and data. Anything else is a column of values. */
const isTensor = (value: unknown): value is JsonTensor =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && 'data' in value;

/** A column input: [N, 1] or [N] with a symbolic (or unstated) row dimension. */
function isColumn(spec: TensorSpec): boolean {
  const rows = spec.shape[0];
  const symbolic = typeof rows === 'string' || (typeof rows === 'number' && rows < 0);
  return (spec.shape.length === 1 && symbolic) || (spec.shape.length === 2 && symbolic && spec.shape[1] === 1);
}

const FLOAT = new Set(['float32', 'float64', 'float16']);
const INTEGER = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']);

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.slice(0, 32)) : JSON.stringify(v));

/** One cell → the tensor element, or the problem with it. */
function cell(spec: TensorSpec, v: unknown): { value: JsonScalar } | { problem: string } {
  if (FLOAT.has(spec.dtype)) {
    if (v === null) return { value: Number.NaN }; // missing: the model imputes it
    if (typeof v === 'number') return { value: v };
    return { problem: `must be a number (null for a missing value), got ${shown(v)}` };
  }
  if (spec.dtype === 'string') {
    if (v === null) return { value: '' }; // missing: the model imputes it
    if (typeof v === 'string') return { value: v };
    return { problem: `must be a string (null for a missing value), got ${shown(v)}` };
  }
  if (INTEGER.has(spec.dtype)) {
    if (typeof v === 'number' && Number.isInteger(v)) return { value: v };
    return { problem: `must be a whole number, got ${shown(v)}` };
  }
  if (spec.dtype === 'bool') {
    if (typeof v === 'boolean') return { value: v };
    return { problem: `must be true or false, got ${shown(v)}` };
  }
  return { problem: `has type ${spec.dtype}, which cannot be given as a column of JSON values` };
}

const describe = (spec: TensorSpec): string =>
  `"${spec.name}" (${spec.dtype === 'string' ? 'text' : spec.dtype === 'float32' ? 'number' : spec.dtype})`;

/**
 * `inputs` as the model's tensors: values already in tensor form are kept, columns become [rows, 1]
 * (or [rows]) tensors. Throws INVALID_ARGUMENT naming each column that is unknown, missing, of the wrong
 * type or of the wrong length.
 */
export function namedInputs(signature: Signature, inputs: Record<string, unknown>): JsonTensors {
  const tooMany = tooManyInputs(Object.keys(inputs).length, signature.inputs, 'columns');
  if (tooMany) throw new InferenceError('INVALID_ARGUMENT', tooMany, [tooMany]);
  const entries = Object.entries(inputs);
  if (entries.every(([, v]) => isTensor(v))) return inputs as JsonTensors;
  const specs = new Map(signature.inputs.map((s) => [s.name, s]));
  const takes = listInputs(signature.inputs, describe);
  const problems: string[] = [];
  const result: JsonTensors = {};
  let rows: { count: number; from: string } | null = null;
  for (const [name, value] of entries) {
    const spec = specs.get(name);
    if (!spec) {
      problems.push(`column ${quoted(name)}: unknown column`);
      continue;
    }
    if (isTensor(value)) {
      result[name] = value;
      continue;
    }
    if (!isColumn(spec)) {
      problems.push(
        `input "${name}": takes a tensor {dtype, shape, data} of shape ${formatShape(spec.shape)}, not a column of values`,
      );
      continue;
    }
    const values = Array.isArray(value) ? (value as unknown[]) : [value];
    const data: JsonScalar[] = [];
    const bad = values
      .map((v, i) => {
        const c = cell(spec, v);
        if ('problem' in c) return `column "${name}": row ${i + 1} ${c.problem}`;
        data.push(c.value);
        return null;
      })
      .find((p) => p !== null);
    if (bad) {
      problems.push(bad);
      continue;
    }
    if (values.length === 0) {
      problems.push(`column "${name}": no values; give one per row`);
      continue;
    }
    if (rows && rows.count !== values.length) {
      problems.push(
        `column "${name}": ${values.length} value(s), but "${rows.from}" has ${rows.count}: give one value per row in every column`,
      );
      continue;
    }
    rows ??= { count: values.length, from: name };
    result[name] = { dtype: spec.dtype, shape: spec.shape.length === 1 ? [values.length] : [values.length, 1], data };
  }
  for (const spec of signature.inputs) if (!(spec.name in inputs)) problems.push(`column "${spec.name}": missing`);
  if (problems.length > 0) throw invalidArgument(problems, `The model takes ${takes}, one value per row`);
  return result;
}
