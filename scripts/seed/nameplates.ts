// Nameplate text lines of transformers and breakers, rendered as PNG crops the way a text-recognition
// data set holds them (one line per image, its text the label), on enamel or brushed-metal plates with a
// CJK font from this machine. Deterministic: the same seed draws the same lines, sizes and colours.
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { seededRandom } from '../../domain/random.js';
import { findCjkFont } from '../fixtures/cjk-font.js';
import { zipStored } from './zip.js';

const FAMILY = 'PlinthSeedCJK';

const MAKERS = ['江苏华鹏变压器有限公司', '特变电工沈阳变压器集团', '山东电力设备有限公司', '西安西电开关电气有限公司'];
const CAPACITIES = [6300, 10000, 20000, 31500, 40000, 50000];

/** One plate's lines: a power transformer or a vacuum circuit breaker. */
function plateLines(rand: () => number): string[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const year = 2008 + Math.floor(rand() * 17);
  const serial = String(Math.floor(rand() * 9000) + 1000);
  if (rand() < 0.6) {
    const capacity = pick(CAPACITIES);
    const kv = pick([35, 110, 220]);
    return [
      `电力变压器 POWER TRANSFORMER`,
      `型号 SZ11-${capacity}/${kv}`,
      `额定容量 ${capacity} kVA`,
      `额定电压 ${kv}±8×1.25%/10.5 kV`,
      `联结组标号 ${pick(['YNd11', 'YNyn0d11', 'Dyn11'])}`,
      `短路阻抗 ${pick(['10.5', '12.0', '14.2', '17.8'])}%`,
      `出厂编号 ${year}-${serial}`,
      `出厂日期 ${year}年${1 + Math.floor(rand() * 12)}月`,
      pick(MAKERS),
    ];
  }
  const current = pick([630, 1250, 2500, 3150]);
  const breaking = pick(['25', '31.5', '40']);
  return [
    `户内高压真空断路器`,
    `型号 ZN63A-12/${current}-${breaking}`,
    `额定电压 12 kV`,
    `额定电流 ${current} A`,
    `额定短路开断电流 ${breaking} kA`,
    `出厂编号 ${year}${serial}`,
    pick(MAKERS),
  ];
}

const PLATES = [
  { background: '#c9ccd1', text: '#1a1a1a', border: '#8d9096' }, // brushed aluminium
  { background: '#1f4e8c', text: '#f4f4f4', border: '#0f2d57' }, // blue enamel
  { background: '#e8e2cf', text: '#2b2b2b', border: '#a39a7e' }, // aged brass
];

/** This machine has no font that covers Chinese: the nameplates cannot be drawn (the seed leaves them out). */
export class MissingFontError extends Error {
  override readonly name = 'MissingFontError';
}

function registerFont(): void {
  if (GlobalFonts.has(FAMILY)) return;
  let font: string;
  try {
    font = findCjkFont();
  } catch (error) {
    throw new MissingFontError((error as Error).message);
  }
  if (!GlobalFonts.registerFromPath(font, FAMILY)) throw new Error(`could not register font ${font}`);
}

export interface NameplateSet {
  zip: Buffer;
  images: number;
}

/**
 * `count` line images with labels.csv, as a ZIP. Throws MissingFontError (naming the font package) when
 * the machine has no CJK font: the text would not render.
 */
export function nameplateArchive(count: number, seed = 20260315): NameplateSet {
  registerFont();
  const rand = seededRandom(seed);
  const entries: { name: string; bytes: Buffer }[] = [];
  const labels: string[] = ['file,label'];
  let plate: string[] = [];
  for (let i = 0; i < count; i++) {
    if (plate.length === 0) plate = plateLines(rand);
    const text = plate.shift()!;
    const style = PLATES[Math.floor(rand() * PLATES.length)]!;
    const size = 22 + Math.floor(rand() * 9);
    const measure = createCanvas(10, 10).getContext('2d');
    measure.font = `${size}px ${FAMILY}`;
    const width = Math.ceil(measure.measureText(text).width) + 24;
    const height = size + 20;
    const canvas = createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = style.background;
    ctx.fillRect(0, 0, width, height);
    // Brushed-metal streaks: faint horizontal lines.
    ctx.globalAlpha = 0.08;
    ctx.fillStyle = '#000000';
    for (let y = 0; y < height; y += 3) if (rand() < 0.5) ctx.fillRect(0, y, width, 1);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = style.border;
    ctx.lineWidth = 2;
    ctx.strokeRect(1, 1, width - 2, height - 2);
    ctx.fillStyle = style.text;
    ctx.font = `${size}px ${FAMILY}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(text, 12, height / 2 + 1);
    const name = `images/nameplate-${String(i + 1).padStart(4, '0')}.png`;
    entries.push({ name, bytes: canvas.toBuffer('image/png') });
    labels.push(`${name},"${text.replaceAll('"', '""')}"`);
  }
  entries.push({ name: 'labels.csv', bytes: Buffer.from(`${labels.join('\n')}\n`, 'utf8') });
  return { zip: zipStored(entries), images: count };
}
