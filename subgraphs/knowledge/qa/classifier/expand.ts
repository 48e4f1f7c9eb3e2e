// Deterministic expansion of the paraphrase corpus into training samples: every pattern once with its
// entity slots as kind tokens (the shape of a question whose names the linker masked) and twice with
// sample names (the shape of a question whose names were not recognised); free slots ({ACTION},
// {QUANTITY}) are always filled. Choices rotate by the pattern's index, so the same corpus always gives
// the same samples (and the same model).
import { CLASSES, CORPUS, FILLERS, type IntentClass } from './corpus.js';

export interface Sample {
  text: string;
  label: IntentClass;
  lang: 'zh' | 'en';
  /** Which pattern it came from: held-back tests split by pattern, not by sample. */
  pattern: string;
}

const FREE = new Set(['ACTION', 'QUANTITY']);

function fill(pattern: string, lang: 'zh' | 'en', seed: number, mask: boolean): string {
  let k = 0;
  return pattern.replace(/\{([A-Z_]+)\}/g, (_, slot: string) => {
    k++;
    if (mask && !FREE.has(slot)) return `{${slot.toLowerCase()}}`;
    const pool = FILLERS[slot]?.[lang] ?? [];
    if (pool.length === 0) return `{${slot.toLowerCase()}}`;
    return pool[(seed * 7 + k * 3) % pool.length]!;
  });
}

// Light, meaning-preserving variation: a polite opener and the presence or absence of a question mark.
const OPENERS = { zh: ['', '请问', '', '想问下'], en: ['', 'please tell me ', '', 'quick question: '] };
const CLOSERS = { zh: ['？', '', '?', ''], en: ['?', '', '', '?'] };

export function expandCorpus(): Sample[] {
  const out: Sample[] = [];
  let seed = 0;
  for (const label of CLASSES) {
    for (const lang of ['zh', 'en'] as const) {
      for (const pattern of CORPUS[label][lang]) {
        seed++;
        const hasEntitySlot = /\{(?!ACTION\}|QUANTITY\})[A-Z_]+\}/.test(pattern);
        const variants = hasEntitySlot
          ? [fill(pattern, lang, seed, true), fill(pattern, lang, seed, false), fill(pattern, lang, seed + 1, false)]
          : [fill(pattern, lang, seed, false), fill(pattern, lang, seed + 2, false)];
        variants.forEach((v, i) => {
          const opener = OPENERS[lang][(seed + i) % 4]!;
          const closer = /[?？吗]$/.test(v) ? '' : CLOSERS[lang][(seed + i) % 4]!;
          out.push({ text: `${opener}${v}${closer}`, label, lang, pattern: `${label}/${lang}/${pattern}` });
        });
      }
    }
  }
  return out;
}
