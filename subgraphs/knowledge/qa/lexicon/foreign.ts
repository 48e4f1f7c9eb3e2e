// Out-of-base subjects: equipment and installations of other domains (foreign.json). A question whose generic
// words (温度过高, "fan stopped", "tripped on") meet a fault of the base may still be about a wind turbine, a
// chiller or a reactor; answering it with the base's procedure would be a confident wrong answer. So a
// question that names such a thing is outside the base unless the base names it itself (own names win: any
// entity's name or English name containing the term) or one of the base's equipment types or equipment was
// linked on those very words.
import { readFileSync } from 'node:fs';

interface ForeignDomain {
  domain: string;
  /** The base this group belongs to: its terms are foreign to every other base only. */
  ownBase?: string;
  zh: string[];
  en: string[];
}
interface ForeignFile {
  domains: ForeignDomain[];
}

const file = JSON.parse(readFileSync(new URL('./foreign.json', import.meta.url), 'utf8')) as ForeignFile;

export interface ForeignTerm {
  term: string;
  domain: string;
  /** Matches the term in lower-cased question text. */
  pattern: RegExp;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// English terms are whole words (plural -s/-es allowed): "car" is not in "carrier", "pv" not in "pvc".
const patternOf = (term: string, en: boolean): RegExp =>
  en ? new RegExp(`(?<![a-z0-9])${escape(term)}(?:s|es)?(?![a-z0-9])`, 'g') : new RegExp(escape(term), 'g');

/** The foreign terms for a base whose own names are `ownNames` (lower-cased names and English names). */
export function foreignTerms(kb: string, ownNames: Iterable<string>): ForeignTerm[] {
  const names = [...ownNames];
  const owned = (term: string): boolean => names.some((n) => n.includes(term));
  const terms: ForeignTerm[] = [];
  for (const d of file.domains) {
    if (d.ownBase === kb) continue;
    for (const [list, en] of [
      [d.zh, false],
      [d.en, true],
    ] as const)
      for (const raw of list) {
        const term = raw.toLowerCase();
        if (!owned(term)) terms.push({ term, domain: d.domain, pattern: patternOf(term, en) });
      }
  }
  return terms;
}

export interface ForeignHit {
  /** The question's words naming the thing. */
  text: string;
  domain: string;
  start: number;
  end: number;
}

/**
 * The first thing the question names that is outside the base, or null. `covered` spans are where the base's own
 * equipment types or equipment were linked: a term lying wholly inside one is the base's own ("reactor" of a
 * shunt reactor), while one reaching past it is not ("reactor coolant" beside a linked "reactor").
 */
export function foreignSubject(
  terms: ForeignTerm[],
  question: string,
  covered: { start: number; end: number }[],
): ForeignHit | null {
  const text = question.toLowerCase();
  let first: ForeignHit | null = null;
  for (const t of terms) {
    t.pattern.lastIndex = 0;
    for (let m = t.pattern.exec(text); m; m = t.pattern.exec(text)) {
      const start = m.index,
        end = m.index + m[0].length;
      if (covered.some((c) => c.start <= start && end <= c.end)) continue;
      // The longest term at the earliest place names the thing best (风机齿轮箱 over 齿轮箱).
      if (!first || start < first.start || (start === first.start && end > first.end))
        first = { text: question.slice(start, end), domain: t.domain, start, end };
    }
  }
  return first;
}
