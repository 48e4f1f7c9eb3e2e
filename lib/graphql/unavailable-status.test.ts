import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onlyUnavailable } from './unavailable-status.js';

const down = { message: 'graph database unavailable; retry shortly', extensions: { code: 'SERVICE_UNAVAILABLE' } };

test('nothing but unavailability: 503', () => {
  assert.equal(onlyUnavailable(null, [down]), true);
  assert.equal(onlyUnavailable({ datasets: null }, [down, down]), true);
});

test('partial data, other errors or no errors: not 503', () => {
  assert.equal(onlyUnavailable({ datasets: { totalCount: 3 }, services: null }, [down]), false);
  assert.equal(onlyUnavailable(null, [down, { message: 'no', extensions: { code: 'FORBIDDEN' } }]), false);
  assert.equal(onlyUnavailable({ datasets: null }, []), false);
  assert.equal(onlyUnavailable({ datasets: null }, undefined), false);
});
