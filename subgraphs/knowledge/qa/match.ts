// Entity matching over one base's lexicon, in memory, with the confidence each kind of match deserves:
//   exact 1.0   the question writes the entity's name (Chinese or English) as it is;
//   alias 0.95  … one of its aliases from the base;
//   synonym 0.95 … a spelling the synonym lexicon rewrites to the same canonical form (开关拒分 = 断路器拒分);
//   partial ≤0.8 a distinctive part of a name (only one entity has it) or most of a name's bigrams in a
//               compact window (a symptom in other words: 一相电压低另外两相高 ~ 一相电压降低两相升高);
//   pinyin 0.85 a homophone typo (same toneless pinyin, one or two characters differ: 瓦丝继电器);
//   edit 0.8    one edit in a Chinese name of 4+ characters (two from 10), or one per English word of 4+ letters.
// Exact, alias and synonym spans are taken first, longest first; the fuzzier ones only explain text those
// left over, longest first. One span naming several entities of a kind lowers each one's confidence and
// keeps them all. Nothing is linked from a part shared by many entities, a common word, or a low overlap,
// so a question outside the base links nothing.
import { pinyin } from 'pinyin-pro';
import type { LexEntity, LinkedEntity, LinkHow } from './linker.js';
import { powerLexicon, synonymTable, type SynonymTable } from './lexicon/index.js';

interface Form {
  /** Canonical text (synonyms applied). */
  text: string;
  entity: LexEntity;
  ascii: boolean;
}

interface RawForm {
  /** As written (lower case, NFKC): typos are typos of the written name. */
  chars: string[];
  entity: LexEntity;
  han: number;
}

export interface MatchIndex {
  table: SynonymTable;
  forms: Form[];
  /** Names (exact) and aliases as written, per entity id, lower case. */
  names: Map<string, Set<string>>;
  aliases: Map<string, Set<string>>;
  /** Raw ASCII forms by word count, for the English typo pass. */
  asciiByWords: Map<number, { words: string[]; entity: LexEntity }[]>;
  rawHan: RawForm[];
  /** Canonical Han forms with their bigrams, for the partial pass. */
  hanForms: { form: Form; grams: string[]; han: string }[];
  /** Forms of 2..4 known words (synonyms applied), for the words-in-any-order pass. */
  wordForms: { form: Form; words: string[] }[];
  /** English names and aliases as stemmed content words, for the English shared-words pass. */
  englishNames: { stems: string[]; entity: LexEntity }[];
}

export interface EntityRow {
  entity: LexEntity;
  aliases: string[];
}

const lower = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
const HAN = /\p{Script=Han}/u;
const isAscii = (s: string): boolean => /^[\x20-\x7e]+$/.test(s);
const STOP = new Set(['the', 'of', 'a', 'an', 'on', 'in', 'at', 'to', 'and', 'or', 'with', 'for', 'is', 'by', 'from']);
const COMMON = new Set((powerLexicon.words ?? []).map(lower));

