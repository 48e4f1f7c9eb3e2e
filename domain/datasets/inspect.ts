// What Plinth checks before it registers a tabular version: the schema DuckDB reads, the exact row count
// and every value converting to its column's type, in one scan of the file. The full profile comes after
// the upload has answered (profile-job.ts), so an upload costs about one read of the file after its bytes
// arrived and were hashed.
import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { controlCharacterProblem } from '../../lib/subgraph/validate.js';
import { duckMessage, sqlIdent } from './duck.js';
import { readerSql, type TabularFormat } from './formats.js';
import { COLUMNS_PER_SCAN, DataFormatError, type ColumnSchema } from './profile.js';

export interface TableCheck {
  rowCount: number;
  schema: { columns: ColumnSchema[] };
  /** Non-null values per column, by column name. */
  nonNull: Record<string, number>;
}

/**
 * DuckDB says only "Error when sniffing file" when no dialect fits the first rows. Reading them again
 * with the dialect fixed and every column as text makes it name the line and what is wrong with it.
 */
async function sniffProblem(
  db: DuckDBConnection,
  path: string,
  format: TabularFormat,
  source: string,
  error: unknown,
): Promise<string> {
  const message = (error as Error).message ?? '';
  if (!message.includes('Error when sniffing file') || (format !== 'CSV' && format !== 'TSV'))
    return duckMessage(error);
  try {
    const file = await open(path, 'r');
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0).finally(() => file.close());
    const header = head.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0]!;
    const fields = header.split(format === 'TSV' ? '\t' : ',').map((_, i) => ({ name: `c${i}`, type: 'VARCHAR' }));
    await db.run(`SELECT count(*) FROM ${readerSql(path, format, fields).replace(/\)$/, ', auto_detect = false)')}`);
  } catch (again) {
    if (/CSV Error on Line/.test((again as Error).message)) return duckMessage(again);
  }
  void source;
  return 'no CSV dialect fits its first rows (an unterminated quote, or rows with different numbers of fields)';
}

async function describe(
  db: DuckDBConnection,
  path: string,
  source: string,
  format: TabularFormat,
): Promise<ColumnSchema[]> {
  let columns: ColumnSchema[];
  try {
    const reader = await db.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    columns = (reader.getRowObjectsJS() as Record<string, unknown>[]).map((r) => ({
      name: String(r.column_name),
      type: String(r.column_type),
    }));
  } catch (error) {
    throw new DataFormatError(`not a readable ${format} file: ${await sniffProblem(db, path, format, source, error)}`);
  }
  if (columns.length === 0) throw new DataFormatError(`not a readable ${format} file: it has no columns`);
  const names = new Set<string>();
  for (const column of columns) {
    if (column.name.trim() === '') throw new DataFormatError(`the ${format} file has a column with an empty name`);
    const control = controlCharacterProblem(column.name, 'column name');
    if (control) throw new DataFormatError(`the ${format} file: ${control}`);
    if (names.has(column.name)) throw new DataFormatError(`the ${format} file has two columns named "${column.name}"`);
    names.add(column.name);
  }
  return columns;
}

async function scan(
  db: DuckDBConnection,
  source: string,
  columns: ColumnSchema[],
  format: TabularFormat,
): Promise<TableCheck> {
  const row: Record<string, unknown> = {};
  // One scan per group of columns for a wide table (see COLUMNS_PER_SCAN).
  for (let start = 0; start < Math.max(columns.length, 1); start += COLUMNS_PER_SCAN) {
    const group = columns.slice(start, start + COLUMNS_PER_SCAN);
    const counts = group.map((c, k) => `count(${sqlIdent(c.name)}) AS "n${start + k}"`);
    // A Parquet file answers counts from its footer's statistics without reading a page: hashing every
    // value makes DuckDB decompress and decode each one, so a damaged page is found now, not at training.
    const touched =
      format === 'PARQUET' ? group.map((c, k) => `bit_xor(hash(${sqlIdent(c.name)})) AS "h${start + k}"`) : [];
    const reader = await db.runAndReadAll(
      `SELECT count(*) AS "rows", ${[...counts, ...touched].join(', ')} FROM ${source}`,
    );
    Object.assign(row, (reader.getRowObjectsJS() as Record<string, unknown>[])[0]!);
  }
  return {
    rowCount: Number(row.rows),
    schema: { columns },
    nonNull: Object.fromEntries(columns.map((c, i) => [c.name, Number(row[`n${i}`])])),
  };
}

/** Throws DataFormatError naming what is wrong with the file (and where, when DuckDB says). */
export async function checkTable(db: DuckDBConnection, path: string, format: TabularFormat): Promise<TableCheck> {
  const source = readerSql(path, format);
  const columns = await describe(db, path, source, format);
  try {
    return await scan(db, source, columns, format);
  } catch (error) {
    const message = duckMessage(error);
    // DuckDB guesses column types from a sample of rows; a value further down that does not fit (a
    // "n/a" in a numeric column) is data, not a malformed file. Read again with types guessed from every row.
    if (/^Conversion Error/.test(message) && (format === 'CSV' || format === 'TSV')) {
      const everyRow = readerSql(path, format, undefined, -1);
      const wider = await describe(db, path, everyRow, format);
      try {
        return await scan(db, everyRow, wider, format);
      } catch (again) {
        throw new DataFormatError(`not a readable ${format} file: ${duckMessage(again)}`);
      }
    }
    throw new DataFormatError(`not a readable ${format} file: ${message}`);
  }
}
