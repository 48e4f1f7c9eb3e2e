// A page of a version's rows, for a preview: read through readVersionBytes (so the bytes are the ones
// the version was registered with, or the read fails naming both digests) and DuckDB with the recorded
// column types; an image collection's rows are its images (file, label, width, height, format, bytes).
// Values come as JSON: numbers where JavaScript holds them exactly, text otherwise (a BIGINT beyond 2^53,
// a DECIMAL, a date), lists and structs as arrays and objects.
import { DuckDBTypeId } from '@duckdb/node-api';
import type { Driver } from 'neo4j-driver';
import { withDuck } from './duck.js';
import { isTabular, readerSql, type ArchiveFormat } from './formats.js';
import { inspectArchive, IMAGE_COLUMNS, type ImageRow } from './images.js';
import { readVersionBytes } from './integrity.js';

export const MAX_ROWS_PAGE = 500;

export interface RowsPage {
  columns: string[];
  rows: unknown[][];
  /** Index of the first row of the page. */
  offset: number;
  hasNextPage: boolean;
}

const WIDE_INTEGERS = new Set([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

// An image collection's rows come from reading the archive; the same bytes (one digest) always give the
// same rows, so the last few lists are kept, keyed by digest, and paging does not re-read the archive.
const CACHED_ARCHIVES = 4;
const CACHEABLE_IMAGES = 100_000;
const archives = new Map<string, ImageRow[]>();

async function imageRows(path: string, format: ArchiveFormat, digest: string): Promise<ImageRow[]> {
  const hit = archives.get(digest);
  if (hit) {
    archives.delete(digest);
    archives.set(digest, hit);
    return hit;
  }
  const { images } = await inspectArchive(path, format);
  if (images.length <= CACHEABLE_IMAGES) {
    archives.set(digest, images);
    if (archives.size > CACHED_ARCHIVES) archives.delete(archives.keys().next().value!);
  }
  return images;
}

/**
 * Rows [offset, offset + limit) of a version, in the file's order (an image collection's: by file name).
 * `reader` names who read, for the audit event an integrity failure writes. Throws IntegrityError.
 */
export async function versionRows(
  driver: Driver,
  versionId: string,
  reader: string,
  window: { offset: number; limit: number },
): Promise<RowsPage> {
  const { offset, limit } = window;
  const bytes = await readVersionBytes(driver, versionId, reader);
  if (!isTabular(bytes.format)) {
    const images = await imageRows(bytes.path, bytes.format, bytes.digest);
    return {
      columns: IMAGE_COLUMNS.map((c) => c.name),
      rows: images.slice(offset, offset + limit).map((i) => [i.file, i.label, i.width, i.height, i.format, i.bytes]),
      offset,
      hasNextPage: offset + limit < images.length,
    };
  }
  const format = bytes.format;
  return withDuck(
    async (db) => {
      const source = readerSql(bytes.path, format, bytes.columns.length > 0 ? bytes.columns : undefined);
      // One row more than asked says whether another page follows, without counting the file.
      const reader = await db.runAndReadAll(`SELECT * FROM ${source} LIMIT ${limit + 1} OFFSET ${offset}`);
      const wide = new Set(
        reader.columnNames().flatMap((_, i) => (WIDE_INTEGERS.has(reader.columnTypeId(i)) ? [i] : [])),
      );
      const rows = reader.getRowsJson().map((row) =>
        row.map((value, i) => {
          if (!wide.has(i) || typeof value !== 'string') return value;
          const n = Number(value);
          return Number.isSafeInteger(n) ? n : value;
        }),
      );
      return {
        columns: reader.columnNames(),
        rows: rows.slice(0, limit),
        offset,
        hasNextPage: rows.length > limit,
      };
    },
    { threads: 1 },
  );
}
