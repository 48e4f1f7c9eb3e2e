// The per-request budget: counted per context object, refused past the bound, other requests unaffected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ASKS_PER_REQUEST, MAX_SYMPTOMS_PER_REQUEST, spend } from './budget.js';

test('questions and symptoms are counted per request; the one past the bound is BAD_USER_INPUT', () => {
  const a = {};
  const b = {};
  for (let i = 0; i < MAX_ASKS_PER_REQUEST; i++) spend(a, 'asks', 1);
  assert.throws(
    () => spend(a, 'asks', 1),
    (e: Error & { extensions?: { code?: string } }) =>
      e.extensions?.code === 'BAD_USER_INPUT' && /at most 10 questions/.test(e.message),
  );
  spend(b, 'asks', 1);
  spend(a, 'symptoms', MAX_SYMPTOMS_PER_REQUEST - 1);
  assert.throws(() => spend(a, 'symptoms', 2), /at most 20 symptoms over all faultHandlingPath fields/);
  spend(a, 'symptoms', 1);
});
