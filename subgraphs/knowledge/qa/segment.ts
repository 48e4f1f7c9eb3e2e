// Dictionary word segmentation by bidirectional maximum matching (pure JS). Text is cut into units: one
// Han character, one run of ASCII letters/digits, or one other character; whitespace and hyphens only
// separate units, so "gas-insulated switchgear" and "SF6 压力" meet the dictionary's "gas insulated
// switchgear" and "sf6压力". Forward and backward longest match both run; the cut with fewer tokens wins,
// then the one with fewer single Han characters left outside the dictionary, then the backward one (it
// errs less on Chinese: 电压变化 → 电压|变化, never 电|压变|化). Matching is case-insensitive; an English
// word the dictionary only knows in the singular matches as that singular ("transformers").

export interface Token {
  /** The text as written in the input. */
  text: string;
  /** The dictionary's spelling: lower case, units joined (ASCII words by one space), plural folded. */
  norm: string;
  start: number;
  end: number;
  /** Found in the dictionary (else one unit the dictionary does not know). */
  known: boolean;
}

interface Unit {
  key: string;
  start: number;
  end: number;
  han: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  word: boolean;
}

const HAN = /\p{Script=Han}/u;
const SEPARATOR = /[\s\-_]/u;

/** Units of a text; `fold` maps an ASCII word to the spelling the dictionary knows (plurals). */
function unitsOf(text: string, fold: (w: string) => string = (w) => w): Unit[] {
  const lower = text.toLowerCase();
  const out: Unit[] = [];
  let i = 0;
  while (i < lower.length) {
    const c = lower[i]!;
    if (/[a-z0-9]/.test(c)) {
      let j = i + 1;
      while (j < lower.length && /[a-z0-9]/.test(lower[j]!)) j++;
      out.push({ key: fold(lower.slice(i, j)), start: i, end: j, han: false });
      i = j;
      continue;
    }
    const cp = lower.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    const ch = lower.slice(i, i + len);
    if (!SEPARATOR.test(ch)) out.push({ key: ch, start: i, end: i + len, han: HAN.test(ch) });
    i += len;
  }
  return out;
}

const joinKeys = (units: Unit[]): string =>
  units.reduce((s, u, k) => s + (k > 0 && /[a-z0-9]$/.test(s) && /^[a-z0-9]/.test(u.key) ? ' ' : '') + u.key, '');

export class Segmenter {
  private readonly forward: TrieNode = { next: new Map(), word: false };
  private readonly backward: TrieNode = { next: new Map(), word: false };
  private readonly asciiWords = new Set<string>();
  private maxUnits = 1;

  constructor(words: Iterable<string>) {
    for (const w of words) this.add(w);
  }

  /** Adds a dictionary word (any script, any case). */
  add(word: string): void {
    const units = unitsOf(word.normalize('NFKC'));
    if (units.length === 0) return;
    for (const u of units) if (!u.han && /^[a-z0-9]+$/.test(u.key)) this.asciiWords.add(u.key);
    const put = (root: TrieNode, keys: string[]): void => {
      let node = root;
      for (const k of keys) {
        let child = node.next.get(k);
        if (!child) node.next.set(k, (child = { next: new Map(), word: false }));
        node = child;
      }
      node.word = true;
    };
    const keys = units.map((u) => u.key);
    put(this.forward, keys);
    put(this.backward, [...keys].reverse());
    this.maxUnits = Math.max(this.maxUnits, keys.length);
  }

  has(word: string): boolean {
    let node: TrieNode | undefined = this.forward;
    for (const u of unitsOf(word.normalize('NFKC'))) node = node?.next.get(u.key);
    return node?.word === true;
  }

  /** "transformers" → "transformer" when only the singular is known. */
  private fold = (w: string): string => {
    if (this.asciiWords.has(w) || w.length < 4) return w;
    if (w.endsWith('es') && this.asciiWords.has(w.slice(0, -2))) return w.slice(0, -2);
    if (w.endsWith('s') && this.asciiWords.has(w.slice(0, -1))) return w.slice(0, -1);
    return w;
  };

  segment(text: string): Token[] {
    const units = unitsOf(text, this.fold);
    const fwd = this.cut(units, false);
    const bwd = this.cut(units, true);
    const singles = (cut: [number, number, boolean][]): number =>
      cut.filter(([a, b, known]) => !known && b - a === 1 && units[a]!.han).length;
    const best = fwd.length < bwd.length || (fwd.length === bwd.length && singles(fwd) < singles(bwd)) ? fwd : bwd;
    return best.map(([a, b, known]) => ({
      text: text.slice(units[a]!.start, units[b - 1]!.end),
      norm: joinKeys(units.slice(a, b)),
      start: units[a]!.start,
      end: units[b - 1]!.end,
      known,
    }));
  }

  /** Longest-match cut, as [first unit, last unit + 1, in dictionary] in text order. */
  private cut(units: Unit[], reverse: boolean): [number, number, boolean][] {
    const out: [number, number, boolean][] = [];
    const root = reverse ? this.backward : this.forward;
    let i = reverse ? units.length - 1 : 0;
    while (reverse ? i >= 0 : i < units.length) {
      let node: TrieNode | undefined = root;
      let best = 0;
      for (let n = 1; n <= this.maxUnits; n++) {
        const u = units[reverse ? i - n + 1 : i + n - 1];
        if (!u) break;
        node = node.next.get(u.key);
        if (!node) break;
        if (node.word) best = n;
      }
      const n = Math.max(best, 1);
      out.push(reverse ? [i - n + 1, i + 1, best > 0] : [i, i + n, best > 0]);
      i += reverse ? -n : n;
    }
    return reverse ? out.reverse() : out;
  }
}

/** The words of a text (tokens that are not punctuation or symbols), in the dictionary's spelling. */
export function words(segmenter: Segmenter, text: string): string[] {
  return segmenter
    .segment(text)
    .map((t) => t.norm)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}
