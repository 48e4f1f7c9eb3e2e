// Clause picking and verdicts for yes/no and limit questions, on texts shaped like the demo base's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  clausePolarity,
  clausesOf,
  pickClause,
  splitClauses,
  verdictFor,
  type ClauseSource,
} from './intent-clauses.js';

const rule = (ownerId: string, whole: string, lang: 'zh' | 'en' = 'zh', linked = true): ClauseSource[] =>
  clausesOf({ ownerId, ownerKind: 'SafetyRule', whole, lang, linked });

const RULES = [
  ...rule('r-forced', '主变压器重瓦斯或差动保护动作跳闸后，未查明原因并消除故障前严禁强送电。'),
  ...rule('r-two', '倒闸操作必须由两人进行，一人操作一人监护，监护人应由较熟悉设备的人员担任。'),
  ...rule('r-dist', '人员与带电设备的安全距离：10kV不小于0.7米，110kV不小于1.5米，220kV不小于3.0米。'),
  ...rule(
    'r-sf6',
    'Ventilate for 15 minutes before entering an SF6 switchgear room; oxygen must be at least 18%.',
    'en',
  ),
  ...rule(
    'r-locked',
    'A breaker locked out by low SF6 pressure must never be opened or closed: remove its control supply.',
    'en',
  ),
];

test('splitting keeps numbers whole and conditions with what they condition', () => {
  assert.deepEqual(splitClauses('10kV不小于0.7米，110kV不小于1.5米'), ['10kV不小于0.7米', '110kV不小于1.5米']);
  const units = rule('x', '断路器因SF6压力低闭锁时，严禁对其进行分合闸操作，应断开其控制电源。').map((c) => c.text);
  assert.deepEqual(units, ['断路器因SF6压力低闭锁时，严禁对其进行分合闸操作', '应断开其控制电源']);
});

test('polarity: prohibitions before permissions; 不可燃 is not a prohibition', () => {
  assert.equal(clausePolarity('未查明原因前严禁强送电'), 'PROHIBITS');
  assert.equal(clausePolarity('must never be opened'), 'PROHIBITS');
  assert.equal(clausePolarity('倒闸操作必须由两人进行'), 'PERMITS');
  assert.equal(clausePolarity('气体无色无味不可燃判为空气'), 'NEUTRAL');
});

test('ALLOWED: the clause about the asked action decides, flipped when the question asks about not doing it', () => {
  const q1 = '{fault}后可以强送电吗';
  const p1 = pickClause('重瓦斯跳闸后可以强送电吗', q1, RULES, 'ALLOWED', 0.4)!;
  assert.equal(p1.ownerId, 'r-forced');
  assert.equal(verdictFor(q1, p1.text, p1.ownerKind), 'NO');
  const q2 = '倒闸操作一个人干可以吗';
  const p2 = pickClause(q2, q2, RULES, 'ALLOWED', 0.4)!;
  assert.equal(p2.ownerId, 'r-two');
  assert.equal(verdictFor(q2, p2.text, p2.ownerKind), 'NO');
  const q3 = 'can I close a breaker that is locked out on low SF6 pressure';
  const p3 = pickClause(q3, q3, RULES, 'ALLOWED', 0.4)!;
  assert.equal(p3.ownerId, 'r-locked');
  assert.equal(verdictFor(q3, p3.text, p3.ownerKind), 'NO');
  const step = clausesOf({
    ownerId: 'p',
    ownerKind: 'Step',
    order: 4,
    whole: '气体无色无味不可燃判为空气，放气后继续运行',
    lang: 'zh',
    linked: true,
  });
  assert.equal(verdictFor('{fault}还能继续运行吗', step[0]!.text, 'Step'), 'YES');
});

test('ALLOWED: everyday wording: 能不能 is not a negation, 没颜色 is a description, 拿水冲 is spraying water', () => {
  const spray = '严禁向泄漏的氯瓶喷水';
  assert.equal(verdictFor('{fault}了，能不能拿水冲一下降降温？', spray, 'SafetyRule'), 'NO');
  assert.equal(verdictFor('can we hose it down to cool it', spray, 'SafetyRule'), 'NO');
  const air = '气体无色无味不可燃判为空气，放气后继续运行';
  assert.equal(verdictFor('取出来的气没颜色没味道也点不着，还能接着运行吗', air, 'Step'), 'YES');
  assert.equal(verdictFor('没验电能不能直接挂地线', '挂接地线前必须验电', 'SafetyRule'), 'NO');
  // 不…就/直接 asks about skipping it; 能不能直接 / 可不可以直接 do not.
  assert.equal(verdictFor('不检测水质就恢复供水行吗', '水质检测合格方可恢复供水', 'SafetyRule'), 'NO');
  assert.equal(verdictFor('能不能直接恢复供水', '水质检测合格方可恢复供水', 'SafetyRule'), 'YES');
  // A clause that already names the alone / not-done case answers the question as it stands.
  assert.equal(verdictFor('有限空间可以一个人下去吗', '严禁单人进入作业', 'SafetyRule'), 'NO');
  assert.equal(verdictFor('can I go in on my own', 'nobody may enter alone', 'SafetyRule'), 'NO');
  assert.equal(verdictFor('没查明原因能强送吗', '未查明原因前严禁强送电', 'SafetyRule'), 'NO');
  assert.equal(verdictFor('倒闸操作一个人干可以吗', '倒闸操作必须由两人进行', 'SafetyRule'), 'NO');
});

