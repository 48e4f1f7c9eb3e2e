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

// Never YES to what a rule forbids (#18): a yes needs the act to be what the clause permits or requires, or a
// value read and within the bound; a value that cannot be read gives no verdict.
const part = (q: string, clause: string, whole: string): 'YES' | 'NO' | null =>
  decideVerdict(q, clause, 'SafetyRule', whole, q);
const SAFE = '人员与带电设备的安全距离：10kV不小于0.7米，110kV不小于1.5米，220kV不小于3.0米，500kV不小于5.0米';
const SAFE_EN = 'Minimum distance to live equipment: 0.7 m at 10 kV, 1.5 m at 110 kV, 3.0 m at 220 kV, 5.0 m at 500 kV';

test('values said in words and other units are read: 半米, 一米五, 两米, two metres, 4 ft, ninety degrees, °F', () => {
  assert.deepEqual(
    ['离半米', '离一米五', '两米', '一个半小时', '十五分钟'].map((t) => quantities(t)[0]?.value),
    [0.5, 1.5, 2, 5400, 900],
  );
  assert.deepEqual(
    ['two metres', 'a metre and a half', 'half a metre', 'ninety degrees', '194 °F'].map((t) =>
      quantities(t)[0]?.value.toFixed(2),
    ),
    ['2.00', '1.50', '0.50', '90.00', '90.00'],
  );
  assert.equal(quantities('4 ft')[0]?.value.toFixed(4), '1.2192');
  // Terms are not numbers: 二次回路 is the secondary circuit.
  assert.deepEqual(quantities('二次回路'), []);
  assert.equal(valueVerdict('110kV带电设备离半米可以吗', SAFE), 'NO');
  assert.equal(valueVerdict('110kV带电设备离一米五可以吗', SAFE), 'YES');
  assert.equal(valueVerdict('Can I work two metres from live 220 kV gear?', SAFE_EN), 'NO');
  assert.equal(valueVerdict('Can I stand 4 ft from live 110 kV equipment?', SAFE_EN), 'NO');
  const bearing =
    'Stop the unit at once and switch to the standby pump if a sleeve bearing exceeds 70 °C, a rolling bearing 80 °C';
  assert.equal(part('Can the rolling bearing run at ninety degrees?', 'a rolling bearing 80 °C', bearing), 'NO');
  assert.equal(valueVerdict('滚动轴承九十度能运行吗', '滑动轴承超过70 ℃、滚动轴承超过80 ℃或有焦糊味时立即停机'), 'NO');
});

test('a value that cannot be read, or none where the clause is a bound, gives no verdict, never YES', () => {
  assert.equal(part('110kV带电设备离NaN米可以吗', '110kV不小于1.5米', SAFE), null);
  assert.equal(part('110kV带电设备旁边站着干活可以吗', '110kV不小于1.5米', SAFE), null);
  assert.equal(part('Can I work next to live 110 kV gear?', '1.5 m at 110 kV', SAFE_EN), null);
  assert.equal(
    part(
      '管网末梢余氯0.02可以吗',
      '管网末梢余氯低于0.05 mg/L时对相关管段放水冲洗',
      '管网末梢余氯低于0.05 mg/L时对相关管段放水冲洗',
    ),
    null,
  );
  // A measured value no bound of the clause speaks of.
  assert.equal(
    rule('Can I run the pump with the bearing at 90 degrees?', 'Check winding and bearing temperatures'),
    null,
  );
  assert.equal(rule('轴承90度还能继续运行吗', '用红外测温仪检查绕组和轴承温度'), null);
});

test('the rest of the requirement forbids the asked act: NO whichever part was picked', () => {
  const thunder = '雷雨天气需要巡视室外高压设备时，应穿绝缘靴，并不得靠近避雷器和避雷针';
  assert.equal(part('雷雨天巡视室外设备能靠近避雷器吗', '雷雨天气需要巡视室外高压设备时', thunder), 'NO');
  assert.equal(part('雷雨天巡视可以穿普通鞋吗', '雷雨天气需要巡视室外高压设备时', thunder), 'NO');
  const thunderEn =
    'In thunderstorms, outdoor HV patrols require insulating boots and must keep away from arresters and lightning rods';
  assert.equal(part('Can I go near the surge arresters during a thunderstorm patrol?', thunderEn, thunderEn), 'NO');
  assert.equal(part('Can I patrol in ordinary shoes during a thunderstorm?', thunderEn, thunderEn), 'NO');
  const ct = '运行中的电流互感器二次回路严禁开路，短接时必须使用专用短接线或短接片，严禁用导线缠绕';
  assert.equal(part('可以用普通导线短接CT二次吗', '短接时必须使用专用短接线或短接片', ct), 'NO');
  assert.equal(rule('线路停电了巡线时能当它没电吗', '故障巡线应始终认为线路带电'), 'NO');
  const pump = '离心泵启动前必须灌泵排气，应闭阀启动（出口阀门关闭状态下启动），闭阀运行时间不宜超过3 min';
  assert.equal(part('离心泵可以开着出口阀启动吗', '应闭阀启动（出口阀门关闭状态下启动）', pump), 'NO');
  assert.equal(part('离心泵能开阀启动吗', '离心泵启动前必须灌泵排气', pump), 'NO');
  const pumpEn = 'Prime and vent a centrifugal pump before starting it and start it against a closed discharge valve';
  assert.equal(part('Can I start a centrifugal pump with the discharge valve open?', pumpEn, pumpEn), 'NO');
  assert.equal(part('Can I start a centrifugal pump with the discharge valve closed?', pumpEn, pumpEn), 'YES');
  const cylinder = '使用时瓶内必须保留不低于0.05 MPa的余压，严禁用尽';
  assert.equal(part('氯瓶余压用到零可以吗', '使用时瓶内必须保留不低于0.05 MPa的余压', cylinder), 'NO');
  // The masked name holds the negated verb (不{rule}); a condition (不能提前通知的) prohibits nothing.
  const notice = '应经城市供水主管部门批准并提前24 h通知用户；因灾害或紧急事故不能提前通知的，应在抢修的同时通知用户';
  assert.equal(
    decideVerdict(
      '停水前不{rule}可以吗',
      '应经城市供水主管部门批准并提前24 h通知用户',
      'SafetyRule',
      notice,
      '停水前不通知用户可以吗',
    ),
    'NO',
  );
  assert.equal(part('来不及提前通知，可以一边抢修一边通知用户吗', '应在抢修的同时通知用户', notice), 'YES');
});

test('of several bounds, the line with the qualifier the question names (室外 / outdoors) decides', () => {
  const zh = '高压设备发生接地时，室内人员不得接近故障点4米以内，室外不得接近8米以内';
  assert.equal(
    part('发生接地时室外可以走到距离故障点5米的地方吗', '高压设备发生接地时，室内人员不得接近故障点4米以内', zh),
    'NO',
  );
  assert.equal(valueVerdict('发生接地时室外可以走到距离故障点5米的地方吗', zh), 'NO');
  assert.equal(valueVerdict('发生接地时室内可以走到距离故障点5米的地方吗', zh), 'YES');
});
