// CSV: `item,label` for class projects, `item,value_json` (the contract's value JSON) for boxes and
// spans; an export of every annotator's latest adds an `annotator` column. RFC 4180 quoting.
import { csvRecords as readCsvRecords } from '../../../lib/csv.js';
import {
  checkBox,
  checkLabel,
  checkSpan,
  isClassTask,
  isObject,
  type ItemIndex,
  LabelFormatError,
  onePerItem,
  type ClassValue,
  type ExportRecord,
  type FormatProject,
  type LabelValue,
  type ParsedLabel,
} from './shared.js';

/** A field quoted when it holds a comma, quote or line break (and a leading space, which readers trim). */
export function csvField(value: string | number | null | undefined): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

// A spreadsheet opening the export runs a cell that starts with = + - @ (or a tab or CR before one) as a
// formula (CSV injection): Plinth's export prefixes such a cell with ' (OWASP's advice), and the import
// takes one ' off again, so an export re-imports as it was. A cell already starting with ' then a
// formula character gets one more, so an item really named that way survives the round trip too.
const FORMULA = /^'*[=+\-@\t\r]/;
export const formulaSafe = (s: string): string => (FORMULA.test(s) ? `'${s}` : s);
const formulaUnsafe = (s: string): string => (FORMULA.test(s) && s.startsWith("'") ? s.slice(1) : s);

export const csvLine = (fields: Array<string | number | null | undefined>): string =>
  fields.map(csvField).join(',') + '\n';

/** Records of a CSV text with the line each starts on; a malformed one throws LabelFormatError naming the line. */
export const csvRecords = (text: string) =>
  readCsvRecords(text, (line, problem) => new LabelFormatError(`line ${line}`, problem));

export function toCsv(project: FormatProject, records: ExportRecord[], withAnnotator: boolean): string {
  const cls = isClassTask(project.taskType);
  let out = csvLine(['item', ...(withAnnotator ? ['annotator'] : []), cls ? 'label' : 'value_json']);
  for (const r of records)
    out += csvLine([
      formulaSafe(r.item.item),
      ...(withAnnotator ? [formulaSafe(r.annotator ?? '')] : []),
      cls ? formulaSafe((r.value as ClassValue).label) : JSON.stringify(r.value),
    ]);
  return out;
}

function parseValue(project: FormatProject, json: string, text: string | null | undefined, at: string): LabelValue {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (error) {
    throw new LabelFormatError(at, `value_json is not valid JSON (${(error as Error).message})`);
  }
  const field = project.taskType === 'BOUNDING_BOX' ? 'boxes' : 'spans';
  if (!isObject(v) || !Array.isArray(v[field])) throw new LabelFormatError(at, `value_json needs a list "${field}"`);
  const list = v[field] as unknown[];
  return project.taskType === 'BOUNDING_BOX'
    ? {
        boxes: list.map((b, i) => {
          if (!isObject(b)) throw new LabelFormatError(`${at} boxes[${i}]`, 'a box must be an object');
          return checkBox(project, b as never, `${at} boxes[${i}]`);
        }),
      }
    : {
        spans: list.map((s, i) => {
          if (!isObject(s)) throw new LabelFormatError(`${at} spans[${i}]`, 'a span must be an object');
          return checkSpan(project, s as never, text, `${at} spans[${i}]`);
        }),
      };
}

/** The labels of a CSV; with an annotator column, the rows of one item must agree (one person's import). */
export function fromCsv(project: FormatProject, content: string, items: ItemIndex): ParsedLabel[] {
  const text = content.startsWith('\ufeff') ? content.slice(1) : content;
  const [header, ...rows] = csvRecords(text);
  if (!header) throw new LabelFormatError('line 1', 'the file is empty: it needs a header');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const cls = isClassTask(project.taskType);
  const want = cls ? 'label' : 'value_json';
  const itemAt = names.indexOf('item');
  const valueAt = names.indexOf(want);
  if (itemAt < 0 || valueAt < 0)
    throw new LabelFormatError(
      'line 1',
      `the header must name the columns item and ${want}; it is "${header.fields.join(',')}"`,
    );
  const out = rows.map((row) => {
    const at = `line ${row.line}`;
    if (row.fields.length !== header.fields.length)
      throw new LabelFormatError(at, `${row.fields.length} fields where the header has ${header.fields.length}`);
    const item = items.find(formulaUnsafe(row.fields[itemAt]!.trim()), `${at} item`);
    const raw = row.fields[valueAt]!;
    const value: LabelValue = cls
      ? { label: checkLabel(project, formulaUnsafe(raw.trim()), `${at} label`) }
      : parseValue(project, raw, item.text, `${at} value_json`);
    return { item: item.item, value, at };
  });
  return onePerItem(project.taskType, out);
}
