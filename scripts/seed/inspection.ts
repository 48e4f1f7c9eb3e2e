// Synthetic inspection photos for the demo seed: small drawn scenes of a transmission tower, its
// conductors and insulator strings, each with at most one defect drawn where a UAV would see it, the
// defect class as the label (labels.csv). Visible-light scenes for line inspection; false-colour
// infrared close-ups of insulators (hot spots) for the Suzhou set. Deterministic by seed.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { seededRandom } from '../../domain/random.js';
import { zipStored } from './zip.js';

export const LINE_DEFECTS = [
  'normal',
  'broken_strand',
  'insulator_flashover',
  'bird_nest',
  'foreign_object',
  'damper_slip',
];
export const INSULATOR_CLASSES = ['normal', 'hot_spot', 'zero_value', 'contamination'];

const W = 160;
const H = 120;

function sky(ctx: SKRSContext2D, rand: () => number): void {
  const gradient = ctx.createLinearGradient(0, 0, 0, H);
  const light = 170 + Math.floor(rand() * 60);
  gradient.addColorStop(0, `rgb(${light - 60}, ${light - 20}, ${light + 20 > 255 ? 255 : light + 20})`);
  gradient.addColorStop(1, `rgb(${light}, ${light}, ${light - 10})`);
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, W, H);
}

/** Draws a tower and three conductors; returns the crossarm height and a point on the middle conductor. */
function tower(ctx: SKRSContext2D, rand: () => number): { arm: number; wire: [number, number] } {
  const x = 20 + rand() * 30;
  const arm = 25 + rand() * 15;
  ctx.strokeStyle = '#3a3a3a';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x - 10, H);
  ctx.lineTo(x - 3, arm);
  ctx.moveTo(x + 10, H);
  ctx.lineTo(x + 3, arm);
  ctx.moveTo(x - 18, arm);
  ctx.lineTo(x + 18, arm);
  ctx.stroke();
  ctx.lineWidth = 1;
  for (const dx of [-15, 0, 15]) {
    // Insulator string under the crossarm, then the conductor's sag to the right.
    ctx.strokeStyle = '#5b6f80';
    ctx.beginPath();
    ctx.moveTo(x + dx, arm);
    ctx.lineTo(x + dx, arm + 10);
    ctx.stroke();
    ctx.strokeStyle = '#222222';
    ctx.beginPath();
    ctx.moveTo(x + dx, arm + 10);
    ctx.quadraticCurveTo(W * 0.65, arm + 40 + dx, W, arm + 18 + dx);
    ctx.stroke();
  }
  return { arm, wire: [x + 60, arm + 32] };
}

function lineScene(defect: string, rand: () => number): Buffer {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  sky(ctx, rand);
  const { arm, wire } = tower(ctx, rand);
  const [wx, wy] = wire;
  switch (defect) {
    case 'broken_strand':
      ctx.strokeStyle = '#777777';
      for (let i = 0; i < 5; i++) {
        ctx.beginPath();
        ctx.moveTo(wx, wy);
        ctx.lineTo(wx + 4 + rand() * 6, wy + 3 + rand() * 7);
        ctx.stroke();
      }
      break;
    case 'insulator_flashover':
      ctx.fillStyle = '#2a1a10';
      ctx.fillRect(wx - 62, arm + 2, 4, 7);
      break;
    case 'bird_nest':
      ctx.fillStyle = '#6b4a2b';
      ctx.beginPath();
      ctx.ellipse(wx - 58, arm - 3, 7, 4, 0, 0, 2 * Math.PI);
      ctx.fill();
      break;
    case 'foreign_object':
      ctx.fillStyle = ['#d62828', '#f77f00', '#3a86ff'][Math.floor(rand() * 3)]!;
      ctx.beginPath();
      ctx.moveTo(wx, wy);
      ctx.lineTo(wx + 8, wy + 12);
      ctx.lineTo(wx - 5, wy + 10);
      ctx.fill();
      break;
    case 'damper_slip':
      ctx.fillStyle = '#444444';
      ctx.fillRect(wx + 15 + rand() * 20, wy + 6, 8, 3);
      break;
  }
  return canvas.toBuffer('image/png');
}

function infraredInsulator(kind: string, rand: () => number): Buffer {
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#14063a';
  ctx.fillRect(0, 0, W, H);
  const discs = 8 + Math.floor(rand() * 5);
  const hot = Math.floor(rand() * discs);
  for (let i = 0; i < discs; i++) {
    // Temperature as colour: purple cool, yellow-white hot.
    let heat = 0.35 + 0.1 * rand();
    if (kind === 'hot_spot' && i === hot) heat = 0.95;
    if (kind === 'zero_value' && i === hot) heat = 0.1;
    if (kind === 'contamination') heat += 0.25 * Math.sin((i / discs) * Math.PI);
    const r = Math.floor(80 + 175 * heat);
    const g = Math.floor(255 * Math.max(0, heat - 0.4) * 1.6);
    const b = Math.floor(120 * (1 - heat));
    ctx.fillStyle = `rgb(${Math.min(255, r)}, ${Math.min(255, g)}, ${b})`;
    ctx.beginPath();
    ctx.ellipse(W / 2, 12 + i * (96 / discs), 26, 5, 0, 0, 2 * Math.PI);
    ctx.fill();
  }
  return canvas.toBuffer('image/png');
}

/** `count` images, classes drawn with `weights`, as a ZIP with labels.csv. */
function archive(
  count: number,
  seed: number,
  classes: string[],
  weights: number[],
  draw: typeof lineScene,
  prefix: string,
): Buffer {
  const rand = seededRandom(seed);
  const total = weights.reduce((a, b) => a + b, 0);
  const entries: { name: string; bytes: Buffer }[] = [];
  const labels = ['file,label'];
  for (let i = 0; i < count; i++) {
    let pick = rand() * total;
    const label = classes.find((_, k) => (pick -= weights[k]!) < 0) ?? classes[0]!;
    const name = `images/${prefix}-${String(i + 1).padStart(4, '0')}.png`;
    entries.push({ name, bytes: draw(label, rand) });
    labels.push(`${name},${label}`);
  }
  entries.push({ name: 'labels.csv', bytes: Buffer.from(`${labels.join('\n')}\n`) });
  return zipStored(entries);
}

/** UAV line-inspection scenes; `count` grows from v1 to v2 (the later flights add images). */
export const lineInspectionArchive = (count: number, seed: number): Buffer =>
  archive(count, seed, LINE_DEFECTS, [5, 1, 1, 1.2, 0.8, 0.6], lineScene, 'uav');

export const insulatorArchive = (count: number, seed: number): Buffer =>
  archive(count, seed, INSULATOR_CLASSES, [4, 1.2, 0.8, 1], infraredInsulator, 'ir');
