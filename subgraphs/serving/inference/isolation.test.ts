import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionIsolation } from './host.js';

test('replicas run in worker threads; one replica stays inline; PLINTH_SESSION_ISOLATION overrides', () => {
  assert.equal(sessionIsolation(1, undefined), 'inline');
  assert.equal(sessionIsolation(3, undefined), 'thread');
  assert.equal(sessionIsolation(1, 'thread'), 'thread');
  assert.equal(sessionIsolation(4, 'inline'), 'inline');
  assert.equal(sessionIsolation(2, 'bogus'), 'thread');
});
