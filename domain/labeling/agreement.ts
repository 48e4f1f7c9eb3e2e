// Inter-annotator agreement, per task and per project. Pure: values in, figures out.
//  - Classes: Cohen's kappa when exactly two annotators cover the compared tasks, else Fleiss' kappa in
//    its form for a varying number of raters per item (each item's agreement is the share of agreeing
//    rater pairs among its own n_i raters; chance agreement from the pooled category shares). With the
//    same number of raters on every item it is exactly Fleiss (1971).
//  - Boxes: mean pairwise IoU, boxes of the same label matched greedily by highest IoU; an unmatched box
//    counts 0, so a box one annotator missed lowers the figure.
//  - Spans: mean pairwise F1 over exact (label, start, end) matches.
import type { BoxValue, ClassValue, LabelBox, LabelTaskType, LabelValue, SpanValue } from './formats/shared.js';
import { isClassTask } from './formats/shared.js';

export type AgreementMeasure = 'COHEN_KAPPA' | 'FLEISS_KAPPA' | 'MEAN_IOU' | 'SPAN_F1';

export interface AgreementFigure {
  measure: AgreementMeasure;
  /** null when nothing can be compared yet, or kappa is undefined (every rating in one category). */
  value: number | null;
  /** Tasks with at least two annotations. */
  tasksCompared: number;
  /** Annotator pairs compared over those tasks. */
  pairs: number;
}

/** Cohen's kappa for two raters on the same items, nominal categories. Null when chance agreement is 1. */
export function cohenKappa(pairs: ReadonlyArray<readonly [string, string]>): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  let agree = 0;
  const a = new Map<string, number>();
  const b = new Map<string, number>();
  for (const [x, y] of pairs) {
    if (x === y) agree++;
    a.set(x, (a.get(x) ?? 0) + 1);
    b.set(y, (b.get(y) ?? 0) + 1);
  }
  const po = agree / n;
  let pe = 0;
  for (const [k, ca] of a) pe += (ca / n) * ((b.get(k) ?? 0) / n);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}

/**
 * Fleiss' kappa over items rated by any number (>= 2) of raters each; items with fewer are left out.
 * Each item is the list of categories its raters chose. Null when nothing is rated or chance agreement is 1.
 */
export function fleissKappa(items: ReadonlyArray<readonly string[]>): number | null {
  const rated = items.filter((r) => r.length >= 2);
  if (rated.length === 0) return null;
  const totals = new Map<string, number>();
  let ratings = 0;
  let sumP = 0;
  for (const ratingsOfItem of rated) {
    const counts = new Map<string, number>();
    for (const c of ratingsOfItem) counts.set(c, (counts.get(c) ?? 0) + 1);
    const ni = ratingsOfItem.length;
    let agreeing = 0;
    for (const [c, nij] of counts) {
      agreeing += nij * (nij - 1);
      totals.set(c, (totals.get(c) ?? 0) + nij);
    }
    sumP += agreeing / (ni * (ni - 1));
    ratings += ni;
  }
  const pBar = sumP / rated.length;
  let pe = 0;
  for (const t of totals.values()) pe += (t / ratings) ** 2;
  if (pe >= 1) return null;
  return (pBar - pe) / (1 - pe);
}

/** Intersection over union of two boxes in the same (relative) coordinates. */
export function boxIoU(a: Omit<LabelBox, 'label'>, b: Omit<LabelBox, 'label'>): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union <= 0 ? 0 : inter / union;
}

/**
 * Two annotators' boxes on one image: same-label boxes matched greedily by highest IoU (each box used
 * once), the matched IoUs summed over the larger box count. Both empty: 1 (they agree there is nothing).
 */
export function boxSetAgreement(a: readonly LabelBox[], b: readonly LabelBox[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const candidates: Array<{ i: number; j: number; iou: number }> = [];
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (x.label !== y.label) return;
      const iou = boxIoU(x, y);
      if (iou > 0) candidates.push({ i, j, iou });
    }),
  );
  candidates.sort((p, q) => q.iou - p.iou || p.i - q.i || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  let sum = 0;
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    sum += c.iou;
  }
  return sum / Math.max(a.length, b.length);
}

