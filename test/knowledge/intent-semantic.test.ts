// The intent classifier with its embedding head (subgraphs/knowledge/qa/classifier/semantic.ts), on the real
// sentence encoders the launcher fetched: judged on corpus patterns it never saw, on everyday forms that ask
// after a description of what was seen, and on off-topic text it must still refuse.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Driver } from 'neo4j-driver';
import { paths } from '../../lib/config.js';
import { createDriver } from '../../lib/graph/driver.js';
import { migrate } from '../../graph-schema/migrate.js';
import { importKnowledgeBase } from '../../subgraphs/knowledge/kb/import.js';
import { loadQuestions } from '../../subgraphs/knowledge/eval/run.js';
import { linkEntities, loadLexicon } from '../../subgraphs/knowledge/qa/linker.js';
import { normalizeQuestion } from '../../subgraphs/knowledge/qa/normalize.js';
import { Embedder } from '../../subgraphs/knowledge/qa/embed/embedder.js';
import { CLASSES } from '../../subgraphs/knowledge/qa/classifier/corpus.js';
import { expandCorpus } from '../../subgraphs/knowledge/qa/classifier/expand.js';
import { SoftmaxClassifier } from '../../subgraphs/knowledge/qa/classifier/model.js';
import { askingPart, naturalText, semanticHead, trainHead } from '../../subgraphs/knowledge/qa/classifier/semantic.js';
import {
  canonicalKeepingSlots,
  combine,
  MIN_CONFIDENCE,
  understandIntent,
  understandIntentAsync,
  type MaskSpan,
} from '../../subgraphs/knowledge/qa/intent.js';
import { keywordHints } from '../../subgraphs/knowledge/qa/intent-rules.js';

const argmax = (p: Float64Array): number => p.indexOf(Math.max(...p));

let driver: Driver;
before(async () => {
  driver = createDriver();
  await migrate(driver);
  await importKnowledgeBase(driver);
});
after(() => driver.close());

