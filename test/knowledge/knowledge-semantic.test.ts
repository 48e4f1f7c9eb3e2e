// Entity linking by meaning (qa/embed/semantic-index.ts, semantic-link.ts) through the real pipeline, on
// the real Neo4j with the real sentence encoders: a fault described in other words, which the lexical
// linker finds nothing in, is linked as 'semantic' with a confidence below any lexical match, shown in
// `understood`, and answered with its evidence; off-topic questions of the same kinds stay refused.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Identity } from '../../lib/auth/identity.js';
import { closeDriver, getDriver } from '../../lib/graph/driver.js';
import { join } from 'node:path';
import { basesDir, importKnowledgeBase, loadBase } from '../../subgraphs/knowledge/kb/import.js';
import { ask } from '../../subgraphs/knowledge/qa/ask.js';
import { linkEntities, loadLexicon } from '../../subgraphs/knowledge/qa/linker.js';

const admin: Identity = { sub: 'ks-admin', username: 'ks-admin', roles: ['platform-admin'], org: 'hq' };
const driver = getDriver();

before(async () => {
  await importKnowledgeBase(driver);
  await importKnowledgeBase(driver, loadBase(join(basesDir, 'water')));
});
after(async () => {
  await closeDriver();
});

describe('a paraphrased fault is linked by meaning, with the confidence it deserves', () => {
  const cases: [question: string, intent: string, fault: string, answered: string][] = [
    ['调档的时候档位一直往上跑停不下来，咋整', 'HANDLE_FAULT', 'ft-oltc-fault', 'proc-oltc-fault'],
    ['冻雨下了一夜，导线上挂满了冰，调度这边咋应对', 'HANDLE_FAULT', 'ft-line-icing', 'proc-line-icing'],
    ['why is my transformer oil so hot? possible reasons', 'LIKELY_CAUSES', 'ft-xfmr-oil-temp-high', 'cause-overload'],
  ];
  for (const [question, intent, fault, answered] of cases)
    test(question, async () => {
      const lexicon = await loadLexicon(driver, 'grid');
      const lexical = linkEntities(lexicon, question, null);
      assert.ok(
        !lexical.some((e) => ['FaultType', 'Procedure', 'Symptom'].includes(e.kind)),
        'the lexical linker finds no fault, procedure or symptom in it',
      );
      const a = await ask(driver, admin, question);
      assert.equal(a.intent, intent);
      assert.equal(a.noAnswer, false, a.answer);
      const found = a.understood.entities.filter((e) => e.how === 'semantic');
      assert.equal(found.length, 1, JSON.stringify(a.understood.entities));
      const [e] = found;
      assert.ok(
        e!.id === fault || lexicon.semantic!.faultsOf.get(e!.id)?.includes(fault),
        `${e!.id} leads to ${fault}`,
      );
      assert.ok(e!.confidence >= 0.45 && e!.confidence <= 0.7, `confidence ${e!.confidence}`);
      assert.ok(e!.matchedText.length > 0);
      assert.ok(
        a.linked.some((l) => l.id === e!.id && l.how === 'semantic'),
        'the answer lists it as linked by meaning',
      );
      assert.ok(a.confidence <= 0.7, `answer confidence ${a.confidence} no surer than the link`);
      assert.ok(a.evidence.nodes.some((n) => n.id === fault) || a.entities.some((x) => x.id === fault));
      assert.ok(a.entities.some((x) => x.id === answered) || a.evidence.nodes.some((n) => n.id === answered));
    });
});

test('a clearly nearer fault is added beside a weak lexical guess, and the pick takes it', async () => {
  // 浑了 shares two characters with 原水浊度突增 (a partial match); the question means a filter breakthrough.
  const question = 'V型滤池有一格出水浑了，怀疑是穿了，处理办法是啥';
  const lexicon = await loadLexicon(driver, 'water');
  const guesses = linkEntities(lexicon, question, null).filter((e) => e.kind === 'Symptom');
  assert.ok(guesses.length > 0 && guesses.every((e) => e.confidence < 0.8), JSON.stringify(guesses));
  const a = await ask(driver, admin, question, { base: 'water' });
  assert.equal(a.intent, 'HANDLE_FAULT');
  assert.equal(a.noAnswer, false, a.answer);
  const semantic = a.understood.entities.find((e) => e.how === 'semantic');
  assert.ok(semantic, JSON.stringify(a.understood.entities));
  assert.ok(
    a.understood.entities.some((e) => guesses.some((g) => g.id === e.id)),
    'the lexical guess is kept',
  );
  assert.equal(a.entities[0]?.id, 'w-ft-filter-breakthrough', a.answer);
  assert.ok(a.steps.length > 0);
});

describe('off-topic questions of the same kinds are refused: nothing is near enough', () => {
  for (const question of [
    '小区充电桩充不进电是咋回事',
    '储能电站电池热失控了咋办',
    'how do I troubleshoot a heat pump that will not start',
    'who won the world cup in 2022',
  ])
    test(question, async () => {
      const a = await ask(driver, admin, question);
      assert.equal(a.noAnswer, true, a.answer);
      assert.ok(!a.understood.entities.some((e) => e.how === 'semantic'), JSON.stringify(a.understood.entities));
      assert.deepEqual(a.entities, []);
    });
});