export function buildMatchIndex(rows: EntityRow[], synonyms: string[][] = []): MatchIndex {
  const table = synonymTable(synonyms);
  const forms: Form[] = [];
  const names = new Map<string, Set<string>>();
  const aliases = new Map<string, Set<string>>();
  const asciiByWords = new Map<number, { words: string[]; entity: LexEntity }[]>();
  const rawHan: RawForm[] = [];
  for (const { entity, aliases: al } of rows) {
    const ns = new Set([entity.name, entity.nameEn].filter(Boolean).map(lower));
    const as = new Set(al.filter(Boolean).map(lower));
    names.set(entity.id, ns);
    aliases.set(entity.id, as);
    const texts = new Set<string>();
    for (const raw of [...ns, ...as]) {
      const c = table.canonical(raw);
      if (c.length >= 2) texts.add(c);
      if (isAscii(raw) && raw.length >= 5) {
        const words = raw.split(' ');
        asciiByWords.set(words.length, [...(asciiByWords.get(words.length) ?? []), { words, entity }]);
      }
      const chars = [...raw];
      const han = chars.filter((ch) => HAN.test(ch)).length;
      if (han >= 3) rawHan.push({ chars, entity, han });
    }
    for (const text of texts) forms.push({ text, entity, ascii: isAscii(text) });
  }
  const hanForms = forms
    .filter((f) => !f.ascii && [...f.text].filter((ch) => HAN.test(ch)).length >= 2)
    .map((form) => ({ form, grams: [...bigramSet(form.text)], han: form.text }));
  const wordForms: { form: Form; words: string[] }[] = [];
  for (const form of forms) {
    const toks = table.segment(form.text).filter((t) => /[\p{L}\p{N}]/u.test(t.norm) && !STOP.has(t.norm));
    // Every word must be a dictionary word or an English word, of two characters or more.
    if (
      toks.length < 2 ||
      toks.length > 4 ||
      toks.some((t) => t.norm.length < 2 || !(t.known || /^[a-z0-9 ]+$/.test(t.norm)))
    )
      continue;
    wordForms.push({ form, words: toks.map((t) => t.norm) });
  }
  const englishNames: { stems: string[]; entity: LexEntity }[] = [];
  // Not rules or roles: their names are sentences ("Never operate a locked-out breaker") whose words a
  // question uses for other things; rules are found by their clauses' wording instead.
  for (const { entity, aliases: al } of rows.filter(
    (r) => r.entity.kind !== 'SafetyRule' && r.entity.kind !== 'DutyRole',
  ))
    for (const raw of [entity.nameEn, ...al].filter((x): x is string => !!x && isAscii(x))) {
      const stems = contentWords(lower(raw)).map((w) => w.stem);
      if (stems.length >= 2) englishNames.push({ stems, entity });
    }
  const index = { table, forms, names, aliases, asciiByWords, rawHan, hanForms, wordForms, englishNames };
  // Built now, not on the first question: the first question is as fast as the hundredth.
  pieceIndex(index);
  for (const f of rawHan) for (const ch of f.chars) if (HAN.test(ch)) readings(ch);
  return index;
}

