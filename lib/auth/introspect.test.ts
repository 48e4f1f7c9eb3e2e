import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rightsWithdrawn } from './introspect.js';

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
