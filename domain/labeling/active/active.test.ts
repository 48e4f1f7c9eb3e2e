import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../random.js';
import {
  accuracy,
  entropy,
  fitSoftmax,
  kCenterGreedy,
  leastConfidence,
  margin,
  parseStrategyName,
  predictProba,
  selectBatch,
  shouldStop,
  strategyName,
} from './index.js';

const close = (a: number, b: number, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('least confidence, margin and entropy on hand-worked probabilities', () => {
  const p = [0.6, 0.3, 0.1];
  close(leastConfidence(p), 0.4);
  close(margin(p), 1 - (0.6 - 0.3));
  close(entropy(p), -(0.6 * Math.log(0.6) + 0.3 * Math.log(0.3) + 0.1 * Math.log(0.1)));
  // A certain prediction scores 0 on every measure; a uniform one is the most uncertain.
  for (const f of [leastConfidence, entropy]) close(f([1, 0, 0]), 0);
  close(margin([1, 0, 0]), 0);
  close(leastConfidence([0.25, 0.25, 0.25, 0.25]), 0.75);
  close(margin([0.5, 0.5]), 1);
  close(entropy([0.5, 0.5]), Math.log(2));
  // The measures disagree on order: margin looks only at the top two, entropy at all.
  const a = [0.5, 0.49, 0.01];
  const b = [0.4, 0.3, 0.3];
  assert.ok(margin(a) > margin(b));
  assert.ok(entropy(a) < entropy(b));
  assert.ok(leastConfidence(a) < leastConfidence(b));
});

test('k-center greedy picks points spread apart, far from the labeled ones', () => {
  // Two tight clusters of candidates around (0,0) and (10,0), one labeled point at (0,0).
  const features = [
    [0, 0],
    [0.1, 0],
    [0, 0.1],
    [10, 0],
    [10.1, 0],
    [10, 0.1],
    [5, 5],
  ];
  const picked = kCenterGreedy(features, [1, 2, 3, 4, 5, 6], [0], 2);
  // Farthest from (0,0): (10.1,0); then the farthest from both (0,0) and (10.1,0): (5,5).
  assert.deepEqual(picked, [4, 6]);
  // Without diversity the top two would come from one cluster; k-center with k=3 covers all three regions.
  const three = kCenterGreedy(features, [1, 2, 3, 4, 5, 6], [], 3);
  assert.equal(new Set(three.map((i) => (features[i]![0]! < 1 ? 'a' : features[i]![0]! > 9 ? 'b' : 'c'))).size, 3);
});

test('selectBatch: uncertainty order, the diversity term, and determinism per seed', () => {
  const pool = [10, 11, 12, 13];
  const probabilities = [
    [0.9, 0.1],
    [0.55, 0.45],
    [0.7, 0.3],
    [0.5, 0.5],
  ];
  const top = selectBatch({
    probabilities,
    labeledIndices: [],
    poolIndices: pool,
    k: 2,
    strategy: 'margin',
    rng: Math.random,
  });
  assert.deepEqual(top.indices, [13, 11]);
  close(top.scores[0]!, 1);

  // Items 11 and 13 are near-duplicates; k-center among the top 1.5·2 = 3 (13, 11, 12) replaces 11 with 12.
  const features: number[][] = [];
  features[10] = [0, 9];
  features[11] = [0, 0];
  features[12] = [5, 5];
  features[13] = [0, 0.01];
  const spread = selectBatch({
    probabilities,
    features,
    labeledIndices: [],
    poolIndices: pool,
    k: 2,
    strategy: 'margin',
    diversity: 1.5,
    rng: Math.random,
  });
  assert.deepEqual(spread.indices, [13, 12]);

  const draw = (seed: number) =>
    selectBatch({
      labeledIndices: [],
      poolIndices: [...Array(100).keys()],
      k: 10,
      strategy: 'random',
      rng: seededRandom(seed),
    }).indices;
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
  assert.equal(new Set(draw(7)).size, 10);
  assert.throws(
    () => selectBatch({ labeledIndices: [], poolIndices: pool, k: 2, strategy: 'entropy', rng: Math.random }),
    /entropy needs probabilities for each of the 4 pool items/,
  );
});

test('the softmax learner separates classes, and is deterministic (its speed is measured by bench/active-learning)', () => {
  const rand = seededRandom(3);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 500; i++) {
    const y = i % 10;
    rows.push(Array.from({ length: 64 }, (_, j) => (j % 10 === y ? 1.5 : 0) + gauss()));
    labels.push(y);
  }
  const model = fitSoftmax(rows, labels, { classes: 10 });
  assert.ok(accuracy(model, rows, labels) > 0.95);
  const again = fitSoftmax(rows, labels, { classes: 10 });
  assert.deepEqual(again.weights, model.weights);
  const p = predictProba(model, rows.slice(0, 1))[0]!;
  close(
    p.reduce((a, b) => a + b, 0),
    1,
  );
  assert.throws(() => fitSoftmax(rows.slice(0, 2), [0, 12], { classes: 10 }), /label 12 is not in 0..9/);
});

test('stopping rule: plateau, budget, empty pool', () => {
  assert.equal(shouldStop({ accuracies: [0.5, 0.7, 0.8], labeled: 30, poolLeft: 100 }), null);
  assert.equal(shouldStop({ accuracies: [0.5, 0.9, 0.901, 0.902], labeled: 40, poolLeft: 100 }), 'plateau');
  assert.equal(shouldStop({ accuracies: [0.5], labeled: 50, poolLeft: 100 }, { budget: 50 }), 'budget');
  assert.equal(shouldStop({ accuracies: [0.5], labeled: 50, poolLeft: 0 }), 'pool-exhausted');
  assert.equal(shouldStop({ accuracies: [0.9, 0.9, 0.9], labeled: 50, poolLeft: 5 }, { window: 0 }), null);
});

test('strategy names round-trip and bad names are refused clearly', () => {
  assert.deepEqual(parseStrategyName('margin+kcenter'), { strategy: 'margin', diversity: true });
  assert.equal(strategyName(parseStrategyName('entropy')), 'entropy');
  assert.throws(() => parseStrategyName('bald'), /"bald" is not one of random, least-confidence, margin, entropy/);
  assert.throws(() => parseStrategyName('random+kcenter'), /random sampling takes no \+kcenter/);
});
