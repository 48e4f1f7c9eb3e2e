// Agreement figures checked against published worked examples (sources named per test) and by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  boxIoU,
  boxSetAgreement,
  cohenKappa,
  fleissKappa,
  projectAgreement,
  spanF1,
  taskAgreement,
} from './agreement.js';

const close = (actual: number | null, expected: number, digits = 3) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 0.5 * 10 ** -digits, `${actual} ≠ ${expected}`);

/** A 2x2 table (yes/yes, yes/no, no/yes, no/no) as rating pairs. */
function table(yy: number, yn: number, ny: number, nn: number): Array<[string, string]> {
  return [
    ...Array.from({ length: yy }, () => ['yes', 'yes'] as [string, string]),
    ...Array.from({ length: yn }, () => ['yes', 'no'] as [string, string]),
    ...Array.from({ length: ny }, () => ['no', 'yes'] as [string, string]),
    ...Array.from({ length: nn }, () => ['no', 'no'] as [string, string]),
  ];
}

test("Cohen's kappa: Wikipedia's worked examples (en.wikipedia.org/wiki/Cohen's_kappa)", () => {
  // "Simple example": 50 grant proposals, yes/yes 20, yes/no 5, no/yes 10, no/no 15: p_o 0.7, p_e 0.5, κ 0.4.
  close(cohenKappa(table(20, 5, 10, 15)), 0.4, 6);
  // "Same percentages but different numbers": both p_o 0.60; κ 0.1304 and 0.2593.
  close(cohenKappa(table(45, 15, 25, 15)), 0.1304, 4);
  close(cohenKappa(table(25, 35, 5, 35)), 0.2593, 4);
  assert.equal(cohenKappa([]), null);
  // One category only: chance agreement is 1, kappa is undefined.
  assert.equal(cohenKappa(table(5, 0, 0, 0)), null);
  close(cohenKappa(table(5, 0, 0, 5)), 1, 9);
});

// Wikipedia's worked Fleiss example (en.wikipedia.org/wiki/Fleiss'_kappa, "Worked example"): 10 subjects,
// 14 raters each, 5 categories; P̄ = 0.378, P̄e = 0.213, κ = 0.210.
const WIKI_FLEISS = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];
const expand = (counts: number[]) => counts.flatMap((n, j) => Array.from({ length: n }, () => `c${j + 1}`));

test("Fleiss' kappa: Wikipedia's worked example gives 0.210", () => {
  close(fleissKappa(WIKI_FLEISS.map(expand)), 0.21, 3);
  // The order of the ratings within an item does not matter.
  close(fleissKappa(WIKI_FLEISS.map((c) => expand(c).reverse())), 0.21, 3);
});

test("Fleiss' kappa with a varying number of raters: items with one rating are left out, figures by hand", () => {
  // Items: [a,a] P=1; [a,b,b] P=(0+2)/6=1/3; [b] dropped. P̄ = 2/3. Totals a:3 b:2 of 5: Pe = 0.36+0.16 = 0.52.
  close(fleissKappa([['a', 'a'], ['a', 'b', 'b'], ['b']]), (2 / 3 - 0.52) / 0.48, 9);
  // With two raters per item it is the Fleiss (not Cohen) chance term: pooled shares.
  close(fleissKappa(table(20, 5, 10, 15)), (0.7 - (0.45 ** 2 + 0.55 ** 2)) / (1 - (0.45 ** 2 + 0.55 ** 2)), 9);
  assert.equal(fleissKappa([['a']]), null);
  assert.equal(
    fleissKappa([
      ['a', 'a'],
      ['a', 'a'],
    ]),
    null,
  );
});

test('box IoU: identical 1, disjoint 0, half-overlapping 1/3, contained = area ratio', () => {
  const b = { x: 0.1, y: 0.1, w: 0.2, h: 0.2 };
  close(boxIoU(b, b), 1, 9);
  assert.equal(boxIoU(b, { x: 0.5, y: 0.5, w: 0.1, h: 0.1 }), 0);
  close(boxIoU(b, { x: 0.2, y: 0.1, w: 0.2, h: 0.2 }), 1 / 3, 9);
  close(boxIoU(b, { x: 0.1, y: 0.1, w: 0.1, h: 0.1 }), 0.25, 9);
});

