// The data set Plinth renders itself: a dozen simple Chinese characters drawn in four faces (Noto Sans and
// Serif CJK, regular and bold) at varied sizes, offsets and rotations, ink and paper shades, with pixel noise,
// as PNGs; each turned into features exactly as a labeling project's image items are (greyPixels: sharp,
// greyscale, 8×8 fill, 0..1). Seeded: the same seed draws the same images. Nothing is written to disk.
import { existsSync } from 'node:fs';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { seededRandom } from '../../domain/random.js';
import { greyPixels } from '../../domain/labeling/items.js';
import { IMAGE_SIDE } from '../../domain/labeling/features.js';
import type { Table } from './sklearn.js';

// Characters whose strokes still differ at 8×8 (a classifier of 64 grey pixels has a chance), yet several
// pairs are close (日/田/口, 一/二/三, 人/大), so the set is not trivially separable.
export const CHARACTERS = ['一', '二', '三', '十', '口', '日', '田', '人', '大', '中', '山', '川'];

const FACES = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'PlinthAlSans' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', family: 'PlinthAlSansBold' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'PlinthAlSerif' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc', family: 'PlinthAlSerifBold' },
];

function registerFaces(): string[] {
  const missing = FACES.filter((f) => !existsSync(f.file)).map((f) => f.file);
  if (missing.length)
    throw new Error(
      `rendered set: missing font(s) ${missing.join(', ')}; install fonts-noto-cjk (apt-get install -y fonts-noto-cjk)`,
    );
  for (const f of FACES)
    if (!GlobalFonts.registerFromPath(f.file, f.family)) throw new Error(`rendered set: could not register ${f.file}`);
  return FACES.map((f) => f.family);
}

const CANVAS = 48;

/** One PNG of `ch`: size 65–85% of the canvas, offset ±6%, rotation ±10°, ink/paper shades, noise σ 0–25. */
function renderOne(ch: string, family: string, rand: () => number): Buffer {
  const canvas = createCanvas(CANVAS, CANVAS);
  const ctx = canvas.getContext('2d');
  const paper = Math.round(200 + 55 * rand());
  const ink = Math.round(90 * rand());
  ctx.fillStyle = `rgb(${paper},${paper},${paper})`;
  ctx.fillRect(0, 0, CANVAS, CANVAS);
  const size = CANVAS * (0.65 + 0.2 * rand());
  ctx.translate(CANVAS / 2 + CANVAS * 0.12 * (rand() - 0.5), CANVAS / 2 + CANVAS * 0.12 * (rand() - 0.5));
  ctx.rotate(((rand() - 0.5) * 20 * Math.PI) / 180);
  ctx.font = `${size.toFixed(1)}px ${family}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillStyle = `rgb(${ink},${ink},${ink})`;
  ctx.fillText(ch, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  const sigma = 25 * rand();
  const img = ctx.getImageData(0, 0, CANVAS, CANVAS);
  for (let i = 0; i < img.data.length; i += 4) {
    const g = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    const v = Math.max(0, Math.min(255, img.data[i]! + sigma * g));
    img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toBuffer('image/png');
}

/** `perClass` images of each character (faces in turn), in a seeded order, as 8×8 grey features. */
export async function renderedTable(perClass = 150, seed = 20261207): Promise<Table> {
  const families = registerFaces();
  const rand = seededRandom(seed);
  const features: Float64Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < perClass; i++)
    for (let c = 0; c < CHARACTERS.length; c++) {
      const png = renderOne(CHARACTERS[c]!, families[(i + c) % families.length]!, rand);
      features.push(Float64Array.from(await greyPixels(png, IMAGE_SIDE)));
      labels.push(c);
    }
  return {
    name: 'rendered-cjk',
    source: `rendered by bench/data/rendered.ts (seed ${seed}): ${CHARACTERS.length} characters × ${perClass}, 4 Noto CJK faces, ${IMAGE_SIDE}×${IMAGE_SIDE} grey via greyPixels`,
    features,
    labels,
    classes: CHARACTERS.length,
    classNames: CHARACTERS,
  };
}