/** F1 of two annotators' spans on one text, a span matching only with the same label, start and end. */
export function spanF1(a: SpanValue['spans'], b: SpanValue['spans']): number {
  if (a.length === 0 && b.length === 0) return 1;
  const key = (s: { label: string; start: number; end: number }) => `${s.label}\u0000${s.start}\u0000${s.end}`;
  const left = new Map<string, number>();
  for (const s of a) left.set(key(s), (left.get(key(s)) ?? 0) + 1);
  let matched = 0;
  for (const s of b) {
    const k = key(s);
    const n = left.get(k) ?? 0;
    if (n > 0) {
      matched++;
      left.set(k, n - 1);
    }
  }
  return (2 * matched) / (a.length + b.length);
}

function pairwise<T>(values: readonly T[], score: (x: T, y: T) => number): { mean: number; pairs: number } {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < values.length; i++)
    for (let j = i + 1; j < values.length; j++) {
      sum += score(values[i]!, values[j]!);
      pairs++;
    }
  return { mean: pairs === 0 ? NaN : sum / pairs, pairs };
}

const pairScore =
  (taskType: LabelTaskType) =>
  (x: LabelValue, y: LabelValue): number => {
    if (isClassTask(taskType)) return (x as ClassValue).label === (y as ClassValue).label ? 1 : 0;
    if (taskType === 'BOUNDING_BOX') return boxSetAgreement((x as BoxValue).boxes, (y as BoxValue).boxes);
    return spanF1((x as SpanValue).spans, (y as SpanValue).spans);
  };

/**
 * One task's agreement: for classes the share of annotator pairs that chose the same label; for boxes
 * the mean pairwise IoU agreement; for spans the mean pairwise F1. Null with fewer than two annotations.
 */
export function taskAgreement(taskType: LabelTaskType, values: readonly LabelValue[]): number | null {
  if (values.length < 2) return null;
  return pairwise(values, pairScore(taskType)).mean;
}

export interface TaskAnnotations {
  taskId: string;
  annotations: ReadonlyArray<{ annotator: string; value: LabelValue }>;
}

const projectMeasure = (taskType: LabelTaskType): AgreementMeasure =>
  taskType === 'BOUNDING_BOX' ? 'MEAN_IOU' : taskType === 'ENTITY_SPAN' ? 'SPAN_F1' : 'FLEISS_KAPPA';

/** The project's agreement over its tasks with at least two annotations (see the module comment). */
export function projectAgreement(taskType: LabelTaskType, tasks: readonly TaskAnnotations[]): AgreementFigure {
  const compared = tasks.filter((t) => t.annotations.length >= 2);
  let pairs = 0;
  for (const t of compared) pairs += (t.annotations.length * (t.annotations.length - 1)) / 2;
  if (!isClassTask(taskType)) {
    const score = pairScore(taskType);
    let sum = 0;
    for (const t of compared)
      sum += pairwise(
        t.annotations.map((a) => a.value),
        score,
      ).mean;
    return {
      measure: projectMeasure(taskType),
      value: compared.length === 0 ? null : sum / compared.length,
      tasksCompared: compared.length,
      pairs,
    };
  }
  const annotators = new Set(compared.flatMap((t) => t.annotations.map((a) => a.annotator)));
  const label = (v: LabelValue) => (v as ClassValue).label;
  if (annotators.size === 2) {
    const [first] = [...annotators].sort();
    const rows = compared.map((t) => {
      const mine = t.annotations.find((a) => a.annotator === first)!;
      const other = t.annotations.find((a) => a.annotator !== first)!;
      return [label(mine.value), label(other.value)] as const;
    });
    return { measure: 'COHEN_KAPPA', value: cohenKappa(rows), tasksCompared: compared.length, pairs };
  }
  return {
    measure: 'FLEISS_KAPPA',
    value: fleissKappa(compared.map((t) => t.annotations.map((a) => label(a.value)))),
    tasksCompared: compared.length,
    pairs,
  };
}
