// The lineage paging snapshots: kept per caller and arguments, expire, bounded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Identity } from '../../../lib/auth/identity.js';
import type { LineageGraphRecord } from './lineage-store.js';
import { snapshotKey, WalkSnapshots, type WalkArgs } from './walk-snapshots.js';

const auditor = { sub: 'u1', username: 'auditor', roles: ['compliance-officer'], org: 'hq' } as Identity;
const graph = (name: string) =>
  ({ root: { id: name }, nodes: [], edges: [], truncated: false }) as unknown as LineageGraphRecord;
const args: WalkArgs = { id: 'dv-1', direction: 'DOWNSTREAM', depth: 20, kinds: null, properties: false };

test('a snapshot is found only under the same caller, org, roles and arguments', () => {
  const snapshots = new WalkSnapshots();
  const key = snapshotKey(auditor, args);
  snapshots.set(key, graph('a'));
  assert.equal(snapshots.get(snapshotKey(auditor, { ...args }))?.root.id, 'a');
  // Same roles in another order: same caller.
  assert.equal(
    snapshotKey({ ...auditor, roles: ['viewer', 'compliance-officer'] } as Identity, args),
    snapshotKey({ ...auditor, roles: ['compliance-officer', 'viewer'] } as Identity, args),
  );
  const others: string[] = [
    snapshotKey({ ...auditor, sub: 'u2' }, args),
    snapshotKey({ ...auditor, org: 'jiangsu' }, args),
    snapshotKey({ ...auditor, roles: ['viewer'] } as Identity, args),
    snapshotKey(auditor, { ...args, id: 'dv-2' }),
    snapshotKey(auditor, { ...args, direction: 'UPSTREAM' }),
    snapshotKey(auditor, { ...args, depth: 19 }),
    snapshotKey(auditor, { ...args, kinds: ['MODEL_VERSION'] }),
    snapshotKey(auditor, { ...args, properties: true }),
  ];
  for (const other of others) assert.equal(snapshots.get(other), undefined, other);
});

test('snapshots expire after their time to live', () => {
  let now = 1_000;
  const snapshots = new WalkSnapshots(60_000, 32, () => now);
  snapshots.set('k', graph('a'));
  now += 60_000;
  assert.equal(snapshots.get('k')?.root.id, 'a');
  now += 1;
  assert.equal(snapshots.get('k'), undefined);
  assert.equal(snapshots.size, 0);
});

test('at most `max` snapshots are kept, the oldest dropped first', () => {
  const snapshots = new WalkSnapshots(60_000, 2);
  snapshots.set('a', graph('a'));
  snapshots.set('b', graph('b'));
  snapshots.set('a', graph('a2'));
  snapshots.set('c', graph('c'));
  assert.equal(snapshots.size, 2);
  assert.equal(snapshots.get('b'), undefined);
  assert.equal(snapshots.get('a')?.root.id, 'a2');
  assert.equal(snapshots.get('c')?.root.id, 'c');
});
