import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authFailure, isNetworkFailure } from './unavailable.js';

test('outages of the identity provider are 503 with Retry-After; bad tokens stay 401', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  const keysNon2xx = new Error('Error fetching JWK Keys');
  const wrapped = new Error('failed to load public key to verify token', { cause: refused });
  for (const error of [refused, reset, keysNon2xx, wrapped]) {
    assert.equal(isNetworkFailure(error), true, error.message);
    assert.equal(authFailure(error).status, 503);
    assert.equal(authFailure(error).headers['Retry-After'], '5');
  }
  for (const error of [new Error('invalid token (expired)'), new Error('invalid token (wrong audience)')]) {
    assert.equal(isNetworkFailure(error), false, error.message);
    assert.equal(authFailure(error).status, 401);
  }
});
