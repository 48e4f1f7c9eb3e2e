// Yes/no (ALLOWED) answers through the real pipeline on both bases in the real Neo4j: the verdict AND the
// rule that decides it, for wordings that ask about doing something alone, without something, quickly, or
// beyond a limit, and for questions about what is required ("要不要两个人" → 需要, not 可以).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { createDriver } from '../../lib/graph/driver.js';
import { basesDir, importKnowledgeBase, loadBase } from '../../subgraphs/knowledge/kb/import.js';
import { ask } from '../../subgraphs/knowledge/qa/ask.js';

const admin: Identity = { sub: 'kv-admin', username: 'kv-admin', roles: ['platform-admin'], org: 'hq' };
let driver: Driver;

before(async () => {
  driver = createDriver();
  await importKnowledgeBase(driver);
  await importKnowledgeBase(driver, loadBase(join(basesDir, 'water')));
});
after(async () => {
  await driver.close();
});

// [base, question, verdict, deciding rule, words the quoted clause must contain, opening of the answer?]
type Row = [string, string, 'YES' | 'NO', string, RegExp, RegExp?];
const TABLE: Row[] = [
  // Alone against a rule that forbids going alone or wants two people.
  ['water', '可以单人进入加氯间吗', 'NO', 'w-sr-chlorine-leak-response', /严禁单人进入加氯间/],
  ['water', '一个人能进加氯间吗', 'NO', 'w-sr-chlorine-leak-response', /严禁单人进入加氯间/],
  ['water', '能不能一个人下到阀门井里', 'NO', 'w-sr-confined-space', /严禁单人进入/],
  ['water', 'Can I enter the pump room alone?', 'NO', 'w-sr-chlorine-leak-response', /nobody may enter .* alone/],
  [
    'water',
    'Can I enter a valve chamber without an attendant at the entrance?',
    'NO',
    'w-sr-confined-space',
    /attendant/,
  ],
  ['water', '更换氯瓶一个人可以吗', 'NO', 'w-sr-chlorine-cylinder', /两人进行/],
  ['grid', '倒闸操作可以一个人做吗', 'NO', 'sr-two-person', /两人进行/],
  ['grid', 'Can one person do switching alone?', 'NO', 'sr-two-person', /two people/],
  ['grid', '瓦斯继电器取气可以单人进行吗', 'NO', 'sr-gas-sampling', /两人进行/],
  ['water', '抢险的时候两个人一起进加氯间可以吗', 'YES', 'w-sr-chlorine-leak-response', /两人以上/],
  // Without the required step, against a rule that forbids going ahead without it.
  [
    'water',
    'can I go down a valve pit without testing the air first',
    'NO',
    'w-sr-confined-space',
    /without ventilation and testing/,
  ],
  ['water', '进阀门井之前可以不通风吗', 'NO', 'w-sr-confined-space', /先通风/],
  [
    'water',
    "Can I open a network valve without the dispatcher's approval?",
    'NO',
    'w-sr-valve-operation',
    /dispatcher's approval/,
  ],
  ['grid', '重瓦斯跳闸后能不能直接强送', 'NO', 'sr-no-forced-energize', /严禁强送电/],
  [
    'grid',
    'Can I re-energise the transformer after a differential trip without finding the cause?',
    'NO',
    'sr-no-forced-energize',
    /until the cause is found/,
  ],
  ['grid', '主变差动保护动作后可以强送电吗', 'NO', 'sr-no-forced-energize', /严禁强送电/],
  // Manner: quickly = fast = 快速; together = 同时.
  ['water', 'Can I close a valve quickly?', 'NO', 'w-sr-valve-operation', /never close one fast/],
  ['water', '阀门可以快速关闭吗', 'NO', 'w-sr-valve-operation', /严禁快速关闭/],
  ['water', '几台水泵能同时启动吗', 'NO', 'w-sr-pump-operation', /严禁同时启动/],
  ['water', 'Can we start two pumps together?', 'NO', 'w-sr-pump-operation', /never together/],
  [
    'water',
    'Can I spray water on a leaking chlorine cylinder?',
    'NO',
    'w-sr-chlorine-leak-response',
    /never spray water/,
  ],
  ['water', '有限空间可以用纯氧通风吗', 'NO', 'w-sr-confined-space', /严禁用纯氧/],
  // A proposed value against a bound.
  [
    'grid',
    'can I shorten the DC ground search to 5 seconds per circuit',
    'NO',
    'sr-dc-ground-search',
    /at most 3 seconds/,
  ],
  [
    'grid',
    'Is it OK to cut each circuit for 10 seconds when searching a DC earth?',
    'NO',
    'sr-dc-ground-search',
    /3 seconds/,
  ],
  ['grid', '查直流接地每路可以断电2秒吗', 'YES', 'sr-dc-ground-search', /不超过3秒/],
  ['grid', '直流接地拉路每路断开5秒行吗', 'NO', 'sr-dc-ground-search', /不超过3秒/],
  ['water', '离心泵闭阀运行5分钟可以吗', 'NO', 'w-sr-pump-operation', /不宜超过3 min/],
  ['water', '离心泵闭阀运行2分钟可以吗', 'YES', 'w-sr-pump-operation', /不宜超过3 min/],
  ['grid', '110kV设备可以在1米距离内工作吗', 'NO', 'sr-safe-distance', /110kV不小于1\.5米/],
  // What is required is answered as required.
  ['grid', '倒闸操作要不要两个人', 'YES', 'sr-two-person', /两人进行/, /^需要。/],
  ['grid', 'Does switching need two people?', 'YES', 'sr-two-person', /two people/, /^Yes, it is required\./],
  ['water', '阀门启闭需要调度批准吗', 'YES', 'w-sr-valve-operation', /调度批准/, /^需要。/],
];

