// What a detection becomes as a suggestion: axis-aligned boxes relative to the image, clamped, in reading
// order, with the text class; the confidence is the boxes' mean score; one-to-one matching by IoU.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Quad } from '../ocr/geometry.js';
import { boxIou, boxSuggestion, matchBoxes, textLabel } from './pre-annotate.js';

test('textLabel: the class that says text, else the first', () => {
  assert.equal(
    textLabel([
      { value: 'stamp', name: '印章' },
      { value: 'txt', name: '文字' },
    ]),
    'txt',
  );
  assert.equal(
    textLabel([
      { value: 'a', name: 'Seal' },
      { value: 'b', name: 'B', nameEn: 'Text line' },
    ]),
    'b',
  );
  assert.equal(
    textLabel([
      { value: 'a', name: 'Seal' },
      { value: 'b', name: 'Logo' },
    ]),
    'a',
  );
  assert.throws(() => textLabel([]), /no label classes/);
});

test('boxSuggestion: relative axis-aligned boxes in reading order, clamped; confidence = mean score', () => {
  const quad = (x0: number, y0: number, x1: number, y1: number): Quad => [
    [x0, y0],
    [x1, y0 + 2],
    [x1, y1],
    [x0, y1 - 2],
  ];
  const s = boxSuggestion(
    {
      width: 200,
      height: 100,
      boxes: [
        { box: quad(20, 60, 120, 80), score: 0.8 },
        { box: quad(-5, 10, 210, 30), score: 0.6 },
      ],
    },
    'text',
  );
  assert.deepEqual(JSON.parse(s.value), {
    boxes: [
      { label: 'text', x: 0, y: 0.1, w: 1, h: 0.2 },
      { label: 'text', x: 0.1, y: 0.6, w: 0.5, h: 0.2 },
    ],
  });
  assert.equal(s.confidence, 0.7);
  assert.deepEqual(boxSuggestion({ width: 10, height: 10, boxes: [] }, 'text'), {
    value: '{"boxes":[]}',
    confidence: 0,
    boxes: [],
  });
});

test('matchBoxes: one detection matches one truth, best IoU first', () => {
  const truth = [
    { x: 0, y: 0, w: 10, h: 2 },
    { x: 0, y: 5, w: 10, h: 2 },
  ];
  assert.equal(boxIou(truth[0]!, { x: 0, y: 0, w: 10, h: 2 }), 1);
  // One detection covering both lines matches neither well; two good ones match both.
  assert.equal(matchBoxes(truth, [{ x: 0, y: 0, w: 10, h: 7 }]).matched, 0);
  const two = matchBoxes(truth, [
    { x: 0, y: 0.2, w: 10, h: 2 },
    { x: 0.5, y: 5, w: 10, h: 2 },
  ]);
  assert.equal(two.matched, 2);
  assert.ok(two.bestIous.every((v) => v > 0.8));
  // The same detection cannot count for two truths.
  assert.equal(matchBoxes([truth[0]!, truth[0]!], [truth[0]!]).matched, 1);
});
