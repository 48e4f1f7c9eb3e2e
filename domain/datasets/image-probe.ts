// What an archive entry is, from its own bytes: an image format recognised by its magic bytes, and its
// width and height read from the format's header. Fed the entry chunk by chunk as it streams out of the
// archive, so nothing larger than a header is ever held: a JPEG's dimensions come after its APP segments
// (EXIF, ICC profiles: tens of kilobytes), which the probe skips by their declared lengths.
import { DataFormatError } from './profile.js';

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
}

/** Enough bytes to tell every format apart and read the fixed-position headers (WebP VP8 needs 30). */
const HEAD = 32;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function magic(head: Buffer): ImageFormat | null {
  if (head.length >= 8 && head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 6 && /^GIF8[79]a$/.test(head.subarray(0, 6).toString('latin1'))) return 'gif';
  if (head.length >= 12 && head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  if (head.length >= 2 && head[0] === 0x42 && head[1] === 0x4d) return 'bmp';
  return null;
}

const MAX_SIDE = 2 ** 31 - 1;

/** Width and height of the fixed-header formats, from the first HEAD bytes; null when the header is cut short. */
function fixedHeader(format: Exclude<ImageFormat, 'jpeg'>, b: Buffer): { width: number; height: number } | null {
  switch (format) {
    case 'png':
      // The first chunk must be IHDR: width and height, big-endian, at 16 and 20.
      if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
      return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
    case 'gif':
      if (b.length < 10) return null;
      return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
    case 'bmp': {
      if (b.length < 26) return null;
      const dib = b.readUInt32LE(14);
      // OS/2 BITMAPCOREHEADER has 16-bit sizes; every later header 32-bit signed (negative height: top-down).
      if (dib === 12) return { width: b.readUInt16LE(18), height: b.readUInt16LE(20) };
      if (dib < 40) return null;
      return { width: Math.abs(b.readInt32LE(18)), height: Math.abs(b.readInt32LE(22)) };
    }
    case 'webp': {
      const chunk = b.toString('latin1', 12, 16);
      if (chunk === 'VP8X' && b.length >= 30)
        return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
      if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
        const bits = b.readUInt32LE(21);
        return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
      }
      if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
        return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
      return null;
    }
  }
}

// JPEG start-of-frame markers carry the dimensions: SOF0-3, 5-7, 9-11, 13-15 (C4 DHT, C8 JPG, CC DAC are not frames).
const isFrame = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
// Markers with no length field: TEM, the restart markers and a repeated SOI.
const standalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

/** Walks JPEG segments as bytes arrive, skipping each segment's body by its length, until a frame header. */
class JpegWalker {
  private skip = 2; // SOI
  private buf = Buffer.alloc(0);
  result: { width: number; height: number } | null = null;
  failure: string | null = null;

  feed(chunk: Buffer): void {
    if (this.result || this.failure) return;
    if (this.skip >= chunk.length) {
      this.skip -= chunk.length;
      return;
    }
    this.buf = Buffer.concat([this.buf, chunk.subarray(this.skip)]);
    this.skip = 0;
    this.walk();
  }

  private walk(): void {
    for (;;) {
      let i = 0;
      if (this.buf.length < 2) return;
      if (this.buf[0] !== 0xff) {
        this.failure = 'its segments are damaged (no marker where one must be)';
        return;
      }
      while (i < this.buf.length && this.buf[i] === 0xff) i++; // fill bytes
      if (i >= this.buf.length) return;
      const marker = this.buf[i]!;
      if (standalone(marker)) {
        this.buf = this.buf.subarray(i + 1);
        continue;
      }
      if (marker === 0xd9 || marker === 0xda) {
        this.failure = 'it has no frame header (no width and height) before its image data';
        return;
      }
      if (this.buf.length < i + 3) return;
      const length = this.buf.readUInt16BE(i + 1);
      if (length < 2) {
        this.failure = 'its segments are damaged (a segment length below 2)';
        return;
      }
      if (isFrame(marker)) {
        if (this.buf.length < i + 8) return;
        this.result = { height: this.buf.readUInt16BE(i + 4), width: this.buf.readUInt16BE(i + 6) };
        return;
      }
      // Skip this segment's body: part of it may be buffered, the rest arrives later.
      const end = i + 1 + length;
      if (end <= this.buf.length) {
        this.buf = this.buf.subarray(end);
      } else {
        this.skip = end - this.buf.length;
        this.buf = Buffer.alloc(0);
        return;
      }
    }
  }
}

/**
 * Fed an entry's bytes in order; `finish()` says what it was: an image with its header, or null for
 * any other file. Throws DataFormatError for bytes that start like an image but whose header is damaged.
 */
export class ImageProbe {
  /** Bytes held until there are enough to decide the format; then only the first HEAD of them are kept. */
  private head = Buffer.alloc(0);
  private format: ImageFormat | null | undefined;
  private jpeg: JpegWalker | undefined;

  constructor(private readonly name: string) {}

  feed(chunk: Buffer): void {
    if (this.format === undefined) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length >= HEAD) this.decide();
    } else {
      this.jpeg?.feed(chunk);
    }
  }

  private decide(): void {
    this.format = magic(this.head);
    if (this.format === 'jpeg') {
      this.jpeg = new JpegWalker();
      this.jpeg.feed(this.head);
    }
    // A copy: the held bytes may be a whole chunk, of which only the head is needed from now on.
    this.head = Buffer.from(this.head.subarray(0, HEAD));
  }

  finish(): ImageHeader | null {
    if (this.format === undefined) this.decide();
    const format = this.format;
    if (!format) return null;
    const size = format === 'jpeg' ? (this.jpeg!.result ?? null) : fixedHeader(format, this.head);
    if (!size) {
      const why = this.jpeg?.failure ?? 'its header is cut short or damaged';
      throw new DataFormatError(`${this.name} starts like a ${format.toUpperCase()} image but ${why}`);
    }
    // PNG allows sides up to 2^31 - 1; a header claiming more (or nothing) is not an image to record.
    if (size.width === 0 || size.height === 0 || size.width > MAX_SIDE || size.height > MAX_SIDE)
      throw new DataFormatError(
        `${this.name} is a ${format.toUpperCase()} image of ${size.width}x${size.height} pixels`,
      );
    return { format, ...size };
  }
}
