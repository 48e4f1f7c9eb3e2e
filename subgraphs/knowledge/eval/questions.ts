// The evaluation question format (test/knowledge/questions.json) and the scoring rule: an answer counts
// only when it has the expected intent and contains every expected entity (the expected top-ranked one,
// for DIAGNOSE) and every expected step, and for ALLOWED the expected verdict; a NO_ANSWER question counts
// only when noAnswer is true.
import type { Intent } from '../qa/intent.js';
import type { KnowledgeAnswer } from '../qa/ask.js';

export type QuestionKind = Exclude<Intent, 'UNKNOWN'> | 'NO_ANSWER';

export interface EvalQuestion {
  id: string;
  kind: QuestionKind;
  language: 'zh' | 'en';
  question: string;
  /** The entity or entities the question is about (retrieval accuracy). */
  subject?: string[];
  expect: {
    /** Every one of these ids must be among the answer's entities. */
    entities?: string[];
    /** The answer's first (top-ranked) entity. */
    top?: string;
    /** Every one of these step texts (either language) must be among the answer's steps, in this order. */
    steps?: string[];
    /** ALLOWED: the answer's verdict. */
    verdict?: 'YES' | 'NO';
  };
  source: string;
  /** The knowledge base asked (ask's `base`); default the eval's --base, else the asker's default. */
  base?: string;
}

export function isCorrect(q: EvalQuestion, a: KnowledgeAnswer): boolean {
  if (q.kind === 'NO_ANSWER') return a.noAnswer;
  if (a.noAnswer || a.intent !== q.kind) return false;
  const ids = a.entities.map((e) => e.id);
  if (q.expect.top !== undefined && ids[0] !== q.expect.top) return false;
  if (q.expect.verdict !== undefined && a.verdict !== q.expect.verdict) return false;
  if (q.expect.entities && !q.expect.entities.every((id) => ids.includes(id))) return false;
  if (q.expect.steps) {
    const texts = a.steps.map((s) => [s.text, s.textEn]);
    let at = 0;
    for (const want of q.expect.steps) {
      const found = texts.findIndex((t, i) => i >= at && t.includes(want));
      if (found < 0) return false;
      at = found + 1;
    }
  }
  return true;
}

/** Retrieval: did the pipeline find what the question is about (among linked entities or evidence)? */
export function retrieved(q: EvalQuestion, a: KnowledgeAnswer): boolean | null {
  if (!q.subject || q.subject.length === 0) return null;
  const found = new Set([...a.linked.map((e) => e.id), ...a.evidence.nodes.map((n) => n.id)]);
  return q.subject.some((id) => found.has(id));
}
