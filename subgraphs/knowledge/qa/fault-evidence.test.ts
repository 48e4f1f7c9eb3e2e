// Ranking evidence for a diagnosis: two readings of one clause are one observation; surer links weigh more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clauseEvidence, compareEvidence, WEIGHT_TIE } from './fault-evidence.js';

const link = (id: string, confidence: number, start: number, end: number) => ({ id, confidence, start, end });

test('symptoms found on overlapping words are one clause, weighed by the surest of them', () => {
  // "the water at the tap" read both as discoloured and as cloudy water: one clause.
  const links = [link('sym-yellow', 0.58, 10, 19), link('sym-cloudy', 0.6, 12, 19), link('sym-taste', 0.7, 25, 44)];
  assert.deepEqual(clauseEvidence(['sym-yellow', 'sym-cloudy'], links), { clauses: 1, weight: 0.6 });
  const twoClauses = clauseEvidence(['sym-taste', 'sym-analyser'], [...links, link('sym-analyser', 0.69, 50, 80)]);
  assert.equal(twoClauses.clauses, 2);
  assert.ok(compareEvidence(twoClauses, clauseEvidence(['sym-yellow', 'sym-cloudy'], links)) < 0);
});

test('among faults explaining as many clauses, a near-literal link beats one found by meaning alone', () => {
  const literal = clauseEvidence(['sym-feedback'], [link('sym-feedback', 0.66, 0, 24)]);
  const byMeaning = clauseEvidence(['sym-no-water'], [link('sym-no-water', 0.47, 30, 70)]);
  assert.ok(compareEvidence(literal, byMeaning) < 0);
  assert.ok(compareEvidence(byMeaning, literal) > 0);
  // Within the tie band the other keys decide.
  const close = clauseEvidence(['sym-x'], [link('sym-x', 0.66 - WEIGHT_TIE / 2, 30, 40)]);
  assert.equal(compareEvidence(literal, close), 0);
});

test('a symptom found twice counts once; symptoms asked for by id each count as a clause at full weight', () => {
  const twice = [link('sym-a', 0.7, 0, 10), link('sym-a', 0.9, 20, 30)];
  assert.deepEqual(clauseEvidence(['sym-a'], twice), { clauses: 1, weight: 0.9 });
  assert.deepEqual(clauseEvidence(['sym-a', 'sym-b']), { clauses: 2, weight: 2 });
  // Full-text links have no place in the question: each is its own clause.
  const loose = [link('sym-a', 0.5, -1, -1), link('sym-b', 0.5, -1, -1)];
  assert.deepEqual(clauseEvidence(['sym-a', 'sym-b'], loose), { clauses: 2, weight: 1 });
});
