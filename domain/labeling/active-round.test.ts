import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seededRandom } from '../random.js';
import { activeLearningRound, type RoundInput } from './active-round.js';

// 200 points in two Gaussian blobs: class = which blob.
function blobs(n: number): { X: number[][]; y: number[] } {
  const rand = seededRandom(7);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    X.push([gauss() + (c ? 1.5 : -1.5), gauss()]);
    y.push(c);
  }
  return { X, y };
}

const { X, y } = blobs(200);
const base = (over: Partial<RoundInput>): RoundInput => ({
  X,
  labels: X.map(() => null),
  classes: 2,
  evaluation: [],
  active: [],
  baseline: [],
  candidates: X.map((_, i) => i),
  round: 1,
  seed: 3,
  evalSize: 40,
  batchSize: 10,
  budget: 50,
  strategy: 'MARGIN',
  diversity: false,
  ...over,
});

test('the seed round draws an evaluation set and one seed batch shared by both learners, the same per seed', () => {
  const first = activeLearningRound(base({}));
  assert.equal(first.evaluationBatch.length, 40);
  assert.equal(first.activeBatch.length, 10);
  assert.deepEqual(first.baselineBatch, first.activeBatch);
  assert.equal(first.accuracy, null);
  assert.ok(first.activeBatch.every((i) => !first.evaluationBatch.includes(i)));
  assert.deepEqual(activeLearningRound(base({})), first);
  assert.notDeepEqual(activeLearningRound(base({ seed: 4 })).evaluationBatch, first.evaluationBatch);
});

test('a later round measures both learners on the evaluation set and picks disjoint new batches of equal size', () => {
  const seedRound = activeLearningRound(base({}));
  const chosen = [...seedRound.evaluationBatch, ...seedRound.activeBatch];
  const labels = X.map((_, i) => (chosen.includes(i) ? y[i]! : null));
  const next = activeLearningRound(
    base({
      labels,
      round: 2,
      evaluation: seedRound.evaluationBatch,
      active: seedRound.activeBatch,
      baseline: seedRound.baselineBatch,
    }),
  );
  assert.equal(next.activeLabels, 10);
  assert.equal(next.evaluated, 40);
  assert.ok(next.accuracy! >= 0.8, `accuracy ${next.accuracy}`);
  assert.equal(typeof next.baselineAccuracy, 'number');
  assert.equal(next.activeBatch.length, 10);
  assert.equal(next.baselineBatch.length, 10);
  for (const i of next.activeBatch) assert.ok(!chosen.includes(i), `item ${i} chosen again`);
  assert.equal(next.pool, 200 - 40 - 10);
  // Margin picks items near the boundary (x ≈ 0), random ones are spread out.
  const meanAbs = (idx: number[]) => idx.reduce((s, i) => s + Math.abs(X[i]![0]!), 0) / idx.length;
  assert.ok(meanAbs(next.activeBatch) < meanAbs(next.baselineBatch), 'uncertain picks lie nearer the boundary');
  // The last batch is clipped to the budget.
  const clipped = activeLearningRound(
    base({
      labels,
      round: 2,
      budget: 14,
      evaluation: seedRound.evaluationBatch,
      active: seedRound.activeBatch,
      baseline: seedRound.baselineBatch,
    }),
  );
  assert.equal(clipped.activeBatch.length, 4);
  assert.equal(clipped.baselineBatch.length, 4);
});
