// The ask pipeline against the real Neo4j: idempotent import, no-answer behaviour, hostile input,
// org visibility, evidence, and faultHandlingPath.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphQLError } from 'graphql';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { createDriver } from '../../lib/graph/driver.js';
import { migrate } from '../../graph-schema/migrate.js';
import { Label, Rel, knowledgeLabels } from '../../lib/graph/ontology.js';
import { importKnowledgeBase } from '../../subgraphs/knowledge/kb/import.js';
import { ask, faultHandlingPath } from '../../subgraphs/knowledge/qa/ask.js';
import { HARD_CAP, SOFT_CAP, normalizeQuestion } from '../../subgraphs/knowledge/qa/normalize.js';
import { classifyIntent } from '../../subgraphs/knowledge/qa/intent.js';
import { editDistance, luceneTerms } from '../../subgraphs/knowledge/qa/linker.js';

const admin: Identity = { sub: 'kq-admin', username: 'kq-admin', roles: ['platform-admin'], org: 'hq' };
const dispatcherAt = (org: string): Identity => ({
  sub: `kq-${org}`,
  username: `dispatcher.${org}`,
  roles: ['dispatcher'],
  org,
});

const knowledgeRels = [
  Rel.PART_OF,
  Rel.HAS_SYMPTOM,
  Rel.CAUSED_BY,
  Rel.HANDLED_BY,
  Rel.HAS_STEP,
  Rel.REQUIRES,
  Rel.RESPONSIBLE,
  Rel.AFFECTS,
  Rel.FEEDS,
  Rel.LOCATED_AT,
  Rel.INSTANCE_OF,
  Rel.DETECTS,
  Rel.RAISES,
];

let driver: Driver;
async function knowledgeCounts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const label of [...knowledgeLabels, Label.Model, Label.Service, Label.Org]) {
    const { records } = await driver.executeQuery(`MATCH (n:${label}) RETURN count(n) AS n`);
    out[label] = records[0]!.get('n') as number;
  }
  for (const rel of knowledgeRels) {
    const { records } = await driver.executeQuery(`MATCH ()-[r:${rel}]->() RETURN count(r) AS n`);
    out[rel] = records[0]!.get('n') as number;
  }
  return out;
}
before(async () => {
  driver = createDriver();
  await migrate(driver);
  await importKnowledgeBase(driver);
});
after(() => driver.close());

describe('import', () => {
  test('importing again changes no node or relationship count', async () => {
    const before = await knowledgeCounts();
    const summary = await importKnowledgeBase(driver);
    assert.deepEqual(await knowledgeCounts(), before);
    assert.ok(summary.nodes >= 300, `${summary.nodes} knowledge nodes`);
    assert.ok(before[Label.FaultType]! >= 25 && before[Label.Step]! >= 100 && before[Label.Equipment]! >= 200);
  });
});

describe('normalisation and rules (no graph)', () => {
  test('NFKC, control characters, length caps', () => {
    assert.equal(normalizeQuestion('ＳＦ６压力低\u0000怎么\u202e处理\t？').text, 'SF6压力低 怎么 处理 ?');
    const long = normalizeQuestion('主'.repeat(SOFT_CAP + 10));
    assert.equal([...long.text].length, SOFT_CAP);
    assert.equal(long.truncated, true);
    assert.throws(
      () => normalizeQuestion('x'.repeat(HARD_CAP + 1)),
      (e: unknown) => e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT',
    );
    assert.throws(
      () => normalizeQuestion(' \u0001\u0002 '),
      (e: unknown) => e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT',
    );
  });
  test('intent rules in both languages', () => {
    assert.equal(classifyIntent('主变油温过高怎么处理？'), 'HANDLE_FAULT');
    assert.equal(classifyIntent('which faults cause a Buchholz relay alarm?'), 'DIAGNOSE');
    assert.equal(classifyIntent('谁负责处理线路跳闸'), 'RESPONSIBLE');
    assert.equal(classifyIntent('处理SF6压力低需要遵守哪些安全规程'), 'SAFETY_RULE');
    assert.equal(classifyIntent('哪些模型能检测绝缘子闪络'), 'DETECTORS');
    assert.equal(classifyIntent('What is downstream of Suzhou East T1 main transformer?'), 'DOWNSTREAM');
    assert.equal(classifyIntent('绝缘子闪络的原因'), 'LIKELY_CAUSES');
    assert.equal(classifyIntent("' MATCH (n) DETACH DELETE n //"), 'UNKNOWN');
  });
  test('edit distance and Lucene escaping', () => {
    assert.equal(editDistance('presure', 'pressure', 2), 1);
    assert.equal(editDistance('fialure', 'failure', 2), 1);
    assert.ok(editDistance('reactor', 'breaker', 1) > 1);
    assert.equal(luceneTerms('title:* OR x~ AND (y) "z"'), 'title or x and y z');
  });
});

