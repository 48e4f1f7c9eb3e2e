// The formats a dataset version can have, how to tell which one a body is, and how DuckDB reads each.
import { open } from 'node:fs/promises';
import { sqlString } from './duck.js';

export const TABULAR_FORMATS = ['CSV', 'TSV', 'PARQUET', 'JSONL'] as const;
export const ARCHIVE_FORMATS = ['IMAGES_ZIP', 'IMAGES_TAR'] as const;
export type TabularFormat = (typeof TABULAR_FORMATS)[number];
export type ArchiveFormat = (typeof ARCHIVE_FORMATS)[number];
export type DatasetFormat = TabularFormat | ArchiveFormat;

export const isTabular = (format: string): format is TabularFormat =>
  (TABULAR_FORMATS as readonly string[]).includes(format);

/** `format` parameter values and media types, lower-case, to formats. */
const NAMES: Record<string, DatasetFormat> = {
  csv: 'CSV',
  'text/csv': 'CSV',
  'application/csv': 'CSV',
  tsv: 'TSV',
  'text/tab-separated-values': 'TSV',
  parquet: 'PARQUET',
  'application/vnd.apache.parquet': 'PARQUET',
  'application/x-parquet': 'PARQUET',
  jsonl: 'JSONL',
  ndjson: 'JSONL',
  'application/x-ndjson': 'JSONL',
  'application/jsonl': 'JSONL',
  'application/jsonlines': 'JSONL',
  'application/x-jsonlines': 'JSONL',
  zip: 'IMAGES_ZIP',
  images_zip: 'IMAGES_ZIP',
  'application/zip': 'IMAGES_ZIP',
  'application/x-zip-compressed': 'IMAGES_ZIP',
  tar: 'IMAGES_TAR',
  images_tar: 'IMAGES_TAR',
  'application/x-tar': 'IMAGES_TAR',
};

export const FORMAT_HELP =
  'say which format the body is with ?format=csv|tsv|parquet|jsonl|zip|tar or its Content-Type (text/csv, ' +
  'text/tab-separated-values, application/vnd.apache.parquet, application/x-ndjson, application/zip, application/x-tar)';

/**
 * The format a request names: its `format` parameter, else its media type. Null when neither names one
 * (application/octet-stream, none); throws for a name that is not a format.
 */
export function declaredFormat(formatParam: string | undefined, contentType: string | undefined): DatasetFormat | null {
  if (formatParam !== undefined && formatParam !== '') {
    const format = NAMES[formatParam.trim().toLowerCase()];
    if (!format) throw new Error(`unknown format "${formatParam}": ${FORMAT_HELP}`);
    return format;
  }
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === '' || type === 'application/octet-stream') return null;
  const format = NAMES[type];
  if (!format) throw new Error(`unsupported Content-Type "${type}": ${FORMAT_HELP}`);
  return format;
}

/** What the first and last bytes of a file say it is; null for text (CSV, TSV, JSON Lines look alike). */
export async function sniffFormat(path: string): Promise<'PARQUET' | 'IMAGES_ZIP' | 'IMAGES_TAR' | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(512);
    const { bytesRead } = await file.read(head, 0, 512, 0);
    if (bytesRead >= 4 && head.subarray(0, 4).toString('latin1') === 'PAR1') return 'PARQUET';
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'IMAGES_ZIP';
    // An empty zip is only its end-of-central-directory record.
    if (bytesRead >= 4 && head.readUInt32LE(0) === 0x06054b50 && size === 22) return 'IMAGES_ZIP';
    if (bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'IMAGES_TAR';
    return null;
  } finally {
    await file.close();
  }
}

/**
 * DuckDB's CSV reader holds buffers of this size per thread (its default, 32 MiB, took a 1 GB upload's
 * check from 107 to 227 MB RSS). 4 MiB keeps lines up to 4 MiB readable.
 */
const CSV_BUFFER = 4 * 1024 * 1024;

/**
 * The DuckDB table function reading a tabular file. `columns`, the schema recorded at ingest, pins CSV
 * and TSV column types, so every later reader sees the types the version was registered with rather
 * than a fresh guess from a sample.
 */
export function readerSql(
  path: string,
  format: TabularFormat,
  columns?: readonly { name: string; type: string }[],
  sampleSize = 20480,
): string {
  const file = sqlString(path);
  const typed =
    columns && columns.length > 0
      ? `, columns = {${columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ')}}`
      : `, sample_size = ${sampleSize}`;
  switch (format) {
    case 'CSV':
      return `read_csv(${file}, header = true, delim = ',', quote = '"', escape = '"', strict_mode = true, buffer_size = ${CSV_BUFFER}${typed})`;
    case 'TSV':
      return `read_csv(${file}, header = true, delim = '\t', quote = '', strict_mode = true, buffer_size = ${CSV_BUFFER}${typed})`;
    case 'PARQUET':
      return `read_parquet(${file})`;
    case 'JSONL':
      return `read_json(${file}, format = 'newline_delimited', records = true)`;
  }
}
