// The optional labels file of an image collection, at the archive's root: `labels.csv` with a header
// naming the columns `file` and `label` (other columns are ignored), and/or `labels.json`, an object
// {"<file>": "<label>"}. File names are paths inside the archive, as its entries name them. An empty
// label leaves the image unlabeled. Both files may be present; they must then agree.
import { csvRecords } from '../../lib/csv.js';
import { controlCharacterProblem } from '../../lib/subgraph/validate.js';
import { DataFormatError } from './profile.js';

export const LABEL_FILES = ['labels.csv', 'labels.json'] as const;
export type LabelFile = (typeof LABEL_FILES)[number];

/** A labels file is read whole, so it has a size of its own: 64 MiB is about a million labelled images. */
export const MAX_LABELS_BYTES = 64 * 1024 * 1024;

/** Records of a labels.csv text; a malformed one throws DataFormatError naming the line. */
const labelRecords = (text: string) =>
  csvRecords(text, (line, problem) => new DataFormatError(`labels.csv line ${line}: ${problem}`));

function checkLabel(source: LabelFile, where: string, label: string): void {
  const problem = controlCharacterProblem(label, 'label');
  if (problem) throw new DataFormatError(`${source} ${where}: ${problem}`);
  if (label.length > 200) throw new DataFormatError(`${source} ${where}: a label is at most 200 characters`);
}

/** "file → label" pairs of one labels file, in its order; throws DataFormatError naming the line or key. */
export function parseLabels(source: LabelFile, bytes: Buffer): [string, string][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataFormatError(`${source} is not UTF-8 text`);
  }
  if (text.startsWith('\ufeff')) text = text.slice(1);
  const pairs: [string, string][] = [];
  if (source === 'labels.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new DataFormatError(`labels.json is not JSON: ${(error as Error).message}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new DataFormatError('labels.json must be an object mapping each file to its label: {"a.png": "cat"}');
    for (const [file, label] of Object.entries(parsed as Record<string, unknown>)) {
      if (typeof label !== 'string' && typeof label !== 'number')
        throw new DataFormatError(
          `labels.json "${file}": a label must be a string or a number, not ${JSON.stringify(label)}`,
        );
      checkLabel(source, `"${file}"`, String(label));
      pairs.push([file, String(label)]);
    }
    return pairs;
  }
  const [header, ...rows] = labelRecords(text);
  if (!header) throw new DataFormatError('labels.csv is empty: it needs a header "file,label"');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const fileAt = names.indexOf('file');
  const labelAt = names.indexOf('label');
  if (fileAt < 0 || labelAt < 0)
    throw new DataFormatError(
      `labels.csv must have the columns file and label; its header is "${header.fields.join(',')}"`,
    );
  for (const row of rows) {
    if (row.fields.length !== header.fields.length)
      throw new DataFormatError(
        `labels.csv line ${row.line}: ${row.fields.length} fields where the header has ${header.fields.length}`,
      );
    const file = row.fields[fileAt]!.trim();
    if (file === '') throw new DataFormatError(`labels.csv line ${row.line}: the file is empty`);
    const label = row.fields[labelAt]!.trim();
    checkLabel(source, `line ${row.line}`, label);
    pairs.push([file, label]);
  }
  return pairs;
}

/**
 * One map of file → label from the labels files present. A file labelled twice with different labels,
 * within one file or across both, is refused: which one is meant cannot be guessed.
 */
export function mergeLabels(files: Partial<Record<LabelFile, [string, string][]>>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const source of LABEL_FILES) {
    for (const [raw, label] of files[source] ?? []) {
      const file = raw.replace(/^(\.\/)+/, '');
      const known = labels.get(file);
      if (known !== undefined && known !== label)
        throw new DataFormatError(`${file} is labelled both "${known}" and "${label}" (${source})`);
      labels.set(file, label);
    }
  }
  return labels;
}