describe('answers', () => {
  test('a handling question returns the ordered steps with their evidence path', async () => {
    const a = await ask(driver, admin, '主变油温过高怎么处理？');
    assert.equal(a.noAnswer, false);
    assert.equal(a.intent, 'HANDLE_FAULT');
    assert.equal(a.entities[0]?.id, 'ft-xfmr-oil-temp-high');
    assert.deepEqual(
      a.steps.map((s) => s.order),
      [1, 2, 3, 4, 5, 6],
    );
    const stepRels = a.evidence.relationships.filter((r) => r.type === Rel.HAS_STEP);
    assert.deepEqual(
      stepRels.map((r) => r.order),
      [1, 2, 3, 4, 5, 6],
    );
    assert.ok(a.evidence.relationships.some((r) => r.type === Rel.HANDLED_BY && r.from === 'ft-xfmr-oil-temp-high'));
    assert.ok(a.evidence.nodes.some((n) => n.id === 'proc-xfmr-oil-temp-high'));
    assert.ok(a.confidence > 0.9);
  });
  test('English with a typo and a synonym, answered in English', async () => {
    const a = await ask(driver, admin, 'How do I deal with a breaker failre to trip?');
    assert.equal(a.language, 'en');
    assert.equal(a.entities[0]?.id, 'ft-breaker-refuse-trip');
    assert.match(a.answer, /non-automatic/);
    const zh = await ask(driver, admin, 'How do I deal with a breaker failre to trip?', { language: 'zh' });
    assert.match(zh.answer, /非自动/);
  });
  test('diagnosis ranks faults by matched symptom evidence', async () => {
    const a = await ask(driver, admin, '出现轻瓦斯告警信号和油位偏低，可能是什么故障？');
    assert.equal(a.intent, 'DIAGNOSE');
    assert.deepEqual(
      a.entities.slice(0, 2).map((e) => e.id),
      ['ft-buchholz-alarm', 'ft-xfmr-oil-level-low'],
    );
    assert.ok((a.entities[0]!.score ?? 0) > (a.entities[1]!.score ?? 0));
  });
  test('faultHandlingPath returns ranked candidates with steps and safety rules', async () => {
    const path = await faultHandlingPath(driver, admin, ['SF6压力低闭锁', 'SF6 pressure alarm', '紫色的烟']);
    assert.equal(path.candidates[0]?.fault.id, 'ft-sf6-low');
    assert.equal(path.candidates[0]?.matchedSymptoms.length, 2);
    assert.ok(path.candidates[0]!.steps.length >= 4);
    assert.ok(path.candidates[0]!.safetyRules.some((r) => r.id === 'sr-sf6-ventilation'));
    assert.deepEqual(path.unrecognized, ['紫色的烟']);
    // An answered fault the question did not name is in what was understood, saying how it was found (#18 M4).
    const motor = await ask(driver, admin, 'The pump motor is too hot, how do we handle it?', { base: 'water' });
    assert.equal(motor.noAnswer, false);
    const found = motor.understood.entities.find((e) => e.id === motor.entities[0]?.id);
    assert.ok(found && found.kind === 'FaultType' && found.how !== 'exact', JSON.stringify(motor.understood.entities));
    // Symptoms of another domain's equipment are not the grid's, whatever their generic words (#18).
    const foreign = ['反应堆冷却剂温度高', 'Wind turbine gearbox overheating', '风机叶片覆冰'];
    const none = await faultHandlingPath(driver, admin, foreign);
    assert.deepEqual(none, { candidates: [], unrecognized: foreign });
    await assert.rejects(
      faultHandlingPath(driver, admin, []),
      (e: unknown) => e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT',
    );
  });
});

