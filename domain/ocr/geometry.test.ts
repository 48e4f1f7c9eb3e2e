import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  type Point,
  type Quad,
  connectedComponents,
  convexHull,
  cropQuad,
  homography,
  meanInPolygon,
  minAreaRect,
  orderQuad,
  rectCorners,
  sortReadingOrder,
  unclipRect,
} from './geometry.js';

function maskFrom(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const width = rows[0]!.length;
  const mask = new Uint8Array(width * rows.length);
  rows.forEach((r, y) => [...r].forEach((ch, x) => (mask[y * width + x] = ch === '#' ? 1 : 0)));
  return { mask, width, height: rows.length };
}

describe('connectedComponents', () => {
  it('finds 8-connected blobs with their areas and bounds, in raster order', () => {
    const { mask, width, height } = maskFrom(['##.....#', '.#.....#', '..#.....', '........', '...###..', '...#.#..']);
    const comps = connectedComponents(mask, width, height);
    assert.equal(comps.length, 3);
    // The diagonal touch at (1,1)-(2,2) joins: 8-connectivity.
    assert.deepEqual(
      comps.map((c) => [c.area, c.minX, c.minY, c.maxX, c.maxY]),
      [
        [4, 0, 0, 2, 2],
        [2, 7, 0, 7, 1],
        [5, 3, 4, 5, 5],
      ],
    );
    assert.deepEqual(comps[2]!.extremes, [
      [3, 4],
      [5, 4],
      [3, 5],
      [5, 5],
    ]);
  });

  it('handles empty and full masks and the candidate cap', () => {
    assert.deepEqual(connectedComponents(new Uint8Array(12), 4, 3), []);
    const full = connectedComponents(new Uint8Array(12).fill(1), 4, 3);
    assert.equal(full.length, 1);
    assert.equal(full[0]!.area, 12);
    const dots = maskFrom(['#.#.#', '.....', '#.#.#']);
    assert.equal(connectedComponents(dots.mask, dots.width, dots.height).length, 6);
    assert.equal(connectedComponents(dots.mask, dots.width, dots.height, 2).length, 2);
    assert.throws(() => connectedComponents(new Uint8Array(5), 2, 2), RangeError);
  });
});

describe('convexHull / minAreaRect', () => {
  it('drops interior and collinear points', () => {
    const pts: Point[] = [
      [0, 0],
      [2, 0],
      [4, 0],
      [4, 3],
      [0, 3],
      [2, 1],
      [1, 2],
    ];
    assert.deepEqual(
      convexHull(pts).sort(),
      [
        [0, 0],
        [0, 3],
        [4, 0],
        [4, 3],
      ].sort(),
    );
  });

  it('fits an axis-aligned rectangle', () => {
    const r = minAreaRect([
      [10, 5],
      [30, 5],
      [30, 15],
      [10, 15],
      [20, 10],
    ]);
    assert.ok(Math.abs(r.w * r.h - 200) < 1e-9);
    assert.ok(Math.abs(r.cx - 20) < 1e-9 && Math.abs(r.cy - 10) < 1e-9);
    assert.deepEqual(
      rectCorners(r).map((p) => p.map((v) => Math.round(v))),
      [
        [10, 5],
        [30, 5],
        [30, 15],
        [10, 15],
      ],
    );
  });

  it('fits a rotated rectangle', () => {
    const a = Math.PI / 6;
    const [c, s] = [Math.cos(a), Math.sin(a)];
    const pts: Point[] = [];
    for (let u = 0; u <= 40; u += 2)
      for (let v = 0; v <= 10; v += 2) pts.push([100 + u * c - v * s, 50 + u * s + v * c]);
    const r = minAreaRect(pts);
    const [w, h] = [Math.max(r.w, r.h), Math.min(r.w, r.h)];
    assert.ok(Math.abs(w - 40) < 1e-6 && Math.abs(h - 10) < 1e-6, `${w}x${h}`);
  });

  it('degenerates gracefully', () => {
    assert.deepEqual(minAreaRect([[3, 4]]), { cx: 3, cy: 4, w: 0, h: 0, ux: 1, uy: 0 });
    const line = minAreaRect([
      [0, 0],
      [10, 0],
    ]);
    assert.equal(Math.max(line.w, line.h), 10);
    assert.equal(Math.min(line.w, line.h), 0);
  });
});

