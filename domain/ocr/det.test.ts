import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { DEFAULT_DET_OPTIONS, dbPostprocess, detInputSize, detPreprocess } from './det.js';

describe('detInputSize', () => {
  it('keeps small images, rounding sides to multiples of 32', () => {
    assert.deepEqual(detInputSize(720, 240, 960), { width: 736, height: 256 });
    assert.deepEqual(detInputSize(100, 47, 960), { width: 96, height: 32 });
    assert.deepEqual(detInputSize(10, 10, 960), { width: 32, height: 32 });
  });
  it('scales the longer side down to the limit', () => {
    assert.deepEqual(detInputSize(1920, 1080, 960), { width: 960, height: 544 });
    assert.deepEqual(detInputSize(1240, 1754, 960), { width: 672, height: 960 });
    assert.deepEqual(detInputSize(4000, 40, 960), { width: 960, height: 32 });
  });
});

describe('detPreprocess', () => {
  it('normalises into BGR planes with the ImageNet mean/std', () => {
    const img = { width: 32, height: 32, data: new Uint8Array(32 * 32 * 3) };
    for (let i = 0; i < 32 * 32; i++) img.data.set([255, 0, 128], i * 3);
    const { tensor, width, height } = detPreprocess(img, 960);
    assert.deepEqual([width, height, tensor.length], [32, 32, 3 * 32 * 32]);
    const plane = 32 * 32;
    assert.ok(Math.abs(tensor[0]! - (128 / 255 - 0.485) / 0.229) < 1e-5); // blue
    assert.ok(Math.abs(tensor[plane]! - (0 - 0.456) / 0.224) < 1e-5); // green
    assert.ok(Math.abs(tensor[2 * plane]! - (1 - 0.406) / 0.225) < 1e-5); // red
  });
});

describe('dbPostprocess', () => {
  const W = 64;
  const H = 32;
  const withBlock = (x0: number, y0: number, x1: number, y1: number, p = 0.9): Float32Array => {
    const prob = new Float32Array(W * H);
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) prob[y * W + x] = p;
    return prob;
  };

  it('turns a kernel into an unclipped box scaled to the original image', () => {
    const boxes = dbPostprocess(withBlock(10, 10, 50, 15), W, H, 2 * W, 2 * H);
    assert.equal(boxes.length, 1);
    const { box, score } = boxes[0]!;
    assert.ok(Math.abs(score - 0.9) < 1e-6);
    // Kernel 40 x 5 (pixel centres); d = 40*5*1.5/90 = 3.33 → 46.7 x 11.7 around (30, 12.5), times 2.
    assert.deepEqual(box, [
      [13, 13],
      [107, 13],
      [107, 37],
      [13, 37],
    ]);
  });

  it('drops weak, tiny and below-threshold regions', () => {
    assert.deepEqual(dbPostprocess(withBlock(10, 10, 50, 15, 0.5), W, H, W, H), []); // mean 0.5 < box_thresh 0.6
    assert.deepEqual(dbPostprocess(withBlock(10, 10, 50, 15, 0.25), W, H, W, H), []); // below thresh 0.3
    assert.deepEqual(dbPostprocess(withBlock(10, 10, 11, 11), W, H, W, H), []); // shorter side < min_size
    assert.deepEqual(dbPostprocess(new Float32Array(W * H), W, H, W, H), []);
  });

  it('clamps boxes to the image', () => {
    const [only] = dbPostprocess(withBlock(0, 0, 40, 8), W, H, W, H, DEFAULT_DET_OPTIONS);
    assert.ok(only);
    for (const [x, y] of only.box) assert.ok(x >= 0 && x <= W && y >= 0 && y <= H);
  });
});
