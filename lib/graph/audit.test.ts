import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, digestOf, eventHash, GENESIS_HASH, type ChainedFields } from './audit.js';

test('canonicalJson sorts keys at every depth and drops undefined', () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
  );
  assert.equal(digestOf({ x: 1, y: 2 }), digestOf({ y: 2, x: 1 }));
  assert.equal(digestOf(undefined), null);
});

test('an event hash changes when any chained field or the previous hash changes', () => {
  const fields: ChainedFields = {
    id: 'e1',
    seq: 1,
    action: 'dataset.register',
    actorId: 'u',
    actorName: 'scientist',
    actorOrg: 'hq',
    targetId: 'd1',
    targetLabel: 'Dataset',
    at: '2026-01-01T00:00:00.000Z',
    beforeDigest: null,
    afterDigest: 'abc',
    workflowId: null,
    runId: null,
  };
  const h = eventHash(GENESIS_HASH, fields);
  assert.match(h, /^[0-9a-f]{64}$/);
  assert.notEqual(eventHash(GENESIS_HASH, { ...fields, action: 'dataset.archive' }), h);
  assert.notEqual(eventHash('1'.repeat(64), fields), h);
});
