// Image I/O and pixel operations for the OCR pipeline: PNG/JPEG bytes → packed RGB, bilinear resize,
// rotations. Decoding goes through sharp (libvips from its @img/* npm packages); everything after
// decoding is plain TypeScript over Uint8Array so that it is deterministic and unit-testable.
import sharp from 'sharp';

/** Packed 8-bit RGB pixels, row-major, 3 bytes per pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Thrown for input the pipeline cannot read: not PNG/JPEG, truncated, corrupt, empty. */
export class OcrInputError extends Error {
  override name = 'OcrInputError';
}

export type ImageFormat = 'png' | 'jpeg';

/**
 * The bytes of a base64 (or base64url) string, or why it is not base64. Buffer.from(text, 'base64') skips
 * whatever is not in the alphabet, so text that is not base64 decoded to junk and was refused as an
 * "unsupported image format"; this names the actual problem. Whitespace (line-wrapped base64) is allowed.
 */
export function decodeBase64(text: string): { bytes: Buffer } | { problem: string } {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) return { problem: 'is empty' };
  const bad = /[^A-Za-z0-9+/\-_=\s]/.exec(text); // its place in the text as sent
  if (bad)
    return {
      problem: `is not base64: it contains ${JSON.stringify(bad[0])} at character ${bad.index + 1}${compact.startsWith('data:') ? ' (send the base64 after "base64,", not the whole data URL)' : ''}`,
    };
  if (!/^[^=]*={0,2}$/.test(compact) || compact.length % 4 === 1 || (compact.includes('=') && compact.length % 4 !== 0))
    return { problem: 'is not base64: its length or "=" padding is wrong' };
  return { bytes: Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64') };
}

/** Magic-byte sniffing; only PNG and JPEG are accepted. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

/** Largest accepted image, in pixels (about 64 megapixels), to keep a single request bounded. */
export const MAX_INPUT_PIXELS = 8192 * 8192;

/**
 * Decodes PNG or JPEG bytes to RGB. EXIF orientation is applied, alpha is composited over white and
 * grayscale/palette/CMYK inputs are converted to sRGB. Throws OcrInputError for anything else.
 */
export async function decodeImage(bytes: Uint8Array): Promise<RgbImage> {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0)
    throw new OcrInputError('empty image: expected PNG or JPEG bytes');
  const format = sniffImageFormat(bytes);
  if (!format) throw new OcrInputError('unsupported image format: expected PNG or JPEG bytes');
  // The header gives the size without decoding: an image over the limit is named with its size and the
  // limit (sharp's own refusal reads "Input image exceeds pixel limit").
  const size = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (size?.width && size.height && size.width * size.height > MAX_INPUT_PIXELS)
    throw new OcrInputError(
      `image too large: ${size.width}x${size.height} is ${size.width * size.height} pixels, over the limit of ` +
        `${MAX_INPUT_PIXELS} pixels (8192x8192)`,
    );
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`unexpected channel count ${info.channels}`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new OcrInputError(`corrupt or unreadable ${format.toUpperCase()} image: ${reason}`);
  }
}

/**
 * Bilinear resize with half-pixel centres (the convention of OpenCV's INTER_LINEAR, which PaddleOCR's
 * preprocessing uses), clamping at the borders.
 */
export function resizeBilinear(src: RgbImage, width: number, height: number): RgbImage {
  if (width < 1 || height < 1) throw new RangeError(`bad target size ${width}x${height}`);
  if (width === src.width && height === src.height) return { width, height, data: src.data.slice() };
  const out = new Uint8Array(width * height * 3);
  const sx = src.width / width;
  const sy = src.height / height;
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    let fx = (x + 0.5) * sx - 0.5;
    if (fx < 0) fx = 0;
    let x0 = Math.floor(fx);
    if (x0 > src.width - 1) x0 = src.width - 1;
    x0s[x] = x0 * 3;
    x1s[x] = Math.min(x0 + 1, src.width - 1) * 3;
    fxs[x] = Math.min(fx - x0, 1);
  }
  const s = src.data;
  const stride = src.width * 3;
  for (let y = 0; y < height; y++) {
    let fy = (y + 0.5) * sy - 0.5;
    if (fy < 0) fy = 0;
    let y0 = Math.floor(fy);
    if (y0 > src.height - 1) y0 = src.height - 1;
    const y1 = Math.min(y0 + 1, src.height - 1);
    const wy = Math.min(fy - y0, 1);
    const r0 = y0 * stride;
    const r1 = y1 * stride;
    let o = y * width * 3;
    for (let x = 0; x < width; x++) {
      const a = x0s[x]!;
      const b = x1s[x]!;
      const wx = fxs[x]!;
      for (let c = 0; c < 3; c++) {
        const top = s[r0 + a + c]! + (s[r0 + b + c]! - s[r0 + a + c]!) * wx;
        const bot = s[r1 + a + c]! + (s[r1 + b + c]! - s[r1 + a + c]!) * wx;
        out[o++] = Math.round(top + (bot - top) * wy);
      }
    }
  }
  return { width, height, data: out };
}

/** Rotates by 180 degrees. */
export function rotate180(src: RgbImage): RgbImage {
  const n = src.width * src.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const j = (n - 1 - i) * 3;
    out[i * 3] = src.data[j]!;
    out[i * 3 + 1] = src.data[j + 1]!;
    out[i * 3 + 2] = src.data[j + 2]!;
  }
  return { width: src.width, height: src.height, data: out };
}

/** Rotates by 90 degrees counter-clockwise (numpy's rot90), as PaddleOCR does for tall crops. */
export function rotate90ccw(src: RgbImage): RgbImage {
  const { width: w, height: h } = src;
  const out = new Uint8Array(w * h * 3);
  // Output is h wide, w tall; out(x', y') = src(w - 1 - y', x').
  for (let yo = 0; yo < w; yo++) {
    const sx = w - 1 - yo;
    for (let xo = 0; xo < h; xo++) {
      const si = (xo * w + sx) * 3;
      const oi = (yo * h + xo) * 3;
      out[oi] = src.data[si]!;
      out[oi + 1] = src.data[si + 1]!;
      out[oi + 2] = src.data[si + 2]!;
    }
  }
  return { width: h, height: w, data: out };
}
