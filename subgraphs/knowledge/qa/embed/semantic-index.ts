// Entity linking by meaning: a base's shared entities (faults, symptoms, causes, procedures, equipment types)
// embedded once per language when the base's lexicon is read, so a question described in other words ("T1
// keeps losing oil", "档位一直往上跑停不下来") still reaches its fault. A question costs one encoder run
// (the question and its clauses in one batch); the entities' vectors are made at load and in the warm-up.
// Org-scoped equipment is not here: it is named, never described, and visibility stays the lexical linker's.
//
// Similarity alone is not a link. A candidate must be near enough (per language: the two models' cosine scales
// differ) AND clearly nearer than the best candidate that leads to other faults (a symptom of the same fault
// is not a rival), so off-topic text, which is about equally far from everything, links nothing.
import type { LexEntity, LinkedEntity } from '../linker.js';
import { placelessLink } from '../placeless-link.js';
import { cosine, embedder, type EmbedLanguage } from './embedder.js';

export type SemanticKind = 'FaultType' | 'Symptom' | 'Cause' | 'Procedure' | 'EquipmentType';
export const SEMANTIC_KINDS: readonly SemanticKind[] = ['FaultType', 'Symptom', 'Cause', 'Procedure', 'EquipmentType'];

interface Entry {
  entity: LexEntity;
  text: string;
  vector: Float32Array;
}

export interface SemanticIndex {
  entries: Record<EmbedLanguage, Entry[]>;
  /** The faults each entity leads to (a fault itself; a symptom's, procedure's or cause's faults). */
  faultsOf: Map<string, string[]>;
}

export interface SemanticRow {
  entity: LexEntity;
  aliases: string[];
}

const HAN = /\p{Script=Han}/u;
const isSemantic = (e: LexEntity): boolean => (SEMANTIC_KINDS as readonly string[]).includes(e.kind);

/** The texts an entity is known by in one language's model: its name there and its aliases written in it. */
export function textsOf(row: SemanticRow, language: EmbedLanguage): string[] {
  const { entity, aliases } = row;
  const own = language === 'zh' ? entity.name : entity.nameEn;
  const other = language === 'zh' ? entity.nameEn : entity.name;
  const fits = (t: string): boolean => (language === 'zh' ? HAN.test(t) : !HAN.test(t));
  const texts = [own || other, ...aliases.filter((a) => a && fits(a))].map((t) => t.trim()).filter(Boolean);
  return [...new Set(texts)];
}

/** Embeds the base's shared entities in both languages; null when no encoder is available. */
export async function buildSemanticIndex(
  rows: SemanticRow[],
  faultsOf: Map<string, string[]>,
): Promise<SemanticIndex | null> {
  const entries: Record<EmbedLanguage, Entry[]> = { zh: [], en: [] };
  let any = false;
  for (const language of ['zh', 'en'] as const) {
    const model = await embedder(language);
    if (!model) continue;
    any = true;
    const pairs = rows
      .filter((r) => isSemantic(r.entity) && r.entity.ownerOrgId === null)
      .flatMap((r) => textsOf(r, language).map((text) => ({ entity: r.entity, text })));
    const vectors = await model.embed(pairs.map((p) => p.text));
    entries[language] = pairs.map((p, i) => ({ ...p, vector: vectors[i]! }));
  }
  return any ? { entries, faultsOf } : null;
}

/** How near is near enough, per language (bge-small-zh scores unrelated text 0.4-0.6, bge-small-en 0.6-0.7). */
export const THRESHOLDS: Record<EmbedLanguage, { min: number; margin: number }> = {
  zh: { min: 0.68, margin: 0.05 },
  en: { min: 0.75, margin: 0.04 },
};

/**
 * The parts a question describes separately ("bus voltage jumped, and there's a noise in the VT"): split on
 * clause punctuation and on and/then/和/并且…, keeping parts long enough to mean something.
 */
export function clausesOf(question: string): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const splitter = /[，,;；。!！?？\n]+|\.(?!\d)|\s+-\s+|\s+(?:and|then|but|plus)\s+|和|并且|而且|然后|同时|还有/giu;
  let from = 0;
  const take = (end: number): void => {
    const raw = question.slice(from, end);
    const text = raw.trim();
    const start = from + raw.indexOf(text);
    if (describes(text)) out.push({ text, start, end: start + text.length });
  };
  for (const m of question.matchAll(splitter)) {
    take(m.index);
    from = m.index + m[0].length;
  }
  take(question.length);
  return out;
}