describe('fault wording: an outcome, an operation direction, an everyday object (#18 round 4)', () => {
  // [question, intent, the fault or cause the answer must lead with]
  const cases: [string, string, string][] = [
    // A reclose that held is a transient fault, not a permanent one, however the trip was worded.
    ['10kV线路跳了以后重合上了，接下来干啥', 'HANDLE_FAULT', 'ft-line-transient'],
    ['the 110 kV line tripped and then reclosed OK - next steps?', 'HANDLE_FAULT', 'ft-line-transient'],
    // Closing is not tripping: causes of a breaker that will not close.
    ['what makes a breaker refuse to close', 'LIKELY_CAUSES', 'cause-close-coil'],
    // Everyday things on a line are foreign objects.
    ['a plastic bag is caught on the 35 kV line, what do we do', 'HANDLE_FAULT', 'ft-foreign-object'],
    ['导线上缠了个气球，怎么处置', 'HANDLE_FAULT', 'ft-foreign-object'],
    // A pole of the DC system to earth is a DC earth fault.
    ['直流系统正极接地怎么处理', 'HANDLE_FAULT', 'ft-dc-earth'],
    // Everyday words for a breakdown, a dissolved-gas test and a cooling loss.
    ['电缆头炸了，一般啥原因', 'LIKELY_CAUSES', 'cause-cable-joint'],
    ['which model reads gas-in-oil results for a main transformer', 'DETECTORS', 'kb-model-xfmr-dga'],
    ['is there a model that catches a transformer that lost all cooling', 'DETECTORS', 'kb-model-xfmr-thermal'],
    ['the main transformer is cooking itself, what do we do', 'HANDLE_FAULT', 'ft-xfmr-oil-temp-high'],
  ];
  for (const [question, intent, first] of cases)
    test(question, async () => {
      const a = await ask(driver, admin, question);
      assert.equal(a.intent, intent, a.answer);
      assert.equal(a.noAnswer, false, a.answer);
      assert.ok(
        a.entities.some((e) => e.id === first),
        `${first} in ${a.entities.map((e) => e.id).join(', ')}`,
      );
      if (intent === 'HANDLE_FAULT') assert.equal(a.entities[0]?.id, first);
    });
  test('a named cause ranks the fault it leads to first among faults the symptoms fit equally', async () => {
    const a = await ask(driver, admin, '线上挂了东西，接着线路跳闸了，可能是什么故障');
    assert.equal(a.intent, 'DIAGNOSE');
    assert.equal(a.entities[0]?.id, 'ft-foreign-object');
  });
});

describe('no answer when the graph does not support one', () => {
  const unsupported = [
    '如何处理核电站反应堆冷却剂泄漏？',
    'How do I handle a hydro turbine cavitation problem?',
    '哪些模型能检测电容器鼓肚？', // the fault exists, but no model or service detects it
    'Which models detect a solar inverter fault?',
    'What is downstream of Shanghai Pudong substation transformer #3?',
    '谁负责处理卫星通信中断？',
    'What is the capital of France?',
    'SF6压力低的颜色是什么？',
    '发热怎么处理？', // a symptom shared by several faults: ambiguous, so ask back rather than guess
  ];
  for (const q of unsupported) {
    test(q, async () => {
      const a = await ask(driver, admin, q);
      assert.equal(a.noAnswer, true, `${a.intent}: ${a.answer}`);
      assert.deepEqual(a.entities, []);
      assert.deepEqual(a.steps, []);
      assert.equal(a.confidence, 0);
      assert.ok(a.answer.length > 10);
    });
  }
});