describe('ALLOWED: verdict and deciding rule', () => {
  for (const [base, q, verdict, rule, quoted, lead] of TABLE)
    test(`${base}: ${q}`, async () => {
      const a = await ask(driver, admin, q, { base });
      assert.equal(a.intent, 'ALLOWED');
      assert.equal(a.verdict, verdict, a.answer);
      assert.equal(a.entities[0]?.id, rule, a.answer);
      assert.match(a.entities[0]?.detail ?? '', quoted, a.answer);
      if (lead) assert.match(a.answer, lead);
      // The answer never says yes while quoting a prohibition of the asked act, nor "可以" for an obligation.
      if (verdict === 'YES') assert.doesNotMatch(a.answer, /^(?:不可以|No\.)/);
    });
});

test('a clause that says nothing about how many people does not decide "alone": no verdict, refused', async () => {
  const a = await ask(driver, admin, '可以单人巡视高压设备吗', { base: 'grid' });
  assert.equal(a.intent, 'ALLOWED');
  assert.equal(a.verdict, null);
  assert.equal(a.noAnswer, true);
  assert.doesNotMatch(a.answer, /雷雨/);
});

// Never YES to what a rule forbids (#18, black-box finding H1): unread or out-of-bound values, acts the rule
// forbids, the outdoor bound asked as outdoors. Each must come back NO or with no verdict, never YES.
const NEVER_YES: [string, string][] = [
  ['grid', '110kV带电设备离半米可以吗'],
  ['grid', '110kV带电设备旁边站着干活可以吗'],
  ['grid', '110kV带电设备离NaN米可以吗'],
  ['grid', 'Can I work two metres from live 220 kV gear?'],
  ['grid', 'Can I stand 4 ft from live 110 kV equipment?'],
  ['water', 'Can the rolling bearing run at ninety degrees?'],
  ['water', 'Can I run the pump with the bearing at 90 degrees?'],
  ['grid', '雷雨天巡视室外设备能靠近避雷器吗'],
  ['grid', 'Can I go near the surge arresters during a thunderstorm patrol?'],
  ['grid', '雷雨天巡视可以穿普通鞋吗'],
  ['grid', '线路停电了巡线时能当它没电吗'],
  ['grid', '可以用普通导线短接CT二次吗'],
  ['grid', 'Can I short a CT secondary by wrapping wire around the terminals?'],
  ['water', '离心泵可以开着出口阀启动吗'],
  ['water', '离心泵能开阀启动吗'],
  ['water', 'Can I start a centrifugal pump with the discharge valve open?'],
  ['water', '停水前不通知用户可以吗'],
  ['water', '氯瓶余压用到零可以吗'],
  ['water', '管网末梢余氯0.02可以吗'],
  ['grid', '发生接地时室外可以走到距离故障点5米的地方吗'],
  // 可以不 / 能不 at the end only ask (as 可以吗); 省 skips a required act; a value over one line of a table.
  ['grid', '刀闸发热严重，还带着负荷，现场直接拉开它可以不'],
  ['grid', '反正线路已经停了，装接地线前那步验电能省掉不'],
  ['grid', 'the line is already dead, can we leave out the voltage test and go straight to earthing?'],
  ['water', '次氯酸钠跟聚合氯化铝共用一根加药管能不'],
  ['water', 'ok to heap the dug soil next to the trench, roughly 1.8 m tall?'],
  // A frequency bounds the interval: once a year is too seldom for "at least once every 6 months".
  ['water', '小区水箱一年才清洗一次，可以吗'],
  ['water', 'is it fine to clean the estate tank just once a year?'],
  // A prohibition of another rule than the clause picked still vetoes; the bound word nearest the value decides;
  // a negation that only describes the situation (找不到短接片) does not turn the asked act around.
  ['water', 'can I just yank the valve closed in one go so the flooding stops sooner?'],
  ['water', '加药泵还在转，我直接上手拆修行不行'],
  ['grid', '短接片找不到了，用根铁丝缠一下CT二次端子可以吧'],
  ['grid', 'SF6开关室氧气才16%，人能进去吗'],
  ['water', '计划停水只提前3小时通知住户可以吗'],
];

