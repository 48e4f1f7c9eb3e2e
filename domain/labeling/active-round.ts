// One round of the active-learning loop, as pure computation (a compute thread runs it: workflows/compute):
// train the active learner on the items it chose, and a random-sampling baseline on as many items drawn at
// random, measure both on the evaluation set people labeled, then choose each one's next batch. The first
// round has nothing to train on: it draws the evaluation set and one random seed batch both learners start
// from. Seeded per round, so a retried activity chooses the same batch.
import { seededRandom } from '../random.js';
import { accuracy, fitScaler, fitSoftmax, predictProba, selectBatch, type SamplingStrategy } from './active/index.js';
import type { AlStrategy } from './active-shared.js';

export interface RoundInput {
  /** Feature rows of every item the loop may use (the universe), by index. */
  X: number[][];
  /** Accepted class index per item; null while not accepted. */
  labels: (number | null)[];
  classes: number;
  /** Indices (into X) each learner has chosen so far; all empty before the first round. */
  evaluation: number[];
  active: number[];
  baseline: number[];
  /** Indices the learners may choose from: the universe less what is assigned outside the loop. */
  candidates: number[];
  round: number;
  seed: number;
  evalSize: number;
  batchSize: number;
  budget: number;
  strategy: AlStrategy;
  diversity: boolean;
}

export interface RoundOutput {
  activeLabels: number;
  baselineLabels: number;
  accuracy: number | null;
  baselineAccuracy: number | null;
  evaluated: number;
  pool: number;
  evaluationBatch: number[];
  activeBatch: number[];
  baselineBatch: number[];
}

const STRATEGY: Record<AlStrategy, SamplingStrategy> = {
  LEAST_CONFIDENCE: 'least-confidence',
  MARGIN: 'margin',
  ENTROPY: 'entropy',
  RANDOM: 'random',
};

/** A generator per (seed, round): a retry redraws the same numbers, the next round different ones. */
const roundRng = (seed: number, round: number): (() => number) =>
  seededRandom((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(round + 1, 0x85ebca6b)) >>> 0);

function draw(pool: number[], k: number, rng: () => number): number[] {
  if (k <= 0 || pool.length === 0) return [];
  return selectBatch({ poolIndices: pool, labeledIndices: [], k, strategy: 'random', rng }).indices;
}

export function activeLearningRound(input: RoundInput): RoundOutput {
  const { X, labels, round } = input;
  const rng = roundRng(input.seed, round);
  if (input.evaluation.length === 0) {
    // The seed round: a random evaluation set, then one random seed batch shared by both learners.
    const evaluationBatch = draw(input.candidates, input.evalSize, rng);
    const held = new Set(evaluationBatch);
    const seedBatch = draw(
      input.candidates.filter((i) => !held.has(i)),
      Math.min(input.batchSize, input.budget),
      rng,
    );
    return {
      activeLabels: 0,
      baselineLabels: 0,
      accuracy: null,
      baselineAccuracy: null,
      evaluated: 0,
      pool: input.candidates.length - evaluationBatch.length,
      evaluationBatch,
      activeBatch: seedBatch,
      baselineBatch: seedBatch,
    };
  }
  const labeled = (chosen: number[]) => chosen.filter((i) => labels[i] !== null && labels[i] !== undefined);
  const evaluation = labeled(input.evaluation);
  const active = labeled(input.active);
  const baseline = labeled(input.baseline);
  if (evaluation.length === 0) throw new Error('no item of the evaluation set has an accepted label');
  // One standardisation over every item, labeled or not, for both learners: neither gets a scale the other lacks.
  const scaler = fitScaler(X);
  const fit = (rows: number[]) =>
    fitSoftmax(
      rows.map((i) => X[i]!),
      rows.map((i) => labels[i]!),
      { classes: input.classes, scaler },
    );
  const evalRows = evaluation.map((i) => X[i]!);
  const evalLabels = evaluation.map((i) => labels[i]!);
  const activeModel = active.length > 0 ? fit(active) : null;
  const baselineModel = baseline.length > 0 ? fit(baseline) : null;

  const held = new Set(input.evaluation);
  const activeChosen = new Set(input.active);
  const baselineChosen = new Set(input.baseline);
  const activePool = input.candidates.filter((i) => !held.has(i) && !activeChosen.has(i));
  const baselinePool = input.candidates.filter((i) => !held.has(i) && !baselineChosen.has(i));
  const k = Math.min(input.batchSize, input.budget - active.length);
  const strategy = STRATEGY[input.strategy];
  let activeBatch: number[] = [];
  if (k > 0 && activePool.length > 0) {
    if (strategy === 'random' || !activeModel) activeBatch = draw(activePool, k, rng);
    else {
      const poolRows = activePool.map((i) => X[i]!);
      activeBatch = selectBatch({
        probabilities: predictProba(activeModel, poolRows),
        features: X,
        labeledIndices: input.active,
        poolIndices: activePool,
        k,
        strategy,
        diversity: input.diversity,
        rng,
      }).indices;
    }
  }
  // The baseline asks for as many labels as the active learner, at random from its own pool.
  const baselineBatch = draw(baselinePool, activeBatch.length, rng);
  return {
    activeLabels: active.length,
    baselineLabels: baseline.length,
    accuracy: activeModel ? accuracy(activeModel, evalRows, evalLabels) : null,
    baselineAccuracy: baselineModel ? accuracy(baselineModel, evalRows, evalLabels) : null,
    evaluated: evaluation.length,
    pool: activePool.length,
    evaluationBatch: [],
    activeBatch,
    baselineBatch,
  };
}
