// Yes/no verdicts: the question's act with its manner (alone, without, a proposed value) against what the
// deciding clause prohibits or requires, so a negation the clause itself names counts once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict, quantities, valueVerdict, verdictLead } from './verdict.js';

const rule = (q: string, clause: string): 'YES' | 'NO' | null => decideVerdict(q, clause, 'SafetyRule');

test('alone: a clause that prohibits the alone act is NO, a clause that wants two people is NO, else undecided', () => {
  assert.equal(rule('可以单人进入{equipment_type}吗', '严禁单人进入加氯间或氯库'), 'NO');
  assert.equal(rule('一个人能进{equipment_type}吗', '严禁单人进入加氯间或氯库'), 'NO');
  assert.equal(rule('Can I enter the pump room alone?', 'nobody may enter the chlorination room or store alone'), 'NO');
  assert.equal(rule('Can I enter the pump room alone?', 'Never enter a pump room alone'), 'NO');
  assert.equal(rule('倒闸操作一个人干可以吗', '倒闸操作必须由两人进行'), 'NO');
  assert.equal(rule('can I enter without an attendant', 'an attendant must stand at the entrance'), 'NO');
  assert.equal(rule('可以单人巡视高压设备吗', '雷雨天气需要巡视室外高压设备时，应穿绝缘靴'), null);
  // Two people against a rule that forbids going alone: allowed.
  assert.equal(rule('两个人一起进加氯间可以吗', '严禁单人进入加氯间或氯库'), 'YES');
});

test('without / not: counted once when the clause names the not-done case, flipped when it does not', () => {
  assert.equal(
    rule(
      'can I go down a {equipment_type} without testing the air first',
      'never enter without ventilation and testing',
    ),
    'NO',
  );
  assert.equal(rule('可以不验电吗', '挂接地线前必须验电'), 'NO');
  assert.equal(rule('没查明原因能强送吗', '未查明原因前严禁强送电'), 'NO');
  assert.equal(
    rule('can I re-energise without finding the cause', 'it must not be re-energised until the cause is found'),
    'NO',
  );
  assert.equal(rule('can I enter without testing', 'the air must be tested before entering'), 'NO');
  // 能不能 is a question form, not a negation.
  assert.equal(rule('重瓦斯跳闸后能不能直接强送', '未查明原因并消除故障前严禁强送电'), 'NO');
  assert.equal(rule('能不能直接恢复供水', '水质检测合格方可恢复供水'), 'YES');
});

test('manner words meet the clause: quickly = fast = 快速', () => {
  assert.equal(rule('Can I close a valve quickly?', 'operate them slowly and never close one fast'), 'NO');
  assert.equal(rule('阀门可以迅速关闭吗', '严禁快速关闭以免产生水锤'), 'NO');
});

test('a proposed value against a bound: YES within, NO beyond; the line beside the repeated number decides', () => {
  assert.deepEqual(
    quantities('each for at most 3 seconds, 2 h, 0.7米, 五分钟').map((q) => [q.kind, q.value]),
    [
      ['time', 3],
      ['time', 7200],
      ['length', 0.7],
      ['time', 300],
    ],
  );
  const dc = 'each for at most 3 seconds';
  assert.equal(valueVerdict('can I shorten the search to 5 seconds per circuit', dc), 'NO');
  assert.equal(valueVerdict('can I cut each circuit for 2 seconds', dc), 'YES');
  assert.equal(valueVerdict('每路断电5秒行吗', '每路断电时间不超过3秒'), 'NO');
  assert.equal(valueVerdict('闭阀运行5分钟可以吗', '闭阀运行时间不宜超过3 min'), 'NO');
  assert.equal(valueVerdict('闭阀运行两分钟可以吗', '闭阀运行时间不宜超过3 min'), 'YES');
  const dist = '10kV不小于0.7米，110kV不小于1.5米，220kV不小于3.0米';
  assert.equal(valueVerdict('110kV设备1米可以吗', dist), 'NO');
  assert.equal(valueVerdict('10kV设备1米可以吗', dist), 'YES');
  const en = '0.7 m at 10 kV, 1.5 m at 110 kV, 3.0 m at 220 kV';
  assert.equal(valueVerdict('Can I stand 2 m from 220 kV equipment?', en, `Minimum distance: ${en}`), 'NO');
  assert.equal(valueVerdict('Can I stand 2 m from 110 kV equipment?', en, `Minimum distance: ${en}`), 'YES');
  // A value of another quantity, or a clause without a bound, does not decide.
  assert.equal(valueVerdict('can I wait 5 metres away', dc), null);
  assert.equal(valueVerdict('放电5秒可以吗', '电容器放电5分钟后再接近'), null);
  assert.equal(decideVerdict('can I shorten it to 5 seconds', dc, 'SafetyRule'), 'NO');
});

test('the answer opens with what was asked: required → 需要 / Yes, it is required; prohibited → 不可以', () => {
  assert.equal(verdictLead('倒闸操作要不要两个人', '倒闸操作必须由两人进行', 'YES', 'zh'), '需要。');
  assert.equal(
    verdictLead('Does switching need two people?', 'Switching must be done by two people', 'YES', 'en'),
    'Yes, it is required. ',
  );
  assert.equal(verdictLead('可以开阀吗', '管网阀门启闭须经调度批准', 'YES', 'zh'), '可以，但须按规定：');
  assert.equal(verdictLead('能继续运行吗', '放气后继续运行', 'YES', 'zh'), '可以。');
  assert.equal(verdictLead('可以强送吗', '严禁强送电', 'NO', 'zh'), '不可以。');
});

test('a rule sentence without a modal word is an instruction; skipping it, or 不…直接 around a masked name, is NO', () => {
  assert.equal(
    rule('can I skip the goggles when mixing coagulant?', 'wear goggles and corrosion-resistant gloves'),
    'NO',
  );
  assert.equal(
    rule('is it ok to start the pump with the valve closed?', 'start it against a closed discharge valve'),
    'YES',
  );
  assert.equal(rule('停电检修前不{safety_rule}直接挂地线行不行', '停电检修前必须用合格的验电器逐相验电'), 'NO');
  assert.equal(rule('不{procedure}就直接送电可以吗', '送电前必须完成检查'), 'NO');
});