// The asking, not the asked: words that say what kind of question it is ("咋回事", "what kind of fault is
// that", "how do we handle it"). A clause made of little else describes nothing, and would only be near
// whichever entity name happens to share "fault" or "处置".
const ASKING_ZH =
  /这边|那边|现场|咱们|我们|你们|按|这是|那是|是不是|什么|啥|怎么|咋|如何|怎样|处理|处置|应对|解决|办法|回事|情况|原因|问题|故障|毛病|一般|可能|应该|需要|后续|还要|接下来|下一步|现在|步骤|流程|措施|哪些|哪个|哪儿|哪里|出在|引起|导致|为啥|为什么|能|会|该|要|做|弄|整|办|看|说|下|的|了|吗|呢|啊|呀|吧|就|都|也|还|这|那|个|些|事/gu;
const ASKING_EN = new Set(
  `a an the of on in at to for from with by is are was were be been it its it's this that these those there
  what what's whats which who whom how why when where kind sort type fault faults failure problem issue wrong
  cause causes caused reason reasons likely possible possibly usually probably normally behind
  do does did we i you they our my me us should must can could would will shall may might have has had
  handle handling deal dealing respond response procedure procedures process steps step next first then now
  tell know think mean means going get got any anything something please`.split(/\s+/),
);

/** Whether a clause says something besides the asking (3+ Han characters, or 2+ English words, of its own). */
export function describes(clause: string): boolean {
  if (HAN.test(clause)) return [...clause.replace(ASKING_ZH, '')].filter((c) => HAN.test(c)).length >= 3;
  const words = clause.toLowerCase().match(/[a-z0-9][a-z0-9'-]*/g) ?? [];
  return words.filter((w) => !ASKING_EN.has(w)).length >= 2;
}

export interface SemanticHit {
  entity: LexEntity;
  /** Best cosine of the entity's texts to the text it was found from. */
  score: number;
  /** Over the nearest entity leading to other faults. */
  margin: number;
  /** The question text it was found from (the question or one of its clauses). */
  from: string;
  /** The model that scored it (the question's, else the other where the base has no texts for it). */
  language: EmbedLanguage;
}

/** Scores of every entity of the kinds to one query vector (best of its texts). */
function scores(entries: Entry[], kinds: readonly string[], q: Float32Array): { e: LexEntity; s: number }[] {
  const best = new Map<string, { e: LexEntity; s: number }>();
  for (const x of entries) {
    if (!kinds.includes(x.entity.kind)) continue;
    const s = cosine(x.vector, q);
    const had = best.get(x.entity.id);
    if (!had || had.s < s) best.set(x.entity.id, { e: x.entity, s });
  }
  return [...best.values()].sort((a, b) => b.s - a.s);
}

/** How much nearer a candidate leading elsewhere may be before a clause's preferred fault is not taken. */
export const PREFER_WITHIN = 0.06;

/**
 * The nearest entity to one query with its margin over the nearest one leading to other faults. With
 * `prefer` (the faults the question's other symptoms point to), a candidate of those faults within
 * PREFER_WITHIN of the nearest is taken instead: symptoms described together are usually one fault's
 * ("路面积水…居民都说停水了" is a burst main's no-water complaints, not an estate's booster failure).
 */
export function nearest(
  index: SemanticIndex,
  entries: Entry[],
  kinds: readonly string[],
  q: Float32Array,
  prefer?: ReadonlySet<string>,
): { entity: LexEntity; score: number; margin: number } | null {
  const ranked = scores(entries, kinds, q);
  const leadsTo = (e: LexEntity): string[] => index.faultsOf.get(e.id) ?? [e.id];
  let top = ranked[0];
  if (!top) return null;
  let passed: typeof top | undefined;
  if (prefer && prefer.size > 0 && !leadsTo(top.e).some((f) => prefer.has(f))) {
    const alt = ranked.find((r) => leadsTo(r.e).some((f) => prefer.has(f)));
    if (alt && alt.s >= top.s - PREFER_WITHIN) [passed, top] = [top, alt];
  }
  const topFaults = new Set(leadsTo(top.e));
  const rival = ranked.find((r) => r !== top && r !== passed && !leadsTo(r.e).some((f) => topFaults.has(f)));
  return { entity: top.e, score: top.s, margin: top.s - (rival?.s ?? 0) };
}

/** The language whose model scores a question: its own when the base has texts for it. */
export function modelLanguage(index: SemanticIndex, question: string): EmbedLanguage {
  const own: EmbedLanguage = HAN.test(question) ? 'zh' : 'en';
  return index.entries[own].length > 0 ? own : own === 'zh' ? 'en' : 'zh';
}

/**
 * For each text (a question, its clauses), the entity of the given kinds nearest in meaning, kept only above
 * the language's threshold and margin; one hit per entity (its best), best first. One encoder run for all.
 */
export async function semanticHits(
  index: SemanticIndex | null | undefined,
  texts: readonly string[],
  kinds: readonly SemanticKind[],
  options: {
    /** Faults the question's other links point to (see `nearest`). */
    prefer?: ReadonlySet<string>;
    /** The margin asked for, as a multiple of the language's (surer evidence for overruling a lexical link). */
    marginFactor?: number;
  } = {},
): Promise<SemanticHit[]> {
  const { prefer, marginFactor = 1 } = options;
  if (!index || texts.length === 0) return [];
  const language = modelLanguage(index, texts[0]!);
  const entries = index.entries[language];
  const model = entries.length > 0 ? await embedder(language) : null;
  if (!model) return [];
  const unique = [...new Set(texts)];
  const vectors = await model.embed(unique);
  const { min, margin } = THRESHOLDS[language];
  const hits = new Map<string, SemanticHit>();
  unique.forEach((from, i) => {
    const n = nearest(index, entries, kinds, vectors[i]!, prefer);
    if (!n || n.score < min || n.margin < margin * marginFactor) return;
    const had = hits.get(n.entity.id);
    if (!had || had.score < n.score) hits.set(n.entity.id, { ...n, from, language });
  });
  return [...hits.values()].sort((a, b) => b.score - a.score);
}

/**
 * How sure a semantic link is: from 0.45 at the threshold and margin to 0.7 well above both, so never
 * surer than a full-text candidate with full overlap (0.7) or any lexical match.
 */
export function semanticConfidence(hit: SemanticHit): number {
  const { min, margin } = THRESHOLDS[hit.language];
  const above = Math.max(0, Math.min(1, (hit.score - min) / 0.15));
  const apart = Math.max(0, Math.min(1, (hit.margin - margin) / 0.1));
  return Math.round((0.45 + 0.125 * above + 0.125 * apart) * 1000) / 1000;
}

/** A hit as a linked entity, marked as found by meaning, from no one place in the question. */
export function semanticLink(hit: SemanticHit): LinkedEntity {
  return placelessLink(hit.entity, 'semantic', semanticConfidence(hit), hit.from);
}

/**
 * How near the question is in meaning to each of the given faults (the best of the fault's own texts), for
 * faults its symptoms cannot tell apart; empty without an index. One encoder run, usually a cached one.
 */
export async function faultNearness(
  index: SemanticIndex | null | undefined,
  question: string,
  faultIds: readonly string[],
): Promise<{ nearness: Map<string, number>; language: EmbedLanguage }> {
  const language = index ? modelLanguage(index, question) : 'zh';
  const nearness = new Map<string, number>();
  const entries = index?.entries[language].filter((x) => faultIds.includes(x.entity.id)) ?? [];
  const model = entries.length > 0 ? await embedder(language) : null;
  if (!model) return { nearness, language };
  const q = await model.embedOne(question);
  for (const x of entries) nearness.set(x.entity.id, Math.max(nearness.get(x.entity.id) ?? -1, cosine(x.vector, q)));
  return { nearness, language };
}

/** The fault clearly nearest: above the language's threshold and its margin over the next; null otherwise. */
export function clearlyNearest(nearness: Map<string, number>, language: EmbedLanguage): string | null {
  const [top, next] = [...nearness].sort((a, b) => b[1] - a[1]);
  const { min, margin } = THRESHOLDS[language];
  if (!top || top[1] < min || top[1] - (next?.[1] ?? 0) < margin) return null;
  return top[0];
}
