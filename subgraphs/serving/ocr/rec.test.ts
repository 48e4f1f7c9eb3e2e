import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ctcGreedyDecode, parseDictionary, recBatchWidth, resizeNormPad, scaledWidth } from './rec.js';

describe('parseDictionary', () => {
  it('puts the blank first and the space last', () => {
    assert.deepEqual(parseDictionary('a\nb\r\n中\n'), ['', 'a', 'b', '中', ' ']);
    assert.deepEqual(parseDictionary('a\nb'), ['', 'a', 'b', ' ']);
  });
});

describe('ctcGreedyDecode', () => {
  const charset = ['', 'a', 'b', ' '];
  const seq = (steps: [number, number][]): Float32Array => {
    const out = new Float32Array(steps.length * charset.length);
    steps.forEach(([cls, p], t) => {
      out.fill((1 - p) / (charset.length - 1), t * 4, t * 4 + 4);
      out[t * 4 + cls] = p;
    });
    return out;
  };

  it('merges repeats, drops blanks and keeps repeats split by a blank', () => {
    const probs = seq([
      [1, 0.9],
      [1, 0.8],
      [0, 0.99],
      [1, 0.7],
      [2, 0.6],
      [3, 0.5],
      [2, 1],
      [0, 0.9],
    ]);
    const { text, score } = ctcGreedyDecode(probs, 8, 4, charset);
    assert.equal(text, 'aab b');
    assert.ok(Math.abs(score - (0.9 + 0.7 + 0.6 + 0.5 + 1) / 5) < 1e-6);
  });

  it('returns empty text with score 0 for all blanks, and honours the batch offset', () => {
    assert.deepEqual(
      ctcGreedyDecode(
        seq([
          [0, 0.9],
          [0, 0.9],
        ]),
        2,
        4,
        charset,
      ),
      { text: '', score: 0 },
    );
    const two = new Float32Array([...seq([[1, 0.9]]), ...seq([[2, 0.8]])]);
    assert.equal(ctcGreedyDecode(two, 1, 4, charset, 4).text, 'b');
  });
});

describe('recognition sizing', () => {
  it('scales width by aspect ratio with a cap', () => {
    assert.equal(scaledWidth(100, 24, 48, 320), 200);
    assert.equal(scaledWidth(1000, 24, 48, 320), 320);
    assert.equal(scaledWidth(1, 100, 48, 320), 1);
  });
  it('widens a batch to its widest crop', () => {
    assert.equal(recBatchWidth([{ width: 100, height: 48 }]), 320);
    assert.equal(
      recBatchWidth([
        { width: 100, height: 48 },
        { width: 480, height: 24 },
      ]),
      960,
    );
  });
  it('normalises to [-1, 1] and pads with zeros', () => {
    const crop = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 0, 0, 255]) };
    const t = resizeNormPad([crop], 2, 8);
    const plane = 16;
    assert.equal(t.length, 3 * plane);
    // Resized to 4 x 2; blue plane of the first pixel is 0 → -1, red is 255 → 1; padding stays 0.
    assert.equal(t[0], -1);
    assert.equal(t[2 * plane], 1);
    assert.equal(t[7], 0);
    assert.equal(t[2 * plane + 7], 0);
  });
});
