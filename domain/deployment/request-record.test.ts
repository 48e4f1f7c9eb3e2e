// The pure parts of the request record: which state each step belongs to, and the viewer hints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STEPS_OF_STATE, stateOfStep, viewerHints, type RequestRecordEntry } from './request-record.js';
import type { DeploymentStep } from './shared.js';

const ALL_STEPS: DeploymentStep[] = [
  'VALIDATING',
  'AWAITING_APPROVAL',
  'DEPLOYING_CANARY',
  'WATCHING_CANARY',
  'PROMOTING',
  'ROLLING_BACK',
  'PROMOTED',
  'ROLLED_BACK',
  'REJECTED',
  'FAILED',
  'CANCELLED',
];

test('every step belongs to exactly one state', () => {
  const listed = Object.values(STEPS_OF_STATE).flat().sort();
  assert.deepEqual(listed, [...ALL_STEPS].sort());
  assert.equal(stateOfStep('VALIDATING'), 'AWAITING_APPROVAL');
  assert.equal(stateOfStep('ROLLING_BACK'), 'IN_PROGRESS');
  assert.equal(stateOfStep('CANCELLED'), 'FINISHED');
});

test('canDecide: an approver or platform admin, a person, not the requester, while awaiting approval', () => {
  const entry = { requestedBySub: 'eng', state: 'AWAITING_APPROVAL' } as RequestRecordEntry;
  const who = (sub: string, roles: string[], kind: 'user' | 'service' = 'user') =>
    viewerHints(entry, { sub, username: sub, roles: roles as never, org: 'hq', kind });
  assert.deepEqual(who('eng', ['ml-engineer', 'approver']), { mine: true, canDecide: false });
  assert.deepEqual(who('appr', ['approver']), { mine: false, canDecide: true });
  assert.deepEqual(who('adm', ['platform-admin']), { mine: false, canDecide: true });
  assert.deepEqual(who('v', ['viewer']), { mine: false, canDecide: false });
  assert.deepEqual(who('svc', ['approver'], 'service'), { mine: false, canDecide: false });
  const running = viewerHints(
    { ...entry, state: 'IN_PROGRESS' },
    { sub: 'appr', username: 'appr', roles: ['approver'], org: 'hq' },
  );
  assert.equal(running.canDecide, false);
});
