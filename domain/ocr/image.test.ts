import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import {
  MAX_INPUT_PIXELS,
  OcrInputError,
  decodeBase64,
  decodeImage,
  resizeBilinear,
  rotate180,
  rotate90ccw,
  sniffImageFormat,
} from './image.js';

describe('sniffImageFormat', () => {
  it('recognises PNG and JPEG signatures only', () => {
    assert.equal(sniffImageFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'png');
    assert.equal(sniffImageFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
    assert.equal(sniffImageFormat(Buffer.from('GIF89a')), null);
    assert.equal(sniffImageFormat(Buffer.alloc(0)), null);
  });
});

describe('decodeImage', () => {
  it('decodes PNG (alpha over white, gray to RGB) and JPEG to RGB', async () => {
    const rgba = await sharp(Buffer.from([10, 20, 30, 255, 0, 0, 0, 0]), { raw: { width: 2, height: 1, channels: 4 } })
      .png()
      .toBuffer();
    assert.deepEqual(await decodeImage(rgba), {
      width: 2,
      height: 1,
      data: new Uint8Array([10, 20, 30, 255, 255, 255]),
    });
    const gray = await sharp(Buffer.from([7, 200]), { raw: { width: 1, height: 2, channels: 1 } })
      .png()
      .toBuffer();
    assert.deepEqual([...(await decodeImage(gray)).data], [7, 7, 7, 200, 200, 200]);
    const jpeg = await sharp({ create: { width: 16, height: 8, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    const img = await decodeImage(jpeg);
    assert.deepEqual([img.width, img.height, img.data.length], [16, 8, 16 * 8 * 3]);
    assert.ok(Math.abs(img.data[0]! - 128) <= 2);
  });

  it('rejects other formats and corrupt data', async () => {
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .webp()
      .toBuffer();
    await assert.rejects(
      decodeImage(webp),
      (e: unknown) => e instanceof OcrInputError && /unsupported image format/.test(e.message),
    );
    await assert.rejects(decodeImage(Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2])), /corrupt or unreadable JPEG/);
    await assert.rejects(decodeImage(new Uint8Array()), /empty image/);
  });
});

describe('base64 and size limits', () => {
  it('decodes base64 (padded, unpadded, base64url, line-wrapped) and names what is not base64', () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xfb, 0xff]);
    for (const text of [bytes.toString('base64'), bytes.toString('base64url'), 'iVBO\nR/v/', 'iVBOR/v/'])
      assert.deepEqual(decodeBase64(text), { bytes }, text);
    assert.deepEqual(decodeBase64('hello world!'), {
      problem: 'is not base64: it contains "!" at character 12',
    });
    assert.match(
      (decodeBase64('data:image/png;base64,iVBOR') as { problem: string }).problem,
      /is not base64: it contains ":" .*not the whole data URL/,
    );
    assert.deepEqual(decodeBase64('ab=c'), { problem: 'is not base64: its length or "=" padding is wrong' });
    assert.deepEqual(decodeBase64('abcde'), { problem: 'is not base64: its length or "=" padding is wrong' });
    assert.deepEqual(decodeBase64(' '), { problem: 'is empty' });
  });

  it('names the size of an image over the pixel limit, and the limit', async () => {
    // 9000x8000 = 72,000,000 pixels (over 8192x8192): a one-colour PNG compresses to a few hundred KB.
    const big = await sharp({ create: { width: 9000, height: 8000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    assert.equal(MAX_INPUT_PIXELS, 8192 * 8192);
    await assert.rejects(
      decodeImage(big),
      (e: unknown) =>
        e instanceof OcrInputError &&
        e.message === 'image too large: 9000x8000 is 72000000 pixels, over the limit of 67108864 pixels (8192x8192)',
    );
  });
});

describe('pixel operations', () => {
  const img = { width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => Math.floor(i / 3)) };
  const px = (im: { data: Uint8Array }): number[] => [...im.data].filter((_, i) => i % 3 === 0);

  it('rotates', () => {
    assert.deepEqual(px(rotate180(img)), [5, 4, 3, 2, 1, 0]);
    const r = rotate90ccw(img); // [[0,1,2],[3,4,5]] → [[2,5],[1,4],[0,3]]
    assert.deepEqual([r.width, r.height, ...px(r)], [2, 3, 2, 5, 1, 4, 0, 3]);
  });

  it('resizes bilinearly with half-pixel centres', () => {
    assert.deepEqual(px(resizeBilinear(img, 3, 2)), [0, 1, 2, 3, 4, 5]);
    const up = resizeBilinear({ width: 2, height: 1, data: new Uint8Array([0, 0, 0, 100, 100, 100]) }, 4, 1);
    assert.deepEqual(px(up), [0, 25, 75, 100]);
    assert.deepEqual(px(resizeBilinear(img, 1, 1)), [3]); // centre sample between rows and columns: (1+4)/2 rounded
    assert.throws(() => resizeBilinear(img, 0, 1), RangeError);
  });
});
