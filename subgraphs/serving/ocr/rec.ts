// Text-line classification (0/180 degrees) and recognition: the fixed-height resize-and-pad used by both
// models, the character table and greedy CTC decoding.
import { type RgbImage, resizeBilinear } from '../../../domain/ocr/image.js';

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
 * A word space the recognizer saw but did not pick: PP-OCRv4's Chinese model often gives the gap between
 * two English words to the blank, with the space class (the last one, PaddleOCR's use_space_char) behind
 * it. A space goes between two characters when some blank step between them has p(space) of at least
 * this. Measured on 270 lines rendered and read through the whole pipeline (6 sentences, English and
 * Chinese, in DejaVu Sans/Serif/Condensed and Noto Sans/Serif CJK at 12-44 px): inside a word p(space)
 * stayed below 0.01, at word gaps it was 0.02-0.5. Lines read with exactly the drawn spaces: 76 of 246
 * with argmax alone, 102 at 0.25, 147 at 0.05, 174 at 0.02 and none with a space that was not drawn;
 * at 0.01 the first spurious spaces appear.
 */
export const SPACE_HINT = 0.02;

/**
 * The degree sign (a dictionary class, as is ℃) is small: in small or JPEG text the model saw it (p(°) of
 * 0.1-0.4 in a blank step between the number and the C) but left it to the blank, reading 67°C as 67C.
 * Where the dictionary's ° has at least this probability before a C or F that follows a number, it is kept.
 */
export const DEGREE_HINT = 0.1;

/**
 * Greedy CTC decoding of one sequence of T x C probabilities: argmax per step, merge repeats, drop
 * blanks (class 0). Then the symbols the model saw but left to the blank: a word space where the blank
 * steps between two characters carry p(space) ≥ SPACE_HINT (when the last class is the space), and a
 * degree sign before the C or F of a temperature where they carry p(°) ≥ DEGREE_HINT. `°℃` (the model
 * read the degree twice: once alone, once inside ℃; a C after it once more) is `°C`. Score is the mean of the emitted steps'
 * maximum probabilities (0 for no text); symbols kept from hints do not count in it.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  steps: number,
  classes: number,
  charset: readonly string[],
  offset = 0,
): Decoded {
  const space = charset[classes - 1] === ' ' ? classes - 1 : -1;
  const degree = charset.indexOf('°');
  let text = '';
  let sum = 0;
  let kept = 0;
  let prev = -1;
  // The highest p(space) and p(°) among the blank steps since the last character emitted.
  let gapSpace = 0;
  let gapDegree = 0;
  let merged = false;
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
    if (best === 0) {
      if (space >= 0) gapSpace = Math.max(gapSpace, probs[row + space]!);
      if (degree >= 0 && degree < classes) gapDegree = Math.max(gapDegree, probs[row + degree]!);
    } else if (best !== prev) {
      let char = charset[best] ?? '';
      if (gapSpace >= SPACE_HINT && best !== space && text.length > 0 && !text.endsWith(' ')) text += ' ';
      if ((char === 'C' || char === 'F') && gapDegree >= DEGREE_HINT && /[0-9] ?$/.test(text)) text += '°';
      // ℃ after a ° is its C; a C right after that ℃ is the same C read a third time.
      const afterMerge = merged;
      merged = char === '℃' && text.endsWith('°');
      if (merged) char = 'C';
      if (!(afterMerge && char === 'C')) text += char;
      sum += bestP;
      kept++;
      gapSpace = 0;
      gapDegree = 0;
    }
    prev = best;
  }
  return { text, score: kept === 0 ? 0 : sum / kept };
}
