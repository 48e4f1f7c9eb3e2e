// Intent classification: a softmax classifier trained once per process from the paraphrase corpus
// (classifier/corpus.ts), over the question with its linked entities masked by their kind ({fault},
// {symptom} …, the tokens the corpus uses), so it learns how a question is asked rather than what it names.
// The old keyword rules survive only as features (intent-rules.ts). Low confidence, the out-of-scope
// class, or a question made of words the model never saw → UNKNOWN, and the answer says so.
import { canonical } from './lexicon/index.js';
import { keywordHints } from './intent-rules.js';
import { CLASSES, ENTITY_SLOTS, QUESTION_KINDS, type IntentClass } from './classifier/corpus.js';
import { expandCorpus } from './classifier/expand.js';
import { rank, SoftmaxClassifier, type Prediction } from './classifier/model.js';
import { semanticHead } from './classifier/semantic.js';

export const INTENTS = [...QUESTION_KINDS, 'UNKNOWN'] as const;
export type Intent = (typeof INTENTS)[number];

/** Below this top probability the classifier is guessing between kinds: the question is not understood. */
export const MIN_CONFIDENCE = 0.4;
/** Below this share of known features the question is mostly words the corpus never used (gibberish, off-topic). */
export const MIN_KNOWN = 0.25;

export interface IntentResult {
  intent: Intent;
  /** Calibrated probability of `intent` (of the best class when UNKNOWN). */
  confidence: number;
  runnerUp: Intent;
  runnerUpConfidence: number;
  /** The question as the classifier saw it: canonical, linked spans replaced by kind tokens. */
  masked: string;
}

/** What the classifier needs of a linked entity: its kind and the question text it was found from. */
export interface MaskSpan {
  kind: string;
  /** The text as written in the question (the linker's `matched`). */
  matched: string;
  /** Where it starts in the question, when the linker knows (-1 otherwise). */
  start: number;
}

// Slot tokens are kept out of the synonym table's reach: "{fault}" must stay the token the corpus uses.
export const canonicalKeepingSlots = (t: string): string =>
  t
    .split(/(\{[a-z_]+\})/)
    .map((x, i) => (i % 2 ? ` ${x} ` : canonical(x)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();

let model: SoftmaxClassifier<IntentClass> | undefined;

/** Trains the classifier once (≈0.3 s); later calls return it. PERF warms it at start. */
export function intentClassifier(): SoftmaxClassifier<IntentClass> {
  if (!model) {
    const samples = expandCorpus().map((s) => {
      const text = canonicalKeepingSlots(s.text);
      return { ...s, text, extra: keywordHints(text, true) };
    });
    model = new SoftmaxClassifier(CLASSES).train(samples);
  }
  return model;
}

// Spans at the same place (a fault and its alarm of the same name) give one token, the fault's, because the
// corpus asks about faults in more ways; spans that only overlap ("Wuxi West T1 main transformer" and "main
// transformer trips") give both tokens in order, as the corpus writes "{EQUIPMENT}{FAULT}".
const SLOT_RANK = ['FAULT', 'SYMPTOM', 'PROCEDURE', 'RULE', 'EQUIPMENT', 'EQUIPMENT_TYPE', 'ROLE', 'CAUSE'];

// A partial match can run across the question's own words (轻瓦斯为什么会动作 is one partial span of the
// symptom 轻瓦斯动作); masking all of it would leave the classifier "{fault}" with no question left. A span
// therefore ends where a question word starts inside it (never at its very start), also one that runs past
// its end (清水池水位为|啥: the span took 为 of 为啥).
const QUESTION_WORD =
  /为什么|为啥|为何|怎么|咋|如何|怎样|哪些|哪个|哪种|什么|啥|谁|能不能|可不可以|可以|能否|是否|多久|多长|多少|要不要|\b(?:why|how|what|whats|which|who|can|may|should)\b/g;
function spanEnd(question: string, start: number, end: number): number {
  for (const m of question.matchAll(QUESTION_WORD)) if (m.index > start && m.index < end) return m.index;
  return end;
}

/** The question with each linked span replaced by its slot token ({fault}, {symptom} …), then canonical. */
export function maskQuestion(question: string, linked: MaskSpan[]): string {
  return canonicalKeepingSlots(maskSpans(question, linked));
}

/** The question with each linked span replaced by its slot token, in the question's own words otherwise. */
export function maskSpans(question: string, linked: MaskSpan[]): string {
  const lower = question.toLowerCase();
  const spans: { start: number; end: number; slot: string }[] = [];
  for (const l of linked) {
    const slot = ENTITY_SLOTS[l.kind];
    if (!slot || !l.matched) continue;
    // The linker's offset when the text sits there; else the first place the text occurs (any case).
    const m = l.matched.toLowerCase();
    const start = l.start >= 0 && lower.slice(l.start, l.start + m.length) === m ? l.start : lower.indexOf(m);
    if (start < 0) continue;
    spans.push({ start, end: spanEnd(lower, start, start + m.length), slot });
  }
  spans.sort((a, b) => a.start - b.start || SLOT_RANK.indexOf(a.slot) - SLOT_RANK.indexOf(b.slot));
  const merged: { start: number; end: number; slots: { start: number; slot: string }[] }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      const prev = last.slots[last.slots.length - 1]!;
      if (prev.start !== s.start && prev.slot !== s.slot) last.slots.push(s);
    } else merged.push({ start: s.start, end: s.end, slots: [s] });
  }
  let out = '';
  let at = 0;
  for (const s of merged) {
    out += `${question.slice(at, s.start)} ${s.slots.map((x) => `{${x.slot.toLowerCase()}}`).join(' ')} `;
    at = s.end;
  }
  return (out + question.slice(at)).replace(/\s+/g, ' ').trim();
}

