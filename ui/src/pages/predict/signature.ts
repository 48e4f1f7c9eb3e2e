// What the playground makes of a model signature, and of what the user typed or dropped: pure functions,
// so the page stays a view. The API validates every request against the signature (runtime/columns.ts,
// validate.ts); these only shape the request. A cell that does not parse as its column's type is sent as
// typed, so the API's error names it (one rule for what is valid, the server's).

export interface TensorSpec {
  name: string;
  dtype: string;
  shape: readonly string[];
}

export type ColumnKind = 'number' | 'integer' | 'bool' | 'text';
export interface Column {
  name: string;
  kind: ColumnKind;
  dtype: string;
}

const FLOAT = new Set(['float32', 'float64', 'float16']);
const INTEGER = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']);

/** A symbolic (or unknown, -1) dimension: the row count a caller chooses. */
const symbolic = (dim: string | undefined): boolean =>
  dim !== undefined && (Number.isNaN(Number(dim)) || Number(dim) < 0);

function kindOf(dtype: string): ColumnKind | null {
  if (FLOAT.has(dtype)) return 'number';
  if (INTEGER.has(dtype)) return 'integer';
  if (dtype === 'bool') return 'bool';
  if (dtype === 'string') return 'text';
  return null;
}

/**
 * The model's named columns when every input is one ([N] or [N, 1] with a symbolic row dimension, of a type a
 * JSON value can carry), as the API's named-column form accepts them; null for a tensor model.
 */
export function tabularColumns(inputs: readonly TensorSpec[]): Column[] | null {
  if (inputs.length === 0) return null;
  const columns: Column[] = [];
  for (const spec of inputs) {
    const [rows, width] = spec.shape;
    const column = symbolic(rows) && (spec.shape.length === 1 || (spec.shape.length === 2 && width === '1'));
    const kind = kindOf(spec.dtype);
    if (!column || !kind) return null;
    columns.push({ name: spec.name, kind, dtype: spec.dtype });
  }
  return columns;
}

export type Row = Record<string, string>;

export const emptyRow = (columns: readonly Column[]): Row => Object.fromEntries(columns.map((c) => [c.name, '']));

/** One typed cell as the API's column form takes it: '' is a missing value (null). */
function cellValue(kind: ColumnKind, raw: string): unknown {
  const text = raw.trim();
  if (kind === 'text') return raw === '' ? null : raw;
  if (text === '') return null;
  if (kind === 'bool') return text === 'true' ? true : text === 'false' ? false : raw;
  const n = Number(text);
  return Number.isFinite(n) ? n : raw;
}

/** The `inputs` of predict from the form's rows: column name → one value per row. */
export function columnInputs(columns: readonly Column[], rows: readonly Row[]): Record<string, unknown[]> {
  return Object.fromEntries(columns.map((c) => [c.name, rows.map((r) => cellValue(c.kind, r[c.name] ?? ''))]));
}

/** A JSON template of the tensor form for a tensor model: one row, the fixed dimensions kept, data to fill in. */
export function tensorTemplate(inputs: readonly TensorSpec[]): Record<string, unknown> {
  return Object.fromEntries(
    inputs.map((s) => [s.name, { dtype: s.dtype, shape: s.shape.map((d) => (symbolic(d) ? 1 : Number(d))), data: [] }]),
  );
}

/** RFC 4180 CSV: quoted fields with "" escapes, commas and newlines inside quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  // A blank line is no row.
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

export interface CsvRows {
  rows: Row[];
  /** Header columns the model does not take (left out). */
  ignored: string[];
  /** Model columns the file lacks (left empty: missing values). */
  missing: string[];
  /** Data rows beyond `limit` (left out). */
  dropped: number;
}

/** A CSV file's rows as form rows, matched to the model's columns by header name. */
export function csvRows(columns: readonly Column[], text: string, limit: number): CsvRows {
  const [header = [], ...data] = parseCsv(text.replace(/^\uFEFF/, ''));
  const names = header.map((h) => h.trim());
  const wanted = new Set(columns.map((c) => c.name));
  const index = new Map(names.map((n, i) => [n, i]));
  const rows = data.slice(0, limit).map((cells) =>
    Object.fromEntries(
      columns.map((c) => {
        const i = index.get(c.name);
        return [c.name, i === undefined ? '' : (cells[i] ?? '')];
      }),
    ),
  );
  return {
    rows,
    ignored: names.filter((n) => n !== '' && !wanted.has(n)),
    missing: columns.filter((c) => !index.has(c.name)).map((c) => c.name),
    dropped: Math.max(0, data.length - limit),
  };
}

export interface OutputTensor {
  dtype: string;
  shape: number[];
  data: unknown[];
}

const isTensor = (v: unknown): v is OutputTensor =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as OutputTensor).shape) &&
  Array.isArray((v as OutputTensor).data) &&
  typeof (v as OutputTensor).dtype === 'string';

export interface OutputTable {
  /** Column headings: an output's name, or name[k] for each of its K values per row. */
  headings: string[];
  /** One row per input row. */
  rows: unknown[][];
}

/**
 * Outputs as one table when each is a tensor of [N] or [N, K] with the same N (a classifier's label and
 * probabilities, a regressor's prediction): a row per input row. Null otherwise (shown as JSON).
 */
export function outputTable(outputs: unknown): OutputTable | null {
  if (typeof outputs !== 'object' || outputs === null) return null;
  const entries = Object.entries(outputs);
  if (entries.length === 0 || !entries.every(([, t]) => isTensor(t))) return null;
  const tensors = entries as [string, OutputTensor][];
  const n = tensors[0]![1].shape[0];
  if (n === undefined || !tensors.every(([, t]) => t.shape.length <= 2 && t.shape.length >= 1 && t.shape[0] === n))
    return null;
  const headings: string[] = [];
  for (const [name, t] of tensors) {
    const k = t.shape[1];
    if (k === undefined || k === 1) headings.push(name);
    else for (let j = 0; j < k; j++) headings.push(`${name}[${j}]`);
  }
  const rows = Array.from({ length: n }, (_, i) =>
    tensors.flatMap(([, t]) => {
      const k = t.shape[1] ?? 1;
      return t.data.slice(i * k, (i + 1) * k);
    }),
  );
  return { headings, rows };
}
