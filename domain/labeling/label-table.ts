// The bytes of a label version: a CSV that training reads as it is.
//  - tabular source: every source column, then `label` (classification) or `labels_json` (spans), one
//    row per accepted task in the source's row order. A source column with the same name is replaced:
//    the reviewed label supersedes whatever the source said.
//  - image source: `file,label,px0..px63` (classification; the 8x8 grey pixels from items.ts, the same
//    features the classifier and pre-annotation use) or `file,width,height,boxes_json` (boxes).
import type { Driver } from 'neo4j-driver';
import { withDuck } from '../datasets/duck.js';
import { readerSql } from '../datasets/formats.js';
import { readVersionBytes } from '../datasets/integrity.js';
import { trainingTable } from '../datasets/training-file.js';
import { csvLine } from './formats/csv.js';
import type { BoxValue, ClassValue } from './formats/shared.js';
import { greyPixels, readItemBytes } from './items.js';
import type { ManagedProject, TaskWithAnnotations } from './project-read.js';

export const PIXELS = 8;

export interface LabelTable {
  csv: string;
  columns: string[];
  rows: number;
}

const cell = (v: unknown): string | number | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'object'
      ? JSON.stringify(v)
      : typeof v === 'number'
        ? v
        : String(v);

async function tabular(driver: Driver, project: ManagedProject, tasks: TaskWithAnnotations[]): Promise<LabelTable> {
  const reader = `label snapshot of project ${project.id}`;
  const table = await trainingTable(driver, project.sourceVersionId, reader);
  const source = readerSql(table.path, table.format, table.columns);
  const read = await withDuck((db) => db.runAndReadAll(`SELECT * FROM ${source}`), { threads: 1 });
  const names = read.columnNames();
  const rows = read.getRowsJson();
  const target = project.taskType === 'ENTITY_SPAN' ? 'labels_json' : 'label';
  const keep = names.flatMap((n, i) => (n === target ? [] : [i]));
  let csv = csvLine([...keep.map((i) => names[i]!), target]);
  const byRow = tasks.map((t) => ({ row: Number(t.item), value: t.finalValue! })).sort((a, b) => a.row - b.row);
  for (const { row, value } of byRow) {
    const source = rows[row];
    if (!Number.isInteger(row) || !source)
      throw new Error(
        `task item ${row} is not a row of source version ${project.sourceVersionId} (${rows.length} rows)`,
      );
    const label = target === 'label' ? (value as ClassValue).label : JSON.stringify(value);
    csv += csvLine([...keep.map((i) => cell(source[i])), label]);
  }
  return { csv, columns: [...keep.map((i) => names[i]!), target], rows: byRow.length };
}

async function images(driver: Driver, project: ManagedProject, tasks: TaskWithAnnotations[]): Promise<LabelTable> {
  const reader = `label snapshot of project ${project.id}`;
  // Verify the archive once up front: a tampered source fails here, naming both digests.
  await readVersionBytes(driver, project.sourceVersionId, reader);
  const sorted = [...tasks].sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  if (project.taskType === 'IMAGE_CLASSIFICATION') {
    const px = Array.from({ length: PIXELS * PIXELS }, (_, i) => `px${i}`);
    const columns = ['file', 'label', ...px];
    let csv = csvLine(columns);
    for (const t of sorted) {
      const { bytes } = await readItemBytes(driver, project.sourceVersionId, t.item, reader);
      const grey = await greyPixels(bytes, PIXELS);
      // Six decimals: 1/255 steps survive, and equal images give equal bytes (so equal snapshots match).
      csv += csvLine([t.item, (t.finalValue as ClassValue).label, ...[...grey].map((g) => Math.round(g * 1e6) / 1e6)]);
    }
    return { csv, columns, rows: sorted.length };
  }
  const columns = ['file', 'width', 'height', 'boxes_json'];
  let csv = csvLine(columns);
  for (const t of sorted) {
    const { width, height } = await readItemBytes(driver, project.sourceVersionId, t.item, reader);
    csv += csvLine([t.item, width, height, JSON.stringify((t.finalValue as BoxValue).boxes)]);
  }
  return { csv, columns, rows: sorted.length };
}

/** The label version's CSV for the accepted tasks given (each with its finalValue). */
export async function labelTable(
  driver: Driver,
  project: ManagedProject,
  tasks: TaskWithAnnotations[],
): Promise<LabelTable> {
  const missing = tasks.find((t) => t.finalValue === null);
  if (missing) throw new Error(`accepted task ${missing.id} has no final value`);
  return project.taskType === 'IMAGE_CLASSIFICATION' || project.taskType === 'BOUNDING_BOX'
    ? images(driver, project, tasks)
    : tabular(driver, project, tasks);
}