test('LIMIT: only clauses with a value; the shared number picks the line', () => {
  const q = '110kV设备的安全距离是多少';
  const p = pickClause(q, q, RULES, 'LIMIT', 0.4)!;
  assert.equal(p.ownerId, 'r-dist');
  assert.match(p.text, /1\.5米/);
  const e = 'how long must we ventilate before entering an SF6 room';
  assert.equal(pickClause(e, e, RULES, 'LIMIT', 0.4)?.ownerId, 'r-sf6');
});

test('nothing close enough: no clause, so the answer refuses', () => {
  const q = '可以在控制室里吃东西吗';
  assert.equal(
    pickClause(
      q,
      q,
      RULES.map((r) => ({ ...r, linked: false })),
      'ALLOWED',
      0.4,
    ),
    null,
  );
});

test('a question about going ahead without the required step is answered NO; "per hour" rates are limits', () => {
  const flush = rule('r-flush', '新装或修复后的管道必须冲洗消毒后方可通水；未经检测合格严禁恢复供水。');
  const q = '管道修好了没检测能直接通水吗';
  const p = pickClause(q, q, flush, 'ALLOWED', 0.4)!;
  assert.equal(verdictFor(q, p.text, p.ownerKind), 'NO');
  const air = rule('r-air', 'Chlorination rooms need mechanical ventilation of 8 to 12 air changes per hour.', 'en');
  const e = 'how many air changes per hour does a chlorination room need';
  assert.match(pickClause(e, e, air, 'LIMIT', 0.4)?.text ?? '', /12 air changes per hour/);
});

test('a limit question that says what it asks for prefers the clause stating that quantity; one shared word is not enough', () => {
  const water = [
    ...rule('r-cl', '采用游离氯消毒时，与水接触时间不少于30 min；出厂水游离氯不得高于2 mg/L。', 'zh', false),
    ...rule('r-leak', '氯气浓度降至1 mg/m³以下后方可解除警戒。', 'zh', false),
  ];
  assert.match(
    pickClause('游离氯消毒接触时间最少多少', '游离氯消毒接触时间最少多少', water, 'LIMIT', 0.3)!.text,
    /30 min/,
  );
  assert.match(pickClause('出厂水游离氯浓度最高多少', '出厂水游离氯浓度最高多少', water, 'LIMIT', 0.3)!.text, /2 mg/);
  // mg/m³ is a unit of a limit.
  assert.match(
    pickClause('氯气浓度降到多少能解除警戒', '氯气浓度降到多少能解除警戒', water, 'LIMIT', 0.3)!.text,
    /1 mg/,
  );
  // Sharing only "运行" with the one duration of the base: the asked quantity (how long) does not carry it over.
  const grid = rule('p-earth', '带接地运行不得超过2小时', 'zh', false);
  assert.equal(pickClause('光伏板最多能连续运行多久', '光伏板最多能连续运行多久', grid, 'LIMIT', 0.4), null);
});

test('a clause stating both quantities a limit question asks for is close enough with fewer shared words', () => {
  const flush = rule(
    'r-flush',
    '新装或修复后的管道必须冲洗消毒后方可通水：冲洗流速不小于1.0 m/s，用游离氯含量不低于20 mg/L的清洁水浸泡24 h后再冲洗，直至浊度、余氯和细菌学指标检测合格。',
    'zh',
    false,
  );
  for (const q of ['新管道消毒泡多久，氯浓度要多少', '新水管消毒泡多久，氯浓度要多少'])
    assert.match(pickClause(q, q, flush, 'LIMIT', 0.4)?.text ?? '', /20 mg\/L.*24 h/, q);
});

test('hedged prohibitions (一般不, 原则上不) prohibit', () => {
  assert.equal(clausePolarity('电缆线路跳闸一般不强送'), 'PROHIBITS');
  assert.equal(clausePolarity('原则上不在雷雨天进行倒闸操作'), 'PROHIBITS');
  assert.equal(clausePolarity('一律不得带负荷拉刀闸'), 'PROHIBITS');
});

test('a temporal connective (以后, 之后) in the question makes no bigram with its neighbours', () => {
  const water = rule('r-cl', '采用游离氯消毒时，与水接触时间不少于30 min。', 'zh', false);
  for (const q of ['加氯以后至少要接触多长时间', '投加氯之后要接触多久才行', '加氯消毒最短接触多久'])
    assert.match(pickClause(q, q, water, 'LIMIT', 0.4)?.text ?? '', /30 min/, q);
});

test('最高/最低 asks for the bound: no bigram with the words around it', () => {
  const grid = rule(
    'r-sf6',
    '进入SF6配电装置室前应先通风15分钟，检测氧含量不低于18%、SF6浓度不超过1000μL/L。',
    'zh',
    false,
  );
  for (const q of ['SF6室氧含量最低多少才能进', 'SF6室里SF6浓度最高多少允许进人'])
    assert.match(pickClause(q, q, grid, 'LIMIT', 0.4)?.text ?? '', /1000/, q);
});