describe('intent with the embedding head (bge-small v1.5)', () => {
  it('held-back corpus patterns (every 5th): the combined model is right more often than the sparse one alone', async () => {
    const samples = expandCorpus().map((s) => ({
      ...s,
      canon: canonicalKeepingSlots(s.text),
      natural: naturalText(s.text, s.lang),
    }));
    const patterns = [...new Set(samples.map((s) => s.pattern))];
    const held = new Set(patterns.filter((_, i) => i % 5 === 2));
    const train = samples.filter((s) => !held.has(s.pattern));
    const test = samples.filter((s) => held.has(s.pattern));
    const sparse = new SoftmaxClassifier(CLASSES).train(
      train.map((s) => ({ text: s.canon, label: s.label, extra: keywordHints(s.canon, true) })),
    );
    let sparseRight = 0;
    let combinedRight = 0;
    for (const lang of ['zh', 'en'] as const) {
      const e = await Embedder.load(lang);
      const head = await trainHead(
        e,
        train.filter((s) => s.lang === lang).map((s) => ({ text: s.natural, label: s.label })),
      );
      const mine = test.filter((s) => s.lang === lang);
      await e.embed(mine.flatMap((s) => [s.natural, askingPart(s.natural)]));
      for (const s of mine) {
        const [whole, asking] = await e.embed([s.natural, askingPart(s.natural)]);
        const x = new Float32Array(whole!.length * 2);
        x.set(whole!);
        x.set(asking!, whole!.length);
        const ps = sparse.distribution(s.canon, keywordHints(s.canon, true)).p;
        const y = CLASSES.indexOf(s.label);
        if (argmax(ps) === y) sparseRight++;
        if (argmax(combine(ps, head.probabilities(x))) === y) combinedRight++;
      }
    }
    const pct = (n: number): string => `${((100 * n) / test.length).toFixed(1)}% (${n}/${test.length})`;
    console.log(`# held-back corpus patterns: sparse ${pct(sparseRight)}, combined ${pct(combinedRight)}`);
    assert.ok(combinedRight > sparseRight, `combined ${pct(combinedRight)} vs sparse ${pct(sparseRight)}`);
    assert.ok(combinedRight / test.length >= 0.93, `combined ${pct(combinedRight)}`);
  });

  it('asks after a description of what was seen are read by their asking clause', async () => {
    const at = (q: string, matched: string, kind: string): MaskSpan => ({ kind, matched, start: q.indexOf(matched) });
    const cases: [string, [string, string][], string][] = [
      ['电缆头发热，红外测温也偏高，问题一般出在哪', [['电缆头发热', 'Symptom']], 'LIKELY_CAUSES'],
      ['开关储能电机一直转个不停，病根在哪', [['储能电机', 'EquipmentType']], 'LIKELY_CAUSES'],
      [
        'the pump tripped twice this morning and the motor smells hot. likely culprits?',
        [['motor', 'EquipmentType']],
        'LIKELY_CAUSES',
      ],
      [
        'bus voltage dropped, the breaker opened and the panel shows a trip flag. what first?',
        [['bus voltage', 'Symptom']],
        'HANDLE_FAULT',
      ],
      [
        'before we go up the pole to change the insulator, what has to be done first',
        [['insulator', 'EquipmentType']],
        'SAFETY_RULE',
      ],
      ['what hangs off the 10 kV feeder 3', [['10 kV feeder 3', 'Equipment']], 'DOWNSTREAM'],
      ['when flushing the main, can each hydrant stay open for 30 minutes?', [['main', 'EquipmentType']], 'ALLOWED'],
    ];
    for (const [q, spans, want] of cases) {
      const u = await understandIntentAsync(
        q,
        spans.map(([m, k]) => at(q, m, k)),
      );
      assert.equal(u.intent, want, `${q} → ${u.intent} ${u.confidence} (${u.masked})`);
    }
  });

  it('gibberish and off-topic text are still not understood', async () => {
    for (const q of [
      'asdkj qwe zxcv',
      '今天食堂吃什么好呢',
      'what is the capital of peru',
      '帮我写一首关于春天的诗',
      'tell me a joke',
    ]) {
      const u = await understandIntentAsync(q);
      assert.equal(u.intent, 'UNKNOWN', `${q} → ${u.intent} ${u.confidence}`);
      assert.ok(u.runnerUp === 'UNKNOWN' || u.runnerUpConfidence < MIN_CONFIDENCE, `${q}: ${u.runnerUp}`);
    }
  });

  it('a trained head is kept beside the encoders, one per language', async () => {
    for (const lang of ['zh', 'en'] as const) assert.ok(await semanticHead(lang), `${lang} head`);
    const files = readdirSync(join(paths.embeddingModels, 'intent-heads')).filter((f) => f.endsWith('.json'));
    for (const lang of ['zh', 'en'])
      assert.equal(files.filter((f) => f.startsWith(`${lang}-`)).length, 1, files.join());
  });

  it('the demo set: every question of a kind gets its kind, with the head and from the sparse fallback alone', async () => {
    const lexicon = await loadLexicon(driver, 'grid');
    const wrong: { async: string[]; sparse: string[] } = { async: [], sparse: [] };
    const questions = loadQuestions().filter((q) => q.kind !== 'NO_ANSWER');
    for (const q of questions) {
      const { text } = normalizeQuestion(q.question);
      const linked = linkEntities(lexicon, text, null);
      const a = await understandIntentAsync(text, linked);
      const s = understandIntent(text, linked);
      if (a.intent !== q.kind) wrong.async.push(`${q.id} ${a.intent}`);
      if (s.intent !== q.kind) wrong.sparse.push(`${q.id} ${s.intent}`);
    }
    assert.deepEqual(wrong, { async: [], sparse: [] }, `of ${questions.length}`);
  });
});
