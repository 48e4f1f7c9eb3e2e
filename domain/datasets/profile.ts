// What a tabular dataset version is, computed by Plinth with DuckDB: its schema, exact row count and a
// per-column profile. Two scans: one with every exact figure (count, nulls, min, max, mean, std) and the
// sketches (distinct estimate, quantiles), one over a seeded reservoir sample for histograms and top
// values. The second scan reads a fixed-size sample, so the profile of a 1 GB file costs about two reads.
import type { DuckDBConnection } from '@duckdb/node-api';
import { duckMessage, sqlIdent } from './duck.js';
import { readerSql, type TabularFormat } from './formats.js';

export interface ColumnSchema {
  name: string;
  type: string;
}

export interface ColumnProfile {
  name: string;
  type: string;
  kind: 'numeric' | 'temporal' | 'boolean' | 'text' | 'other';
  count: number;
  nulls: number;
  distinct: number;
  min: string | number | null;
  max: string | number | null;
  mean: number | null;
  std: number | null;
  /** 5%, 25%, 50%, 75%, 95% (approximate), numeric columns only. */
  quantiles: { p: number; value: number }[] | null;
  /** Equi-width bins over [min, max] from the sample, numeric columns only; counts scaled to the whole table. */
  histogram: { from: number; to: number; count: number }[] | null;
  /** Most frequent values in the sample, with their share of the sample's non-null values. */
  topValues: { value: string; share: number }[] | null;
  /** Text columns: shortest and longest value, in characters. */
  minLength: number | null;
  maxLength: number | null;
}

export interface TableProfile {
  kind: 'table';
  rowCount: number;
  columns: ColumnProfile[];
  /** Rows the histograms and top values were computed from. */
  sampleRows: number;
}

export interface TableInspection {
  rowCount: number;
  schema: { columns: ColumnSchema[] };
  profile: TableProfile;
}

export class DataFormatError extends Error {
  override readonly name = 'DataFormatError';
}

const SAMPLE_ROWS = 20_000;
/** Columns aggregated in one scan; a wider table takes several scans. */
export const COLUMNS_PER_SCAN = 100;
const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

function kindOf(type: string): ColumnProfile['kind'] {
  if (
    /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/.test(
      type,
    )
  )
    return 'numeric';
  if (/^(DATE|TIME|TIMESTAMP)/.test(type)) return 'temporal';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'VARCHAR') return 'text';
  return 'other';
}

const num = (value: unknown): number | null => {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  return Number.isFinite(n) ? n : null;
};

