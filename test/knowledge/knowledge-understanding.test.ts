// Question understanding through the real pipeline on the real Neo4j: yes/no (ALLOWED) and limit (LIMIT)
// questions answered from the demo base's rules and steps with their evidence, English answers that fall
// back to Chinese text instead of printing empty parts (a base written half in one language), and refusals
// that say what was understood. Every answer carries `understood`, through the gateway too (real token).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { importKnowledgeBase, loadBase, removeBase } from '../../subgraphs/knowledge/kb/import.js';
import { ask, type KnowledgeAnswer } from '../../subgraphs/knowledge/qa/ask.js';
import { tinyBase, type TinyBase } from './kb-fixtures.js';

const admin: Identity = { sub: 'ku-admin', username: 'ku-admin', roles: ['platform-admin'], org: 'hq' };
let hub: Hub;
let driver: Driver;
let half: TinyBase;

before(async () => {
  hub = await startHub();
  driver = hub.driver;
  await importKnowledgeBase(driver);
  half = tinyBase('U');
  await importKnowledgeBase(driver, loadBase(half.dir));
});
after(async () => {
  await removeBase(driver, half.id);
  await hub.close();
});

const understoodIsComplete = (a: KnowledgeAnswer): void => {
  assert.ok(a.understood, 'understood present');
  assert.equal(a.understood.intent, a.intent);
  assert.ok(a.understood.intentConfidence >= 0 && a.understood.intentConfidence <= 1);
  for (const e of a.understood.entities) {
    assert.ok(e.confidence > 0 && e.confidence <= 1, `${e.id} confidence ${e.confidence}`);
    assert.ok(e.how.length > 0 && e.matchedText.length > 0, `${e.id} how/matchedText`);
  }
};

describe('ALLOWED: a verdict from the deciding clause, the rule or step as top entity, with evidence', () => {
  const cases: [string, 'YES' | 'NO', string][] = [
    ['主变重瓦斯跳闸后可以强送电吗', 'NO', 'sr-no-forced-energize'],
    ['进入SF6配电装置室前要先通风吗', 'YES', 'sr-sf6-ventilation'],
    ['can I open a live CT secondary?', 'NO', 'sr-ct-no-open'],
    ['may one person do the switching alone?', 'NO', 'sr-two-person'],
    ['is it ok to skip the helmet on site?', 'NO', 'sr-ppe'],
  ];
  for (const [q, verdict, top] of cases)
    test(q, async () => {
      const a = await ask(driver, admin, q);
      understoodIsComplete(a);
      assert.equal(a.intent, 'ALLOWED');
      assert.equal(a.noAnswer, false, a.answer);
      assert.equal(a.verdict, verdict, a.answer);
      assert.equal(a.entities[0]?.id, top);
      assert.ok(
        a.evidence.nodes.some((n) => n.id === top),
        'the deciding rule is in the evidence',
      );
      assert.match(a.answer, verdict === 'NO' ? /^(不可以|No)\b|^不可以/ : /^(可以|Yes)/);
    });
});

describe('LIMIT: the clause with the value, quoted, from its rule or step', () => {
  const cases: [string, string, RegExp][] = [
    ['进SF6室前要通风多长时间', 'sr-sf6-ventilation', /15分钟/],
    ['110kV设备的安全距离是多少米', 'sr-safe-distance', /110kV不小于1\.5米/],
    ['拉路查找直流接地时每路最多断电几秒', 'sr-dc-ground-search', /3秒/],
    // The DC earth procedure's step repeats its rule's bound: answered from the rule, as the zh question is.
    ['how long may each circuit be off while searching for a DC earth?', 'sr-dc-ground-search', /3 seconds/],
  ];
  for (const [q, top, value] of cases)
    test(q, async () => {
      const a = await ask(driver, admin, q);
      understoodIsComplete(a);
      assert.equal(a.intent, 'LIMIT');
      assert.equal(a.noAnswer, false, a.answer);
      assert.equal(a.verdict, null);
      assert.equal(a.entities[0]?.id, top);
      assert.match(a.answer, value);
    });
});

test('a yes/no question no rule or step decides is refused, saying what was understood', async () => {
  const a = await ask(driver, admin, '可以在控制室吃火锅吗');
  understoodIsComplete(a);
  assert.equal(a.noAnswer, true);
  assert.equal(a.intent, 'ALLOWED');
  assert.match(a.answer, /我理解这是关于「是否允许某项操作」的问题/);
  assert.match(a.answer, /没有找到决定这项操作是否允许的条款/);
});

