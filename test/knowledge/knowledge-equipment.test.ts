// Equipment named by site + kind + number (qa/equipment-compose.ts) for "what is downstream" questions,
// against the real Neo4j: shorthand and English forms link the one piece of equipment they name, a number
// the site does not have is refused (never answered about another number), and another organisation's
// site is never composed, so a refusal tells nothing of equipment the asker cannot see.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { createDriver } from '../../lib/graph/driver.js';
import { migrate } from '../../graph-schema/migrate.js';
import { basesDir, importKnowledgeBase, loadBase } from '../../subgraphs/knowledge/kb/import.js';
import { ask } from '../../subgraphs/knowledge/qa/ask.js';

const admin: Identity = { sub: 'ke-admin', username: 'ke-admin', roles: ['platform-admin'], org: 'hq' };
const dispatcherAt = (org: string): Identity => ({
  sub: `ke-${org}`,
  username: `dispatcher.${org}`,
  roles: ['dispatcher'],
  org,
});

let driver: Driver;
before(async () => {
  driver = createDriver();
  await migrate(driver);
  await importKnowledgeBase(driver);
  await importKnowledgeBase(driver, loadBase(join(basesDir, 'water')));
});
after(() => driver.close());

describe('equipment named by site, kind and number', () => {
  // [base, question, the equipment whose downstream is listed (one of the answer's entities)]
  const named: [string, string, string][] = [
    ['grid', 'Nanjing North incomer 1 is out, which equipment loses supply', 'eq-njb-hvbus1'],
    ['grid', '无锡西站进线二失电，下游有哪些', 'eq-wxx-hvbus2'],
    ['grid', 'what is fed from Changzhou South bus I', 'eq-czn-hvcb1'],
    ['grid', 'T2 at Suzhou East tripped - what goes dark', 'eq-szd-lvcb2'],
    ['grid', '苏州东站出线2开关跳了，哪条线停电', 'eq-szd-f12'],
    // A number said as a word or a Roman numeral, a bus said the short way (1母) or as a section (I段母线).
    ['grid', 'Ningbo Beilun incomer two has tripped, what is downstream', 'eq-nbbl-hvbus2'],
    ['grid', '黄岛站1母失电，下游有哪些', 'eq-qdhd-hvcb1'],
    ['water', 'Qiantang raw pump No.1 stopped, what is downstream', 'w-eq-qt-sed'],
    ['water', '太湖厂2号清水池放空了，下游受影响的有哪些', 'w-eq-th-hl-ps'],
    ['water', 'HL pump 2 at Taihu trips, which assets lose water', 'w-eq-th-main-e'],
  ];
  for (const [base, q, expected] of named)
    test(q, async () => {
      const a = await ask(driver, admin, q, { base });
      assert.equal(a.noAnswer, false, a.answer);
      assert.ok(
        a.entities.some((e) => e.id === expected),
        `${expected} in ${a.entities.map((e) => e.id).join(', ')}`,
      );
    });

  test('a bus section (I段母线) is not bus I (I母): its transformer is upstream, not listed', async () => {
    const a = await ask(driver, admin, '黄岛站I段母线失电，下游有哪些');
    assert.ok(
      a.entities.some((e) => e.id === 'eq-qdhd-f11cb'),
      a.answer,
    );
    assert.ok(!a.entities.some((e) => e.id === 'eq-qdhd-t1'), a.answer);
  });

  // A number the site does not have: refused, saying what was understood, never another number's answer.
  const missing: [string, string][] = [
    ['grid', '苏州东站5号主变跳闸后下游哪些设备失电'],
    ['grid', 'Wuxi West incomer 4 lost, what is downstream'],
    ['water', '钱塘水厂6号原水泵停了影响下游哪些'],
    ['water', 'Taihu clear water reservoir No.7 drained - what is downstream'],
  ];
  for (const [base, q] of missing)
    test(`refused: ${q}`, async () => {
      const a = await ask(driver, admin, q, { base });
      assert.equal(a.intent, 'DOWNSTREAM');
      assert.equal(a.noAnswer, true, a.answer);
      assert.deepEqual(a.entities, []);
      assert.match(a.answer, /[5-7]号|No\. [4-7]/);
    });

  test("another organisation's site is not composed: nothing of it is told", async () => {
    const zj = await ask(driver, dispatcherAt('zhejiang'), '苏州东站5号主变跳闸后下游哪些设备失电');
    assert.equal(zj.noAnswer, true);
    assert.doesNotMatch(zj.answer, /苏州东#|主变压器，但/);
    const js = await ask(driver, dispatcherAt('jiangsu'), 'T2 at Suzhou East tripped - what goes dark');
    assert.ok(js.entities.some((e) => e.id === 'eq-szd-lvcb2'));
    const zj2 = await ask(driver, dispatcherAt('zhejiang'), 'T2 at Suzhou East tripped - what goes dark');
    assert.equal(zj2.noAnswer, true);
    assert.ok(!zj2.entities.some((e) => e.id.startsWith('eq-szd')));
  });
});