/** Optimal string alignment distance over arrays, with an early exit once it exceeds `max`. */
export function editDistance(a: string | string[], b: string | string[], max: number): number {
  const A = typeof a === 'string' ? [...a] : a;
  const B = typeof b === 'string' ? [...b] : b;
  if (Math.abs(A.length - B.length) > max) return max + 1;
  const prev2: number[] = new Array(B.length + 1).fill(0);
  let prev: number[] = Array.from({ length: B.length + 1 }, (_, j) => j);
  for (let i = 1; i <= A.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= B.length; j++) {
      const cost = A[i - 1] === B[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && A[i - 1] === B[j - 2] && A[i - 2] === B[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= B.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[B.length]!;
}

const UNIT = /\p{Script=Han}|[a-z0-9]/u;
/** Bigrams with at least one Han character: 2号 tells #2 from #1, while pairs of letters or digits ("10", "kv") are shared by too many names to mean anything. */
const isGram = (a: string, b: string): boolean => UNIT.test(a) && UNIT.test(b) && (HAN.test(a) || HAN.test(b));
function bigramSet(text: string): Set<string> {
  const chars = [...text];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) if (isGram(chars[i]!, chars[i + 1]!)) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

const readingsCache = new Map<string, Set<string>>();
/** Every toneless reading of one Han character (polyphones: 重 → zhong, chong). */
function readings(ch: string): Set<string> {
  let r = readingsCache.get(ch);
  if (!r) {
    r = new Set(pinyin(ch, { toneType: 'none', multiple: true, type: 'array' }) as string[]);
    readingsCache.set(ch, r);
  }
  return r;
}
const homophones = (a: string, b: string): boolean => {
  const rb = readings(b);
  for (const x of readings(a)) if (rb.has(x)) return true;
  return false;
};

interface Span {
  start: number;
  end: number;
  /** The surest match in the span (orders spans). */
  how: LinkHow;
  conf: number;
  /** Each entity with its own kind of match: one span can be a fault's alias and a cause's exact name. */
  items: Map<string, { entity: LexEntity; how: LinkHow; conf: number }>;
}

const CONF: Record<LinkHow, number> = {
  exact: 1,
  alias: 0.95,
  synonym: 0.95,
  pinyin: 0.85,
  edit: 0.8,
  partial: 0.8,
  fulltext: 0.65,
};
const STRONG = new Set<LinkHow>(['exact', 'alias', 'synonym']);
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9]/.test(c);

/** The entities a question names, in question order. */
export function matchEntities(index: MatchIndex, question: string, visibleOrgs: string[] | null): LinkedEntity[] {
  const q = lower(question);
  const visible = (e: LexEntity): boolean =>
    e.ownerOrgId === null || visibleOrgs === null || visibleOrgs.includes(e.ownerOrgId);
  const c = index.table.canonicalMapped(q);
  const spans = new Map<string, Span>();
  const add = (start: number, end: number, how: LinkHow, conf: number, entity: LexEntity): void => {
    if (!visible(entity) || end <= start) return;
    const key = `${start}:${end}:${STRONG.has(how) ? 's' : 'w'}`;
    const span = spans.get(key) ?? { start, end, how, conf, items: new Map() };
    const had = span.items.get(entity.id);
    if (!had || had.conf < conf) span.items.set(entity.id, { entity, how, conf });
    if (conf > span.conf) [span.conf, span.how] = [conf, how];
    spans.set(key, span);
  };

  // Text naming an entity the viewer may not see (another org's equipment): explained, but not linked, so no
  // fuzzier reading turns 苏州东500kV进线1 into a visible 杭州滨江220kV进线1 and answers about the wrong equipment.
  const hidden: { start: number; end: number }[] = [];

  // 1. Exact, alias, synonym: canonical forms in the canonical question, mapped back to the written text.
  for (const form of index.forms) {
    let at = c.text.indexOf(form.text);
    while (at >= 0) {
      const end = at + form.text.length;
      // ASCII forms must sit on word boundaries ("ct" inside "detect" is not a CT).
      if (!form.ascii || (!isWordChar(c.text[at - 1]) && !isWordChar(c.text[end]))) {
        const s = c.from[at]!,
          e = c.to[end - 1]!;
        const written = q.slice(s, e);
        const how: LinkHow = index.names.get(form.entity.id)?.has(written)
          ? 'exact'
          : index.aliases.get(form.entity.id)?.has(written)
            ? 'alias'
            : 'synonym';
        if (!visible(form.entity)) hidden.push({ start: s, end: e });
        add(s, e, how, CONF[how], form.entity);
      }
      at = c.text.indexOf(form.text, at + 1);
    }
  }
  const strong = choose([...spans.values()], []);
  const strongIds = new Set(strong.flatMap((s) => [...s.items.keys()]));
  spans.clear();

  // 2. Typos and paraphrases, only over text the strong matches left unexplained.
  // A typo or partial match may swallow a strong one whole (主变油温过搞 holds 主变), never cut one in two.
  const covered = (s: number, e: number): boolean =>
    strong.some((x) => s < x.end && x.start < e && !(x.start >= s && x.end <= e));
  englishTypos(index, q, add);
  chineseTypos(index, q, add, covered);
  partials(index, c, add, visible);
  // Last and weakest: only over text no typo or other partial reading already explains.
  const fuzzy = [...spans.values()];
  englishShared(index, q, add, (s, e) => fuzzy.some((x) => s < x.end && x.start < e));
  const weak = choose(
    [...spans.values()]
      .filter((s) => !covered(s.start, s.end))
      .filter((s) => !hidden.some((h) => s.start < h.end && h.start < s.end))
      // A partial match may hold a strong one whole only when it is at least twice as long (滨江站2号主变高压侧开关
      // holds 主变 and 开关); a typo match may hold one whole.
      .filter(
        (s) =>
          s.how !== 'partial' ||
          !strong.some((x) => s.start < x.end && x.start < s.end && 2 * (x.end - x.start) > s.end - s.start),
      )
      // A typo needs a character no strong match explains: 清水池液位计 is two words, not a typo of 清水池液位低.
      .filter((s) => s.how === 'partial' || !explained(strong, s.start, s.end))
      .map(nearBest)
      // An entity already named plainly needs no fuzzier second reading (主变差动跳闸归 is 主变差动跳闸 again).
      .map((s) => ({ ...s, items: new Map([...s.items].filter(([id]) => !strongIds.has(id))) }))
      .filter((s) => s.items.size > 0),
    strong,
  );

  return [...strong, ...weak]
    .sort((a, b) => a.start - b.start)
    .flatMap((s) => {
      // One span, several entities of one kind: each is less certain (the candidates are all kept).
      const items = [...s.items.values()];
      const perKind = new Map<string, number>();
      for (const { entity } of items) perKind.set(entity.kind, (perKind.get(entity.kind) ?? 0) + 1);
      return items.map(({ entity, how, conf }) => {
        const k = perKind.get(entity.kind)!;
        const confidence = Math.round(conf * (k > 1 ? Math.max(0.5, 1 - 0.15 * (k - 1)) : 1) * 1000) / 1000;
        const text = question.slice(s.start, s.end);
        return { ...entity, matched: text, matchedText: text, how, confidence, start: s.start, end: s.end };
      });
    });
}

/** Is every character of [start, end) inside some strong span? */
function explained(strong: Span[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!strong.some((x) => x.start <= i && i < x.end)) return false;
  return true;
}

/** A fuzzy span keeps the candidates about as good as its best one (2号 beats 1号 by a bigram or two). */
function nearBest(s: Span): Span {
  const top = Math.max(...[...s.items.values()].map((i) => i.conf));
  return { ...s, items: new Map([...s.items].filter(([, i]) => i.conf >= top - 0.02)) };
}

/** Longest spans first, then the surer; a span inside a chosen one is dropped, partial overlaps stay among strong spans. */
function choose(candidates: Span[], taken: Span[]): Span[] {
  const rank = (s: Span): number => (STRONG.has(s.how) ? 0 : 1);
  candidates.sort(
    (a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || b.conf - a.conf || a.start - b.start,
  );
  const chosen: Span[] = [];
  for (const s of candidates) {
    const all = [...taken, ...chosen];
    if (all.some((x) => s.start >= x.start && s.end <= x.end)) continue;
    // A fuzzy span never overlaps another: it only explains text nothing else does.
    if (
      !STRONG.has(s.how) &&
      all.some(
        (x) => s.start < x.end && x.start < s.end && !(STRONG.has(x.how) && x.start >= s.start && x.end <= s.end),
      )
    )
      continue;
    chosen.push(s);
  }
  return chosen;
}

type Add = (start: number, end: number, how: LinkHow, conf: number, entity: LexEntity) => void;

/** English word by word: words under 4 letters must be equal, longer ones may differ by one edit, two in all. */
function englishTypos(index: MatchIndex, q: string, add: Add): void {
  const words: { text: string; start: number; end: number }[] = [];
  for (const m of q.matchAll(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g))
    words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  for (const [n, forms] of index.asciiByWords)
    for (let i = 0; i + n <= words.length; i++)
      for (const form of forms) {
        let total = 0;
        for (let k = 0; k < n && total <= 2; k++) {
          const a = words[i + k]!.text,
            b = form.words[k]!;
          if (a === b) continue;
          const d = a.length < 4 || b.length < 4 ? 3 : editDistance(a, b, 1);
          total += d > 1 ? 3 : d;
        }
        if (total > 0 && total <= 2) add(words[i]!.start, words[i + n - 1]!.end, 'edit', CONF.edit, form.entity);
      }
}

// English has no bigram pass: "excess chlorine" names Excessive chlorine residual, "musty taste" the
// earthy-musty taste complaint, "Taihu reservoir no.2" Taihu plant clear water reservoir 2, in other word
// forms, with words left out or between. Words are compared by a light stem (excessive = excess, leaks =
// leak) and function words are ignored.
const FUNCTION_WORDS = new Set([
  ...STOP,
  ...'which what whats how who whom whose when why where does do did done can could should would will shall may might must be been being are was were am it its this that these those there here we i you they he she my our your their me us them if then else not no any all some up out off over after before during while about into as so just very too get gets got go goes going than also only each every other another please tell'.split(
    ' ',
  ),
  // Words that say what kind of thing a name is, not which: every procedure is "Handling …", many symptoms
  // are "… alarm"; sharing them says nothing about which entity is meant.
  ...'handling handle handles handled deal dealing response respond procedure alarm alarms fault faults problem problems issue issues failure complaint complaints customers customer report reports'.split(
    ' ',
  ),
]);

/** A light English stem: plural, -ing, -ed, -ive, -ly endings off, so word forms of one word meet. */
export function stem(word: string): string {
  let w = word.replace(/'s$/, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 6 && w.endsWith('ive')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('ly')) w = w.slice(0, -2);
  // dropped → drop, closed = close: a doubled final consonant and a final e go too.
  if (/([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The content words of lower-case text, with their stems and positions (hyphenated words split). */
function contentWords(text: string): { stem: string; start: number; end: number; clause: number }[] {
  const out: { stem: string; start: number; end: number; clause: number }[] = [];
  let clause = 0,
    at = 0;
  for (const m of text.matchAll(/[a-z0-9]+(?:'[a-z]+)?/g)) {
    if (/[,.;:!?，。；：！？]/.test(text.slice(at, m.index)) && !/^\d/.test(m[0])) clause++;
    at = m.index + m[0].length;
    if (FUNCTION_WORDS.has(m[0])) continue;
    out.push({ stem: stem(m[0]), start: m.index, end: m.index + m[0].length, clause });
  }
  return out;
}

/**
 * An English name whose content words the question shares, at least two and at least half of the name's,
 * in one run of the question's content words (function words may sit between) in one clause: partial, 0.45 + 0.35 × share.
 */
function englishShared(index: MatchIndex, q: string, add: Add, taken: (s: number, e: number) => boolean): void {
  const words = contentWords(q).filter((w) => !taken(w.start, w.end));
  if (words.length < 2) return;
  const found: { start: number; end: number; shared: number; share: number; entity: LexEntity }[] = [];
  for (const { stems, entity } of index.englishNames) {
    const want = new Set(stems);
    for (let a = 0; a < words.length; a++) {
      if (!want.has(words[a]!.stem)) continue;
      const seen = new Set<string>();
      let last = a;
      for (
        let b = a;
        b < words.length &&
        b - a < stems.length + 2 &&
        words[b]!.clause === words[a]!.clause &&
        !taken(words[a]!.start, words[b]!.end) &&
        // Only function words between: "switching need two people" is not Two-person switching (need is
        // the question's own word, and masking it would hide what is asked).
        want.has(words[b]!.stem);
        b++
      ) {
        seen.add(words[b]!.stem);
        last = b;
      }
      const share = seen.size / want.size;
      // Words in the name's order, or reversed around a verb phrase ("chlorine that is excessive"); reversed
      // around a preposition they describe two things ("loss at a water plant" is not water loss).
      const order = words.slice(a, last + 1).map((w) => stems.indexOf(w.stem));
      const reversed = order.some((o, k) => k > 0 && o < order[k - 1]!);
      if (reversed && /\b(?:at|in|on|of|from|to|for|by|with|near)\b/.test(q.slice(words[a]!.end, words[last]!.start)))
        break;
      if (seen.size >= 2 && share >= 0.5) {
        found.push({ start: words[a]!.start, end: words[last]!.end, shared: seen.size, share, entity });
        break;
      }
    }
  }
  // The names explaining most of the question's words first, then the best-covered; a span overlapping a
  // better one is not a reading of its own (choose() ranks longer spans first, so a long, thin match would
  // otherwise beat a short, full one).
  found.sort((x, y) => y.shared - x.shared || y.share - x.share || y.end - y.start - (x.end - x.start));
  const kept: typeof found = [];
  for (const f of found)
    if (
      !kept.some(
        (k) =>
          f.start < k.end &&
          k.start < f.end &&
          (k.shared > f.shared || k.share > f.share || f.start !== k.start || f.end !== k.end),
      )
    )
      kept.push(f);
  for (const f of kept) add(f.start, f.end, 'partial', Math.round((0.45 + 0.35 * f.share) * 1000) / 1000, f.entity);
}

// The Han character pairs the base's names are made of, per index (an index never changes once built).
const gramsOf = new WeakMap<MatchIndex, Set<string>>();
function knownGrams(index: MatchIndex): Set<string> {
  let grams = gramsOf.get(index);
  if (!grams) {
    grams = new Set(index.hanForms.flatMap((f) => f.grams));
    gramsOf.set(index, grams);
  }
  return grams;
}

/** Chinese typos against names as written: homophones (pinyin) and small edit distances. */
function chineseTypos(index: MatchIndex, q: string, add: Add, covered: (s: number, e: number) => boolean): void {
  const chars = [...q];
  if (chars.filter((ch) => HAN.test(ch)).length < 3) return;
  // Code-unit offsets of each character, to report spans in the question's own indexing.
  const offs: number[] = [];
  let o = 0;
  for (const ch of chars) {
    offs.push(o);
    o += ch.length;
  }
  offs.push(o);
  const present = new Set(chars);
  const grams = knownGrams(index);
  for (const form of index.rawHan) {
    const L = form.chars.length;
    // Cheap filter: at least half the name's characters must be in the question at all.
    let shared = 0;
    for (const ch of form.chars) if (present.has(ch)) shared++;
    if (shared < Math.ceil(L / 2)) continue;
    // Pinyin: same length, every differing character a homophone, at most a third of them differ.
    for (let i = 0; i + L <= chars.length; i++) {
      let diff = 0;
      for (let k = 0; k < L && diff >= 0; k++) {
        const a = chars[i + k]!,
          b = form.chars[k]!;
        if (a === b) continue;
        diff = HAN.test(a) && HAN.test(b) && homophones(a, b) ? diff + 1 : -1;
      }
      if (diff >= 1 && diff <= Math.max(1, Math.floor(form.han / 3)) && !covered(offs[i]!, offs[i + L]!))
        add(offs[i]!, offs[i + L]!, 'pinyin', CONF.pinyin, form.entity);
    }
    // Edit distance: names of 4+ characters, one edit (two from 10), windows one or two longer or shorter.
    if (L < 4) continue;
    const max = L >= 10 ? 2 : 1;
    if (shared < L - max) continue;
    for (let w = L - max; w <= L + max; w++)
      for (let i = 0; i + w <= chars.length; i++) {
        if (covered(offs[i]!, offs[i + w]!)) continue;
        // The ends must agree with the name's: a window that starts or ends elsewhere is another phrase.
        if (chars[i] !== form.chars[0] && chars[i + w - 1] !== form.chars[L - 1]) continue;
        const win = chars.slice(i, i + w);
        // Short names change meaning with one character: in 4 characters one substituted is another word
        // (通信中断 is not 通道中断), so only two swapped count; below 8 a missing or extra one is another
        // phrase (出水 is not 出黄水), so only the same length counts.
        if (L < 8 && w !== L) continue;
        // A window whose last character differs from the name's and begins a word the base's names use
        // (清水池液位信号, 液位显示) is another statement about the thing, not a slip: the level signal, not a low level.
        if (L > 4 && chars[i + w - 1] !== form.chars[L - 1] && grams.has(chars[i + w - 1]! + (chars[i + w] ?? '')))
          continue;
        if (L === 4 && [...win].sort().join('') !== [...form.chars].sort().join('')) continue;
        const d = editDistance(win, form.chars, max);
        if (d >= 1 && d <= max) add(offs[i]!, offs[i + w]!, 'edit', CONF.edit - 0.05 * (d - 1), form.entity);
      }
  }
}

/**
 * Partial names and paraphrased symptoms, over the canonical question:
 *  - bigram overlap: at least 60% of a name's bigrams inside a window at most 4 characters longer than it;
 *  - a distinctive part: a 2..6-character piece of the question that occurs in the names of exactly one
 *    entity, is not a common word, and covers at least 40% of that name.
 */
function partials(
  index: MatchIndex,
  c: { text: string; from: number[]; to: number[] },
  add: Add,
  visible: (e: LexEntity) => boolean,
): void {
  const t = c.text;
  const qGrams = new Map<string, number[]>();
  // Clause number of every position: a paraphrase never spans a comma or a full stop.
  const clause: number[] = [];
  let k = 0;
  for (let i = 0; i < t.length; i++) clause.push(/[,.;:!?，。；：！？、]/.test(t[i]!) ? ++k : k);
  for (let i = 0; i + 1 < t.length; i++) {
    if (!isGram(t[i]!, t[i + 1]!)) continue;
    const g = t.slice(i, i + 2);
    qGrams.set(g, [...(qGrams.get(g) ?? []), i]);
  }
  const span = (s: number, e: number) => [c.from[s]!, c.to[e - 1]!] as const;
  for (const { form, grams } of index.hanForms) {
    if (grams.length < 3) continue;
    const hits: { at: number; g: string }[] = [];
    for (const g of grams) for (const at of qGrams.get(g) ?? []) hits.push({ at, g });
    if (hits.length < Math.ceil(grams.length * 0.6)) continue;
    hits.sort((a, b) => a.at - b.at);
    const limit = form.text.length + 4;
    let best = 0,
      bs = 0,
      be = 0;
    for (let i = 0; i < hits.length; i++) {
      const seen = new Set<string>();
      for (let j = i; j < hits.length && hits[j]!.at + 2 - hits[i]!.at <= limit; j++) {
        if (clause[hits[j]!.at + 1] !== clause[hits[i]!.at]) break;
        seen.add(hits[j]!.g);
        const len = hits[j]!.at + 2 - hits[i]!.at;
        // Most bigrams first, then the tightest window (a far-off 电压 does not stretch the match).
        if (seen.size > best || (seen.size === best && len < be - bs))
          [best, bs, be] = [seen.size, hits[i]!.at, hits[j]!.at + 2];
      }
    }
    const share = best / grams.length;
    if (share >= 0.6) add(...span(bs, be), 'partial', Math.round((0.5 + 0.3 * share) * 1000) / 1000, form.entity);
  }
  // Distinctive parts: pieces of the question's Han runs made of dictionary words (not common words only)
  // that occur in the names of exactly one (visible) entity.
  const bounds = new Set<number>();
  const seg = index.table.segment(t);
  for (const tok of seg) {
    bounds.add(tok.start);
    bounds.add(tok.end);
  }
  const common = new Map(seg.map((tok) => [tok.start, COMMON.has(tok.norm)] as const));
  const pieces = pieceIndex(index);
  for (const run of t.matchAll(/\p{Script=Han}{2,}/gu))
    for (let i = run.index; i < run.index + run[0].length; i++) {
      if (!bounds.has(i)) continue;
      for (let n = 2; n <= 6 && i + n <= run.index + run[0].length; n++) {
        if (!bounds.has(i + n)) continue;
        // Dictionary words only, not all common: 瓦斯 or 冒烟 may name a thing; 水龙头出 (out of 水龙头出黄水) may not.
        const toks = seg.filter((tok) => tok.start >= i && tok.end <= i + n);
        if (toks.some((tok) => !tok.known) || toks.every((tok) => common.get(tok.start))) continue;
        const holders = [...(pieces.get(t.slice(i, i + n)) ?? [])].filter(([, h]) => visible(h.entity));
        if (holders.length !== 1) continue;
        const { entity, len } = holders[0]![1];
        const share = n / len;
        // Two characters must be most of the name (冒烟 is not 电缆冒烟); longer pieces at least 40% of it.
        if (share >= 1 || share < (n === 2 ? 0.6 : 0.4)) continue;
        add(...span(i, i + n), 'partial', Math.round((0.45 + 0.35 * share) * 1000) / 1000, entity);
      }
    }
  // Words in another order or with words between: "valve won't budge" holds 卡涩 and valve, as does the
  // name "stuck valve"; 母线突然失压 holds 母线 and 失压. All of a name's words, within one clause, in a
  // window at most two words longer than the name.
  const wordsAt = new Map<string, number[]>();
  seg.forEach((tok, k) => wordsAt.set(tok.norm, [...(wordsAt.get(tok.norm) ?? []), k]));
  for (const { form, words } of index.wordForms) {
    if (!words.every((w) => wordsAt.has(w))) continue;
    const at = words.flatMap((w) => wordsAt.get(w)!.map((k) => ({ k, w }))).sort((a, b) => a.k - b.k);
    for (let a = 0; a < at.length; a++) {
      const seen = new Set<string>();
      for (let b = a; b < at.length && at[b]!.k - at[a]!.k < words.length + 2; b++) {
        seen.add(at[b]!.w);
        const first = seg[at[a]!.k]!,
          last = seg[at[b]!.k]!;
        if (clause[first.start] !== clause[last.end - 1]) break;
        if (seen.size === new Set(words).size) {
          add(...span(first.start, last.end), 'partial', 0.7, form.entity);
          break;
        }
      }
    }
  }
}

const pieceIndexes = new WeakMap<MatchIndex, Map<string, Map<string, { entity: LexEntity; len: number }>>>();
/** Every 2..6-character Han piece of every canonical name → the entities holding it (shortest name each). */
function pieceIndex(index: MatchIndex): Map<string, Map<string, { entity: LexEntity; len: number }>> {
  let map = pieceIndexes.get(index);
  if (map) return map;
  map = new Map();
  for (const { form } of index.hanForms)
    for (const run of form.text.matchAll(/\p{Script=Han}{2,}/gu))
      for (let i = 0; i < run[0].length; i++)
        for (let n = 2; n <= 6 && i + n <= run[0].length; n++) {
          const piece = run[0].slice(i, i + n);
          let holders = map.get(piece);
          if (!holders) map.set(piece, (holders = new Map()));
          const h = holders.get(form.entity.id);
          if (!h || form.text.length < h.len)
            holders.set(form.entity.id, { entity: form.entity, len: form.text.length });
        }
  pieceIndexes.set(index, map);
  return map;
}
