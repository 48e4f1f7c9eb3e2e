// A model's input columns and their preprocessing, done twice and identically: in JavaScript for the
// library (fit on the training split, applied to every row), and as the front of the exported ONNX graph,
// so a caller sends raw values by column name and the graph imputes and one-hot encodes them itself.
//   numeric column c     → input c float32 [N, 1] → Imputer (NaN → train mean)                  → 1 feature
//   categorical column c → input c string [N, 1]  → LabelEncoder (category → index; '' → the most
//                          frequent; unseen → -1) → OneHotEncoder (unseen: all zeros) → Flatten → K features
// The features are concatenated in column order into the [N, F] tensor the estimator reads.
import type * as OrtModule from 'onnxruntime-node';
import type { NodeSpec, ValueInfo } from '../../domain/models/onnx-builder.js';

export type InputColumn =
  | {
      name: string;
      kind: 'numeric';
      /** The train split's mean (float32), put in for a missing value (null, NaN). */
      impute: number;
    }
  | {
      name: string;
      kind: 'categorical';
      /** The train split's categories, sorted: one feature each; any other value encodes as all zeros. */
      categories: string[];
      /** The train split's most frequent category, put in for a missing value (null, ''). */
      impute: string;
    };

/** A raw cell: a number or a string, null when missing. */
export type RawValue = number | string | null;
export type RawColumns = Record<string, RawValue[]>;

/** Missing: null, NaN for numbers, '' for categories (what a caller sends for "no value" in a string tensor). */
export const isMissing = (v: RawValue | undefined): boolean =>
  v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

/** Fits imputation values and categories on the training rows. Null for a column with no value there. */
export function fitColumn(
  name: string,
  kind: 'numeric' | 'categorical',
  values: RawValue[],
  trainRows: number[],
): InputColumn | null {
  const seen = trainRows.map((i) => values[i]).filter((v): v is number | string => !isMissing(v ?? null));
  if (seen.length === 0) return null;
  if (kind === 'numeric') {
    const mean = seen.reduce((s: number, v) => s + Number(v), 0) / seen.length;
    return { name, kind, impute: Math.fround(mean) };
  }
  const counts = new Map<string, number>();
  for (const v of seen) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  const categories = [...counts.keys()].sort();
  // Most frequent; ties go to the first in sorted order, so the fit is deterministic.
  const impute = categories.reduce((best, c) => (counts.get(c)! > counts.get(best)! ? c : best), categories[0]!);
  return { name, kind, categories, impute };
}

/** Feature names in the estimator's order: a numeric column's own name, `column=category` per category. */
export const featureNames = (inputs: InputColumn[]): string[] =>
  inputs.flatMap((c) => (c.kind === 'numeric' ? [c.name] : c.categories.map((k) => `${c.name}=${k}`)));

/** The features of `rows` exactly as the ONNX front computes them (float32 numbers, 0/1 indicators). */
export function encodeRows(inputs: InputColumn[], raw: RawColumns, rows: number[]): number[][] {
  return rows.map((i) =>
    inputs.flatMap((c) => {
      const v = raw[c.name]![i] ?? null;
      if (c.kind === 'numeric') return [isMissing(v) ? c.impute : Math.fround(Number(v))];
      const category = isMissing(v) ? c.impute : String(v);
      return c.categories.map((k) => (k === category ? 1 : 0));
    }),
  );
}

/** A name for the graph's own tensors that no column (and no output) can take. */
function namer(taken: Iterable<string>): (base: string) => string {
  const used = new Set(taken);
  return (base) => {
    let name = base;
    for (let n = 1; used.has(name); n++) name = `${base}#${n}`;
    used.add(name);
    return name;
  };
}

/**
 * The graph's input front: one input per column, named by it, shape [N, 1]; nodes that impute and
 * encode; `features` names the [N, F] float tensor they produce. `reserved` are the output names.
 */
