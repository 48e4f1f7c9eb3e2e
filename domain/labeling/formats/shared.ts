// The shapes every label format reads and writes: the contract's annotation values (JSON in the graph),
// the project facts a format needs, and the error a malformed import raises. Kept apart from the graph
// store so the formats stay pure (no driver, no I/O) and are unit-tested alone.

export type LabelTaskType = 'IMAGE_CLASSIFICATION' | 'BOUNDING_BOX' | 'TEXT_CLASSIFICATION' | 'ENTITY_SPAN';

export interface LabelBox {
  label: string;
  /** Top-left corner and size, relative to the image's width and height (0..1). */
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface LabelSpan {
  label: string;
  /** UTF-16 offsets into the task's text, end exclusive (JavaScript string indices, as Label Studio uses). */
  start: number;
  end: number;
}
export interface ClassValue {
  label: string;
}
export interface BoxValue {
  boxes: LabelBox[];
}
export interface SpanValue {
  spans: LabelSpan[];
}
export type LabelValue = ClassValue | BoxValue | SpanValue;

export const isClassTask = (t: LabelTaskType): boolean => t === 'IMAGE_CLASSIFICATION' || t === 'TEXT_CLASSIFICATION';
export const isImageTask = (t: LabelTaskType): boolean => t === 'IMAGE_CLASSIFICATION' || t === 'BOUNDING_BOX';

export interface LabelClassDef {
  value: string;
  name: string;
}

/** One task of the project as a format sees it. */
export interface FormatItem {
  taskId: string;
  /** The file path inside an image collection, or the 0-based row index of a tabular version. */
  item: string;
  text?: string | null;
  /** Pixel size of an image item, where known (COCO and Label Studio carry it). */
  width?: number | null;
  height?: number | null;
}

/** An annotation to export: the item and its value, with who made it (Label Studio keeps one per annotator). */
export interface ExportRecord {
  item: FormatItem;
  value: LabelValue;
  annotator?: string;
}

export interface FormatProject {
  name: string;
  taskType: LabelTaskType;
  labels: LabelClassDef[];
}

/** What an import yields: one value per item and origin (an annotation in the file), in file order. */
export interface ParsedLabel {
  item: string;
  value: LabelValue;
  /** Where in the file it came from, for messages (e.g. "[3].annotations[0]"). */
  at: string;
}

/** A malformed import: `at` names the place (index, field or line), the message what is wrong there. */
export class LabelFormatError extends Error {
  constructor(
    readonly at: string,
    problem: string,
  ) {
    super(`${at}: ${problem}`);
    this.name = 'LabelFormatError';
  }
}

/** The project's label values, to check a label read from a file against. */
export function labelSet(project: FormatProject): Set<string> {
  return new Set(project.labels.map((l) => l.value));
}

export function checkLabel(project: FormatProject, label: unknown, at: string): string {
  if (typeof label !== 'string' || label === '') throw new LabelFormatError(at, 'a label must be a non-empty string');
  if (!labelSet(project).has(label))
    throw new LabelFormatError(
      at,
      `unknown label ${JSON.stringify(label.slice(0, 60))}; the project's labels are ${project.labels.map((l) => l.value).join(', ')}`,
    );
  return label;
}

export function checkUnit(n: unknown, at: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new LabelFormatError(at, 'must be a number');
  if (n < -1e-6 || n > 1 + 1e-6) throw new LabelFormatError(at, `${n} is out of range (0..1 of the image)`);
  return Math.min(1, Math.max(0, n));
}

/** A box inside the image: every coordinate in 0..1 and x+w, y+h not past the edge (a rounding hair allowed). */
export function checkBox(project: FormatProject, box: LabelBox, at: string): LabelBox {
  const label = checkLabel(project, box.label, `${at}.label`);
  const x = checkUnit(box.x, `${at}.x`);
  const y = checkUnit(box.y, `${at}.y`);
  const w = checkUnit(box.w, `${at}.w`);
  const h = checkUnit(box.h, `${at}.h`);
  if (w <= 0 || h <= 0) throw new LabelFormatError(at, 'a box needs a positive width and height');
  if (x + w > 1 + 1e-6 || y + h > 1 + 1e-6) throw new LabelFormatError(at, 'the box reaches past the image edge');
  return { label, x, y, w: Math.min(w, 1 - x), h: Math.min(h, 1 - y) };
}

export function checkSpan(project: FormatProject, span: LabelSpan, text: string | null | undefined, at: string) {
  const label = checkLabel(project, span.label, `${at}.label`);
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start)
    throw new LabelFormatError(at, 'a span needs integer offsets with 0 <= start < end');
  if (text !== null && text !== undefined && end > text.length)
    throw new LabelFormatError(at, `the span ends at ${end}, past the text's ${text.length} characters`);
  return { label, start, end };
}

