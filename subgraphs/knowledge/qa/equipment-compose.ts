// Named equipment by composition: a dispatcher names a piece of equipment as site + kind + number
// ("T1 at Jinan Licheng", "Wuxi West bus II", "历城站进线一", "Taihu HL pump #3", "南京北站3号主变"),
// in any order and shorthand, and rarely as one of its stored names. So, over the synonym table's
// canonical text (incomer = 进线, T1 = 1号主变, #3 = 3号 = 三号, bus II = bus 2):
//   * the site is the one visible site whose name, alias or short stem (苏州东, Taihu, 历城) the question
//     writes;
//   * each equipment of that site is described by its names with the site, voltages and numbers taken
//     out (进线, 主变, 送水泵, bus); the kinds the question writes are those whose description it
//     contains, the longest (most specific) winning: 主变高压侧断路器 over 主变 when both are written;
//   * the number is what the question attaches to the kind (3号, #3, No.3, T1, 进线一, pump 3, bus II).
// The combination names one piece of equipment, or — when the site has that kind but not that number —
// nothing, which the caller must refuse rather than answer about another number. Only equipment the
// asker can see is ever considered, so a refusal never tells of equipment in another organisation.
import type { LexEntity, Lexicon } from './linker.js';

export interface EquipmentPlace {
  site: string;
  typeId: string | null;
}

export type Composed =
  | { kind: 'one'; equipment: LexEntity; site: LexEntity; matched: string }
  | { kind: 'missing'; site: LexEntity; number: number; typeId: string | null; siblings: LexEntity[] }
  | null;

interface Described {
  entity: LexEntity;
  typeId: string | null;
  descriptions: { size: number; re: RegExp }[];
  numbers: Set<number>;
}
interface SiteIndex {
  site: LexEntity;
  stems: string[];
  equipment: Described[];
}

// Words a site's name carries that are not its own (the kind of site), dropped to find its short stem.
const SITE_WORDS =
  /(自来水厂|水厂|变电站|变电所|换流站|substation|water treatment plant|treatment plant|waterworks|plant|厂|站|变)$/u;
const HAN = /\p{Script=Han}/u;
const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

const cache = new WeakMap<Lexicon, SiteIndex[]>();
const NUM = '\uE000';
// A number as a question writes it inside a name: 1, 1号, #1, 一.
const ORDINAL = String.raw`\s*(?:#\s*)?(\d{1,2}|[一二三四五六七八九])\s*(?:号|#)?\s*`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The pattern of a description: its text with an optional written number where the name had one. */
const pattern = (desc: string): RegExp => new RegExp(desc.split(NUM).map(escape).join(`(?:${ORDINAL}|\\s*)`), 'g');

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The short stems a site is called by: 济南历城变电站 → 济南历城, 历城; Jinan Licheng substation → jinan licheng, licheng. */
function siteStems(lexicon: Lexicon, site: LexEntity): string[] {
  const canon = (t: string): string => squash(lexicon.index.table.canonical(t.toLowerCase()));
  const written = [...(lexicon.index.names.get(site.id) ?? []), ...(lexicon.index.aliases.get(site.id) ?? [])];
  const stems = new Set<string>();
  for (const w of written) {
    const c = canon(w);
    stems.add(c);
    const stem = squash(c.replace(SITE_WORDS, ''));
    if (stem.length < 2) continue;
    stems.add(stem);
    // A city + district name (济南历城, Jinan Licheng) is also said by its district alone.
    const han = [...stem];
    if (han.length === 4 && han.every((ch) => HAN.test(ch))) stems.add(han.slice(2).join(''));
    const words = stem.split(' ');
    if (words.length === 2 && words.every((x) => /^[a-z]{4,}$/.test(x))) stems.add(words[1]!);
  }
  return [...stems].sort((a, b) => b.length - a.length);
}

// Numbers that are measures, not ordinals: voltages, pipe diameters.
const MEASURES = /\d+(\.\d+)?\s*kv|dn\s*\d+/g;

/** The ordinals written in a canonical equipment name (site removed): 220kv出线4断路器 → {4}. */
function nameNumbers(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.replace(MEASURES, ' ').matchAll(/(?<!\d)(\d{1,2})(?!\d)/g)) out.add(Number(m[1]));
  return out;
}

