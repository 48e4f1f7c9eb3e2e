// OCR pipeline end to end on the real PP-OCRv4 models: the test renders its own image with known Chinese
// and Latin lines (with @napi-rs/canvas and a CJK font found on the machine; .ci/run installs
// fonts-noto-cjk when none is present), then checks the recognised text, the boxes, and input errors.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { LINES, registerCjkFont, render, squash } from './helpers/render-text.js';
import { type OcrPipeline, OcrInputError, createOcrPipeline } from '../subgraphs/serving/ocr/index.js';

describe('OCR pipeline (PP-OCRv4, onnxruntime-node)', () => {
  let ocr: OcrPipeline;
  before(async () => {
    registerCjkFont();
    ocr = await createOcrPipeline({ sessionsOptions: { intraOpNumThreads: 2 } });
  });
  after(async () => {
    await ocr?.close();
  });

  for (const format of ['png', 'jpeg'] as const) {
    it(`recognises rendered Chinese and Latin lines (${format})`, async () => {
      const { png, jpeg, drawn } = render(LINES);
      const result = await ocr.recognize(format === 'png' ? png : jpeg);
      console.log(
        `  ${format}:`,
        JSON.stringify(result.lines.map((l) => ({ text: l.text, score: +l.score.toFixed(3), box: l.box }))),
        result.timingsMs,
      );
      assert.equal(result.width, 720);
      assert.equal(result.height, 240);
      assert.deepEqual(
        result.lines.map((l) => squash(l.text)),
        drawn.map((d) => squash(d.text)),
      );
      result.lines.forEach((line, i) => {
        const d = drawn[i]!;
        const xs = line.box.map((p) => p[0]);
        const ys = line.box.map((p) => p[1]);
        const [bl, br, bt, bb] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        const slack = 14;
        assert.ok(
          Math.abs(bl - d.left) <= slack && Math.abs(br - d.right) <= slack,
          `line ${i} x ${bl}..${br} vs drawn ${d.left}..${d.right}`,
        );
        assert.ok(
          Math.abs(bt - d.top) <= slack && Math.abs(bb - d.bottom) <= slack,
          `line ${i} y ${bt}..${bb} vs drawn ${d.top}..${d.bottom}`,
        );
        assert.ok(line.score > 0.8, `line ${i} score ${line.score}`);
      });
      for (const k of ['decode', 'det', 'cls', 'rec', 'total'] as const) assert.ok(result.timingsMs[k] >= 0);
    });
  }

  it('keeps the spaces between English words and the units of measurements (°C, %), PNG and JPEG, small type included', async () => {
    // Noto Sans CJK (fonts-noto-cjk, the package of the serif face registerCjkFont finds) at 20 px: the
    // size and face at which the recognizer left every word gap to the blank ("TransformerT2oiltemperaturealarm").
    const sans = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
    assert.ok(GlobalFonts.registerFromPath(sans, 'PlinthOcrTestSans'), `${sans} (apt-get install -y fonts-noto-cjk)`);
    const lines = [
      { text: 'Transformer T2 oil temperature alarm', x: 20, y: 20, size: 20 },
      { text: 'Top oil temperature 85°C at 14:20', x: 20, y: 80, size: 20 },
      { text: 'Winding 67°C, load 92%', x: 20, y: 140, size: 12 },
    ];
    const { png, jpeg } = render(lines, 720, 200, 'PlinthOcrTestSans');
    for (const image of [png, jpeg]) {
      const read = (await ocr.recognize(image)).lines.map((l) => l.text);
      assert.deepEqual(
        read,
        lines.map((l) => l.text),
      );
    }
    // Small temperatures in a JPEG: the degree sign was read as nothing ("Oil85C,winding67C,ambient23C").
    for (const [size, quality] of [
      [10, 70],
      [12, 80],
    ] as const) {
      const canvas = createCanvas(480, 60);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, 480, 60);
      ctx.fillStyle = '#111111';
      ctx.textBaseline = 'top';
      ctx.font = `${size}px PlinthOcrTestSans`;
      const text = 'Oil 85°C, winding 67°C, ambient 23 °C';
      ctx.fillText(text, 20, 20);
      const read = (await ocr.recognize(canvas.toBuffer('image/jpeg', quality))).lines.map((l) => l.text);
      assert.deepEqual(read, [text], `${size} px, JPEG quality ${quality}`);
    }
  });

  it('reads text turned upside down (direction classifier)', async () => {
    const { png, drawn } = render(LINES);
    const sharp = (await import('sharp')).default;
    const flipped = await sharp(png).rotate(180).png().toBuffer();
    const result = await ocr.recognize(flipped);
    // Rotated 180 degrees, the second drawn line now comes first.
    assert.deepEqual(
      result.lines.map((l) => squash(l.text)),
      drawn.map((d) => squash(d.text)).reverse(),
    );
  });

  it('finds no lines in a blank image', async () => {
    const canvas = createCanvas(400, 300);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, 400, 300);
    const result = await ocr.recognize(canvas.toBuffer('image/png'));
    assert.deepEqual(result.lines, []);
  });

  it('rejects corrupt and unsupported input with a clear error', async () => {
    const { png, jpeg } = render(LINES);
    const cases: [string, Buffer, RegExp][] = [
      ['truncated PNG', png.subarray(0, 100), /corrupt or unreadable PNG image/],
      [
        'garbled JPEG',
        Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(2000, 0x55)]),
        /corrupt or unreadable JPEG image/,
      ],
      ['text', Buffer.from('not an image at all'), /unsupported image format: expected PNG or JPEG/],
      ['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), /unsupported image format/],
      ['empty', Buffer.alloc(0), /empty image/],
    ];
    for (const [name, bytes, message] of cases) {
      await assert.rejects(ocr.recognize(bytes), (err: unknown) => {
        assert.ok(err instanceof OcrInputError, `${name}: ${String(err)}`);
        assert.match(err.message, message, name);
        return true;
      });
    }
  });
});
