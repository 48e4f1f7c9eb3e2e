// Pure helpers of the model registry: a version's signature as ONNX Runtime reports it, alias and
// input validation. No I/O here, so they are unit-tested beside this file.

/** One input or output of a model: name, element type and shape (numbers, or symbolic names). */
export interface TensorSpec {
  name: string;
  /** ONNX Runtime's tensor type name (float32, int64, string, ...); `non-tensor` for maps and sequences. */
  dtype: string;
  /** Fixed dimensions as numbers, symbolic ones as their names; empty when the shape is unknown. */
  shape: (number | string)[];
}

export interface Signature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** The metadata ONNX Runtime (onnxruntime-node ≥ 1.21) exposes on a session, structurally typed. */
export type ValueMetadata =
  | { readonly name: string; readonly isTensor: false }
  | {
      readonly name: string;
      readonly isTensor: true;
      readonly type: string;
      readonly shape: ReadonlyArray<number | string>;
    };

export const NON_TENSOR = 'non-tensor';

export function tensorSpec(meta: ValueMetadata): TensorSpec {
  if (!meta.isTensor) return { name: meta.name, dtype: NON_TENSOR, shape: [] };
  return { name: meta.name, dtype: meta.type, shape: meta.shape.map((d) => (typeof d === 'number' ? d : String(d))) };
}

export function signatureOf(session: {
  inputMetadata: readonly ValueMetadata[];
  outputMetadata: readonly ValueMetadata[];
}): Signature {
  return { inputs: session.inputMetadata.map(tensorSpec), outputs: session.outputMetadata.map(tensorSpec) };
}

/** Parses a stored `inputs`/`outputs` JSON string; tolerates absent values (versions written by older code). */
export function parseSpecs(json: unknown): TensorSpec[] {
  if (typeof json !== 'string' || json === '') return [];
  const value = JSON.parse(json) as unknown;
  if (!Array.isArray(value)) return [];
  return value.map((v: { name?: unknown; dtype?: unknown; shape?: unknown }) => ({
    name: String(v.name ?? ''),
    dtype: String(v.dtype ?? ''),
    shape: Array.isArray(v.shape) ? v.shape.map((d: unknown) => (typeof d === 'number' ? d : String(d))) : [],
  }));
}

export const ALIAS_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** Returns the problem with an alias, or null when it is valid (champion, challenger, prod-2024, ...). */
export function aliasProblem(alias: string): string | null {
  return ALIAS_PATTERN.test(alias)
    ? null
    : `alias "${alias}" must match ${ALIAS_PATTERN.source}: a lowercase letter, then up to 31 lowercase letters, digits or hyphens`;
}

/** Metrics arrive as a JSON object of named numbers (or nested objects); anything else is a client error. */
export function metricsProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'metrics must be a JSON object, e.g. {"accuracy": 0.93}';
  return null;
}

/** Parses the metrics text of an upload; throws an Error with a client-facing message. */
export function parseMetrics(text: string | undefined | null): Record<string, unknown> {
  if (text === undefined || text === null || text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`metrics is not valid JSON: ${(error as Error).message}`);
  }
  const problem = metricsProblem(value);
  if (problem) throw new Error(problem);
  return value as Record<string, unknown>;
}

/** Content-addressed layout: sha256/<first two hex digits>/<digest>.onnx under the artifact root. */
export function artifactRelativePath(digest: string): string {
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`not a sha256 digest: ${digest}`);
  return `sha256/${digest.slice(0, 2)}/${digest}.onnx`;
}

const describeSpec = (s: TensorSpec): string =>
  `${s.name} ${s.dtype}${s.shape.length > 0 ? `[${s.shape.join(',')}]` : ''}`;

/**
 * How `candidate`'s inputs differ from `current`'s, one line per input that differs (empty: they fit): the
 * same names, dtypes and ranks, and no dimension fixed where `current` has another fixed size or leaves it
 * symbolic (callers may send any size there). A version put beside another on one service gets the same
 * callers, so anything else fails them with BAD_USER_INPUT. Unknown shapes (empty) are not compared.
 */
export function inputSignatureDifferences(current: TensorSpec[], candidate: TensorSpec[]): string[] {
  const theirs = new Map(candidate.map((s) => [s.name, s]));
  const out: string[] = [];
  for (const want of current) {
    const got = theirs.get(want.name);
    if (!got) {
      out.push(`${want.name}: the service's callers send ${describeSpec(want)}, the version takes no such input`);
      continue;
    }
    theirs.delete(want.name);
    const shapesKnown = want.shape.length > 0 && got.shape.length > 0;
    const shapeDiffers =
      shapesKnown &&
      (want.shape.length !== got.shape.length ||
        want.shape.some((d, i) => typeof got.shape[i] === 'number' && got.shape[i] !== d));
    if (want.dtype !== got.dtype || shapeDiffers)
      out.push(
        `${want.name}: the service's callers send ${describeSpec(want)}, the version takes ${describeSpec(got)}`,
      );
  }
  for (const extra of theirs.values())
    out.push(`${extra.name}: the version takes ${describeSpec(extra)}, which the service's callers do not send`);
  return out;
}
