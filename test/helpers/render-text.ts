// Renders known text into PNG/JPEG images with a CJK font found on this machine, for OCR tests.
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { findCjkFont } from '../../scripts/fixtures/cjk-font.js';

export const FAMILY = 'PlinthOcrTestCJK';
export const LINES = [
  { text: '合同编号 HT-2026-001', x: 40, y: 40, size: 40 },
  { text: 'Plinth AI 中台', x: 40, y: 140, size: 40 },
];

export interface Drawn {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** `family`: a font registered with GlobalFonts (FAMILY, the CJK font registerCjkFont registers, by default). */
export function render(
  lines: typeof LINES,
  width = 720,
  height = 240,
  family = FAMILY,
): { png: Buffer; jpeg: Buffer; drawn: Drawn[] } {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#111111';
  ctx.textBaseline = 'top';
  const drawn = lines.map((l) => {
    ctx.font = `${l.size}px ${family}`;
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

export const squash = (s: string): string => s.replace(/\s+/g, '');

/** Registers the CJK font under FAMILY; throws naming the package to install when there is none. */
export function registerCjkFont(): string {
  const font = findCjkFont();
  if (!GlobalFonts.registerFromPath(font, FAMILY)) throw new Error(`could not register font ${font}`);
  return font;
}
