// Runs the question set through the ask pipeline and scores it (rule in questions.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { ask, type KnowledgeAnswer } from '../qa/ask.js';
import { isCorrect, retrieved, type EvalQuestion } from './questions.js';

export const questionsFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test',
  'knowledge',
  'questions.json',
);

/** The evaluation asks as an HQ platform admin, who sees every org's equipment and assets. */
export const evalIdentity: Identity = {
  sub: 'knowledge-eval',
  username: 'knowledge-eval',
  roles: ['platform-admin'],
  org: 'hq',
};

export function loadQuestions(file = questionsFile): EvalQuestion[] {
  return JSON.parse(readFileSync(file, 'utf8')) as EvalQuestion[];
}

export interface KindScore {
  total: number;
  correct: number;
  accuracy: number;
}
export interface EvalReport {
  perKind: Record<string, KindScore>;
  overall: KindScore;
  retrieval: KindScore;
  failures: { id: string; kind: string; question: string; intent: string; noAnswer: boolean; got: string[] }[];
  latenciesMs: number[];
}

const score = (correct: number, total: number): KindScore => ({
  total,
  correct,
  accuracy: total === 0 ? 1 : correct / total,
});

export async function evaluate(
  driver: Driver,
  questions: EvalQuestion[],
  identity: Identity = evalIdentity,
): Promise<EvalReport> {
  const tally = new Map<string, { total: number; correct: number }>();
  const failures: EvalReport['failures'] = [];
  const latenciesMs: number[] = [];
  let rTotal = 0,
    rCorrect = 0;
  for (const q of questions) {
    const started = performance.now();
    const a: KnowledgeAnswer = await ask(driver, identity, q.question);
    latenciesMs.push(performance.now() - started);
    const ok = isCorrect(q, a);
    const t = tally.get(q.kind) ?? { total: 0, correct: 0 };
    t.total++;
    if (ok) t.correct++;
    tally.set(q.kind, t);
    const r = retrieved(q, a);
    if (r !== null && q.kind !== 'NO_ANSWER') {
      rTotal++;
      if (r) rCorrect++;
    }
    if (!ok)
      failures.push({
        id: q.id,
        kind: q.kind,
        question: q.question,
        intent: a.intent,
        noAnswer: a.noAnswer,
        got: a.entities.slice(0, 8).map((e) => e.id),
      });
  }
  const perKind = Object.fromEntries([...tally.entries()].sort().map(([k, v]) => [k, score(v.correct, v.total)]));
  const all = [...tally.values()].reduce((s, v) => ({ total: s.total + v.total, correct: s.correct + v.correct }), {
    total: 0,
    correct: 0,
  });
  return { perKind, overall: score(all.correct, all.total), retrieval: score(rCorrect, rTotal), failures, latenciesMs };
}

export function formatReport(report: EvalReport): string {
  const pct = (s: KindScore): string => `${(s.accuracy * 100).toFixed(1).padStart(5)}%  (${s.correct}/${s.total})`;
  const lines = [
    'kind            accuracy',
    ...Object.entries(report.perKind).map(([k, s]) => `${k.padEnd(15)} ${pct(s)}`),
  ];
  lines.push(
    `${'OVERALL'.padEnd(15)} ${pct(report.overall)}`,
    `${'retrieval'.padEnd(15)} ${pct(report.retrieval)}  (question subject found by entity linking)`,
  );
  return lines.join('\n');
}