test('box sets: matched by label and highest IoU, a missed box counts 0, both empty agree', () => {
  const t = (label: string, x: number) => ({ label, x, y: 0.1, w: 0.2, h: 0.2 });
  assert.equal(boxSetAgreement([], []), 1);
  close(boxSetAgreement([t('a', 0.1), t('a', 0.5)], [t('a', 0.5), t('a', 0.1)]), 1, 9);
  // Same place, other label: no match.
  assert.equal(boxSetAgreement([t('a', 0.1)], [t('b', 0.1)]), 0);
  // One of two boxes missed: (1 + 0) / 2.
  close(boxSetAgreement([t('a', 0.1), t('a', 0.5)], [t('a', 0.1)]), 0.5, 9);
  // Greedy takes the best pair first: a1 overlaps b1 fully, a1 also overlaps b2 a little.
  close(boxSetAgreement([t('a', 0.1), t('a', 0.2)], [t('a', 0.1), t('a', 0.2)]), 1, 9);
});

test('span F1: exact matches only, duplicates counted once each', () => {
  const s = (label: string, start: number, end: number) => ({ label, start, end });
  assert.equal(spanF1([], []), 1);
  assert.equal(spanF1([s('PER', 0, 3)], [s('PER', 0, 3)]), 1);
  assert.equal(spanF1([s('PER', 0, 3)], [s('PER', 0, 4)]), 0);
  close(spanF1([s('PER', 0, 3), s('LOC', 5, 9)], [s('PER', 0, 3)]), 2 / 3, 9);
  close(spanF1([s('PER', 0, 3), s('PER', 0, 3)], [s('PER', 0, 3)]), 2 / 3, 9);
});

test('per task: share of agreeing pairs for classes, null with one annotation', () => {
  assert.equal(taskAgreement('IMAGE_CLASSIFICATION', [{ label: 'a' }]), null);
  assert.equal(taskAgreement('IMAGE_CLASSIFICATION', [{ label: 'a' }, { label: 'a' }]), 1);
  assert.equal(taskAgreement('TEXT_CLASSIFICATION', [{ label: 'a' }, { label: 'b' }]), 0);
  close(taskAgreement('TEXT_CLASSIFICATION', [{ label: 'a' }, { label: 'a' }, { label: 'b' }]), 1 / 3, 9);
  close(
    taskAgreement('ENTITY_SPAN', [
      { spans: [{ label: 'X', start: 0, end: 2 }] },
      { spans: [{ label: 'X', start: 0, end: 2 }] },
      { spans: [] },
    ]),
    1 / 3,
    9,
  );
});

test('per project: Cohen for exactly two annotators, Fleiss for more, mean IoU and span F1 otherwise', () => {
  const cls = (taskId: string, ...labels: Array<[string, string]>) => ({
    taskId,
    annotations: labels.map(([annotator, label]) => ({ annotator, value: { label } })),
  });
  const two = [
    cls('t1', ['ann', 'cat'], ['ann2', 'cat']),
    cls('t2', ['ann', 'dog'], ['ann2', 'cat']),
    cls('t3', ['ann', 'dog'], ['ann2', 'dog']),
    cls('t4', ['ann', 'dog']),
  ];
  const cohen = projectAgreement('IMAGE_CLASSIFICATION', two);
  assert.equal(cohen.measure, 'COHEN_KAPPA');
  assert.equal(cohen.tasksCompared, 3);
  assert.equal(cohen.pairs, 3);
  // p_o 2/3; ann: cat 1/3 dog 2/3; ann2: cat 2/3 dog 1/3; p_e 4/9; κ = (2/3-4/9)/(5/9) = 0.4.
  close(cohen.value, 0.4, 9);
  const three = projectAgreement('IMAGE_CLASSIFICATION', [...two, cls('t5', ['x', 'cat'], ['ann', 'cat'])]);
  assert.equal(three.measure, 'FLEISS_KAPPA');
  assert.equal(three.tasksCompared, 4);
  const none = projectAgreement('BOUNDING_BOX', [{ taskId: 't', annotations: [] }]);
  assert.deepEqual(none, { measure: 'MEAN_IOU', value: null, tasksCompared: 0, pairs: 0 });
  const box = { label: 'text', x: 0.1, y: 0.1, w: 0.2, h: 0.2 };
  const boxes = projectAgreement('BOUNDING_BOX', [
    {
      taskId: 'a',
      annotations: [
        { annotator: 'p', value: { boxes: [box] } },
        { annotator: 'q', value: { boxes: [box] } },
      ],
    },
    {
      taskId: 'b',
      annotations: [
        { annotator: 'p', value: { boxes: [box] } },
        { annotator: 'q', value: { boxes: [] } },
      ],
    },
  ]);
  assert.equal(boxes.measure, 'MEAN_IOU');
  close(boxes.value, 0.5, 9);
  assert.equal(projectAgreement('ENTITY_SPAN', []).measure, 'SPAN_F1');
});
