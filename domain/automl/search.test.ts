// The pure parts of AutoML: seeded sampling, halving schedules, ranking and space validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSpace, rank, rungsFor, runSearch, sampleTrials, spaceProblem } from './search.js';
import type { SearchDimension, TrialResult } from './shared.js';

const space: SearchDimension[] = [
  { algorithm: 'cart', params: { maxDepth: { min: 1, max: 4, integer: true }, gainThreshold: 0.01 } },
  {
    algorithm: 'logistic-regression',
    params: { numSteps: { values: [50, 200] }, learningRate: { min: 0.01, max: 0.5, log: true } },
  },
];

test('sampling is seeded: the same seed gives the same trials, values stay in their ranges', () => {
  const a = sampleTrials(space, 40, 11);
  assert.deepEqual(a, sampleTrials(space, 40, 11));
  assert.notDeepEqual(a, sampleTrials(space, 40, 12));
  for (const t of a) {
    if (t.algorithm === 'cart') {
      assert.ok(
        Number.isInteger(t.hyperparameters.maxDepth) &&
          t.hyperparameters.maxDepth! >= 1 &&
          t.hyperparameters.maxDepth! <= 4,
      );
      assert.equal(t.hyperparameters.gainThreshold, 0.01);
    } else {
      assert.ok([50, 200].includes(t.hyperparameters.numSteps!));
      assert.ok(t.hyperparameters.learningRate! >= 0.01 && t.hyperparameters.learningRate! <= 0.5);
    }
  }
  assert.deepEqual(new Set(a.map((t) => t.algorithm)), new Set(['cart', 'logistic-regression']));
  assert.deepEqual(
    new Set(a.filter((t) => t.algorithm === 'cart').map((t) => t.hyperparameters.maxDepth)),
    new Set([1, 2, 3, 4]),
  );
});

test('successive halving doubles the data each rung and ends on all of it; random search is one rung', () => {
  assert.deepEqual(rungsFor('random', 8), [{ index: 0, fraction: 1 }]);
  assert.deepEqual(
    rungsFor('successive-halving', 8).map((r) => r.fraction),
    [0.125, 0.25, 0.5, 1],
  );
  assert.deepEqual(
    rungsFor('successive-halving', 5).map((r) => r.fraction),
    [0.125, 0.25, 0.5, 1],
  );
  assert.deepEqual(rungsFor('successive-halving', 1), [{ index: 0, fraction: 1 }]);
});

test("ranking follows the metric's direction, puts failed trials last and breaks ties by index", () => {
  const r = (index: number, score: number | null): TrialResult => ({
    index,
    algorithm: 'cart',
    hyperparameters: {},
    trainingRunId: `r${index}`,
    rung: 0,
    fraction: 1,
    score,
    error: null,
  });
  const results = [r(0, 0.7), r(1, null), r(2, 0.9), r(3, 0.7)];
  assert.deepEqual(
    rank(results, 'accuracy').map((x) => x.index),
    [2, 0, 3, 1],
  );
  assert.deepEqual(
    rank(results, 'rmse').map((x) => x.index),
    [0, 3, 2, 1],
  );
});

test('unusable spaces are named', () => {
  assert.equal(spaceProblem(space), null);
  assert.match(spaceProblem([])!, /at least one/);
  assert.match(spaceProblem([{ algorithm: 'cart', params: { maxDepth: { min: 5, max: 2 } } }])!, /min ≤ max/);
  assert.match(spaceProblem([{ algorithm: 'cart', params: { x: { min: 0, max: 1, log: true } } }])!, /log range/);
  assert.match(spaceProblem([{ algorithm: 'cart', params: { x: { values: [] } } }])!, /non-empty/);
});

test('the default space is valid for each task and only names algorithms the task supports', () => {
  for (const task of ['binary', 'multiclass', 'regression'] as const) {
    const space = defaultSpace(task);
    assert.equal(spaceProblem(space), null);
    if (task === 'regression') assert.ok(space.every((d) => d.algorithm !== 'logistic-regression'));
    if (task === 'multiclass') assert.ok(space.every((d) => d.algorithm !== 'gradient-boosted-trees'));
  }
});

test('runSearch: the seeded draws, the top half of each rung on twice the data, failed trials dropped', async () => {
  const seen: [number, number][] = [];
  const { ranked } = await runSearch(
    { space, trials: 4, seed: 3, strategy: 'successive-halving', metric: 'accuracy', concurrency: 2 },
    async (spec, rung) => {
      seen.push([spec.index, rung.fraction]);
      // Trial 1 fails on every rung; otherwise the higher the index the better.
      const score = spec.index === 1 ? null : spec.index / 10;
      return {
        ...spec,
        trainingRunId: `run-${spec.index}`,
        rung: rung.index,
        fraction: rung.fraction,
        score,
        error: null,
      };
    },
  );
  assert.deepEqual(seen, [
    [0, 0.25],
    [1, 0.25],
    [2, 0.25],
    [3, 0.25],
    [3, 0.5],
    [2, 0.5],
    [3, 1],
  ]);
  assert.deepEqual(
    ranked.map((r) => [r.index, r.fraction]),
    [[3, 1]],
  );
});