/** Sorted copies, so equal annotations compare equal whatever order a file listed them in. */
export function canonicalValue(taskType: LabelTaskType, value: LabelValue): LabelValue {
  if (isClassTask(taskType)) return { label: (value as ClassValue).label };
  if (taskType === 'BOUNDING_BOX')
    return {
      boxes: [...(value as BoxValue).boxes]
        .map((b) => ({ label: b.label, x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) }))
        .sort((a, b) => a.y - b.y || a.x - b.x || a.label.localeCompare(b.label)),
    };
  return {
    spans: [...(value as SpanValue).spans]
      .map((s) => ({ label: s.label, start: s.start, end: s.end }))
      .sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label)),
  };
}

/** Six decimals: a pixel of a 100,000-pixel image, and what survives a percent or pixel round trip. */
export const round = (n: number): number => Math.round(n * 1e6) / 1e6;

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function parseJson(content: string, what: string): unknown {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new LabelFormatError(what, `not valid JSON (${(error as Error).message})`);
  }
}

/** The route that serves a task's item bytes (PRE); Label Studio tasks point their image at it. */
export const itemUrl = (taskId: string): string => `/api/labeling/tasks/${taskId}/item`;
const ITEM_URL = /^\/api\/labeling\/tasks\/([^/]+)\/item$/;

/** Finds the project's task for a name read from a file: its item, its item URL, or (images) its base name. */
export class ItemIndex {
  private readonly byItem = new Map<string, FormatItem>();
  private readonly byTask = new Map<string, FormatItem>();
  private readonly byBase = new Map<string, FormatItem | null>();
  private readonly byText = new Map<string, FormatItem | null>();

  constructor(readonly items: readonly FormatItem[]) {
    for (const it of items) {
      this.byItem.set(it.item, it);
      this.byTask.set(it.taskId, it);
      const base = baseName(it.item);
      // A base name two items share names neither: null marks it ambiguous.
      this.byBase.set(base, this.byBase.has(base) ? null : it);
      if (typeof it.text === 'string') this.byText.set(it.text, this.byText.has(it.text) ? null : it);
    }
  }

  get size(): number {
    return this.items.length;
  }

  find(name: unknown, at: string): FormatItem {
    if (typeof name !== 'string' && typeof name !== 'number')
      throw new LabelFormatError(at, 'must name an item of the project (a file path or a row index)');
    const s = String(name);
    const url = ITEM_URL.exec(s.split('?')[0]!);
    const found =
      this.byItem.get(s) ??
      (url ? this.byTask.get(decodeURIComponent(url[1]!)) : undefined) ??
      this.byBase.get(baseName(s));
    if (!found)
      throw new LabelFormatError(at, `unknown item ${JSON.stringify(s.slice(0, 80))}: no task of the project has it`);
    return found;
  }

  findByText(text: unknown, at: string): FormatItem {
    if (typeof text !== 'string') throw new LabelFormatError(at, 'must be the text of a task');
    const found = this.byText.get(text);
    if (found === undefined) throw new LabelFormatError(at, 'no task of the project has this text');
    if (found === null) throw new LabelFormatError(at, 'several tasks have this text; name the item (data.item)');
    return found;
  }
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * One value per item: a file naming the same item twice must say the same thing both times (an import
 * is one person's labels), else it is refused at the second place.
 */
export function onePerItem(taskType: LabelTaskType, labels: ParsedLabel[]): ParsedLabel[] {
  const seen = new Map<string, ParsedLabel>();
  for (const l of labels) {
    const first = seen.get(l.item);
    if (!first) seen.set(l.item, l);
    else if (
      JSON.stringify(canonicalValue(taskType, first.value)) !== JSON.stringify(canonicalValue(taskType, l.value))
    )
      throw new LabelFormatError(l.at, `item ${JSON.stringify(l.item)} is labelled differently at ${first.at}`);
  }
  return [...seen.values()];
}

export function needTaskTypes(project: FormatProject, format: string, allowed: LabelTaskType[]): void {
  if (!allowed.includes(project.taskType))
    throw new LabelFormatError(
      'format',
      `${format} holds ${allowed.join(' or ')} labels, not ${project.taskType}; use Label Studio JSON or CSV`,
    );
}

export function needSize(item: FormatItem, at: string): { width: number; height: number } {
  if (!item.width || !item.height) throw new LabelFormatError(at, `the size of image ${item.item} is unknown`);
  return { width: item.width, height: item.height };
}
