// Annotation values: the JSON an annotator, a reviewer, a model's suggestion or an import gives for one
// task, checked against the project's task type and label set before anything is written. Pure (no I/O)
// so every writer (GraphQL, workflows, imports) applies the same rules, and the stored text is the
// canonical form: keys in a fixed order, spans sorted, so equal labels compare equal as strings.
import type { BoxValue, ClassValue, LabelBox, LabelSpan, LabelTaskType, SpanValue } from './formats/shared.js';

export type { LabelTaskType } from './formats/shared.js';
export const TASK_TYPES = ['IMAGE_CLASSIFICATION', 'BOUNDING_BOX', 'TEXT_CLASSIFICATION', 'ENTITY_SPAN'] as const;

/** Boxes or spans in one value: more is a paste error or an attack, not an image. */
export const MAX_REGIONS = 500;
/** The value's JSON text; 500 regions of ~80 characters fit well within it. */
export const MAX_VALUE_CHARS = 64 * 1024;
/** Rounding slack for a box edge on the border (a UI computing 0.3 + 0.7 gets 1.0000000000000002). */
const EDGE = 1e-9;

export class LabelValueError extends Error {
  override name = 'LabelValueError';
}

export type ValueFor<T extends LabelTaskType> = T extends 'BOUNDING_BOX'
  ? BoxValue
  : T extends 'ENTITY_SPAN'
    ? SpanValue
    : ClassValue;

export interface ValueRules {
  taskType: LabelTaskType;
  /** The project's label values. */
  labels: readonly string[];
  /** The task's text, for spans. */
  text?: string | null;
}

const fail = (message: string): never => {
  throw new LabelValueError(message);
};

function object(value: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    fail(`${path} must be an object with ${keys.join(', ')}`);
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !keys.includes(k));
  if (extra.length > 0)
    fail(
      `${path} has unknown field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 3).join(', ')}; expected ${keys.join(', ')}`,
    );
  for (const key of keys) if (!(key in record)) fail(`${path}.${key} is missing`);
  return record;
}

function label(value: unknown, path: string, labels: readonly string[]): string {
  if (typeof value !== 'string') fail(`${path} must be a string naming one of the project's labels`);
  const text = value as string;
  if (!labels.includes(text)) {
    const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    fail(`${path} "${shown}" is not one of the project's labels (${labels.slice(0, 20).join(', ')})`);
  }
  return text;
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${path} must be a number`);
  return value as number;
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(`${path} must be a list`);
  const items = value as unknown[];
  if (items.length > MAX_REGIONS) fail(`${path} has ${items.length} entries; at most ${MAX_REGIONS}`);
  return items;
}

function box(value: unknown, path: string, labels: readonly string[]): LabelBox {
  const b = object(value, path, ['label', 'x', 'y', 'w', 'h']);
  const out = {
    label: label(b.label, `${path}.label`, labels),
    x: finite(b.x, `${path}.x`),
    y: finite(b.y, `${path}.y`),
    w: finite(b.w, `${path}.w`),
    h: finite(b.h, `${path}.h`),
  };
  if (out.x < 0 || out.x > 1) fail(`${path}.x ${out.x} is outside the image (0..1, relative to its width)`);
  if (out.y < 0 || out.y > 1) fail(`${path}.y ${out.y} is outside the image (0..1, relative to its height)`);
  if (out.w <= 0 || out.h <= 0) fail(`${path} has no area (w ${out.w}, h ${out.h}); w and h must be > 0`);
  if (out.x + out.w > 1 + EDGE) fail(`${path} ends at x + w = ${out.x + out.w}, beyond the image's right edge (1)`);
  if (out.y + out.h > 1 + EDGE) fail(`${path} ends at y + h = ${out.y + out.h}, beyond the image's bottom edge (1)`);
  return out;
}

function spans(value: unknown, path: string, labels: readonly string[], text: string): LabelSpan[] {
  const out = list(value, path).map((item, i) => {
    const at = `${path}[${i}]`;
    const s = object(item, at, ['label', 'start', 'end']);
    const start = finite(s.start, `${at}.start`);
    const end = finite(s.end, `${at}.end`);
    if (!Number.isInteger(start) || !Number.isInteger(end)) fail(`${at}: start and end must be whole numbers`);
    if (start < 0) fail(`${at}.start ${start} is before the text (offsets start at 0)`);
    if (end <= start) fail(`${at}.end ${end} must be after start ${start} (end is exclusive)`);
    if (end > text.length) fail(`${at}.end ${end} is beyond the text's ${text.length} characters (UTF-16 units)`);
    return { label: label(s.label, `${at}.label`, labels), start, end };
  });
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < out.length; i++) {
    const [a, b] = [out[i - 1]!, out[i]!];
    if (b.start < a.end) fail(`${path}: span ${b.start}..${b.end} overlaps span ${a.start}..${a.end}`);
  }
  return out;
}

/** Checks an already parsed value; returns it in canonical form. Throws LabelValueError naming the problem. */
export function checkValue(value: unknown, rules: ValueRules, path = 'value'): ClassValue | BoxValue | SpanValue {
  switch (rules.taskType) {
    case 'IMAGE_CLASSIFICATION':
    case 'TEXT_CLASSIFICATION': {
      const v = object(value, path, ['label']);
      return { label: label(v.label, `${path}.label`, rules.labels) };
    }
    case 'BOUNDING_BOX': {
      const v = object(value, path, ['boxes']);
      return { boxes: list(v.boxes, `${path}.boxes`).map((b, i) => box(b, `${path}.boxes[${i}]`, rules.labels)) };
    }
    case 'ENTITY_SPAN': {
      if (typeof rules.text !== 'string') fail(`${path}: this task has no text to mark spans in`);
      const v = object(value, path, ['spans']);
      return { spans: spans(v.spans, `${path}.spans`, rules.labels, rules.text!) };
    }
  }
}

/** Parses and checks a value's JSON text; returns the canonical text to store. */
export function parseValue(json: string, rules: ValueRules, path = 'value'): string {
  if (json.length > MAX_VALUE_CHARS) fail(`${path} is ${json.length} characters of JSON; at most ${MAX_VALUE_CHARS}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    fail(`${path} is not JSON: ${(error as Error).message}`);
  }
  return JSON.stringify(checkValue(parsed, rules, path));
}

/** An example of the shape a task type takes, for error messages and docs. */
export const VALUE_SHAPES: Record<LabelTaskType, string> = {
  IMAGE_CLASSIFICATION: '{"label":"<value>"}',
  TEXT_CLASSIFICATION: '{"label":"<value>"}',
  BOUNDING_BOX: '{"boxes":[{"label":"<value>","x":0.1,"y":0.2,"w":0.3,"h":0.05}]}',
  ENTITY_SPAN: '{"spans":[{"label":"<value>","start":3,"end":7}]}',
};
