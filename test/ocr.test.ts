// OCR pipeline end to end on the real PP-OCRv4 models: the test renders its own image with known Chinese
// and Latin lines (with @napi-rs/canvas and a CJK font found on the machine; .ci/run installs
// fonts-noto-cjk when none is present), then checks the recognised text, the boxes, and input errors.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { type OcrPipeline, OcrInputError, createOcrPipeline } from '../subgraphs/serving/ocr/index.js';

// A serif face first: in sans-serif faces capital I and lowercase l are the same glyph, so "AI" is
// legitimately read as "Al".
const FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
];

/** A font file that covers Chinese: a known path, else whatever fontconfig lists for :lang=zh. */
function findCjkFont(): string {
  const known = FONT_CANDIDATES.find((f) => existsSync(f));
  if (known) return known;
  try {
    const listed = execFileSync('fc-list', [':lang=zh', 'file'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.replace(/:\s*$/, '').trim())
      .filter((f) => /\.(ttc|ttf|otf)$/i.test(f) && existsSync(f));
    if (listed[0]) return listed[0];
  } catch {
    // fc-list missing: fall through
  }
  throw new Error('no CJK font found: install fonts-noto-cjk (apt-get install -y fonts-noto-cjk)');
}

const FAMILY = 'PlinthOcrTestCJK';
const LINES = [
  { text: '合同编号 HT-2026-001', x: 40, y: 40, size: 40 },
  { text: 'Plinth AI 中台', x: 40, y: 140, size: 40 },
];

interface Drawn {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

function render(lines: typeof LINES, width = 720, height = 240): { png: Buffer; jpeg: Buffer; drawn: Drawn[] } {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#111111';
  ctx.textBaseline = 'top';
  const drawn = lines.map((l) => {
    ctx.font = `${l.size}px ${FAMILY}`;
    ctx.fillText(l.text, l.x, l.y);
    const m = ctx.measureText(l.text);
    return {
      text: l.text,
      left: l.x - m.actualBoundingBoxLeft,
      right: l.x + m.actualBoundingBoxRight,
      top: l.y - m.actualBoundingBoxAscent,
      bottom: l.y + m.actualBoundingBoxDescent,
    };
  });
  return { png: canvas.toBuffer('image/png'), jpeg: canvas.toBuffer('image/jpeg', 95), drawn };
}

const squash = (s: string): string => s.replace(/\s+/g, '');

describe('OCR pipeline (PP-OCRv4, onnxruntime-node)', () => {
  let ocr: OcrPipeline;
  before(async () => {
    const font = findCjkFont();
    assert.ok(GlobalFonts.registerFromPath(font, FAMILY), `could not register font ${font}`);
    ocr = await createOcrPipeline({ sessionsOptions: { intraOpNumThreads: 2 } });
  });
  after(async () => {
    await ocr?.close();
  });

  for (const format of ['png', 'jpeg'] as const) {
    it(`recognises rendered Chinese and Latin lines (${format})`, async () => {
      const { png, jpeg, drawn } = render(LINES);
      const result = await ocr.recognize(format === 'png' ? png : jpeg);
      console.log(`  ${format}:`, JSON.stringify(result.lines.map((l) => ({ text: l.text, score: +l.score.toFixed(3), box: l.box }))), result.timingsMs);
      assert.equal(result.width, 720);
      assert.equal(result.height, 240);
      assert.deepEqual(result.lines.map((l) => squash(l.text)), drawn.map((d) => squash(d.text)));
      result.lines.forEach((line, i) => {
        const d = drawn[i]!;
        const xs = line.box.map((p) => p[0]);
        const ys = line.box.map((p) => p[1]);
        const [bl, br, bt, bb] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        const slack = 14;
        assert.ok(Math.abs(bl - d.left) <= slack && Math.abs(br - d.right) <= slack, `line ${i} x ${bl}..${br} vs drawn ${d.left}..${d.right}`);
        assert.ok(Math.abs(bt - d.top) <= slack && Math.abs(bb - d.bottom) <= slack, `line ${i} y ${bt}..${bb} vs drawn ${d.top}..${d.bottom}`);
        assert.ok(line.score > 0.8, `line ${i} score ${line.score}`);
      });
      for (const k of ['decode', 'det', 'cls', 'rec', 'total'] as const) assert.ok(result.timingsMs[k] >= 0);
    });
  }

  it('reads text turned upside down (direction classifier)', async () => {
    const { png, drawn } = render(LINES);
    const sharp = (await import('sharp')).default;
    const flipped = await sharp(png).rotate(180).png().toBuffer();
    const result = await ocr.recognize(flipped);
    // Rotated 180 degrees, the second drawn line now comes first.
    assert.deepEqual(result.lines.map((l) => squash(l.text)), drawn.map((d) => squash(d.text)).reverse());
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
      ['garbled JPEG', Buffer.concat([jpeg.subarray(0, 4), Buffer.alloc(2000, 0x55)]), /corrupt or unreadable JPEG image/],
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
