// Label values as the API carries them (JSON strings, contract of issue #19) and the helpers the
// workspaces share: parsing without trusting the shape, a class's name in the reader's language, the
// keyboard's class pick (digits by position, else the class's own hotkey).
import type { Lang } from '../../lib/i18n';

export type TaskType = 'IMAGE_CLASSIFICATION' | 'BOUNDING_BOX' | 'TEXT_CLASSIFICATION' | 'ENTITY_SPAN';
export interface LabelClass {
  value: string;
  name: string;
  nameEn?: string | null;
  hotkey?: string | null;
}
/** x, y = top-left; all relative to the image (0..1). */
export interface Box {
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}
/** UTF-16 offsets into the task's text, end exclusive. */
export interface Span {
  label: string;
  start: number;
  end: number;
}
export type Value = { label: string } | { boxes: Box[] } | { spans: Span[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The value's JSON read back; null when it is not JSON or not an object. */
export function parseValue(json: string | null | undefined): Record<string, unknown> | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return isObject(v) ? v : null;
  } catch {
    return null;
  }
}

export const classLabelOf = (json: string | null | undefined): string | null => {
  const v = parseValue(json);
  return typeof v?.label === 'string' ? v.label : null;
};

export const boxesOf = (json: string | null | undefined): Box[] => {
  const boxes = parseValue(json)?.boxes;
  return Array.isArray(boxes) ? boxes.filter((b): b is Box => isObject(b) && typeof b.label === 'string') : [];
};

export const spansOf = (json: string | null | undefined): Span[] => {
  const spans = parseValue(json)?.spans;
  return Array.isArray(spans) ? spans.filter((s): s is Span => isObject(s) && typeof s.label === 'string') : [];
};

export function className(classes: readonly LabelClass[], value: string, lang: Lang): string {
  const c = classes.find((x) => x.value === value);
  if (!c) return value;
  return lang === 'en' ? (c.nameEn ?? c.name) : c.name;
}

/** The class a key picks: 1..9 by position, else a class whose hotkey is that key (case-insensitive). */
export function classForKey(classes: readonly LabelClass[], key: string): LabelClass | undefined {
  if (/^[1-9]$/.test(key)) return classes[Number(key) - 1];
  const k = key.toLowerCase();
  return classes.find((c) => c.hotkey && c.hotkey.toLowerCase() === k);
}

/** The key shown for a class in the legend and beside its button. */
export const keysOf = (classes: readonly LabelClass[], i: number): string =>
  [i < 9 ? String(i + 1) : null, classes[i]?.hotkey?.toUpperCase() ?? null].filter(Boolean).join(' / ');

/** One readable line for any value: used by the review table and the tasks table. */
export function describeValue(
  json: string | null | undefined,
  classes: readonly LabelClass[],
  lang: Lang,
  text?: string | null,
): string {
  const v = parseValue(json);
  if (!v) return '';
  if (typeof v.label === 'string') return className(classes, v.label, lang);
  if (Array.isArray(v.boxes))
    return boxesOf(json)
      .map((b) => `${className(classes, b.label, lang)} [${[b.x, b.y, b.w, b.h].map((n) => n.toFixed(2)).join(', ')}]`)
      .join('; ');
  if (Array.isArray(v.spans))
    return spansOf(json)
      .map((s) => `${className(classes, s.label, lang)} “${text ? text.slice(s.start, s.end) : `${s.start}–${s.end}`}”`)
      .join('; ');
  return json ?? '';
}

/** A value's canonical form, to tell agreeing annotations from differing ones regardless of key order. */
export function canonical(json: string | null | undefined): string {
  const v = parseValue(json);
  if (!v) return json ?? '';
  if (typeof v.label === 'string') return `label:${v.label}`;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  if (Array.isArray(v.boxes))
    return JSON.stringify(
      boxesOf(json)
        .map((b) => [b.label, round(b.x), round(b.y), round(b.w), round(b.h)])
        .sort(),
    );
  if (Array.isArray(v.spans))
    return JSON.stringify(
      spansOf(json)
        .map((s) => [s.start, s.end, s.label])
        .sort(),
    );
  return JSON.stringify(v);
}

/** Whether a keyboard event belongs to a text field (then the workspace leaves it alone). */
export function typingInField(event: KeyboardEvent): boolean {
  const el = event.target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}
