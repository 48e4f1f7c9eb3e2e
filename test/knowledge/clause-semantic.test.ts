// Clause retrieval by meaning (qa/clause-semantic.ts) with the real sentence encoders: everyday wording that
// shares few words with the deciding clause finds it, a wrong look-alike (压变 = VT against the CT rule) loses,
// the safety rules of a question that names none are found by their meaning, and off-topic text stays refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clausesOf, pickClause, similarRules, type ClauseSource } from '../../subgraphs/knowledge/qa/intent-clauses.js';
import { clauseSimilarity, clauseTexts, questionLanguage } from '../../subgraphs/knowledge/qa/clause-semantic.js';
import { decideVerdict, pickClauseFor } from '../../subgraphs/knowledge/qa/verdict.js';
import { ruleBehindStep, type JudgeSources } from '../../subgraphs/knowledge/qa/intent-judge.js';

const rule = (ownerId: string, whole: string, lang: 'zh' | 'en'): ClauseSource[] =>
  clausesOf({ ownerId, ownerKind: 'SafetyRule', whole, lang, linked: false });

// The demo and water bases' own wording (subgraphs/knowledge/data, bases/water): what the pipeline compares with.
const RULES = [
  ...rule('ct', '运行中的电流互感器二次回路严禁开路，短接时必须使用专用短接线或短接片，严禁用导线缠绕。', 'zh'),
  ...rule('pt', '运行中的电压互感器二次回路严禁短路和接地（规定接地点除外），工作时应使用绝缘工具、戴手套。', 'zh'),
  ...rule('thunder', '雷雨天气需要巡视室外高压设备时，应穿绝缘靴，并不得靠近避雷器和避雷针。', 'zh'),
  ...rule(
    'flush',
    '新装或修复后的管道必须冲洗消毒后方可通水：冲洗流速不小于1.0 m/s，用游离氯含量不低于20 mg/L的清洁水浸泡24 h后再冲洗，直至浊度、余氯和细菌学指标检测合格；未经检测合格严禁恢复供水。',
    'zh',
  ),
  ...rule(
    'pump',
    '离心泵启动前必须灌泵排气，应闭阀启动（出口阀门关闭状态下启动），闭阀运行时间不宜超过3 min；多台水泵应逐台启动，严禁同时启动；停泵前应先缓慢关小出口阀门。',
    'zh',
  ),
  ...rule(
    'ct',
    'A live CT secondary must never be opened; short it only with dedicated shorting links or bars, never by twisting wire.',
    'en',
  ),
  ...rule(
    'pt',
    'A live VT secondary must never be shorted or earthed (except at its designated earth); work on it with insulated tools and gloves.',
    'en',
  ),
  ...rule(
    'gas',
    'Sample Buchholz gas with two people and a dedicated sampler, no open flame, and keep the safe distance from live parts.',
    'en',
  ),
  ...rule(
    'ppe',
    'On site wear a helmet, work clothes and insulating shoes; working at height requires a safety harness.',
    'en',
  ),
  ...rule(
    'patrol',
    'During fault patrol always treat the line as live; even when it is known to be de-energised it may be re-energised at any moment.',
    'en',
  ),
];
const NAMES_EN = new Map([
  ['ct', 'Never open a CT secondary'],
  ['pt', 'Never short a VT secondary'],
  ['gas', 'Buchholz gas sampling safety'],
  ['ppe', 'Personal protective equipment'],
  ['patrol', 'Live-line patrol rule'],
]);

// `masked`: the question with the names the linker found put as their kind, as ask passes it.
async function pick(question: string, kind: 'ALLOWED' | 'LIMIT' = 'ALLOWED', masked = question) {
  const lang = questionLanguage(question);
  const similarity = await clauseSimilarity(question, lang, clauseTexts(RULES, lang));
  assert.ok(similarity, 'the encoders are installed (npm run stack -- up fetches them)');
  const picked =
    kind === 'ALLOWED'
      ? pickClauseFor(question, masked, RULES, 0.4, lang, similarity)
      : pickClause(question, masked, RULES, kind, 0.4, lang, similarity);
  return {
    picked,
    verdict: picked && decideVerdict(masked, picked.text, picked.ownerKind, picked.whole, question),
    lang,
  };
}