/** A name with its site, measures and numbers taken out: the kind it describes (进线, 主变高压侧断路器); a
 * number inside it (出线1断路器) stays as the mark NUM, where the question may write its own. */
function describe(text: string, stems: string[]): string {
  let t = text;
  for (const s of stems) t = t.split(s).join(' ');
  // 段 stays: a bus section (I段母线) is another bus than bus I (I母, 1号母线).
  t = t.replace(MEASURES, ' ').replace(/\d+\s*(号|母|#)?/g, NUM);
  t = squash(t.replace(/[^\p{L}\p{N} \uE000-]/gu, ' '));
  t = squash(t.replace(/^[\s\uE000]+|[\s\uE000]+$/g, '').replace(/\s*\uE000[\s\uE000]*/g, NUM));
  // What is left of the site's own wording at the front (站, plant) is not part of the kind.
  for (let prev = ''; prev !== t;) {
    prev = t;
    t = squash(t.replace(/^(站|变|厂|水厂|plant|substation|waterworks)\s*/u, ''));
  }
  return t;
}

function siteIndex(lexicon: Lexicon, places: Map<string, EquipmentPlace>): SiteIndex[] {
  const hit = cache.get(lexicon);
  if (hit) return hit;
  const canon = (t: string): string => squash(lexicon.index.table.canonical(t.toLowerCase()));
  const sites = new Map<string, SiteIndex>();
  for (const e of lexicon.entities.values())
    if (e.kind === 'Substation') sites.set(e.id, { site: e, stems: siteStems(lexicon, e), equipment: [] });
  for (const [id, place] of places) {
    const entity = lexicon.entities.get(id);
    const site = sites.get(place.site);
    if (!entity || !site) continue;
    const written = [...(lexicon.index.names.get(id) ?? []), ...(lexicon.index.aliases.get(id) ?? [])].map(canon);
    const stripped = written.map((w) => {
      let t = w;
      for (const s of site.stems) t = t.split(s).join(' ');
      return t;
    });
    const numbers = new Set(stripped.flatMap((t) => [...nameNumbers(t)]));
    const descriptions = [...new Set(written.map((w) => describe(w, site.stems)))]
      .filter((d) => d.replace(/[\s\uE000]/g, '').length >= 2)
      .map((d) => ({ size: d.replace(/[\s\uE000]/g, '').length, re: pattern(d) }));
    site.equipment.push({ entity, typeId: place.typeId, descriptions, numbers });
  }
  const out = [...sites.values()];
  cache.set(lexicon, out);
  return out;
}

const visible = (e: LexEntity, orgs: string[] | null): boolean =>
  e.ownerOrgId === null || orgs === null || orgs.includes(e.ownerOrgId);

interface Occurrence {
  start: number;
  end: number;
  /** A number written inside it (出线1断路器). */
  inner: number | null;
}
// English number words and Roman numerals, as said after a kind (incomer two, incomer II).
const WORDS: Record<string, number> = Object.fromEntries(
  [
    ['one', 'i'],
    ['two', 'ii'],
    ['three', 'iii'],
    ['four', 'iv'],
    ['five', 'v'],
    ['six', 'vi'],
    ['seven', 'vii'],
    ['eight', 'viii'],
    ['nine', 'ix'],
  ].flatMap(([w, r], i) => [
    [w!, i + 1],
    [r!, i + 1],
  ]),
);
const ordinalOf = (s: string): number => CN[s] ?? WORDS[s] ?? Number(s);

/** Where a text occurs in `hay` as whole words at its ASCII ends (bus ≠ busy). */
function occurrences(hay: string, needle: string | RegExp): Occurrence[] {
  const re = typeof needle === 'string' ? new RegExp(escape(needle), 'g') : new RegExp(needle.source, 'g');
  const out: Occurrence[] = [];
  for (let m = re.exec(hay); m; m = re.exec(hay)) {
    const start = m.index,
      end = start + m[0].length;
    if (end === start) {
      re.lastIndex++;
      continue;
    }
    if (/[a-z]/.test(hay[start]!) && /[a-z]/.test(hay[start - 1] ?? ' ')) continue;
    if (/[a-z]/.test(hay[end - 1]!) && /[a-z]/.test(hay[end] ?? ' ')) continue;
    const inner = m.slice(1).find((g) => g !== undefined);
    out.push({ start, end, inner: inner === undefined ? null : ordinalOf(inner) });
  }
  return out;
}

/** The numbers the question attaches to a kind written at [start, end). */
function numbersAround(q: string, start: number, end: number): number[] {
  const out: number[] = [];
  // After it: 进线2, 进线一, pump 3, bus 2, 3号 (not a voltage, not part of a longer number).
  const after =
    /^\s*(?:no\.?\s*|#\s*)?(\d{1,2}|[一二三四五六七八九])(?![\d.]|\s*kv)/.exec(q.slice(end)) ??
    /^\s*(one|two|three|four|five|six|seven|eight|nine|i{1,3}|iv|vi{0,3}|ix)(?![a-z])/.exec(q.slice(end));
  if (after) out.push(ordinalOf(after[1]!));
  // Before it: 3号主变, #3 pump, no.3 pump, 1段母线.
  const before = /(?:(?<!\d)(\d{1,2})\s*(?:号|#|段|母)?|(?:#|no\.?)\s*(\d{1,2}))\s*$/.exec(q.slice(0, start));
  if (before) out.push(Number(before[1] ?? before[2]));
  return out;
}

/**
 * The equipment a question names by site + kind + number, among what `visibleOrgs` may see; null when the
 * question does not name exactly one visible site and a kind there (the caller keeps what the linker found).
 */
export function composeEquipment(
  lexicon: Lexicon,
  places: Map<string, EquipmentPlace>,
  question: string,
  visibleOrgs: string[] | null,
): Composed {
  // A numbered bus said the short way (1母, I母) is that number's bus (1号母线), as the names also write it.
  const q = squash(lexicon.index.table.canonical(question.toLowerCase())).replace(/(\d{1,2})\s*母(?!线)/g, '$1号母线');
  const sites = siteIndex(lexicon, places).filter(
    (s) => visible(s.site, visibleOrgs) && s.stems.some((stem) => occurrences(q, stem).length > 0),
  );
  if (sites.length !== 1) return null;
  const site = sites[0]!;
  // The question with its site taken out, so the site's name never reads as a kind or a number.
  let rest = q;
  for (const s of site.stems) rest = rest.split(s).join(' '.repeat(s.length));
  let best = 0;
  let top: { d: Described; numbers: number[]; matched: string }[] = [];
  for (const d of site.equipment) {
    if (!visible(d.entity, visibleOrgs)) continue;
    for (const desc of d.descriptions) {
      const at = occurrences(rest, desc.re);
      if (at.length === 0) continue;
      const size = desc.size;
      if (size < best) continue;
      const numbers = at.flatMap((o) => (o.inner !== null ? [o.inner] : numbersAround(rest, o.start, o.end)));
      const entry = { d, numbers, matched: rest.slice(at[0]!.start, at[0]!.end).trim() };
      if (size > best) {
        best = size;
        top = [entry];
      } else if (!top.some((t) => t.d === d)) top.push(entry);
    }
  }
  if (top.length === 0) return null;
  const asked = new Set(top.flatMap((t) => t.numbers));
  if (asked.size > 1) return null;
  if (asked.size === 0) {
    if (top.length !== 1) return null;
    return { kind: 'one', equipment: top[0]!.d.entity, site: site.site, matched: top[0]!.matched };
  }
  const n = [...asked][0]!;
  const fit = top.filter((t) => t.d.numbers.has(n));
  if (fit.length === 1) return { kind: 'one', equipment: fit[0]!.d.entity, site: site.site, matched: fit[0]!.matched };
  if (fit.length > 1) return null;
  const types = new Set(top.map((t) => t.d.typeId));
  return {
    kind: 'missing',
    site: site.site,
    number: n,
    typeId: types.size === 1 ? top[0]!.d.typeId : null,
    siblings: top.map((t) => t.d.entity),
  };
}
