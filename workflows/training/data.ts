// Reads a dataset version's table with DuckDB: SUMMARIZE for the column profile, then the numeric feature
// columns and the target. CSV and TSV are read with the column types recorded at ingest, Parquet with its
// own, so training sees the same columns, in the same order and of the same types, as the version's
// schema and profile. Rows with a missing value in a used column are left out (and counted).
import { withDuck, sqlIdent } from '../../domain/datasets/duck.js';
import { readerSql } from '../../domain/datasets/formats.js';
import type { TrainingTable } from '../../domain/datasets/training-file.js';
import type { Dataset } from './ml.js';
import type { ColumnProfile, DataProfile, TrainingTask } from '../../domain/training/shared.js';

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*)$/;
const numOrNull = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));

export async function loadTable(
  table: Pick<TrainingTable, 'path' | 'format' | 'columns'>,
  target: string,
  task: TrainingTask,
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
    const features = columns.filter((c) => c.name !== target && NUMERIC.test(c.type)).map((c) => c.name);
    if (features.length === 0) throw new Error('the data version has no numeric feature column');
    const used = [...features, target].map(sqlIdent);
    const reader = await connection.runAndReadAll(
      `SELECT ${features.map((f) => `CAST(${sqlIdent(f)} AS DOUBLE)`).join(', ')}, ${task === 'regression' ? `CAST(${sqlIdent(target)} AS DOUBLE)` : `CAST(${sqlIdent(target)} AS VARCHAR)`}
       FROM ${source} WHERE ${used.map((c) => `${c} IS NOT NULL`).join(' AND ')}`,
    );
    const rows = reader.getRows();
    // Features as float32: the ONNX model's input type, so the library and ONNX Runtime score the same numbers.
    const X = rows.map((row) => row.slice(0, features.length).map((v) => Math.fround(Number(v))));
    const raw = rows.map((row) => row[features.length]);
    let classes: string[] | null = null;
    let y: number[];
    if (task === 'regression') y = raw.map(Number);
    else {
      const distinct = [...new Set(raw.map(String))];
      const numeric = distinct.every((v) => v.trim() !== '' && !Number.isNaN(Number(v)));
      classes = distinct.sort(numeric ? (a, b) => Number(a) - Number(b) : undefined);
      if (task === 'binary' && classes.length !== 2)
        throw new Error(`binary classification needs 2 classes in "${target}", found ${classes.length}`);
      if (classes.length < 2) throw new Error(`"${target}" has fewer than 2 classes`);
      const index = new Map(classes.map((c, i) => [c, i]));
      y = raw.map((v) => index.get(String(v))!);
    }
    const total = Number(targetColumn.count);
    return {
      profile: { rows: total, usedRows: rows.length, columns, features, classes },
      data: { features, classes, X, y },
    };
  });
}
