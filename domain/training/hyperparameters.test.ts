import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALGORITHM_HYPERPARAMETERS,
  HYPERPARAMETER_DEFAULTS,
  HYPERPARAMETER_DESCRIPTIONS,
  algorithmTaskProblem,
  defaultOf,
  hyperparameterProblem,
  searchRangeProblem,
} from './hyperparameters.js';
import type { TrainingAlgorithm } from './shared.js';
import { defaultSpace, spaceProblem } from '../automl/search.js';

const lenient = { testHooks: false, strict: false };

test('values the learners train in reasonable time pass; the busy-worker 1,000-tree forest among them', () => {
  assert.equal(hyperparameterProblem('random-forest', { nEstimators: 1000, maxDepth: 8 }, lenient), null);
  assert.equal(
    hyperparameterProblem('gradient-boosted-trees', { learningRate: 1, subsample: 0.5, seed: 7 }, lenient),
    null,
  );
  assert.equal(hyperparameterProblem('cart', { gainThreshold: 0, minNumSamples: 2 }, lenient), null);
  // One set sent for every algorithm (test/scenario, test/training-columns): another learner's names pass.
  assert.equal(hyperparameterProblem('cart', { maxDepth: 4, nEstimators: 8, numSteps: 300 }, lenient), null);
  for (const task of ['binary', 'multiclass', 'regression'] as const)
    assert.equal(spaceProblem(defaultSpace(task)), null);
});

test('out of range, non-integer, unknown, other-algorithm (strict) and test-hook names are named', () => {
  const cases: [Parameters<typeof hyperparameterProblem>, RegExp][] = [
    [
      ['random-forest', { nEstimators: -5 }, lenient],
      /nEstimators = -5 is out of range: it must be an integer from 1 to 2000/,
    ],
    [['random-forest', { nEstimators: 2001 }, lenient], /nEstimators = 2001/],
    [['cart', { maxDepth: 4.5 }, lenient], /maxDepth = 4.5 .* an integer/],
    [
      ['gradient-boosted-trees', { learningRate: 0 }, lenient],
      /learningRate = 0 is out of range: it must be a number greater than 0 and at most 1$/,
    ],
    [['cart', { gainThreshold: -1 }, lenient], /gainThreshold = -1 is out of range: it must be a number at least 0$/],
    [
      ['cart', { bogus: 1 }, lenient],
      /unknown hyperparameter bogus for cart: it takes maxDepth, minNumSamples, gainThreshold/,
    ],
    [['cart', { nEstimators: 5 }, { testHooks: false, strict: true }], /unknown hyperparameter nEstimators for cart/],
    [['cart', { testHoldInTrainMs: 5 }, lenient], /testHoldInTrainMs is a test hook/],
    [['cart', { testHoldInTrainMs: 3_600_000 }, { testHooks: true, strict: false }], /testHoldInTrainMs = 3600000/],
  ];
  for (const [args, message] of cases) assert.match(hyperparameterProblem(...args) ?? 'accepted', message);
  assert.equal(
    hyperparameterProblem('cart', { testDelayAfterTrainMs: 4000 }, { testHooks: true, strict: false }),
    null,
  );
});

test('every bad hyperparameter is named in one answer, not only the first', () => {
  const problem = hyperparameterProblem(
    'logistic-regression',
    { numSteps: 99_999_999, learningRate: -5, bogus: 1 },
    lenient,
  );
  assert.equal(
    problem,
    'hyperparameter numSteps = 99999999 is out of range: it must be an integer from 1 to 100000; ' +
      'hyperparameter learningRate = -5 is out of range: it must be a number greater than 0 and at most 1; ' +
      'unknown hyperparameter bogus for logistic-regression: it takes numSteps, learningRate',
  );
});

test('a search range is checked at both ends, and an integer one must draw integers', () => {
  assert.match(
    searchRangeProblem('random-forest', 'nEstimators', { min: 10, max: 1e6, integer: true })!,
    /10\.\.1000000/,
  );
  assert.match(searchRangeProblem('random-forest', 'nEstimators', { min: 10, max: 100 })!, /integer: true/);
  assert.match(searchRangeProblem('cart', 'maxDepth', { values: [4, 1e4] })!, /maxDepth = 10000/);
  assert.match(searchRangeProblem('cart', 'learningRate', 0.1)!, /unknown hyperparameter learningRate for cart/);
  assert.equal(searchRangeProblem('cart', 'maxDepth', { min: 2, max: 10, integer: true }), null);
});

test('every learner has a default for each hyperparameter it takes, inside the bounds the API enforces', () => {
  for (const [algorithm, names] of Object.entries(ALGORITHM_HYPERPARAMETERS) as [TrainingAlgorithm, string[]][]) {
    assert.deepEqual(Object.keys(HYPERPARAMETER_DEFAULTS[algorithm]).sort(), [...names].sort(), algorithm);
    const given = Object.fromEntries(
      Object.entries(HYPERPARAMETER_DEFAULTS[algorithm]).filter((e): e is [string, number] => e[1] !== null),
    );
    assert.equal(hyperparameterProblem(algorithm, given, { testHooks: false, strict: true }), null, algorithm);
    for (const name of names) assert.ok(HYPERPARAMETER_DESCRIPTIONS[name], `${name} is described`);
  }
  assert.throws(() => defaultOf('cart', 'nEstimators'), /cart has no default for hyperparameter nEstimators/);
});

test('algorithm and task: what each learner trains, and why not', () => {
  assert.equal(algorithmTaskProblem('cart', 'regression'), null);
  assert.match(algorithmTaskProblem('logistic-regression', 'regression')!, /classifier/);
  assert.match(algorithmTaskProblem('gradient-boosted-trees', 'multiclass')!, /binary classification and regression/);
  for (const task of ['binary', 'multiclass', 'regression'] as const)
    for (const dim of defaultSpace(task)) assert.equal(algorithmTaskProblem(dim.algorithm, task), null);
});
