// The evaluation: every question in questions.json through the real pipeline on the real Neo4j, after an
// idempotent import of the demo knowledge base. ≥ 95% per kind and overall, as `npm run knowledge:eval` prints.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../../lib/graph/driver.js';
import { migrate } from '../../graph-schema/migrate.js';
import { importKnowledgeBase } from '../../subgraphs/knowledge/kb/import.js';
import { evaluate, formatReport, loadQuestions } from '../../subgraphs/knowledge/eval/run.js';

let driver: Driver;
before(async () => {
  driver = createDriver();
  await migrate(driver);
  await importKnowledgeBase(driver);
});
after(() => driver.close());

test('the question set has at least 200 questions in both languages and every kind, each with expectations', () => {
  const questions = loadQuestions();
  assert.ok(questions.length >= 200, `${questions.length} questions`);
  const kinds = new Set(questions.map((q) => q.kind));
  for (const kind of [
    'HANDLE_FAULT',
    'LIKELY_CAUSES',
    'DIAGNOSE',
    'DETECTORS',
    'DOWNSTREAM',
    'SAFETY_RULE',
    'RESPONSIBLE',
    'NO_ANSWER',
  ]) {
    assert.ok(kinds.has(kind as never), kind);
    for (const lang of ['zh', 'en'])
      assert.ok(
        questions.some((q) => q.kind === kind && q.language === lang),
        `${kind} in ${lang}`,
      );
  }
  for (const q of questions.filter((x) => x.kind !== 'NO_ANSWER')) {
    assert.ok(
      (q.expect.entities?.length ?? 0) > 0 || q.expect.top || (q.expect.steps?.length ?? 0) > 0,
      `${q.id} has expectations`,
    );
  }
  assert.ok(questions.filter((q) => q.source === 'hand-written').length >= 50, 'hand-written paraphrases');
  assert.equal(new Set(questions.map((q) => q.id)).size, questions.length, 'ids unique');
});

test('accuracy is at least 95% for every kind and overall', async () => {
  const report = await evaluate(driver, loadQuestions());
  console.log(formatReport(report));
  for (const f of report.failures) console.log(`  miss ${f.id}: ${f.question} -> ${f.intent} ${f.got.join(', ')}`);
  for (const [kind, s] of Object.entries(report.perKind))
    assert.ok(s.accuracy >= 0.95, `${kind}: ${(s.accuracy * 100).toFixed(1)}%`);
  assert.ok(report.overall.accuracy >= 0.95, `overall ${(report.overall.accuracy * 100).toFixed(1)}%`);
  assert.ok(report.retrieval.accuracy >= 0.95, `retrieval ${(report.retrieval.accuracy * 100).toFixed(1)}%`);
});

test('npm run knowledge:eval prints accuracy per kind and overall and exits 0', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'subgraphs/knowledge/eval/cli.ts'], {
    encoding: 'utf8',
    env: process.env,
    timeout: 300_000,
  });
  assert.equal(run.status, 0, run.stderr);
  for (const kind of ['HANDLE_FAULT', 'DIAGNOSE', 'DOWNSTREAM', 'OVERALL'])
    assert.match(run.stdout, new RegExp(`${kind}\\s+\\d+\\.\\d%`));
});