test('no-answer texts say what was understood and what was missing, in both languages', async () => {
  const zh = await ask(driver, admin, '谁负责处理卫星通信中断？');
  understoodIsComplete(zh);
  assert.equal(zh.noAnswer, true);
  assert.equal(zh.understood.intent, 'RESPONSIBLE');
  assert.match(zh.answer, /我理解这是关于「负责岗位」的问题（置信度 0\.\d+）/);
  const en = await ask(driver, admin, 'How do I handle a hydro turbine cavitation problem?');
  understoodIsComplete(en);
  assert.equal(en.noAnswer, true);
  assert.match(en.answer, /^I understood a question about handling a fault \(confidence 0\.\d+\)/);
  const junk = await ask(driver, admin, 'asdkj qwe zxcv');
  understoodIsComplete(junk);
  assert.equal(junk.intent, 'UNKNOWN');
  assert.equal(junk.noAnswer, true);
  assert.match(junk.answer, /^I could not tell what kind of question this is/);
});

test('linked entities carry confidence and how; understood lists the same entities', async () => {
  const a = await ask(driver, admin, '主变油温过高怎么处理？');
  understoodIsComplete(a);
  assert.equal(a.intent, 'HANDLE_FAULT');
  assert.ok(a.understood.intentConfidence > 0.5);
  assert.ok(a.linked.length > 0);
  assert.deepEqual(
    a.linked.map((l) => [l.id, l.confidence, l.how]),
    a.understood.entities.map((e) => [e.id, e.confidence, e.how]),
  );
  assert.ok(a.understood.entities.some((e) => e.id === 'ft-xfmr-oil-temp-high'));
});

test('English answers from a half-Chinese base fall back to the Chinese text: no empty step or requirement', async () => {
  const a = await ask(driver, admin, 'how do I handle test clear well level low?', { base: half.id, language: 'en' });
  assert.equal(a.noAnswer, false, a.answer);
  assert.equal(a.intent, 'HANDLE_FAULT');
  assert.doesNotMatch(a.answer, /\d\.\s*[;.]/, `no empty step in: ${a.answer}`);
  assert.match(a.answer, /U第二步只有中文/);
  assert.match(a.answer, /U step three English only/);
  // The steps keep both halves as stored; the answer text chose per language.
  assert.equal(a.steps.length, 3);
  const rule = await ask(driver, admin, 'what does the test pump stop rule require?', {
    base: half.id,
    language: 'en',
  });
  assert.equal(rule.noAnswer, false, rule.answer);
  assert.match(rule.answer, /停泵前必须通知调度/);
});

test('through the gateway: verdict, understood and linked confidence are served', async () => {
  const token = await tokenFor('dispatcher');
  const res = await gql<{
    ask: {
      intent: string;
      verdict: string | null;
      noAnswer: boolean;
      entities: { id: string }[];
      linked: { id: string; confidence: number | null; how: string | null }[];
      understood: {
        intent: string;
        intentConfidence: number;
        runnerUp: string;
        entities: { id: string; kind: string; matchedText: string; how: string; confidence: number }[];
      };
    };
  }>(
    hub.gateway.url,
    `query($q: String!) { ask(question: $q) { intent verdict noAnswer entities { id } linked { id confidence how }
      understood { intent intentConfidence runnerUp runnerUpConfidence
        entities { id kind name nameEn matchedText how confidence } } } }`,
    { token, variables: { q: 'can I open a live CT secondary?' } },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  const a = res.body.data!.ask;
  assert.equal(a.intent, 'ALLOWED');
  assert.equal(a.verdict, 'NO');
  assert.equal(a.entities[0]?.id, 'sr-ct-no-open');
  assert.equal(a.understood.intent, 'ALLOWED');
  assert.ok(a.understood.intentConfidence > 0.4);
  assert.ok(a.linked.every((l) => typeof l.confidence === 'number' && typeof l.how === 'string'));
  const none = await gql<{ ask: { noAnswer: boolean; verdict: null; understood: { intent: string } } }>(
    hub.gateway.url,
    'query($q: String!) { ask(question: $q) { noAnswer verdict understood { intent intentConfidence entities { id } } } }',
    { token, variables: { q: '今天天气怎么样' } },
  );
  assert.equal(none.body.errors, undefined, JSON.stringify(none.body.errors));
  assert.equal(none.body.data!.ask.noAnswer, true);
  assert.equal(none.body.data!.ask.verdict, null);
  assert.equal(none.body.data!.ask.understood.intent, 'UNKNOWN');
});
