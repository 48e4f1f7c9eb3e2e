// Pre-annotation of bounding-box tasks: a text detector's boxes as a labeling suggestion. What a box is
// (axis-aligned, relative to the image, the project's text label), what the suggestion's confidence is
// (the mean of its boxes' detector scores) and which label a box gets are decided here, once, for the
// workflow's activity and the benchmark alike.
import type { DetBox } from '../ocr/det.js';
import type { LabelClass } from './shared.js';

export interface RelativeBox {
  label: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Rounded to 1/10,000 of a side: a tenth of a pixel on a 1,000-pixel image, and short JSON. */
const round = (v: number): number => Math.round(v * 10_000) / 10_000;
const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/**
 * The label detected text gets: a class whose value, name or English name says "text" (文字, 文本 too),
 * else the project's first class.
 */
export function textLabel(labels: readonly LabelClass[]): string {
  const named = labels.find((l) =>
    [l.value, l.name, l.nameEn ?? ''].some((s) => /^(text|text[ _-]?line|line|文字|文本|文字行)$/i.test(s.trim())),
  );
  const loose = labels.find((l) => [l.value, l.name, l.nameEn ?? ''].some((s) => /text|文字|文本/i.test(s)));
  const label = named ?? loose ?? labels[0];
  if (!label) throw new Error('the project has no label classes');
  return label.value;
}

/** A detected quadrilateral as the axis-aligned box around it, relative to the image, in reading order. */
export function relativeBoxes(boxes: readonly DetBox[], width: number, height: number, label: string): RelativeBox[] {
  return boxes
    .map((b) => {
      const xs = b.box.map((p) => p[0]);
      const ys = b.box.map((p) => p[1]);
      const x0 = clamp01(Math.min(...xs) / width);
      const y0 = clamp01(Math.min(...ys) / height);
      const x1 = clamp01(Math.max(...xs) / width);
      const y1 = clamp01(Math.max(...ys) / height);
      return { label, x: round(x0), y: round(y0), w: round(x1 - x0), h: round(y1 - y0) };
    })
    .filter((b) => b.w > 0 && b.h > 0)
    .sort((a, b) => a.y - b.y || a.x - b.x);
}

export interface BoxSuggestion {
  /** JSON text: {"boxes": [...]}, the BOUNDING_BOX value. */
  value: string;
  /** Mean detector score of the boxes (0..1); 0 when nothing was found. */
  confidence: number;
  boxes: RelativeBox[];
}

/** The suggestion for one image from its detection. */
export function boxSuggestion(
  detection: { width: number; height: number; boxes: readonly DetBox[] },
  label: string,
): BoxSuggestion {
  const boxes = relativeBoxes(detection.boxes, detection.width, detection.height, label);
  const scores = detection.boxes.map((b) => b.score);
  const confidence =
    scores.length === 0 ? 0 : Math.min(1, Math.max(0, scores.reduce((s, v) => s + v, 0) / scores.length));
  return { value: JSON.stringify({ boxes }), confidence: Math.round(confidence * 10_000) / 10_000, boxes };
}

/** Intersection over union of two boxes given as {x, y, w, h} (any one unit). */
export function boxIou(
  a: { x: number; y: number; w: number; h: number },
  b: { x: number; y: number; w: number; h: number },
): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

export interface MatchStats {
  truths: number;
  detections: number;
  /** Truth boxes matched one-to-one by a detection with IoU ≥ threshold (greedy, best IoU first). */
  matched: number;
  /** IoU of each truth box with its best detection (0 when none overlaps). */
  bestIous: number[];
}

/** How well detections cover truth boxes: one-to-one greedy matching by IoU at `threshold`. */
export function matchBoxes(
  truths: readonly { x: number; y: number; w: number; h: number }[],
  detections: readonly { x: number; y: number; w: number; h: number }[],
  threshold = 0.5,
): MatchStats {
  const pairs: [number, number, number][] = [];
  const bestIous = truths.map((t, i) => {
    let best = 0;
    detections.forEach((d, j) => {
      const v = boxIou(t, d);
      if (v > best) best = v;
      if (v >= threshold) pairs.push([v, i, j]);
    });
    return best;
  });
  pairs.sort((a, b) => b[0] - a[0]);
  const usedT = new Set<number>();
  const usedD = new Set<number>();
  for (const [, i, j] of pairs) {
    if (usedT.has(i) || usedD.has(j)) continue;
    usedT.add(i);
    usedD.add(j);
  }
  return { truths: truths.length, detections: detections.length, matched: usedT.size, bestIous };
}
