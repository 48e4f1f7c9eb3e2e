// Geometry for text detection post-processing: connected components of a binary map, convex hull,
// minimum-area rectangles, the DB "unclip" expansion, polygon scoring, reading-order sort and the
// perspective crop of a quadrilateral. Coordinates are pixel centres (pixel (x, y) is the point x, y).
import { type RgbImage, rotate90ccw } from './image.js';

export type Point = [number, number];
/** Four corners ordered top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

export interface Component {
  /** Number of pixels. */
  area: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** The leftmost and rightmost pixel of every row the component touches: enough for its convex hull. */
  extremes: Point[];
}

/**
 * 8-connected components of a binary mask (non-zero = foreground), in raster order of their first
 * pixel. Stops after `maxComponents`.
 */
export function connectedComponents(
  mask: Uint8Array,
  width: number,
  height: number,
  maxComponents = Infinity,
): Component[] {
  if (mask.length !== width * height)
    throw new RangeError(`mask has ${mask.length} pixels, expected ${width * height}`);
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  const rowMin = new Int32Array(height);
  const rowMax = new Int32Array(height);
  const out: Component[] = [];
  for (let start = 0; start < mask.length && out.length < maxComponents; start++) {
    if (!mask[start] || seen[start]) continue;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let area = 0;
    let minX = width;
    let minY = height;
    let maxX = -1;
    let maxY = -1;
    const startY = Math.floor(start / width);
    // Rows are visited in any order; track extremes per row, reset lazily via minY/maxY.
    rowMin.fill(width, startY);
    rowMax.fill(-1, startY);
    while (top > 0) {
      const p = stack[--top]!;
      const y = (p / width) | 0;
      const x = p - y * width;
      area++;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (x < rowMin[y]!) rowMin[y] = x;
      if (x > rowMax[y]!) rowMax[y] = x;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width || (dx === 0 && dy === 0)) continue;
          const q = ny * width + nx;
          if (mask[q] && !seen[q]) {
            seen[q] = 1;
            stack[top++] = q;
          }
        }
      }
    }
    const extremes: Point[] = [];
    for (let y = minY; y <= maxY; y++) {
      extremes.push([rowMin[y]!, y]);
      if (rowMax[y] !== rowMin[y]) extremes.push([rowMax[y]!, y]);
    }
    out.push({ area, minX, minY, maxX, maxY, extremes });
  }
  return out;
}

const cross = (o: Point, a: Point, b: Point): number => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Convex hull (Andrew's monotone chain), counter-clockwise in a y-up frame, no collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const lower: Point[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Point[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

export interface RotatedRect {
  cx: number;
  cy: number;
  /** Side lengths along the unit axis (ux, uy) and its normal (-uy, ux). */
  w: number;
  h: number;
  ux: number;
  uy: number;
}

/** Minimum-area enclosing rectangle of a point set (tried against every hull edge direction). */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  if (points.length === 0) throw new RangeError('minAreaRect of no points');
  const hull = convexHull(points);
  if (hull.length === 1) return { cx: hull[0]![0], cy: hull[0]![1], w: 0, h: 0, ux: 1, uy: 0 };
  let best: RotatedRect | null = null;
  let bestArea = Infinity;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i]!;
    const b = hull[(i + 1) % hull.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const ux = (b[0] - a[0]) / len;
    const uy = (b[1] - a[1]) / len;
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const u = p[0] * ux + p[1] * uy;
      const v = -p[0] * uy + p[1] * ux;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = { cx: cu * ux - cv * uy, cy: cu * uy + cv * ux, w: maxU - minU, h: maxV - minV, ux, uy };
    }
  }
  return best!;
}

/** The rectangle's corners, ordered top-left, top-right, bottom-right, bottom-left (as PaddleOCR's get_mini_boxes). */
export function rectCorners(r: RotatedRect): Quad {
  const hx = r.ux * (r.w / 2);
  const hy = r.uy * (r.w / 2);
  const vx = -r.uy * (r.h / 2);
  const vy = r.ux * (r.h / 2);
  return orderQuad([
    [r.cx - hx - vx, r.cy - hy - vy],
    [r.cx + hx - vx, r.cy + hy - vy],
    [r.cx + hx + vx, r.cy + hy + vy],
    [r.cx - hx + vx, r.cy - hy + vy],
  ]);
}

/** Orders four corners: the two leftmost become the left side (upper one first), likewise on the right. */
export function orderQuad(points: readonly Point[]): Quad {
  if (points.length !== 4) throw new RangeError('orderQuad needs 4 points');
  const byX = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const [l1, l2, r1, r2] = byX as [Point, Point, Point, Point];
  const [tl, bl] = l1[1] <= l2[1] ? [l1, l2] : [l2, l1];
  const [tr, br] = r1[1] <= r2[1] ? [r1, r2] : [r2, r1];
  return [tl, tr, br, bl];
}

/**
 * DB's unclip: the shrunk text kernel is grown by distance d = area * ratio / perimeter. For a
 * rectangle, offsetting by d and taking the minimum-area rectangle again grows each side by 2d.
 */
