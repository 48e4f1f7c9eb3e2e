// The synonym and abbreviation lexicon: the power-domain groups shipped in power.json, plus the groups a
// knowledge base brings in its lexicon.json (merged for that base's questions only). Text is segmented
// over every group member and common word (qa/segment.ts), then each segment that is a group member is
// replaced by its group's first member. Both the question and every entity name and alias go through the
// same rewrite, so 开关拒分, 断路器拒动 and "breaker fails to trip" all meet on 断路器拒分. Because the rewrite
// works on whole segments, 开关 inside 隔离开关 or 开关柜 stays what it is.
import { readFileSync } from 'node:fs';
import { Segmenter, words, type Token } from '../segment.js';

interface LexiconFile {
  synonyms: string[][];
  words?: string[];
}

export const powerLexicon = JSON.parse(readFileSync(new URL('./power.json', import.meta.url), 'utf8')) as LexiconFile;

// Numbering as dispatchers write it: 一号 = 1号 = #1 = 1#, I段 = 一段 = 1段, "bus section II" = "bus section 2".
const CN_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const ROMAN = ['', 'i', 'ii', 'iii', 'iv', 'v', 'vi'];
function numberingGroups(): string[][] {
  const groups: string[][] = [];
  for (let n = 1; n <= 9; n++) {
    groups.push([`${n}号`, `#${n}`, `${n}#`, `${CN_DIGITS[n]}号`, `${n} 号`]);
    // A numbered main transformer, as written in Chinese names (#1主变) and said in English ("T1", "#1 main
    // transformer", "transformer 1"): one form, so "Jinan Licheng T1" meets "Jinan Licheng T1 main transformer".
    const xf = [`${n}号主变`, `#${n}主变`, `${n}#主变`, `${CN_DIGITS[n]}号主变`];
    groups.push([
      ...xf,
      ...xf.map((x) => `${x}压器`),
      `#${n}变压器`,
      `${n}号变压器`,
      `t${n}`,
      `t${n} main transformer`,
      `t${n} transformer`,
      ...['#', 'no. ', 'no.', 'no ', 'number '].flatMap((p) => [`${p}${n} main transformer`, `${p}${n} transformer`]),
      `main transformer ${n}`,
      `main transformer no. ${n}`,
      `transformer ${n}`,
      `transformer no. ${n}`,
    ]);
    const roman = ROMAN[n];
    groups.push([`${n}段`, `${CN_DIGITS[n]}段`, ...(roman ? [`${roman}段`] : [])]);
    if (roman) {
      groups.push([`${n}母`, `${roman}母`, `${CN_DIGITS[n]}母`]);
      groups.push([`section ${n}`, `section ${roman}`]);
      groups.push([`bus ${n}`, `bus ${roman}`]);
    }
  }
  return groups;
}

/** Mapped canonical text: character k of `text` came from input characters [from[k], to[k]). */
export interface Canonical {
  text: string;
  from: number[];
  to: number[];
}

export class SynonymTable {
  readonly segmenter: Segmenter;
  /** Member (dictionary spelling) → canonical form. */
  private readonly canon = new Map<string, string>();
  /** Member → every member of its groups (for search by any spelling). */
  private readonly variants = new Map<string, string[]>();

  constructor(groups: string[][], words: string[] = []) {
    this.segmenter = new Segmenter([]);
    for (const w of words) this.segmenter.add(w);
    for (const group of groups) {
      const members = [...new Set(group.map((m) => m.normalize('NFKC').trim()).filter((m) => m.length > 0))];
      if (members.length === 0) continue;
      for (const m of members) this.segmenter.add(m);
      const norm = members.map((m) =>
        this.segmenter
          .segment(m)
          .map((t) => t.norm)
          .join(''),
      );
      // A group that shares a member with an earlier one joins it: a base's ["漏水", "泄漏"] meets the shipped
      // group of 泄漏, so 漏水 and 泄漏 still read the same. A member already in another group stays there.
      const head = norm.map((m) => this.canon.get(m)).find((c) => c !== undefined) ?? norm[0]!;
      for (const m of norm) {
        if (!this.canon.has(m)) this.canon.set(m, head);
        this.variants.set(m, [...new Set([...(this.variants.get(m) ?? []), ...norm])]);
      }
    }
  }

  segment(text: string): Token[] {
    return this.segmenter.segment(text);
  }

  /** Is this (whole) text a member of some group? */
  isTerm(text: string): boolean {
    return this.canon.has(this.key(text));
  }

  /** Every spelling of the group(s) a term belongs to (itself when none). */
  spellings(text: string): string[] {
    const k = this.key(text);
    return this.variants.get(k) ?? [k];
  }

  private key(text: string): string {
    return this.segment(text.normalize('NFKC'))
      .map((t) => t.norm)
      .join('');
  }

  /** Canonical segments joined by spaces, so no character pair spans two words: the full-text overlap check
   * must not count 器漏 in 避雷器漏气 (from "arrester leakage") as shared with 发生器漏气. */
  canonicalSpaced(text: string): string {
    return this.segment(text.normalize('NFKC'))
      .map((t) => this.canon.get(t.norm) ?? t.norm)
      .join(' ');
  }

  /** Canonical text with a map back to the input's characters. */
  canonicalMapped(text: string): Canonical {
    const tokens = this.segment(text);
    let out = '';
    const from: number[] = [];
    const to: number[] = [];
    let prevEnd = 0;
    for (let k = 0; k < tokens.length; k++) {
      const t = tokens[k]!;
      let c = this.canon.get(t.norm) ?? t.norm;
      // 站 before a number belongs to the substation's short name: 南京北站1号主变 = 南京北1号主变.
      if (c === '站' && /^[0-9#]/.test(this.canon.get(tokens[k + 1]?.norm ?? '') ?? tokens[k + 1]?.norm ?? '')) c = '';
      if (c === '') {
        prevEnd = t.end;
        continue;
      }
      // Whitespace survives only between two ASCII letters ("oil temperature"), so "110kV 1段" = "110kv1段".
      const gap = t.start > prevEnd && /\s/.test(text.slice(prevEnd, t.start));
      if (gap && /[a-z]$/.test(out) && /^[a-z]/.test(c)) {
        out += ' ';
        from.push(prevEnd);
        to.push(t.start);
      }
      out += c;
      for (let i = 0; i < c.length; i++) {
        from.push(t.start);
        to.push(t.end);
      }
      prevEnd = t.end;
    }
    return { text: out, from, to };
  }

  canonical(text: string): string {
    return this.canonicalMapped(text.normalize('NFKC')).text;
  }
}

const tables = new Map<string, SynonymTable>();

/**
 * The table for a base: the shipped groups (and numbering) first, then the base's own groups. Cached per
 * set of extra groups, since every question to a base uses the same one.
 */
export function synonymTable(extra: string[][] = []): SynonymTable {
  const key = JSON.stringify(extra);
  let table = tables.get(key);
  if (!table) {
    table = new SynonymTable([...powerLexicon.synonyms, ...numberingGroups(), ...extra], powerLexicon.words ?? []);
    if (tables.size > 50) tables.clear();
    tables.set(key, table);
  }
  return table;
}

/**
 * The words of a text with synonyms applied (开关拒动了 → 断路器, 拒分, 了), for features such as the intent
 * classifier's: one spelling per meaning, punctuation dropped.
 */
export function segmentWords(text: string, extra: string[][] = []): string[] {
  const table = synonymTable(extra);
  return words(table.segmenter, table.canonical(text));
}

/** Lower-cased, NFKC, shipped synonyms applied (no base extension). */
export function canonical(text: string): string {
  return synonymTable().canonical(text);
}
