import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import {
  DEGREE_HINT,
  SPACE_HINT,
  ctcGreedyDecode,
  parseDictionary,
  recBatchWidth,
  resizeNormPad,
  scaledWidth,
} from './rec.js';

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

describe('ctcGreedyDecode: symbols the model saw but left to the blank', () => {
  // blank, letters, digits, the degree sign, ℃, and the space class last (use_space_char).
  const charset = ['', 'a', 'b', '8', '5', 'C', '°', '℃', ' '];
  const K = charset.length;
  /** One step per entry: the argmax class and its probability, plus the probability of one other class. */
  const seq = (steps: [string, number, string?, number?][]): Float32Array => {
    const out = new Float32Array(steps.length * K);
    steps.forEach(([ch, p, other, q = 0], t) => {
      out[t * K + charset.indexOf(ch)] = p;
      if (other) out[t * K + charset.indexOf(other)] = q;
    });
    return out;
  };
  const decode = (steps: [string, number, string?, number?][]) => ctcGreedyDecode(seq(steps), steps.length, K, charset);

  it('a word space where a blank step between two words carries p(space) ≥ SPACE_HINT, not below', () => {
    const words = (q: number) =>
      decode([
        ['a', 0.9],
        ['', 0.9],
        ['', 0.6, ' ', q],
        ['b', 0.9],
      ]);
    assert.equal(words(0.4).text, 'a b');
    assert.equal(words(SPACE_HINT * 1.01).text, 'a b'); // float32 steps: just above the threshold
    assert.equal(words(0.005).text, 'ab');
    // An emitted space is not doubled, and the hinted one does not count in the score.
    assert.equal(
      decode([
        ['a', 0.9],
        ['', 0.5, ' ', 0.4],
        [' ', 0.8],
        ['b', 0.9],
      ]).text,
      'a b',
    );
    assert.ok(Math.abs(words(0.4).score - 0.9) < 1e-6);
  });

  it('a degree sign before the C of a temperature where p(°) ≥ DEGREE_HINT; ℃ after ° is its C', () => {
    const temp = (q: number) =>
      decode([
        ['8', 0.9],
        ['5', 0.9],
        ['', 0.6, '°', q],
        ['C', 0.9],
      ]);
    assert.equal(temp(0.37).text, '85°C');
    assert.equal(temp(DEGREE_HINT * 1.01).text, '85°C');
    assert.equal(temp(0.02).text, '85C');
    // Not before a C that does not follow a number.
    assert.equal(
      decode([
        ['a', 0.9],
        ['', 0.6, '°', 0.4],
        ['C', 0.9],
      ]).text,
      'aC',
    );
    assert.equal(
      decode([
        ['8', 0.9],
        ['°', 0.7],
        ['℃', 0.8],
      ]).text,
      '8°C',
    );
    assert.equal(
      decode([
        ['8', 0.9],
        ['°', 0.7],
        ['℃', 0.8],
        ['', 0.9],
        ['C', 0.8],
      ]).text,
      '8°C',
    );
    assert.equal(
      decode([
        ['8', 0.9],
        ['℃', 0.8],
      ]).text,
      '8℃',
    );
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