export function unclipRect(r: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (r.w + r.h);
  if (perimeter === 0) return { ...r };
  const d = (r.w * r.h * ratio) / perimeter;
  return { ...r, w: r.w + 2 * d, h: r.h + 2 * d };
}

function insideConvex(quad: readonly Point[], x: number, y: number, eps: number): boolean {
  let sign = 0;
  for (let i = 0; i < quad.length; i++) {
    const a = quad[i]!;
    const b = quad[(i + 1) % quad.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const c = ((b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])) / len;
    if (Math.abs(c) <= eps) continue;
    const s = c > 0 ? 1 : -1;
    if (sign === 0) sign = s;
    else if (s !== sign) return false;
  }
  return true;
}

/** Mean of `map` over the pixels whose centres lie in the convex polygon (boundary included). */
export function meanInPolygon(map: Float32Array, width: number, height: number, poly: readonly Point[]): number {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of poly) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const x0 = Math.max(0, Math.floor(minX));
  const x1 = Math.min(width - 1, Math.ceil(maxX));
  const y0 = Math.max(0, Math.floor(minY));
  const y1 = Math.min(height - 1, Math.ceil(maxY));
  let sum = 0;
  let n = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (!insideConvex(poly, x, y, 0.5)) continue;
      sum += map[y * width + x]!;
      n++;
    }
  }
  return n === 0 ? 0 : sum / n;
}

/**
 * Reading order: boxes whose top edges lie within `lineTolerance` pixels of a line's first box belong
 * to that line; lines go top to bottom and boxes in a line left to right.
 */
export function sortReadingOrder<T extends { box: Quad }>(items: readonly T[], lineTolerance = 10): T[] {
  const sorted = [...items].sort((a, b) => a.box[0][1] - b.box[0][1] || a.box[0][0] - b.box[0][0]);
  const out: T[] = [];
  let line: T[] = [];
  let lineY = 0;
  for (const item of sorted) {
    if (line.length > 0 && Math.abs(item.box[0][1] - lineY) >= lineTolerance) {
      out.push(...line.sort((a, b) => a.box[0][0] - b.box[0][0]));
      line = [];
    }
    if (line.length === 0) lineY = item.box[0][1];
    line.push(item);
  }
  out.push(...line.sort((a, b) => a.box[0][0] - b.box[0][0]));
  return out;
}

/** Solves the 3x3 homography H (h33 = 1) with H * from[i] ~ to[i]. */
export function homography(from: readonly Point[], to: readonly Point[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gaussian elimination with partial pivoting on the 8x9 augmented matrix.
  for (let c = 0; c < 8; c++) {
    let piv = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    if (Math.abs(a[piv]![c]!) < 1e-12) throw new RangeError('degenerate quadrilateral');
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    const row = a[c]!;
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / row[c]!;
      if (f === 0) continue;
      for (let k = c; k < 9; k++) a[r]![k]! -= f * row[k]!;
    }
  }
  return [...a.map((row, i) => row[8]! / row[i]!), 1];
}

/**
 * Crops the quadrilateral to an upright image (PaddleOCR's get_rotate_crop_image): width and height
 * are the longer opposite sides, sampled bilinearly with replicated borders. Crops at least 1.5 times
 * taller than wide are turned 90 degrees counter-clockwise, as vertical text would be.
 */
export function cropQuad(img: RgbImage, quad: Quad): RgbImage {
  const dist = (p: Point, q: Point): number => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const w = Math.max(1, Math.floor(Math.max(dist(quad[0], quad[1]), dist(quad[2], quad[3]))));
  const h = Math.max(1, Math.floor(Math.max(dist(quad[0], quad[3]), dist(quad[1], quad[2]))));
  const dst: Point[] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  const m = homography(dst, quad);
  const out = new Uint8Array(w * h * 3);
  const sw = img.width;
  const sh = img.height;
  const s = img.data;
  let o = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const den = m[6]! * x + m[7]! * y + m[8]!;
      let fx = (m[0]! * x + m[1]! * y + m[2]!) / den;
      let fy = (m[3]! * x + m[4]! * y + m[5]!) / den;
      fx = Math.min(Math.max(fx, 0), sw - 1);
      fy = Math.min(Math.max(fy, 0), sh - 1);
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const x1 = Math.min(x0 + 1, sw - 1);
      const y1 = Math.min(y0 + 1, sh - 1);
      const wx = fx - x0;
      const wy = fy - y0;
      const i00 = (y0 * sw + x0) * 3;
      const i01 = (y0 * sw + x1) * 3;
      const i10 = (y1 * sw + x0) * 3;
      const i11 = (y1 * sw + x1) * 3;
      for (let c = 0; c < 3; c++) {
        const top = s[i00 + c]! + (s[i01 + c]! - s[i00 + c]!) * wx;
        const bot = s[i10 + c]! + (s[i11 + c]! - s[i10 + c]!) * wx;
        out[o++] = Math.round(top + (bot - top) * wy);
      }
    }
  }
  const crop: RgbImage = { width: w, height: h, data: out };
  return h / w >= 1.5 ? rotate90ccw(crop) : crop;
}
