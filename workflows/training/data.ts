// Reads a dataset version's table with DuckDB for training: SUMMARIZE for the column profile, exact counts
// to decide which columns a model can take, then the raw values of those columns and the target. CSV and
// TSV are read with the column types recorded at ingest, Parquet with its own, so training sees the same
// columns, in the same order and of the same types, as the version's schema and profile.
// Nothing is left out without a word (issue #15): numbers are imputed with the train split's mean and
// text columns one-hot encoded, both inside the exported ONNX graph too (columns.ts); a column that
// cannot be used is dropped with its reason, and rows without a target value are counted. All of it
// goes into the DataReport the load returns.
import { withDuck, sqlIdent } from '../../domain/datasets/duck.js';
import { readerSql } from '../../domain/datasets/formats.js';
import type { TrainingTable } from '../../domain/datasets/training-file.js';
import type { Dataset } from './ml.js';
import { encodeRows, featureNames, fitColumn, isMissing, type InputColumn, type RawColumns } from './columns.js';
import type {
  ColumnProfile,
  DataColumnDropped,
  DataProfile,
  DataReport,
  TrainingTask,
} from '../../domain/training/shared.js';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const INTEGER = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const TEXT = /^VARCHAR/;
/** A text column with more distinct values than this is not encoded (one feature per category). */
export const MAX_CATEGORIES = 50;
/** The exported model's output names: a column of one of these names cannot also be an input. */
const OUTPUT_NAMES = ['label', 'probabilities', 'prediction'];
/** Below this many rows, "every value distinct" says nothing about a column being an identifier. */
const ID_MIN_ROWS = 20;
/** Columns aggregated per scan (wide tables: see the profile job). */
const STATS_CHUNK = 50;

const numOrNull = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const idName = (name: string): boolean => /(^|[_\s.-])id$/i.test(name) || /[a-z0-9]Id$/.test(name);

export interface LoadOptions {
  /**
   * The rows (indices into the rows that have a target value) the model trains on: imputation values and
   * categories are fitted on them only. Default: every row.
   */
  trainRows?: (rows: number) => number[];
}

interface ColumnStats {
  nonNull: number;
  distinct: number;
  min: number | null;
  max: number | null;
}

/** Why a column cannot be a model input, or its kind. */
function classify(
  column: ColumnProfile,
  stats: ColumnStats,
  rows: number,
): { kind: 'numeric' | 'categorical' } | { reason: string } {
  if (OUTPUT_NAMES.includes(column.name))
    return { reason: `its name is one of the model's outputs (${OUTPUT_NAMES.join(', ')}); rename it to use it` };
  const numeric = NUMERIC.test(column.type) || column.type === 'BOOLEAN';
  if (!numeric && !TEXT.test(column.type))
    return {
      reason: `type ${column.type} is neither a number nor text; derive numeric or text columns from it with a recipe`,
    };
  if (stats.nonNull === 0) return { reason: 'every value is missing' };
  if (stats.distinct === 1) return { reason: 'the same value in every row that has one: nothing to learn from' };
  const unique = stats.distinct === stats.nonNull && stats.nonNull >= ID_MIN_ROWS;
  if (numeric) {
    // A row number: distinct whole numbers packed into a range hardly wider than their count (some rows
    // may have gone with a missing target).
    const consecutive = stats.min !== null && stats.max !== null && stats.max - stats.min + 1 <= 1.25 * stats.nonNull;
    if (INTEGER.test(column.type) && unique && stats.nonNull === rows && (idName(column.name) || consecutive))
      return { reason: 'an identifier: a distinct whole number in every row' };
    return { kind: 'numeric' };
  }
  if (unique) return { reason: 'an identifier or free text: a distinct value in every row' };
  if (stats.distinct > MAX_CATEGORIES)
    return {
      reason: `${stats.distinct} distinct values, more than the ${MAX_CATEGORIES} a categorical column may have`,
    };
  return { kind: 'categorical' };
}

