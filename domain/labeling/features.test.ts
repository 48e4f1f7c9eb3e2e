import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEXT_DIMENSIONS, textFeatures } from './features.js';

const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);

test('text features: fixed dimension, unit length, the same for the same text', () => {
  const a = textFeatures('The transformer tripped on overload');
  assert.equal(a.length, TEXT_DIMENSIONS);
  assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-9);
  assert.deepEqual(textFeatures('The transformer tripped on overload'), a);
  assert.equal(textFeatures('abc', 16).length, 16);
});

test('text features: case, width and spacing folded; an empty text is all zeros', () => {
  assert.deepEqual(textFeatures('  Ｏｖｅｒｌｏａｄ\tTRIP '), textFeatures('overload trip'));
  assert.deepEqual(textFeatures('   '), new Array<number>(TEXT_DIMENSIONS).fill(0));
});

test('text features: texts that share n-grams are closer than texts that share none (Chinese too)', () => {
  const trip = textFeatures('主变压器差动保护跳闸');
  const trip2 = textFeatures('变压器差动保护动作跳闸');
  const water = textFeatures('水厂余氯超标');
  assert.ok(dot(trip, trip2) > 0.5, `similar: ${dot(trip, trip2)}`);
  assert.ok(dot(trip, water) < dot(trip, trip2) - 0.3, `unrelated: ${dot(trip, water)}`);
  const en = textFeatures('breaker failure alarm');
  assert.ok(dot(en, textFeatures('breaker failed alarm')) > dot(en, textFeatures('chlorine residual low')) + 0.3);
});