describe('orderQuad / unclipRect / meanInPolygon', () => {
  it('orders corners tl, tr, br, bl', () => {
    assert.deepEqual(
      orderQuad([
        [9, 9],
        [0, 0],
        [0, 9],
        [9, 0],
      ]),
      [
        [0, 0],
        [9, 0],
        [9, 9],
        [0, 9],
      ],
    );
  });

  it('grows each side by 2 * area * ratio / perimeter', () => {
    const r = unclipRect({ cx: 0, cy: 0, w: 100, h: 10, ux: 1, uy: 0 }, 1.5);
    const d = (100 * 10 * 1.5) / 220;
    assert.ok(Math.abs(r.w - (100 + 2 * d)) < 1e-9 && Math.abs(r.h - (10 + 2 * d)) < 1e-9);
  });

  it('averages the map inside a polygon', () => {
    const w = 10;
    const map = new Float32Array(w * w);
    for (let y = 2; y <= 4; y++) for (let x = 2; x <= 6; x++) map[y * w + x] = 1;
    assert.equal(
      meanInPolygon(map, w, w, [
        [2, 2],
        [6, 2],
        [6, 4],
        [2, 4],
      ]),
      1,
    );
    assert.equal(
      meanInPolygon(map, w, w, [
        [0, 0],
        [9, 0],
        [9, 9],
        [0, 9],
      ]),
      15 / 100,
    );
  });
});

describe('sortReadingOrder', () => {
  const q = (x: number, y: number): { box: Quad; id: string } => ({
    id: `${x},${y}`,
    box: [
      [x, y],
      [x + 50, y],
      [x + 50, y + 20],
      [x, y + 20],
    ],
  });
  it('goes top to bottom, and left to right within a line despite small y jitter', () => {
    const items = [q(300, 104), q(10, 200), q(10, 100), q(150, 97), q(200, 203)];
    assert.deepEqual(
      sortReadingOrder(items).map((i) => i.id),
      ['10,100', '150,97', '300,104', '10,200', '200,203'],
    );
  });
  it('separates lines further apart than the tolerance', () => {
    assert.deepEqual(
      sortReadingOrder([q(100, 0), q(0, 30)]).map((i) => i.id),
      ['100,0', '0,30'],
    );
    assert.deepEqual(
      sortReadingOrder([q(100, 0), q(0, 30)], 40).map((i) => i.id),
      ['0,30', '100,0'],
    );
  });
});

describe('homography / cropQuad', () => {
  it('maps the four source corners exactly', () => {
    const from: Point[] = [
      [0, 0],
      [10, 0],
      [10, 5],
      [0, 5],
    ];
    const to: Point[] = [
      [3, 2],
      [20, 4],
      [19, 12],
      [2, 9],
    ];
    const m = homography(from, to);
    from.forEach(([x, y], i) => {
      const den = m[6]! * x + m[7]! * y + m[8]!;
      assert.ok(Math.abs((m[0]! * x + m[1]! * y + m[2]!) / den - to[i]![0]) < 1e-9);
      assert.ok(Math.abs((m[3]! * x + m[4]! * y + m[5]!) / den - to[i]![1]) < 1e-9);
    });
  });

  it('crops an axis-aligned box pixel for pixel, and turns tall crops', () => {
    const width = 8;
    const height = 6;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) data.fill(i, i * 3, i * 3 + 3);
    const img = { width, height, data };
    const crop = cropQuad(img, [
      [2, 1],
      [6, 1],
      [6, 3],
      [2, 3],
    ]);
    assert.equal(crop.width, 4);
    assert.equal(crop.height, 2);
    assert.deepEqual(
      [...crop.data].filter((_, i) => i % 3 === 0),
      [10, 11, 12, 13, 18, 19, 20, 21],
    );
    const tall = cropQuad(img, [
      [1, 0],
      [2, 0],
      [2, 4],
      [1, 4],
    ]);
    assert.deepEqual([tall.width, tall.height], [4, 1]);
  });
});