async function rows(db: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

/** Schema, row count and profile of a CSV, TSV, Parquet or JSON Lines file. Throws DataFormatError naming the problem. */
export async function inspectTable(
  db: DuckDBConnection,
  path: string,
  format: TabularFormat,
  recorded?: readonly ColumnSchema[],
): Promise<TableInspection> {
  const source = readerSql(path, format, recorded);
  let columns: ColumnSchema[];
  try {
    const described = await rows(db, `DESCRIBE SELECT * FROM ${source}`);
    columns = described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  } catch (error) {
    throw new DataFormatError(`not a readable ${format} file: ${duckMessage(error)}`);
  }
  if (columns.length === 0) throw new DataFormatError(`not a readable ${format} file: it has no columns`);
  const names = new Set<string>();
  for (const column of columns) {
    if (column.name.trim() === '') throw new DataFormatError(`${format} file has a column with an empty name`);
    if (names.has(column.name)) throw new DataFormatError(`${format} file has two columns named "${column.name}"`);
    names.add(column.name);
  }

  // Scan 1: exact figures and sketches for every column, in one pass over the file (one pass per
  // group of columns for a wide table: DuckDB holds state per aggregate, and 2,000 columns' worth of
  // them in one query ran out of memory where groups of 100 do not).
  const exact: Record<string, unknown> = {};
  for (let start = 0; start < columns.length; start += COLUMNS_PER_SCAN) {
    const parts: string[] = ['count(*) AS "rows"'];
    columns.slice(start, start + COLUMNS_PER_SCAN).forEach((column, k) => {
      const i = start + k;
      const c = sqlIdent(column.name);
      const kind = kindOf(column.type);
      parts.push(`count(${c}) AS "n${i}"`, `approx_count_distinct(${c}) AS "d${i}"`);
      if (kind === 'numeric' || kind === 'temporal' || kind === 'text' || kind === 'boolean')
        parts.push(`min(${c})::VARCHAR AS "lo${i}"`, `max(${c})::VARCHAR AS "hi${i}"`);
      if (kind === 'numeric') {
        parts.push(
          `avg(${c}::DOUBLE) AS "mean${i}"`,
          `stddev_samp(${c}::DOUBLE) AS "std${i}"`,
          `approx_quantile(${c}::DOUBLE, [${QUANTILES.join(', ')}]) AS "q${i}"`,
        );
      }
      if (kind === 'text') parts.push(`min(length(${c})) AS "minlen${i}"`, `max(length(${c})) AS "maxlen${i}"`);
    });
    try {
      Object.assign(exact, (await rows(db, `SELECT ${parts.join(', ')} FROM ${source}`))[0]!);
    } catch (error) {
      throw new DataFormatError(`not a readable ${format} file: ${duckMessage(error)}`);
    }
  }
  const rowCount = num(exact.rows) ?? 0;

  // Scan 2: a seeded reservoir sample for the shapes (histograms, top values).
  let sampleRows = 0;
  const histograms = new Map<number, ColumnProfile['histogram']>();
  const tops = new Map<number, ColumnProfile['topValues']>();
  if (rowCount > 0) {
    try {
      await db.run(
        `CREATE OR REPLACE TEMP TABLE profile_sample AS SELECT * FROM ${source} USING SAMPLE reservoir(${SAMPLE_ROWS} ROWS) REPEATABLE (42)`,
      );
    } catch (error) {
      throw new DataFormatError(`not a readable ${format} file: ${duckMessage(error)}`);
    }
    sampleRows = num((await rows(db, 'SELECT count(*) AS n FROM profile_sample'))[0]!.n) ?? 0;
    for (const [i, column] of columns.entries()) {
      const c = sqlIdent(column.name);
      const kind = kindOf(column.type);
      const lo = num(exact[`lo${i}`]);
      const hi = num(exact[`hi${i}`]);
      if (kind === 'numeric' && lo !== null && hi !== null) {
        const width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : 1;
        const bins = await rows(
          db,
          `SELECT least(floor((${c}::DOUBLE - ${lo}) / ${width}), ${HISTOGRAM_BINS - 1})::INTEGER AS bin, count(*) AS n
           FROM profile_sample WHERE ${c} IS NOT NULL GROUP BY bin ORDER BY bin`,
        );
        const nonNull = bins.reduce((sum, b) => sum + (num(b.n) ?? 0), 0);
        const scale = nonNull > 0 ? (num(exact[`n${i}`]) ?? 0) / nonNull : 0;
        const counts = new Map(bins.map((b) => [num(b.bin) ?? 0, num(b.n) ?? 0]));
        const binCount = hi > lo ? HISTOGRAM_BINS : 1;
        histograms.set(
          i,
          Array.from({ length: binCount }, (_, b) => ({
            from: lo + b * width,
            to: hi > lo ? lo + (b + 1) * width : hi,
            count: Math.round((counts.get(b) ?? 0) * scale),
          })),
        );
      }
      if (kind === 'text' || kind === 'boolean' || kind === 'temporal') {
        const top = await rows(
          db,
          `SELECT ${c}::VARCHAR AS value, count(*) AS n FROM profile_sample WHERE ${c} IS NOT NULL
           GROUP BY ALL ORDER BY n DESC, value LIMIT ${TOP_VALUES}`,
        );
        const nonNull = num((await rows(db, `SELECT count(${c}) AS n FROM profile_sample`))[0]!.n) ?? 0;
        tops.set(
          i,
          top.map((t) => ({ value: String(t.value), share: nonNull > 0 ? (num(t.n) ?? 0) / nonNull : 0 })),
        );
      }
    }
    await db.run('DROP TABLE profile_sample');
  }

  const profiled: ColumnProfile[] = columns.map((column, i) => {
    const kind = kindOf(column.type);
    const count = num(exact[`n${i}`]) ?? 0;
    const bound = (v: unknown): string | number | null =>
      v === null || v === undefined ? null : kind === 'numeric' ? num(v) : String(v);
    const q = exact[`q${i}`] as unknown[] | null | undefined;
    return {
      name: column.name,
      type: column.type,
      kind,
      count,
      nulls: rowCount - count,
      // The sketch can overshoot on small columns; never more distinct values than values.
      distinct: Math.min(num(exact[`d${i}`]) ?? 0, count),
      min: bound(exact[`lo${i}`]),
      max: bound(exact[`hi${i}`]),
      mean: num(exact[`mean${i}`]),
      std: num(exact[`std${i}`]),
      quantiles: Array.isArray(q) ? QUANTILES.map((p, k) => ({ p, value: num(q[k]) ?? 0 })) : null,
      histogram: histograms.get(i) ?? null,
      topValues: tops.get(i) ?? null,
      minLength: num(exact[`minlen${i}`]),
      maxLength: num(exact[`maxlen${i}`]),
    };
  });
  return { rowCount, schema: { columns }, profile: { kind: 'table', rowCount, columns: profiled, sampleRows } };
}
