// Runs the question set through the ask pipeline and scores it (rule in questions.ts).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { ask, type AskOptions, type KnowledgeAnswer } from '../qa/ask.js';
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
  perLanguage: Record<string, KindScore>;
  overall: KindScore;
  retrieval: KindScore;
  failures: {
    id: string;
    kind: string;
    language: string;
    question: string;
    intent: string;
    intentConfidence: number;
    noAnswer: boolean;
    verdict: string | null;
    got: string[];
    answer: string;
  }[];
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
  options: { base?: string | null } = {},
): Promise<EvalReport> {
  const tally = new Map<string, { total: number; correct: number }>();
  const byLang = new Map<string, { total: number; correct: number }>();
  const failures: EvalReport['failures'] = [];
  const latenciesMs: number[] = [];
  let rTotal = 0,
    rCorrect = 0;
  for (const q of questions) {
    const started = performance.now();
    // `base`: the question's own base, else the run's --base; ask falls back to the asker's default.
    const base = q.base ?? options.base ?? undefined;
    const a: KnowledgeAnswer = await ask(driver, identity, q.question, { base } as AskOptions);
    latenciesMs.push(performance.now() - started);
    const ok = isCorrect(q, a);
    const t = tally.get(q.kind) ?? { total: 0, correct: 0 };
    t.total++;
    if (ok) t.correct++;
    tally.set(q.kind, t);
    const l = byLang.get(q.language) ?? { total: 0, correct: 0 };
    l.total++;
    if (ok) l.correct++;
    byLang.set(q.language, l);
    const r = retrieved(q, a);
    if (r !== null && q.kind !== 'NO_ANSWER') {
      rTotal++;
      if (r) rCorrect++;
    }
    if (!ok)
      failures.push({
        id: q.id,
        kind: q.kind,
        language: q.language,
        question: q.question,
        intent: a.intent,
        intentConfidence: a.understood.intentConfidence,
        noAnswer: a.noAnswer,
        verdict: a.verdict,
        got: a.entities.slice(0, 8).map((e) => e.id),
        answer: a.answer,
      });
  }
  const perKind = Object.fromEntries([...tally.entries()].sort().map(([k, v]) => [k, score(v.correct, v.total)]));
  const all = [...tally.values()].reduce((s, v) => ({ total: s.total + v.total, correct: s.correct + v.correct }), {
    total: 0,
    correct: 0,
  });
  const perLanguage = Object.fromEntries([...byLang.entries()].sort().map(([k, v]) => [k, score(v.correct, v.total)]));
  return {
    perKind,
    perLanguage,
    overall: score(all.correct, all.total),
    retrieval: score(rCorrect, rTotal),
    failures,
    latenciesMs,
  };
}

export function formatReport(report: EvalReport): string {
  const pct = (s: KindScore): string => `${(s.accuracy * 100).toFixed(1).padStart(5)}%  (${s.correct}/${s.total})`;
  const lines = [
    'kind            accuracy',
    ...Object.entries(report.perKind).map(([k, s]) => `${k.padEnd(15)} ${pct(s)}`),
    'language        accuracy',
    ...Object.entries(report.perLanguage).map(([k, s]) => `${k.padEnd(15)} ${pct(s)}`),
  ];
  lines.push(
    `${'OVERALL'.padEnd(15)} ${pct(report.overall)}`,
    `${'retrieval'.padEnd(15)} ${pct(report.retrieval)}  (question subject found by entity linking)`,
  );
  return lines.join('\n');
}