export async function loadTable(
  table: Pick<TrainingTable, 'path' | 'format' | 'columns'>,
  target: string,
  task: TrainingTask,
  options: LoadOptions = {},
): Promise<{ profile: DataProfile; data: Dataset }> {
  const source = readerSql(table.path, table.format, table.columns);
  return withDuck(async (connection) => {
    const summary = (await connection.runAndReadAll(`SUMMARIZE SELECT * FROM ${source}`)).getRowObjectsJson();
    const columns: ColumnProfile[] = summary.map((r) => ({
      name: String(r.column_name),
      type: String(r.column_type),
      count: Number(r.count),
      nullPercent: Number(r.null_percentage ?? 0),
      min: r.min === null ? null : String(r.min),
      max: r.max === null ? null : String(r.max),
      mean: numOrNull(r.avg),
      std: numOrNull(r.std),
      approxUnique: Number(r.approx_unique),
    }));
    const targetColumn = columns.find((c) => c.name === target);
    if (!targetColumn)
      throw new Error(`no column "${target}" in the data version (columns: ${columns.map((c) => c.name).join(', ')})`);
    if (task === 'regression' && !NUMERIC.test(targetColumn.type))
      throw new Error(`regression needs a numeric target; "${target}" is ${targetColumn.type}`);
    const withTarget = `FROM ${source} WHERE ${sqlIdent(target)} IS NOT NULL`;
    const total = Number((await connection.runAndReadAll(`SELECT COUNT(*) FROM ${source}`)).getRows()[0]![0]);

    // Exact counts over the rows that have a target (approx_unique cannot tell 50 from 51, or an id).
    const candidates = columns.filter((c) => c.name !== target);
    const stats = new Map<string, ColumnStats>();
    let kept = 0;
    for (let i = 0; i < candidates.length; i += STATS_CHUNK) {
      const chunk = candidates.slice(i, i + STATS_CHUNK);
      const select = chunk.flatMap((c) => {
        const col = sqlIdent(c.name);
        const range = INTEGER.test(c.type) ? [`MIN(${col})::DOUBLE`, `MAX(${col})::DOUBLE`] : ['NULL', 'NULL'];
        return [`COUNT(${col})`, `COUNT(DISTINCT ${col})`, ...range];
      });
      const row = (await connection.runAndReadAll(`SELECT COUNT(*), ${select.join(', ')} ${withTarget}`)).getRows()[0]!;
      kept = Number(row[0]);
      chunk.forEach((c, j) =>
        stats.set(c.name, {
          nonNull: Number(row[1 + 4 * j]),
          distinct: Number(row[2 + 4 * j]),
          min: numOrNull(row[3 + 4 * j]),
          max: numOrNull(row[4 + 4 * j]),
        }),
      );
    }
    if (candidates.length === 0)
      kept = Number((await connection.runAndReadAll(`SELECT COUNT(*) ${withTarget}`)).getRows()[0]![0]);

    const droppedColumns: DataColumnDropped[] = [];
    const usable: { column: ColumnProfile; kind: 'numeric' | 'categorical' }[] = [];
    for (const column of candidates) {
      const decided = classify(column, stats.get(column.name)!, kept);
      if ('reason' in decided) droppedColumns.push({ name: column.name, type: column.type, reason: decided.reason });
      else usable.push({ column, kind: decided.kind });
    }

    const cast = (u: (typeof usable)[number]): string =>
      `CAST(${sqlIdent(u.column.name)} AS ${u.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'})`;
    const targetCast = `CAST(${sqlIdent(target)} AS ${task === 'regression' ? 'DOUBLE' : 'VARCHAR'})`;
    const rows = (
      await connection.runAndReadAll(`SELECT ${[...usable.map(cast), targetCast].join(', ')} ${withTarget}`)
    ).getRows();
    const raw: RawColumns = {};
    usable.forEach((u, j) => {
      raw[u.column.name] = rows.map((row) => {
        const v = row[j];
        if (v === null || v === undefined) return null;
        return u.kind === 'numeric' ? Number(v) : String(v);
      });
    });
    const targets = rows.map((row) => row[usable.length]);

    const trainRows = options.trainRows?.(rows.length) ?? rows.map((_, i) => i);
    const inputs: InputColumn[] = [];
    for (const u of usable) {
      const fitted = fitColumn(u.column.name, u.kind, raw[u.column.name]!, trainRows);
      if (fitted) inputs.push(fitted);
      else droppedColumns.push({ name: u.column.name, type: u.column.type, reason: 'no value in the training split' });
    }
    // Dropped columns are reported in the table's column order.
    const order = new Map(columns.map((c, i) => [c.name, i]));
    droppedColumns.sort((a, b) => order.get(a.name)! - order.get(b.name)!);
    if (inputs.length === 0)
      throw new Error(
        `the data version has no usable feature column${droppedColumns.length ? `: ${droppedColumns.map((d) => `"${d.name}" (${d.reason})`).join('; ')}` : ''}`,
      );

    let classes: string[] | null = null;
    let y: number[];
    if (task === 'regression') y = targets.map(Number);
    else {
      const distinct = [...new Set(targets.map(String))];
      const numeric = distinct.every((v) => v.trim() !== '' && !Number.isNaN(Number(v)));
      classes = distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
      if (task === 'binary' && classes.length !== 2)
        throw new Error(`binary classification needs 2 classes in "${target}", found ${classes.length}`);
      if (classes.length < 2) throw new Error(`"${target}" has fewer than 2 classes`);
      const index = new Map(classes.map((c, i) => [c, i]));
      y = targets.map((v) => index.get(String(v))!);
    }
    const features = featureNames(inputs);
    const usedRaw: RawColumns = Object.fromEntries(inputs.map((c) => [c.name, raw[c.name]!]));
    const report = dataReport(target, total, rows.length, inputs, usedRaw, droppedColumns, columns);
    return {
      profile: { rows: total, usedRows: rows.length, columns, features, classes, report },
      data: {
        features,
        classes,
        X: encodeRows(
          inputs,
          usedRaw,
          rows.map((_, i) => i),
        ),
        y,
        inputs,
        raw: usedRaw,
      },
    };
  });
}