/**
 * The sparse model's weight in the product of experts with the embedding head (the head's is 1 − this). 5-fold
 * cross-validation over held-back corpus patterns is nearly flat from 0.2 to 0.5 (94.0-94.5% right, best at 0.3
 * and 0.4; head alone 92.7%, sparse alone 89.3%); of the two, 0.4 misses fewer dev questions.
 */
export const SPARSE_WEIGHT = 0.4;

/** Product of experts: p ∝ sparse^w · dense^(1−w), renormalised. */
export function combine(sparse: Float64Array, dense: Float64Array, w = SPARSE_WEIGHT): Float64Array {
  const out = sparse.map((p, k) => Math.exp(w * Math.log(p + 1e-12) + (1 - w) * Math.log(dense[k]! + 1e-12)));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((p) => p / sum);
}

/** The sparse classifier alone: what answers when the sentence encoder is absent. */
export function understandIntent(question: string, linked: MaskSpan[] = []): IntentResult {
  const masked = maskQuestion(question, linked);
  return decide(intentClassifier().predict(masked, keywordHints(question)), masked);
}

/**
 * The sparse classifier and, where the question's language has an encoder, the embedding head over the
 * corpus, combined; the sparse model alone otherwise. `known` (the share of the question's features the sparse
 * model has seen) still refuses gibberish whatever the head says: its softmax always picks some class.
 */
export async function understandIntentAsync(question: string, linked: MaskSpan[] = []): Promise<IntentResult> {
  const head = await semanticHead(/\p{Script=Han}/u.test(question) ? 'zh' : 'en');
  if (!head) return understandIntent(question, linked);
  const spans = maskSpans(question, linked);
  const masked = canonicalKeepingSlots(spans);
  const sparse = intentClassifier().distribution(masked, keywordHints(question));
  const dense = await head.probabilities(spans);
  return decide(rank(CLASSES, combine(sparse.p, dense), sparse.known), masked);
}

function decide(p: Prediction<IntentClass>, masked: string): IntentResult {
  const asIntent = (c: IntentClass): Intent => (c === 'NONE' ? 'UNKNOWN' : c);
  const understood = p.label !== 'NONE' && p.confidence >= MIN_CONFIDENCE && p.known >= MIN_KNOWN;
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  if (understood)
    return {
      intent: asIntent(p.label),
      confidence: round(p.confidence),
      runnerUp: asIntent(p.runnerUp),
      runnerUpConfidence: round(p.runnerUpConfidence),
      masked,
    };
  // Not understood: the confidence is that of "out of scope"; the runner-up is the closest real kind.
  const closest = p.label === 'NONE' ? p.runnerUp : p.label;
  const closestP = p.label === 'NONE' ? p.runnerUpConfidence : p.confidence * p.known;
  return {
    intent: 'UNKNOWN',
    confidence: round(p.label === 'NONE' ? p.confidence : 1 - closestP),
    runnerUp: asIntent(closest),
    runnerUpConfidence: round(closestP),
    masked,
  };
}

/** The intent alone (no linked entities known yet). */
export function classifyIntent(question: string, linked: MaskSpan[] = []): Intent {
  return understandIntent(question, linked).intent;
}
