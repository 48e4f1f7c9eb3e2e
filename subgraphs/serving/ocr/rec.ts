// Text-line classification (0/180 degrees) and recognition: the fixed-height resize-and-pad used by both
// models, the character table and greedy CTC decoding.
import { type RgbImage, resizeBilinear } from './image.js';

export const REC_HEIGHT = 48;
/** Base recognition width (PaddleOCR rec_image_shape 3,48,320); batches widen to their widest crop. */
export const REC_BASE_WIDTH = 320;
export const CLS_HEIGHT = 48;
export const CLS_WIDTH = 192;

/**
 * The recognition model's classes: index 0 is the CTC blank, then the dictionary file's lines in order,
 * then the space character (PaddleOCR's use_space_char).
 */
export function parseDictionary(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}

/** Width a crop gets at `height`, keeping its aspect ratio, capped at `maxWidth`. */
export function scaledWidth(width: number, height: number, targetHeight: number, maxWidth: number): number {
  return Math.max(1, Math.min(Math.ceil((targetHeight * width) / height), maxWidth));
}

/** Width of a recognition batch: the base width or the widest aspect ratio in the batch at height 48. */
export function recBatchWidth(crops: readonly { width: number; height: number }[]): number {
  let ratio = REC_BASE_WIDTH / REC_HEIGHT;
  for (const c of crops) ratio = Math.max(ratio, c.width / c.height);
  return Math.floor(REC_HEIGHT * ratio);
}

/**
 * Resizes each crop to `height` (width by aspect ratio, capped at `width`), normalises to
 * (x / 255 - 0.5) / 0.5 in BGR planes, and pads on the right with zeros: an N x 3 x height x width tensor.
 */
export function resizeNormPad(crops: readonly RgbImage[], height: number, width: number): Float32Array {
  const plane = height * width;
  const tensor = new Float32Array(crops.length * 3 * plane);
  crops.forEach((crop, n) => {
    const w = scaledWidth(crop.width, crop.height, height, width);
    const r = resizeBilinear(crop, w, height);
    const base = n * 3 * plane;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < w; x++) {
        const s = (y * w + x) * 3;
        const o = y * width + x;
        tensor[base + o] = r.data[s + 2]! / 127.5 - 1;
        tensor[base + plane + o] = r.data[s + 1]! / 127.5 - 1;
        tensor[base + 2 * plane + o] = r.data[s]! / 127.5 - 1;
      }
    }
  });
  return tensor;
}

export interface Decoded {
  text: string;
  score: number;
}

/**
 * Greedy CTC decoding of one sequence of T x C probabilities: argmax per step, merge repeats, drop
 * blanks (class 0). Score is the mean of the kept steps' maximum probabilities (0 for no text).
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  charset: readonly string[],
  offset = 0,
): Decoded {
  let text = '';
  let sum = 0;
  let kept = 0;
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let best = 0;
    let bestP = probs[row]!;
    for (let c = 1; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) {
      text += charset[best] ?? '';
      sum += bestP;
      kept++;
    }
    prev = best;
  }
  return { text, score: kept === 0 ? 0 : sum / kept };
}
