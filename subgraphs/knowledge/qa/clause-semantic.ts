// Meaning-based similarity of a question to the clauses of safety rules and procedure steps (the candidates of
// yes/no, limit and safety-rule answers), from the sentence encoders (embed/embedder.ts). The lexical score of
// intent-clauses.ts needs the question to share words with the clause; a dispatcher's everyday wording often
// shares none ("走到避雷器跟前" for 靠近避雷器, "on my own" for "with two people"). This is a second signal,
// added to the lexical one, never a replacement; without the encoder files it is absent and answers are as
// before. Each clause text is embedded once (a base's texts are a few hundred, warmed at start); a question
// costs one embedding.
import type { Driver } from 'neo4j-driver';
import { cosine, embedder, type EmbedLanguage } from './embed/embedder.js';
import { judgeSources } from './intent-judge.js';

/**
 * Where each model's cosines of unrelated and of matching texts lie: bge-small-zh puts unrelated sentences at
 * 0.4-0.6 and paraphrases at 0.7-0.9; bge-small-en runs higher (0.6-0.7 unrelated). A cosine is read as a
 * strength between 0 (at `lo` or below) and 1 (at `hi` or above).
 */
const SCALE: Record<EmbedLanguage, { lo: number; hi: number }> = {
  zh: { lo: 0.6, hi: 0.85 },
  en: { lo: 0.68, hi: 0.9 },
};

// Clause and rule texts of every base, by language: bounded by the bases, not by the questions.
const vectors: Record<EmbedLanguage, Map<string, Float32Array>> = { zh: new Map(), en: new Map() };
const MAX_TEXTS = 20_000;

/** Embeds the texts not embedded yet (a base's clauses at warm-up, or on the first question that needs them). */
export async function embedTexts(lang: EmbedLanguage, texts: readonly string[]): Promise<boolean> {
  const model = await embedder(lang);
  if (!model) return false;
  const known = vectors[lang];
  const todo = [...new Set(texts)].filter((t) => t && !known.has(t));
  if (todo.length === 0) return true;
  if (known.size + todo.length > MAX_TEXTS) known.clear();
  // One at a time: in a batch, padding moves a quantised model's vector a little (cosine ≈ 0.99 to the text
  // alone), so a clause's similarity would depend on which texts it was embedded with. Alone, it is the same
  // at every start, as the question (always embedded alone) is.
  for (const t of todo) known.set(t, await model.embedOne(t));
  return true;
}

export interface ClauseSimilarity {
  lang: EmbedLanguage;
  /** The cosine of the question to a text in its language; undefined for a text in the other language. */
  cosine(text: string): number | undefined;
  /** The cosine on the model's scale: 0 at or below what unrelated texts reach, 1 for a close paraphrase. */
  strength(text: string): number;
}

/**
 * The question's similarity to the given texts of its language (clauses, whole requirements, rule names), or
 * null when the encoder is absent. One embedding for the question; the texts come from the cache.
 */
export async function clauseSimilarity(
  question: string,
  lang: EmbedLanguage,
  texts: readonly string[],
): Promise<ClauseSimilarity | null> {
  const model = await embedder(lang);
  if (!model || !(await embedTexts(lang, texts))) return null;
  const q = await model.embedOne(question);
  const known = vectors[lang];
  const memo = new Map<string, number | undefined>();
  const cos = (text: string): number | undefined => {
    if (!memo.has(text)) {
      const v = known.get(text);
      memo.set(text, v ? cosine(q, v) : undefined);
    }
    return memo.get(text);
  };
  const { lo, hi } = SCALE[lang];
  return {
    lang,
    cosine: cos,
    strength: (text) => {
      const c = cos(text);
      return c === undefined ? 0 : Math.min(1, Math.max(0, (c - lo) / (hi - lo)));
    },
  };
}

/** How alike two embedded texts of a language are, on the model's scale (0..1; 0 when either is not embedded,
 * as without the encoder). PARAPHRASE and above: they say the same (a step that repeats its rule's clause). */
export function likeness(lang: EmbedLanguage, a: string, b: string): number {
  const va = vectors[lang].get(a);
  const vb = vectors[lang].get(b);
  if (!va || !vb) return 0;
  const { lo, hi } = SCALE[lang];
  return Math.min(1, Math.max(0, (cosine(va, vb) - lo) / (hi - lo)));
}
export const PARAPHRASE = 0.55;

/** The language a question is written in, which picks its encoder: Chinese when it has Han characters. */
export const questionLanguage = (text: string): EmbedLanguage => (/\p{Script=Han}/u.test(text) ? 'zh' : 'en');

/** The texts of one language a question is compared with: each clause and the whole requirement or step it
 * was cut from. */
export function clauseTexts(clauses: readonly { text: string; whole: string; lang: string }[], lang: EmbedLanguage) {
  const out = new Set<string>();
  for (const c of clauses) if (c.lang === lang) out.add(c.text).add(c.whole);
  return [...out];
}

/** Embeds every clause, whole requirement or step, and rule name of a base in both languages, so the first
 * yes/no, limit or safety question costs what the hundredth does (the subgraph's warm-up calls it). */
export async function warmClauseVectors(driver: Driver, kb: string | null): Promise<number> {
  const none = { faultIds: [], symptomIds: [], procedureIds: [], ruleIds: [], equipmentTypeIds: [], targetIds: [] };
  const sources = await judgeSources(driver, none, kb);
  let n = 0;
  for (const lang of ['zh', 'en'] as const) {
    const names = [...sources.rules.values()].map((r) => (lang === 'zh' ? r.name || r.nameEn : r.nameEn || r.name));
    const texts = [...clauseTexts(sources.clauses, lang), ...names];
    if (await embedTexts(lang, texts)) n += texts.length;
  }
  return n;
}
