// Export of the picture as SVG and PNG, drawn here from the laid-out positions (not a screenshot of the
// DOM): every node that passes the filter is in the file, also those off screen, which the canvas does
// not render. PNG is that SVG painted onto a canvas.
import type { PictureNode } from './api';
import { KIND_STYLE } from './kinds';
import { NODE_HEIGHT, NODE_WIDTH, type Positions } from './layout';
import type { DrawnEdge } from './model';

const MARGIN = 24;
const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export interface SvgImage {
  svg: string;
  width: number;
  height: number;
}

export function buildSvg(
  nodes: readonly PictureNode[],
  edges: readonly DrawnEdge[],
  positions: Positions,
  options: { title: string; kindName: (kind: PictureNode['kind']) => string; onPath?: ReadonlySet<string> | null },
): SvgImage {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    const p = positions[n.id];
    if (!p) continue;
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + NODE_WIDTH);
    maxY = Math.max(maxY, p.y + NODE_HEIGHT);
  }
  if (minX === Infinity) minX = minY = maxX = maxY = 0;
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  const width = Math.ceil(maxX - minX + 2 * MARGIN);
  const height = Math.ceil(maxY - minY + 2 * MARGIN);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>${esc(options.title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#868e96"/></marker></defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  for (const e of edges) {
    const s = positions[e.source];
    const t = positions[e.target];
    if (!s || !t) continue;
    const x1 = s.x + dx + NODE_WIDTH;
    const y1 = s.y + dy + NODE_HEIGHT / 2;
    const x2 = t.x + dx;
    const y2 = t.y + dy + NODE_HEIGHT / 2;
    const c = Math.max(40, Math.abs(x2 - x1) / 2);
    const onPath = options.onPath?.has(e.source) && options.onPath.has(e.target);
    out.push(
      `<path d="M${x1},${y1} C${x1 + c},${y1} ${x2 - c},${y2} ${x2},${y2}" fill="none" stroke="${onPath ? '#e8590c' : '#868e96'}" stroke-width="${onPath ? 3 : 1.2}" marker-end="url(#arrow)"><title>${esc(e.relationship)}</title></path>`,
    );
    if (e.label)
      out.push(
        `<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 4}" font-size="11" text-anchor="middle" fill="#212529">${esc(e.label)}</text>`,
      );
  }
  for (const n of nodes) {
    const p = positions[n.id];
    if (!p) continue;
    const x = p.x + dx;
    const y = p.y + dy;
    const style = KIND_STYLE[n.kind];
    const onPath = options.onPath?.has(n.id);
    out.push(
      `<g><rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="6" fill="${onPath ? '#fff4e6' : '#ffffff'}" stroke="${onPath ? '#e8590c' : '#868e96'}" stroke-width="${onPath ? 3 : 1}"/>`,
      `<circle cx="${x + 22}" cy="${y + NODE_HEIGHT / 2}" r="14" fill="${style.color}"/>`,
      `<text x="${x + 22}" y="${y + NODE_HEIGHT / 2 + 4}" font-size="11" font-weight="700" fill="#ffffff" text-anchor="middle">${style.mark}</text>`,
      `<text x="${x + 44}" y="${y + 22}" font-size="12" font-weight="600" fill="#212529">${esc(clip(n.name, 26))}<title>${esc(n.name)}</title></text>`,
      `<text x="${x + 44}" y="${y + 38}" font-size="11" fill="#495057">${esc(options.kindName(n.kind))}</text></g>`,
    );
  }
  out.push('</svg>');
  return { svg: out.join('\n'), width, height };
}

export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Browsers refuse canvases past about 16k pixels a side or ~268M pixels: a big picture is scaled down to fit. */
const MAX_SIDE = 16_000;
const MAX_PIXELS = 100_000_000;

export async function svgToPng(image: SvgImage): Promise<Blob> {
  const scale = Math.min(
    2,
    MAX_SIDE / image.width,
    MAX_SIDE / image.height,
    Math.sqrt(MAX_PIXELS / (image.width * image.height)),
  );
  const url = URL.createObjectURL(new Blob([image.svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(image.width * scale));
    canvas.height = Math.max(1, Math.floor(image.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2D canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
