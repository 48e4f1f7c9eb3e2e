// The items a labeling project makes tasks of, read from its source version's verified bytes: an image
// collection's files (by file name, as its rows are), or a table's rows with the text column's value.
// A table's item is the row's 0-based index in file order, read single-threaded so that the order is
// the file's (the snapshot writer joins labels back onto rows by it).
import type { Driver } from 'neo4j-driver';
import { badInput } from '../../lib/subgraph/errors.js';
import { IntegrityError, readVersionBytes } from '../datasets/integrity.js';
import { isTabular, readerSql } from '../datasets/formats.js';
import { sqlIdent, withDuck } from '../datasets/duck.js';
import { versionRows } from '../datasets/rows.js';
import { isTextTask } from './project-input.js';
import { MAX_TASKS, type LabelTaskType } from './shared.js';

export interface SourceItem {
  item: string;
  text: string | null;
}

/** A cell longer than this is a document, not a labeling task's text. */
export const MAX_TEXT_CHARS = 100_000;

/**
 * Up to `limit` items of the version (all when null; more than MAX_TASKS without a limit is refused).
 * Throws BAD_USER_INPUT naming the field when the version does not fit the task type.
 */
export async function sourceItems(
  driver: Driver,
  versionId: string,
  reader: string,
  taskType: LabelTaskType,
  textColumn: string | null,
  limit: number | null,
): Promise<SourceItem[]> {
  let bytes;
  try {
    bytes = await readVersionBytes(driver, versionId, reader);
  } catch (error) {
    if (error instanceof IntegrityError) throw badInput(error.message, 'sourceVersionId');
    throw error;
  }
  const take = (limit ?? MAX_TASKS) + 1;
  const tooMany = (): never => {
    throw badInput(
      `source version ${versionId} has more than ${MAX_TASKS} items; pass maxItems (at most ${MAX_TASKS})`,
      'maxItems',
    );
  };
  if (!isTextTask(taskType)) {
    if (isTabular(bytes.format))
      throw badInput(
        `${taskType} needs an image collection; version ${versionId} is ${bytes.format}`,
        'sourceVersionId',
      );
    const page = await versionRows(driver, versionId, reader, { offset: 0, limit: take });
    if (page.rows.length === take && limit === null) tooMany();
    return page.rows.slice(0, take - 1).map((row) => ({ item: String(row[0]), text: null }));
  }
  if (!isTabular(bytes.format))
    throw badInput(
      `${taskType} needs a table (CSV, TSV, Parquet, JSON Lines); version ${versionId} is ${bytes.format}`,
      'sourceVersionId',
    );
  const column = bytes.columns.find((c) => c.name === textColumn);
  if (!column)
    throw badInput(
      `textColumn "${textColumn}" is not a column of version ${versionId} (${bytes.columns
        .map((c) => c.name)
        .slice(0, 30)
        .join(', ')})`,
      'textColumn',
    );
  if (column.type !== 'VARCHAR')
    throw badInput(`textColumn "${textColumn}" is ${column.type}; text tasks need a VARCHAR column`, 'textColumn');
  const format = bytes.format;
  const texts = await withDuck(
    async (db) => {
      const source = readerSql(bytes.path, format, bytes.columns);
      const reader = await db.runAndReadAll(`SELECT ${sqlIdent(column.name)} FROM ${source} LIMIT ${take}`);
      return reader.getRows().map((row) => (row[0] === null ? null : String(row[0])));
    },
    { threads: 1 },
  );
  if (texts.length === take && limit === null) tooMany();
  const items: SourceItem[] = [];
  texts.slice(0, take - 1).forEach((text, i) => {
    // A row without text has nothing to label; its index is skipped, the others keep theirs.
    if (text === null || text.trim() === '') return;
    if (text.length > MAX_TEXT_CHARS)
      throw badInput(
        `row ${i} of textColumn "${textColumn}" has ${text.length} characters; a task's text may have at most ${MAX_TEXT_CHARS}`,
        'textColumn',
      );
    items.push({ item: String(i), text });
  });
  if (items.length === 0) throw badInput(`textColumn "${textColumn}" has no text in any row`, 'textColumn');
  return items;
}
