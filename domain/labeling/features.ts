// The feature vector of a labeling item, as the active-learning loop trains and scores on it:
//  - a table's row: its numeric (and boolean) columns, read through the verified path (trainingTable: the
//    registered bytes or an IntegrityError) with the column types recorded at ingest; a missing value is
//    the column's mean, so a row with a gap still gets a score;
//  - a text (a text project's `textColumn`): hashed character 1–3-grams into a fixed dimension, so any
//    language, Chinese included, gets features without a vocabulary to fit or store;
//  - an image: its 8×8 grey pixels (greyPixels, the same px0..px63 a label version carries for training).
// A text project on a table gets both: the row's numbers and its text's n-grams.
import type { Driver } from 'neo4j-driver';
import { withDuck, sqlIdent } from '../datasets/duck.js';
import { readerSql } from '../datasets/formats.js';
import { trainingTable } from '../datasets/training-file.js';
import { greyPixels, readItemBytes } from './items.js';

/** Hashed n-gram buckets of a text: enough to separate labels of short texts, small enough to train fast. */
export const TEXT_DIMENSIONS = 256;
/** Grey pixels per side of an image's features (px0..px63). */
export const IMAGE_SIDE = 8;

const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|BOOLEAN)$/;

/** 32-bit FNV-1a over UTF-16 code units: stable across runs and platforms, unlike any seeded hash. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Character 1–3-grams of the NFKC-folded, lower-cased text with whitespace runs as one space, counted
 * into `dimensions` buckets (a second hash bit gives each gram a sign, so collisions cancel rather than
 * pile up), then L2-normalised: a long text and a short one of the same words score alike.
 */
export function textFeatures(text: string, dimensions = TEXT_DIMENSIONS): number[] {
  const out = new Array<number>(dimensions).fill(0);
  const chars = [...text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()];
  for (let n = 1; n <= 3; n++)
    for (let i = 0; i + n <= chars.length; i++) {
      const h = fnv1a(`${n}:${chars.slice(i, i + n).join('')}`);
      out[h % dimensions]! += h & 0x80000000 ? -1 : 1;
    }
  const norm = Math.hypot(...out);
  return norm > 0 ? out.map((v) => v / norm) : out;
}

export interface TableFeatures {
  /** The feature columns, in the file's order. */
  columns: string[];
  /** One row per requested index, in the order asked. */
  X: number[][];
}

/**
 * The numeric columns of rows `rows` (0-based, in the file's order) of a tabular version. Columns that
 * are all missing or constant carry nothing and are left out. Throws TrainingFileError for a version that
 * cannot be read as a verified table, and a RangeError for a row index the table does not have.
 */
export async function tableFeatures(
  driver: Driver,
  versionId: string,
  rows: number[],
  reader: string,
  exclude: string[] = [],
): Promise<TableFeatures> {
  const table = await trainingTable(driver, versionId, reader);
  const numeric = table.columns.filter((c) => NUMERIC.test(c.type) && !exclude.includes(c.name));
  if (numeric.length === 0) return { columns: [], X: rows.map(() => []) };
  const source = readerSql(table.path, table.format, table.columns);
  // One read of the whole table, in file order (DuckDB keeps insertion order): a row's index is its
  // position, as a task's `item` names it.
  const all = await withDuck((db) =>
    db
      .runAndReadAll(`SELECT ${numeric.map((c) => `CAST(${sqlIdent(c.name)} AS DOUBLE)`).join(', ')} FROM ${source}`)
      .then((r) => r.getRows()),
  );
  const values = all.map((row) => row.map((v) => (v === null || v === undefined ? null : Number(v))));
  const keep: number[] = [];
  const means: number[] = [];
  numeric.forEach((_, j) => {
    const present = values.map((row) => row[j]).filter((v): v is number => v !== null && Number.isFinite(v));
    if (present.length === 0 || present.every((v) => v === present[0])) return;
    keep.push(j);
    means.push(present.reduce((s, v) => s + v, 0) / present.length);
  });
  const X = rows.map((i) => {
    const row = values[i];
    if (!row) throw new RangeError(`row ${i} is not in dataset version ${versionId} (${values.length} rows)`);
    return keep.map((j, k) => {
      const v = row[j];
      return v === null || v === undefined || !Number.isFinite(v) ? means[k]! : v;
    });
  });
  return { columns: keep.map((j) => numeric[j]!.name), X };
}

/** The features of one image: its IMAGE_SIDE² grey pixels in 0..1. */
export async function imageFeatures(
  driver: Driver,
  versionId: string,
  item: string,
  reader: string,
): Promise<number[]> {
  const { bytes } = await readItemBytes(driver, versionId, item, reader);
  return [...(await greyPixels(bytes, IMAGE_SIDE))];
}

export interface FeatureSource {
  sourceVersionId: string;
  taskType: string;
  textColumn?: string | null;
}

export interface FeatureItem {
  /** A file path in an image collection, or a 0-based row index of a table (as text). */
  item: string;
  text?: string | null;
}

/** The feature vectors of `items` of a classification project, in the order given (same length each). */
export async function itemFeatures(
  driver: Driver,
  project: FeatureSource,
  items: FeatureItem[],
  reader: string,
): Promise<number[][]> {
  if (project.taskType === 'IMAGE_CLASSIFICATION') {
    const out: number[][] = [];
    for (const it of items) out.push(await imageFeatures(driver, project.sourceVersionId, it.item, reader));
    return out;
  }
  if (project.taskType !== 'TEXT_CLASSIFICATION')
    throw new Error(`features are defined for classification projects, not ${project.taskType}`);
  const rows = items.map((it) => {
    const row = Number(it.item);
    if (!Number.isInteger(row) || row < 0) throw new RangeError(`item "${it.item}" is not a row index`);
    return row;
  });
  const exclude = project.textColumn ? [project.textColumn] : [];
  const table = await tableFeatures(driver, project.sourceVersionId, rows, reader, exclude);
  return items.map((it, i) => [...table.X[i]!, ...textFeatures(it.text ?? '')]);
}