describe('hostile input', () => {
  test('injection attempts, 100 kB, control characters and mixed scripts leave the graph unchanged', async () => {
    // The graph is shared with concurrent work (benchmarks load and delete thousands of nodes), so the
    // exact comparison covers every label and relationship type this subgraph reads, and a sentinel
    // subgraph of our own must survive untouched.
    const sentinel = `kq-sentinel-${Date.now()}`;
    await driver.executeQuery(
      'CREATE (:KnowledgeSentinel {id: $id})-[:SENTINEL_OF]->(:KnowledgeSentinel {id: $id + "-b"})',
      { id: sentinel },
    );
    const knowledgeBefore = await knowledgeCounts();
    const schemaBefore = (
      await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN count(*) AS n')
    ).records[0]!.get('n');
    const inputs = [
      "' MATCH (n) DETACH DELETE n //",
      '主变油温过高"}) MATCH (n) DETACH DELETE n RETURN 1 //怎么处理',
      "'); CALL db.index.fulltext.queryNodes('knowledge_search', '*') YIELD node DETACH DELETE node //原因",
      'title:* OR id:* AND name:"x"~ [a TO z] 的原因',
      '\\u0000 MATCH (n) SET n.pwned = true',
      'x'.repeat(100 * 1024),
      '主变'.repeat(1800),
      '\u0000\u0001\u0002主变\u0007油温\u001b[31m过高\u200b\u202e怎么处理\u0085',
      'Трансформатор 主变 oil темп 油温过高 ✓ 🔥 怎么处理 مرحبا',
      '$question $faultIds {faultIds: ["ft-sf6-low"]} 怎么处理',
      '‮ DROP CONSTRAINT faulttype_id_unique',
    ];
    for (const input of inputs) {
      try {
        const a = await ask(driver, admin, input);
        assert.equal(typeof a.answer, 'string');
        assert.ok(a.question.length <= 500);
      } catch (error) {
        assert.ok(error instanceof GraphQLError, `${input.slice(0, 40)}: ${String(error)}`);
        assert.equal(error.extensions.code, 'BAD_USER_INPUT');
      }
    }
    assert.deepEqual(await knowledgeCounts(), knowledgeBefore);
    assert.equal(
      (await driver.executeQuery('SHOW CONSTRAINTS YIELD name RETURN count(*) AS n')).records[0]!.get('n'),
      schemaBefore,
    );
    const kept = await driver.executeQuery(
      'MATCH (a:KnowledgeSentinel {id: $id})-[r:SENTINEL_OF]->(b:KnowledgeSentinel) RETURN count(r) AS n',
      { id: sentinel },
    );
    assert.equal(kept.records[0]!.get('n'), 1, 'sentinel nodes and relationship survive');
    await driver.executeQuery('MATCH (n:KnowledgeSentinel) WHERE n.id STARTS WITH $id DETACH DELETE n', {
      id: sentinel,
    });
    const pwned = await driver.executeQuery('MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS n');
    assert.equal(pwned.records[0]!.get('n'), 0);
  });
  test('100 kB is refused with a clear BAD_USER_INPUT, not processed', async () => {
    await assert.rejects(
      ask(driver, admin, '主'.repeat(100 * 1024)),
      (e: unknown) => e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT' && /too long/.test(e.message),
    );
  });
  test('mixed scripts still find the fault', async () => {
    const a = await ask(driver, admin, 'Трансформатор? 主变油温过高 怎么处理 🔥');
    assert.equal(a.entities[0]?.id, 'ft-xfmr-oil-temp-high');
  });
});

describe('org visibility', () => {
  test('a Zhejiang dispatcher cannot see Jiangsu equipment or models; a Jiangsu dispatcher can', async () => {
    const zj = await ask(driver, dispatcherAt('zhejiang'), '苏州东站#1主变下游有哪些设备？');
    assert.equal(zj.noAnswer, true);
    const js = await ask(driver, dispatcherAt('jiangsu'), '苏州东站#1主变下游有哪些设备？');
    assert.equal(js.noAnswer, false);
    assert.ok(js.entities.some((e) => e.id === 'eq-szd-lvbus1'));
    const zjModels = await ask(driver, dispatcherAt('zhejiang'), '哪些模型能检测主变油温过高？');
    assert.ok(!zjModels.entities.some((e) => e.id === 'kb-model-xfmr-thermal'), 'Jiangsu model hidden from Zhejiang');
    assert.ok(
      !zjModels.entities.some((e) => e.id === 'kb-svc-xfmr-monitor'),
      'an HQ service is not visible to a branch either',
    );
    const hq = await ask(driver, dispatcherAt('hq'), '哪些模型能检测主变油温过高？');
    assert.deepEqual(
      hq.entities.map((e) => e.id).sort(),
      ['kb-model-xfmr-thermal', 'kb-svc-xfmr-monitor'],
      "HQ sees its branches' models",
    );
  });
});