describe('never YES to what a rule forbids or to a value that cannot be read', () => {
  for (const [base, q] of NEVER_YES)
    test(`${base}: ${q}`, async () => {
      const a = await ask(driver, admin, q, { base });
      assert.notEqual(a.verdict, 'YES', a.answer);
      assert.doesNotMatch(a.answer, /^(?:可以|Yes)/, a.answer);
    });
  test('an absence the rule itself demands is not a skipped act: two people, no naked flame, proper sampler → YES', async () => {
    const a = await ask(
      driver,
      admin,
      'the two of us, a dedicated sampler, no naked flames nearby: may we sample the Buchholz gas?',
      {
        base: 'grid',
      },
    );
    assert.equal(a.verdict, 'YES', a.answer);
    assert.equal(a.entities[0]?.id, 'sr-gas-sampling', a.answer);
  });
  test('a value said in words that meets the bound is still YES: 一米五 at 110 kV', async () => {
    const a = await ask(driver, admin, '110kV带电设备离一米五可以吗', { base: 'grid' });
    assert.equal(a.verdict, 'YES', a.answer);
    assert.equal(a.entities[0]?.id, 'sr-safe-distance', a.answer);
  });
  test('the outdoor bound decides an outdoor value: 5 m outdoors is NO (8 m)', async () => {
    const a = await ask(driver, admin, '发生接地时室外可以走到距离故障点5米的地方吗', { base: 'grid' });
    assert.equal(a.verdict, 'NO', a.answer);
    assert.equal(a.entities[0]?.id, 'sr-ground-fault-distance', a.answer);
  });
});

// The bound of the line the question's qualifier names (室外 vs 室内): the outdoor 8 m, not the indoor 4 m.
describe('LIMIT: the outdoor bound for an outdoor question', () => {
  for (const q of [
    '室外接地故障点多少米内不能靠近',
    '室外发生接地，人要离故障点多远',
    '室外的接地点，我要站多远才安全',
  ])
    test(q, async () => {
      const a = await ask(driver, admin, q, { base: 'grid' });
      assert.equal(a.intent, 'LIMIT');
      assert.equal(a.entities[0]?.id, 'sr-ground-fault-distance', a.answer);
      assert.match(a.answer, /“室外不得接近8米以内”/, a.answer);
    });
  test('the indoor question keeps the indoor 4 m', async () => {
    const a = await ask(driver, admin, '室内发生接地，人要离故障点多远', { base: 'grid' });
    assert.match(a.answer, /“[^”]*室内人员不得接近故障点4米以内”/, a.answer);
  });
});

// A pipe size against the requirement's size ranges: DN200 falls under DN300及以下 (24 h), DN500 under DN300以上.
describe('LIMIT: the line of the size range the question names', () => {
  for (const [q, line] of [
    ['DN200的管道多久要修好', /“DN300及以下管道应在24 h内修复/],
    ['DN500的管道爆了多久要修好', /“DN300以上管道应在48 h内修复”/],
  ] as const)
    test(q, async () => {
      const a = await ask(driver, admin, q, { base: 'water' });
      assert.equal(a.intent, 'LIMIT');
      assert.equal(a.entities[0]?.id, 'w-sr-repair-time', a.answer);
      assert.match(a.answer, line, a.answer);
    });
});
