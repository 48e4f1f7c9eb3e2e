// Knowledge Q&A latency: every question of test/knowledge/questions.json through the ask pipeline
// (in process, real Neo4j; the gateway hop is measured by bench/gateway-vs-subgraph.ts), sequentially,
// after a warm-up pass. Per question: p50/p95 over the repetitions; per kind and overall: p50/p95 over
// all samples. Also records accuracy for the same run. Writes bench/results/knowledge-qa.json.
// Usage: npm run bench:knowledge [-- --reps 5]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDriver } from '../lib/graph/driver.js';
import { migrate } from '../graph-schema/migrate.js';
import { importKnowledgeBase } from '../subgraphs/knowledge/kb/import.js';
import { ask } from '../subgraphs/knowledge/qa/ask.js';
import { isCorrect } from '../subgraphs/knowledge/eval/questions.js';
import { evalIdentity, loadQuestions } from '../subgraphs/knowledge/eval/run.js';

const argv = process.argv.slice(2);
const repsAt = argv.indexOf('--reps');
const REPS = repsAt >= 0 ? Number(argv[repsAt + 1]) : 5;

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return Math.round(s[idx]! * 100) / 100;
};

const driver = createDriver();
try {
  await migrate(driver);
  await importKnowledgeBase(driver);
  const questions = loadQuestions();
  for (const q of questions) await ask(driver, evalIdentity, q.question); // warm-up: lexicon, plans, caches
  const perQuestion: {
    id: string;
    kind: string;
    language: string;
    question: string;
    p50Ms: number;
    p95Ms: number;
    correct: boolean;
  }[] = [];
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  for (const q of questions) {
    const samples: number[] = [];
    let correct = true;
    for (let r = 0; r < REPS; r++) {
      const t0 = performance.now();
      const a = await ask(driver, evalIdentity, q.question);
      samples.push(performance.now() - t0);
      correct &&= isCorrect(q, a);
    }
    perQuestion.push({
      id: q.id,
      kind: q.kind,
      language: q.language,
      question: q.question,
      p50Ms: quantile(samples, 0.5),
      p95Ms: quantile(samples, 0.95),
      correct,
    });
    byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ...samples]);
    all.push(...samples);
  }
  const kinds = Object.fromEntries(
    [...byKind.entries()]
      .sort()
      .map(([k, xs]) => [
        k,
        { samples: xs.length, p50Ms: quantile(xs, 0.5), p95Ms: quantile(xs, 0.95), maxMs: quantile(xs, 1) },
      ]),
  );
  const result = {
    benchmark: 'knowledge-qa',
    at: new Date().toISOString(),
    host: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30) },
    note: 'In-process ask pipeline against the local Neo4j (shared with other workloads while measured); sequential; after one warm-up pass.',
    questions: questions.length,
    repetitions: REPS,
    accuracy: perQuestion.filter((p) => p.correct).length / perQuestion.length,
    overall: {
      samples: all.length,
      p50Ms: quantile(all, 0.5),
      p95Ms: quantile(all, 0.95),
      p99Ms: quantile(all, 0.99),
      maxMs: quantile(all, 1),
    },
    perKind: kinds,
    perQuestion,
  };
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'knowledge-qa.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 1) + '\n');
  console.log(
    `${questions.length} questions × ${REPS}: p50 ${result.overall.p50Ms} ms, p95 ${result.overall.p95Ms} ms, accuracy ${(result.accuracy * 100).toFixed(1)}%`,
  );
  for (const [k, v] of Object.entries(kinds)) console.log(`  ${k.padEnd(14)} p50 ${v.p50Ms} ms  p95 ${v.p95Ms} ms`);
  console.log(`wrote ${out}`);
} finally {
  await driver.close();
}