function dataReport(
  target: string,
  rows: number,
  usedRows: number,
  inputs: InputColumn[],
  raw: RawColumns,
  droppedColumns: DataColumnDropped[],
  columns: ColumnProfile[],
): DataReport {
  const typeOf = new Map(columns.map((c) => [c.name, c.type]));
  const used = inputs.map((c) => ({
    name: c.name,
    type: typeOf.get(c.name)!,
    kind: c.kind,
    dtype: c.kind === 'numeric' ? ('float32' as const) : ('string' as const),
    missing: raw[c.name]!.filter(isMissing).length,
    imputedWith: c.impute,
    ...(c.kind === 'categorical' ? { categories: c.categories } : {}),
  }));
  const droppedRows =
    rows > usedRows ? [{ reason: `no value in the target column "${target}"`, count: rows - usedRows }] : [];
  const warnings = [
    ...droppedColumns.map((d) => `column "${d.name}" (${d.type}) not used: ${d.reason}`),
    ...droppedRows.map((d) => `${d.count} of ${rows} rows left out: ${d.reason}`),
    ...used
      .filter((c) => c.missing > 0)
      .map(
        (c) =>
          `column "${c.name}": ${c.missing} missing values imputed with the training split's ${c.kind === 'numeric' ? 'mean' : 'most frequent value'} ${JSON.stringify(c.imputedWith)}`,
      ),
  ];
  return { target, rows, usedRows, columns: used, droppedColumns, droppedRows, warnings };
}
