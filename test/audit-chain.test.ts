// The audit hash chain against the real graph: concurrent appends stay linked, and altering an event
// is reported as the first broken link.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { writeAudit } from '../lib/graph/audit.js';
import { verifyAuditChain } from '../lib/graph/audit-verify.js';
import { Label } from '../lib/graph/ontology.js';

let driver: Driver;
const actor = { sub: `test-${randomUUID()}`, username: 'audit-test', roles: [], org: 'hq' };
before(() => {
  driver = createDriver();
});
after(async () => {
  await driver.close();
});

async function append(targetId: string): Promise<number> {
  const session = driver.session();
  try {
    const record = await session.executeWrite((tx) =>
      writeAudit(tx, { action: 'test.append', actor, targetId, targetLabel: Label.Dataset, after: { targetId } }),
    );
    return record.seq;
  } finally {
    await session.close();
  }
}

test('twenty concurrent appends get distinct consecutive sequence numbers and an intact chain', async () => {
  const seqs = await Promise.all(Array.from({ length: 20 }, (_, i) => append(`audit-test-${i}`)));
  const sorted = [...seqs].sort((a, b) => a - b);
  assert.equal(new Set(seqs).size, 20);
  assert.equal(sorted.at(-1)! - sorted[0]!, 19);
  const report = await verifyAuditChain(driver, { fromSeq: sorted[0], toSeq: sorted.at(-1) });
  assert.equal(report.intact, true, JSON.stringify(report.firstBreak));
  assert.equal(report.checked, 20);
});

test('an altered event is the first broken link, and restoring it heals the chain', async () => {
  const seq = await append('audit-test-tamper');
  const { records } = await driver.executeQuery('MATCH (e:AuditEvent {seq: $seq}) RETURN e.action AS action', { seq });
  const original = records[0]!.get('action') as string;
  await driver.executeQuery("MATCH (e:AuditEvent {seq: $seq}) SET e.action = 'test.rewritten'", { seq });
  try {
    const report = await verifyAuditChain(driver, { fromSeq: seq, toSeq: seq });
    assert.equal(report.intact, false);
    assert.equal(report.firstBreak?.seq, seq);
    assert.match(report.firstBreak!.reason, /altered/);
  } finally {
    await driver.executeQuery('MATCH (e:AuditEvent {seq: $seq}) SET e.action = $original', { seq, original });
  }
  assert.equal((await verifyAuditChain(driver, { fromSeq: seq, toSeq: seq })).intact, true);
});