export function inputFront(
  inputs: InputColumn[],
  reserved: string[],
): { inputs: ValueInfo[]; nodes: NodeSpec[]; features: string } {
  const name = namer([...inputs.map((c) => c.name), ...reserved]);
  const ml = 'ai.onnx.ml';
  const nodes: NodeSpec[] = [];
  const parts = inputs.map((c) => {
    if (c.kind === 'numeric') {
      const out = name(`${c.name}:imputed`);
      nodes.push({
        op: 'Imputer',
        domain: ml,
        inputs: [c.name],
        outputs: [out],
        attributes: [
          { name: 'imputed_value_floats', floats: [c.impute] },
          { name: 'replaced_value_float', float: Number.NaN },
        ],
      });
      return out;
    }
    const index = name(`${c.name}:index`);
    const onehot = name(`${c.name}:onehot`);
    const flat = name(`${c.name}:features`);
    const mode = c.categories.indexOf(c.impute);
    nodes.push(
      {
        op: 'LabelEncoder',
        domain: ml,
        inputs: [c.name],
        outputs: [index],
        attributes: [
          { name: 'keys_strings', strings: [...c.categories, ''] },
          { name: 'values_int64s', ints: [...c.categories.map((_, k) => k), mode] },
          { name: 'default_int64', int: -1 },
        ],
      },
      {
        op: 'OneHotEncoder',
        domain: ml,
        inputs: [index],
        outputs: [onehot],
        attributes: [
          { name: 'cats_int64s', ints: c.categories.map((_, k) => k) },
          { name: 'zeros', int: 1 },
        ],
      },
      { op: 'Flatten', inputs: [onehot], outputs: [flat], attributes: [{ name: 'axis', int: 1 }] },
    );
    return flat;
  });
  const features = name('features');
  nodes.push({ op: 'Concat', inputs: parts, outputs: [features], attributes: [{ name: 'axis', int: 1 }] });
  return {
    inputs: inputs.map((c) => ({ name: c.name, dtype: c.kind === 'numeric' ? 'float32' : 'string', shape: ['N', 1] })),
    nodes,
    features,
  };
}

/** Raw values of `rows` as named [n, 1] tensors, the way a caller sends them (missing: NaN, ''). */
export function columnTensors(
  inputs: InputColumn[],
  raw: RawColumns,
  rows: number[],
): Record<
  string,
  { dtype: 'float32'; data: Float32Array; dims: number[] } | { dtype: 'string'; data: string[]; dims: number[] }
> {
  return Object.fromEntries(
    inputs.map((c) => {
      const values = rows.map((i) => raw[c.name]![i] ?? null);
      const dims = [rows.length, 1];
      return [
        c.name,
        c.kind === 'numeric'
          ? { dtype: 'float32', data: Float32Array.from(values, (v) => (isMissing(v) ? Number.NaN : Number(v))), dims }
          : { dtype: 'string', data: values.map((v) => (isMissing(v) ? '' : String(v))), dims },
      ];
    }),
  );
}

type Ort = typeof OrtModule;

/**
 * The feeds that score `rows` with an exported model: the raw column values (the graph imputes and
 * encodes them) when the model takes named columns, else the encoded features as the positional x.
 */
export function onnxFeeds(
  ort: Ort,
  model: { inputs?: InputColumn[]; features: string[] },
  data: { X: number[][]; raw?: RawColumns },
  rows: number[],
): Record<string, InstanceType<Ort['Tensor']>> {
  if (!model.inputs || !data.raw)
    return {
      x: new ort.Tensor('float32', Float32Array.from(rows.flatMap((i) => data.X[i]!)), [
        rows.length,
        model.features.length,
      ]),
    };
  const tensors = columnTensors(model.inputs, data.raw, rows);
  return Object.fromEntries(
    Object.entries(tensors).map(([name, t]) => [
      name,
      t.dtype === 'string' ? new ort.Tensor('string', t.data, t.dims) : new ort.Tensor('float32', t.data, t.dims),
    ]),
  );
}
