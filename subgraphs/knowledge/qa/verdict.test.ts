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

test('a question asking whether something may go on against a clause that stops or prohibits it is NO', () => {
  assert.equal(rule('清水池已经低于下限水位了，送水泵还能接着抽吗', '水位低于下限时应停止相应送水泵'), 'NO');
  assert.equal(
    rule(
      'can the pumps keep running when the clear well is below the low limit?',
      'stop the high-lift pumps when the level falls below the low limit',
    ),
    'NO',
  );
  assert.equal(rule('查{fault}的时候，别的班组还能在二次回路上接着干活吗', '禁止在二次回路上进行其他工作'), 'NO');
  assert.equal(
    rule('can other crews carry on working on secondary circuits meanwhile?', 'no other work on secondary circuits'),
    'NO',
  );
  // Going on where the clause itself says to go on stays YES.
  assert.equal(rule('气体不可燃，主变还能接着运行吗', '放气后继续运行并监视告警间隔'), 'YES');
  // 二次 is the secondary circuit, not "twice": no count is proposed.
  assert.deepEqual(quantities('别的班组还能在二次回路上接着干活吗'), []);
  assert.deepEqual(
    quantities('能连续启动三次吗').map((q) => [q.kind, q.value]),
    [['count', 3]],
  );
});

test('verbal instead of written, or not filling in what the clause requires filled in, is NO', () => {
  assert.equal(rule('倒闸操作不填操作票，按口头指令直接操作行不行', '倒闸操作必须按调度指令填写操作票'), 'NO');
  assert.equal(rule('可以按电话里的口头命令倒闸吗', '倒闸操作必须按调度指令填写操作票'), 'NO');
  assert.equal(
    rule(
      'can we switch on a verbal instruction from the dispatcher?',
      'Switching must follow a written switching order',
    ),
    'NO',
  );
  assert.equal(rule('没穿绝缘靴能巡视吗', '雷雨天气巡视室外高压设备应穿绝缘靴'), 'NO');
  assert.equal(rule('is it ok to leave the roof tank manhole unlocked?', 'manholes are covered and locked'), 'NO');
  // Leaving out one of the ways the clause offers is not skipping it.
  assert.equal(rule('能不能不停电清除异物', '采用带电作业或停电方式清除异物'), 'YES');
  assert.equal(
    rule('can we clear it with live work, without an outage?', 'Remove the object by live work or under an outage'),
    'YES',
  );
});

test('a distance to keep is a minimum: coming closer is NO, staying farther YES; the bound the question names decides', () => {
  const en = 'When HV equipment is earth-faulted, keep 4 m from the fault point indoors and 8 m outdoors';
  assert.equal(valueVerdict('indoor earth fault - am I allowed to get within 3 metres of it?', en), 'NO');
  assert.equal(valueVerdict('indoor earth fault - can I stand 5 metres away?', en), 'YES');
  assert.equal(valueVerdict('outdoor earth fault - can I stand 5 metres away?', en), 'NO');
  const zh = '高压设备发生接地时，室内人员不得接近故障点4米以内，室外不得接近8米以内';
  assert.equal(valueVerdict('室内接地了，走到离故障点3米的地方可以吗', zh), 'NO');
  assert.equal(valueVerdict('室外接地了，离接地点5米可以吗', zh), 'NO');
  assert.equal(valueVerdict('室外接地了，离接地点10米可以吗', zh), 'YES');
  // A length bounded from above stays an upper bound.
  assert.equal(valueVerdict('土能堆2米高吗', '堆土高度不得超过1.5 m'), 'NO');
});

test('the opposite manner of the one the clause requires is NO, of the one it prohibits YES', () => {
  assert.equal(rule('几台送水泵可以一块儿启动吗', '多台水泵应逐台启动'), 'NO');
  assert.equal(rule('can we start all the pumps together?', 'start pumps one at a time'), 'NO');
  assert.equal(rule('关阀能不能关快点', '阀门启闭必须缓慢'), 'NO');
  assert.equal(rule('can I close the valve quickly?', 'valves are opened and closed slowly'), 'NO');
  assert.equal(rule('阀门能慢慢关吗', '严禁快速关闭以免产生水锤'), 'YES');
  assert.equal(rule('may I close it slowly?', 'never close a valve fast'), 'YES');
  // Treating a line as dead that the rule says to treat as live.
  assert.equal(
    rule(
      "Line's been switched off, can the patrol crew treat it as dead?",
      'During fault patrol always treat the line as live',
    ),
    'NO',
  );
  assert.equal(rule('线路停电了，巡线时能当作不带电吗', '故障巡线应始终认为线路带电'), 'NO');
});

test('an action the clause requires done one way: that way is YES; the part about people decides an alone question', () => {
  assert.equal(
    rule(
      'Can I use a proper shorting link on a live CT secondary?',
      'short it only with dedicated shorting links or bars',
    ),
    'YES',
  );
  assert.equal(rule('运行中的CT二次能用专用短接片短接吗', '短接时必须使用专用短接线或短接片'), 'YES');
  assert.equal(rule('CT二次拿导线缠一下行吗', '严禁用导线缠绕'), 'NO');
  assert.equal(
    rule(
      'can I take the {symptom} sample on my own?',
      'Sample Buchholz gas with two people and a dedicated sampler, no open flame',
    ),
    'NO',
  );
  assert.equal(rule('取气能一个人去吗', '瓦斯继电器取气应两人进行，使用专用取气装置，禁止明火'), 'NO');
});

test('at once against a clause that makes one wait first is NO; forcing what the clause forbids forcing is NO', () => {
  assert.equal(rule('电容器刚跳闸，能马上过去检查吗', '电容器放电5分钟后再接近'), 'NO');
  assert.equal(
    rule(
      'can I go up to the capacitor bank right away?',
      'Wait 5 minutes for the capacitors to discharge before approaching',
    ),
    'NO',
  );
  // Waiting as the clause says is YES.
  assert.equal(rule('放电5分钟后可以靠近电容器吗', '电容器放电5分钟后再接近'), 'YES');
  // 立即 in the clause itself is no wait: "马上汇报" against 立即汇报 stays YES.
  assert.equal(rule('跳闸后能马上汇报调度吗', '跳闸后立即汇报调度'), 'YES');
  assert.equal(rule('能不能把五防闭锁解了硬合', '汇报调度，不得强行解除闭锁操作'), 'NO');
});