describe('clause retrieval by meaning (bge-small v1.5)', () => {
  it('zh: the deciding clause in everyday words, and its verdict', async () => {
    const vt = await pick('运行中的压变二次能不能短接一下');
    assert.equal(vt.picked?.ownerId, 'pt');
    assert.equal(vt.verdict, 'NO');
    const flush = await pick('管子修好了还没出化验结果，能先通水吗');
    assert.equal(flush.picked?.ownerId, 'flush');
    assert.equal(flush.verdict, 'NO');
    const limit = await pick('开泵时出口阀关着，最多能憋多久', 'LIMIT');
    assert.match(limit.picked?.text ?? '', /3 min/);
  });

  it('en: the clause about people for an alone question, and the rule that treats the line as live', async () => {
    const alone = await pick('can I take the Buchholz gas sample on my own?');
    assert.equal(alone.picked?.ownerId, 'gas');
    assert.equal(alone.verdict, 'NO');
    const dead = await pick("Line's been switched off, can the patrol crew treat it as dead?");
    assert.equal(dead.picked?.ownerId, 'patrol');
    assert.equal(dead.verdict, 'NO');
  });

  it('the rules of a safety question that names none, by their meaning and names, the look-alike kept beside', async () => {
    const q = 'how should a live CT secondary be shorted safely';
    const similarity = await clauseSimilarity(q, 'en', [...clauseTexts(RULES, 'en'), ...NAMES_EN.values()]);
    const rules = similarRules(q, q, RULES, 0.4, 0.1, 3, similarity, NAMES_EN).map((r) => r.id);
    assert.ok(rules.includes('ct'), rules.join());
    assert.ok(!rules.includes('ppe') && !rules.includes('patrol'), rules.join());
  });

  it('a step that repeats a requirement of a rule its procedure requires is answered from the rule', async () => {
    const proc = { id: 'proc', name: '避雷器异常处置', nameEn: 'Handling arrester faults' };
    const step = clausesOf({
      ownerId: 'proc',
      ownerKind: 'Step',
      order: 3,
      whole: '雷雨天气不得靠近避雷器',
      lang: 'zh',
      linked: true,
    });
    const rules = RULES.filter((c) => c.lang === 'zh');
    const sources: JudgeSources = {
      clauses: [...rules, ...step],
      rules: new Map(
        ['ct', 'pt', 'thunder', 'flush', 'pump'].map((id) => [
          id,
          {
            id,
            name: id,
            nameEn: id,
            requirement: '',
            requirementEn: '',
            appliesTo: [],
            procedures: id === 'thunder' || id === 'pump' ? [proc] : [],
          },
        ]),
      ),
      procedures: new Map(),
    };
    await clauseSimilarity('雷雨天气能靠近避雷器吗', 'zh', clauseTexts(sources.clauses, 'zh'));
    const picked = { ...step[0]!, score: 0.8 };
    const source = ruleBehindStep(picked, sources, () => true);
    assert.equal(source.ownerId, 'thunder');
    assert.match(source.text, /不得靠近避雷器/);
    // Not when the rule decides otherwise, nor for a rule the procedure does not require.
    assert.equal(ruleBehindStep(picked, sources, () => false).ownerId, 'proc');
    sources.rules.get('thunder')!.procedures = [];
    assert.equal(ruleBehindStep(picked, sources, () => true).ownerId, 'proc');
  });

  it('off-topic text finds no clause', async () => {
    for (const q of [
      '今天天气怎么样？',
      '帮我写一首关于春天的诗',
      'What is the capital of France?',
      'How do I bake bread?',
    ]) {
      assert.equal((await pick(q)).picked, null, q);
      assert.equal((await pick(q, 'LIMIT')).picked, null, q);
    }
  });
});
