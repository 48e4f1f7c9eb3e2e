// YOLO (boxes only): per image a text block of lines "class cx cy w h", the class a 0-based index into
// the class list and the box its centre and size relative to the image. YOLO is a folder of files; to
// travel as one string it is packed as a JSON object
//   {"format": "yolo", "classes": ["text", ...], "files": {"<image path minus extension>.txt": "0 0.5 0.5 0.2 0.1\n"}}
// (classes = the lines of YOLO's classes.txt; files = labels/*.txt under the image's own path).
import {
  checkBox,
  checkUnit,
  checkLabel,
  isObject,
  type ItemIndex,
  LabelFormatError,
  needTaskTypes,
  onePerItem,
  parseJson,
  type BoxValue,
  type ExportRecord,
  type FormatProject,
  type ParsedLabel,
} from './shared.js';

const stem = (path: string): string => {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') ? path.slice(0, dot) : path;
};
const fmt = (n: number): string => String(Math.round(n * 1e6) / 1e6);

export function toYolo(project: FormatProject, records: ExportRecord[]): string {
  needTaskTypes(project, 'YOLO', ['BOUNDING_BOX']);
  const classes = project.labels.map((l) => l.value);
  const index = new Map(classes.map((c, i) => [c, i]));
  const stems = new Map<string, number>();
  for (const r of records) stems.set(stem(r.item.item), (stems.get(stem(r.item.item)) ?? 0) + 1);
  const files: Record<string, string> = {};
  for (const r of records) {
    // Two images that differ only by extension (a.png, a.jpg) keep theirs, so neither overwrites the other.
    const key = `${stems.get(stem(r.item.item))! > 1 ? r.item.item : stem(r.item.item)}.txt`;
    files[key] = (r.value as BoxValue).boxes
      .map((b) => `${index.get(b.label)} ${fmt(b.x + b.w / 2)} ${fmt(b.y + b.h / 2)} ${fmt(b.w)} ${fmt(b.h)}\n`)
      .join('');
  }
  return JSON.stringify({ format: 'yolo', classes, files }, null, 2);
}

export function fromYolo(project: FormatProject, content: string, items: ItemIndex): ParsedLabel[] {
  needTaskTypes(project, 'YOLO', ['BOUNDING_BOX']);
  const doc = parseJson(content, 'the file');
  if (!isObject(doc))
    throw new LabelFormatError('the file', 'must be a JSON object {"classes": [...], "files": {...}}');
  if (!Array.isArray(doc.classes)) throw new LabelFormatError('classes', 'missing field classes (a list of labels)');
  const classes = doc.classes.map((c, i) => checkLabel(project, c, `classes[${i}]`));
  if (!isObject(doc.files))
    throw new LabelFormatError('files', 'missing field files (an object of "<image>.txt": text)');
  const byStem = new Map<string, string | null>();
  for (const it of items.items) {
    const s = stem(it.item);
    byStem.set(s, byStem.has(s) ? null : it.item);
  }
  const out: ParsedLabel[] = [];
  for (const [name, text] of Object.entries(doc.files)) {
    const at = `files[${JSON.stringify(name)}]`;
    if (!name.endsWith('.txt')) throw new LabelFormatError(at, 'a YOLO label file is named <image>.txt');
    if (typeof text !== 'string') throw new LabelFormatError(at, 'must be the text of the label file');
    const base = name.slice(0, -4);
    const item = byStem.get(base) ?? items.find(base, at).item;
    const boxes = text.split(/\r?\n/).flatMap((line, i) => {
      const where = `${at} line ${i + 1}`;
      if (line.trim() === '') return [];
      const parts = line.trim().split(/\s+/);
      if (parts.length !== 5)
        throw new LabelFormatError(where, `${parts.length} fields where YOLO has 5: class cx cy w h`);
      const cls = Number(parts[0]);
      if (!Number.isInteger(cls) || cls < 0 || cls >= classes.length)
        throw new LabelFormatError(where, `class ${parts[0]} is not an index into the ${classes.length} classes`);
      const [cx, cy, w, h] = parts.slice(1).map(Number) as [number, number, number, number];
      if ([cx, cy, w, h].some((n) => !Number.isFinite(n)))
        throw new LabelFormatError(where, 'cx cy w h must be numbers');
      // The fields the file holds are checked as written before the top-left corner is derived from
      // them, so an error names the value the user wrote (w 2), not a derived one (x -0.5).
      (['cx', 'cy', 'w', 'h'] as const).forEach((name, i) => checkUnit([cx, cy, w, h][i]!, `${where}.${name}`));
      return [checkBox(project, { label: classes[cls]!, x: cx - w / 2, y: cy - h / 2, w, h }, where)];
    });
    out.push({ item, value: { boxes }, at });
  }
  return onePerItem(project.taskType, out);
}
