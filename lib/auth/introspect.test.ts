import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  INTROSPECTION_TTL_MS,
  TokenInactiveError,
  assertTokenActive,
  introspectionInFlight,
  rightsWithdrawn,
} from './introspect.js';

const claims = (roles: string[], org = 'hq') => ({ realm_access: { roles: [...roles, 'default-roles-plinth'] }, org });

test('a Plinth role the token claims but Keycloak no longer grants refuses the token', () => {
  assert.match(
    rightsWithdrawn(claims(['approver', 'viewer']), claims(['viewer'])) ?? '',
    /role approver was withdrawn/,
  );
});

test('a changed org refuses the token', () => {
  assert.match(rightsWithdrawn(claims(['viewer']), claims(['viewer'], 'zhejiang')) ?? '', /organisation changed/);
});

test('the same rights, a role added since, or a non-Plinth role removed: still good', () => {
  assert.equal(rightsWithdrawn(claims(['viewer']), claims(['viewer'])), null);
  assert.equal(rightsWithdrawn(claims(['viewer']), claims(['viewer', 'approver'])), null);
  assert.equal(
    rightsWithdrawn(
      { ...claims(['viewer']), realm_access: { roles: ['viewer', 'offline_access'] } },
      claims(['viewer']),
    ),
    null,
  );
});

// Against the real Keycloak, with a string that is no token (Keycloak answers "not active").
test('an answer near its expiry is used while a fresh one is asked for; an expired one is waited for', async () => {
  const token = `no-token-${randomUUID()}`;
  await assert.rejects(assertTokenActive(token), TokenInactiveError);
  assert.equal(introspectionInFlight(token), false, 'answer remembered, nothing asked');
  // Mid-life: the remembered answer, no question.
  await assert.rejects(assertTokenActive(token, Date.now() + INTROSPECTION_TTL_MS / 2), TokenInactiveError);
  assert.equal(introspectionInFlight(token), false);
  // Close to expiry: the remembered answer at once, and Keycloak asked in the background.
  const nearExpiry = Date.now() + INTROSPECTION_TTL_MS - INTROSPECTION_TTL_MS / 10;
  await assert.rejects(assertTokenActive(token, nearExpiry), TokenInactiveError);
  assert.equal(introspectionInFlight(token), true, 'refresh ahead of expiry started');
  // Past expiry (as if no refresh had come back): the caller waits for Keycloak's answer.
  await assert.rejects(assertTokenActive(token, Date.now() + 2 * INTROSPECTION_TTL_MS), TokenInactiveError);
  assert.equal(introspectionInFlight(token), false);
});
