// BMP to raw RGB, because sharp's libvips build reads PNG, JPEG, GIF and WebP but not BMP, and image
// collections may hold BMPs (domain/datasets/image-probe.ts accepts them). Uncompressed BI_RGB with 24 or
// 32 bits per pixel and 8-bit palettes are read (what scanners and Windows tools write); anything else
// is refused by name.

export interface RawRgb {
  width: number;
  height: number;
  data: Buffer;
}

export function decodeBmp(b: Buffer): RawRgb {
  if (b.length < 54 || b[0] !== 0x42 || b[1] !== 0x4d) throw new Error('not a BMP file');
  const dataAt = b.readUInt32LE(10);
  const dib = b.readUInt32LE(14);
  if (dib < 40) throw new Error('BMP: only BITMAPINFOHEADER (40 bytes) or later headers are read');
  const width = b.readInt32LE(18);
  const rawHeight = b.readInt32LE(22);
  const bits = b.readUInt16LE(28);
  const compression = b.readUInt32LE(30);
  const height = Math.abs(rawHeight);
  const bottomUp = rawHeight > 0;
  if (width <= 0 || height === 0 || width * height > 8192 * 8192) throw new Error(`BMP of ${width}x${height} pixels`);
  // BI_RGB, or BI_BITFIELDS with the usual 32-bit BGRA masks.
  if (compression !== 0 && !(compression === 3 && bits === 32))
    throw new Error(`BMP compression ${compression} is not read (only uncompressed)`);
  if (bits !== 24 && bits !== 32 && bits !== 8) throw new Error(`BMP with ${bits} bits per pixel is not read`);
  const stride = Math.ceil((width * bits) / 32) * 4;
  if (dataAt + stride * height > b.length) throw new Error('BMP: the pixel data is cut short');
  const colours = bits === 8 ? b.readUInt32LE(46) || 256 : 0;
  const paletteAt = 14 + dib;
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = dataAt + (bottomUp ? height - 1 - y : y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      let p: number;
      if (bits === 8) {
        const i = b[row + x]!;
        if (i >= colours) throw new Error('BMP: a pixel names a colour beyond its palette');
        p = paletteAt + i * 4;
      } else {
        p = row + x * (bits / 8);
      }
      out[o] = b[p + 2]!;
      out[o + 1] = b[p + 1]!;
      out[o + 2] = b[p]!;
    }
  }
  return { width, height, data: out };
}
