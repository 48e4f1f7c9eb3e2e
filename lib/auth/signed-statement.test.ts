// Signed statements in isolation: the key is created once with mode 600, and every way a signal's
// payload can fail to be the hub's statement for this workflow is refused with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.PLINTH_HOME = mkdtempSync(join(tmpdir(), 'plinth-statement-'));
delete process.env.PLINTH_STATEMENT_KEY;
const { signStatement, statementKeyFile, verifyStatement, STATEMENT_MAX_AGE_MS } =
  await import('./signed-statement.js');
const { identityFromClaims } = await import('./identity.js');

const subject = { sub: 's-1', username: 'approver', roles: ['approver'], org: 'hq', kind: 'user' as const };

test('the key is generated at first use, private to its owner (mode 600)', () => {
  signStatement('p', 'wf-1', subject, {});
  assert.equal(statSync(statementKeyFile).mode & 0o777, 0o600);
});

test('a statement verifies for its purpose and workflow, and nothing else does', () => {
  const signed = signStatement('plinth.test', 'wf-1', subject, { kind: 'approve', comment: 'ok' });
  const good = verifyStatement<{ kind: string }>(signed, 'plinth.test', 'wf-1');
  assert.ok(good.ok && good.statement.subject.username === 'approver' && good.statement.body.kind === 'approve');

  const reason = (v: ReturnType<typeof verifyStatement>) => (v.ok ? 'accepted' : v.reason);
  assert.match(reason(verifyStatement({ approver: subject, comment: 'x' }, 'plinth.test', 'wf-1')), /^unsigned/);
  assert.match(reason(verifyStatement(null, 'plinth.test', 'wf-1')), /^unsigned/);
  assert.match(reason(verifyStatement(signed, 'plinth.test', 'wf-2')), /^wrong workflow/);
  assert.match(reason(verifyStatement(signed, 'plinth.other', 'wf-1')), /^wrong purpose/);
  assert.match(
    reason(verifyStatement(signed, 'plinth.test', 'wf-1', Date.now() + STATEMENT_MAX_AGE_MS + 1000)),
    /^stale/,
  );
  // One claim changed (the roles), signature kept.
  const claims = JSON.parse(Buffer.from(signed.statement, 'base64url').toString('utf8')) as {
    subject: { roles: string[] };
  };
  claims.subject.roles = ['platform-admin'];
  const tampered = {
    statement: Buffer.from(JSON.stringify(claims)).toString('base64url'),
    signature: signed.signature,
  };
  assert.match(reason(verifyStatement(tampered, 'plinth.test', 'wf-1')), /^bad signature/);
  assert.match(
    reason(verifyStatement({ statement: signed.statement, signature: 'AAAA' }, 'plinth.test', 'wf-1')),
    /^bad signature/,
  );
});

test('identities from tokens say whether a person or a service account holds them', () => {
  const base = { sub: 'x', org: 'hq', realm_access: { roles: ['approver'] } };
  assert.equal(identityFromClaims({ ...base, preferred_username: 'approver' }).kind, 'user');
  assert.equal(identityFromClaims({ ...base, preferred_username: 'service-account-plinth-worker' }).kind, 'service');
  assert.equal(
    identityFromClaims({ ...base, preferred_username: 'edge-agent', client_id: 'edge-agent' }).kind,
    'service',
  );
  assert.equal(
    identityFromClaims({ ...base, preferred_username: 'edge-agent', plinth_principal: 'service' }).kind,
    'service',
  );
});
