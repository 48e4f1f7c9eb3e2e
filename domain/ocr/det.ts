// DB text detection (PP-OCRv4 det): input sizing and normalisation, and the post-processing that turns
// the probability map into scored quadrilaterals in original-image coordinates.
import * as ort from 'onnxruntime-node';
import { type RgbImage, resizeBilinear } from './image.js';
import {
  type Quad,
  connectedComponents,
  meanInPolygon,
  minAreaRect,
  orderQuad,
  rectCorners,
  unclipRect,
} from './geometry.js';

export interface DetOptions {
  /** Longest side after resizing (PaddleOCR det_limit_side_len with limit_type "max"). */
  limitSideLen: number;
  /** Probability threshold for the binary map. */
  thresh: number;
  /** Minimum mean probability inside a box. */
  boxThresh: number;
  unclipRatio: number;
  maxCandidates: number;
  /** Kernels whose shorter rectangle side is below this (in map pixels) are dropped. */
  minSize: number;
}

export const DEFAULT_DET_OPTIONS: DetOptions = {
  limitSideLen: 960,
  thresh: 0.3,
  boxThresh: 0.6,
  unclipRatio: 1.5,
  maxCandidates: 1000,
  minSize: 3,
};

/** Per-channel mean and std applied to x/255, in the BGR channel order the PaddleOCR models were trained on. */
export const DET_MEAN = [0.485, 0.456, 0.406] as const;
export const DET_STD = [0.229, 0.224, 0.225] as const;

/**
 * Network input size: scaled down (never up) so the longer side is at most `limitSideLen`, then each
 * side rounded to a multiple of 32, at least 32.
 */
export function detInputSize(width: number, height: number, limitSideLen: number): { width: number; height: number } {
  const longSide = Math.max(width, height);
  const ratio = longSide > limitSideLen ? limitSideLen / longSide : 1;
  const round32 = (v: number): number => Math.max(Math.round((v * ratio) / 32) * 32, 32);
  return { width: round32(width), height: round32(height) };
}

/** Resizes and normalises to a 1x3xHxW float tensor (BGR planes). */
export function detPreprocess(
  img: RgbImage,
  limitSideLen: number,
): { tensor: Float32Array; width: number; height: number } {
  const size = detInputSize(img.width, img.height, limitSideLen);
  const resized = resizeBilinear(img, size.width, size.height);
  const plane = size.width * size.height;
  const tensor = new Float32Array(plane * 3);
  const d = resized.data;
  // Precomputed per-byte lookups: value = (byte / 255 - mean) / std.
  const luts = [0, 1, 2].map((c) => {
    const lut = new Float32Array(256);
    for (let v = 0; v < 256; v++) lut[v] = (v / 255 - DET_MEAN[c]!) / DET_STD[c]!;
    return lut;
  });
  const [l0, l1, l2] = luts as [Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < plane; i++) {
    // Plane 0 = blue, 1 = green, 2 = red.
    tensor[i] = l0[d[i * 3 + 2]!]!;
    tensor[plane + i] = l1[d[i * 3 + 1]!]!;
    tensor[2 * plane + i] = l2[d[i * 3]!]!;
  }
  return { tensor, ...size };
}

export interface DetBox {
  box: Quad;
  score: number;
}

/**
 * DB post-processing: threshold, connected components, minimum-area rectangle per kernel, score
 * (mean probability inside), unclip, scale to the original image, drop tiny boxes.
 */
export function dbPostprocess(
  prob: Float32Array,
  mapWidth: number,
  mapHeight: number,
  origWidth: number,
  origHeight: number,
  opts: DetOptions = DEFAULT_DET_OPTIONS,
): DetBox[] {
  const mask = new Uint8Array(mapWidth * mapHeight);
  for (let i = 0; i < mask.length; i++) mask[i] = prob[i]! > opts.thresh ? 1 : 0;
  const sx = origWidth / mapWidth;
  const sy = origHeight / mapHeight;
  const boxes: DetBox[] = [];
  for (const comp of connectedComponents(mask, mapWidth, mapHeight, opts.maxCandidates)) {
    const rect = minAreaRect(comp.extremes);
    if (Math.min(rect.w, rect.h) < opts.minSize) continue;
    const score = meanInPolygon(prob, mapWidth, mapHeight, rectCorners(rect));
    if (score < opts.boxThresh) continue;
    const grown = unclipRect(rect, opts.unclipRatio);
    if (Math.min(grown.w, grown.h) < opts.minSize + 2) continue;
    const clampX = (x: number): number => Math.min(Math.max(Math.round(x * sx), 0), origWidth);
    const clampY = (y: number): number => Math.min(Math.max(Math.round(y * sy), 0), origHeight);
    const box = orderQuad(rectCorners(grown).map(([x, y]) => [clampX(x), clampY(y)]));
    const w = Math.hypot(box[1][0] - box[0][0], box[1][1] - box[0][1]);
    const h = Math.hypot(box[3][0] - box[0][0], box[3][1] - box[0][1]);
    if (w <= 3 || h <= 3) continue;
    boxes.push({ box, score });
  }
  return boxes;
}

/**
 * One detection on a loaded PP-OCR det session: preprocess, run, post-process. The serving pipeline and
 * pre-annotation (domain/labeling) both call this, so a box means the same thing in both.
 */
export async function runDetection(
  session: ort.InferenceSession,
  img: RgbImage,
  opts: DetOptions = DEFAULT_DET_OPTIONS,
): Promise<DetBox[]> {
  const { tensor, width, height } = detPreprocess(img, opts.limitSideLen);
  const outputs = await session.run({
    [session.inputNames[0]!]: new ort.Tensor('float32', tensor, [1, 3, height, width]),
  });
  const out = Object.values(outputs)[0] as ort.Tensor | undefined;
  if (!out) throw new Error('the detector returned no output');
  const [, , mh, mw] = out.dims as number[];
  if (mh !== height || mw !== width)
    throw new Error(`detector map ${mw}x${mh} does not match input ${width}x${height}`);
  return dbPostprocess(out.data as Float32Array, width, height, img.width, img.height, opts);
}
