// Question normalisation: NFKC (full-width letters and digits become ASCII), control and format
// characters removed, whitespace collapsed. Questions longer than SOFT_CAP are cut there; beyond
// HARD_CAP they are refused as BAD_USER_INPUT rather than processed.
import { badInput } from '../../../lib/subgraph/errors.js';

export const SOFT_CAP = 500;
export const HARD_CAP = 4000;

export interface NormalizedQuestion {
  text: string;
  truncated: boolean;
}

/** NFKC, control and format characters (zero-width, bidi overrides) and lone surrogates removed, whitespace
 * collapsed: what every text typed by a user goes through (questions, symptom prefixes, symptoms). */
export function normalizeText(raw: string, { joinFormat = false } = {}): string {
  return (
    // joinFormat: format characters joined out rather than spaced (a prefix "油\u200b温" is the word 油温).
    (joinFormat ? raw.replace(/\p{Cf}/gu, '') : raw)
      .normalize('NFKC')
      // Cc: control characters; Cf: format characters (zero-width, bidi overrides); Cs: lone surrogates.
      .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, ' ')
      .replace(/\s+/gu, ' ')
      .trim()
  );
}

export const ECHO_MAX = 60;

/** A user's value as an error message quotes it: at most ECHO_MAX characters then "…", control and format
 * characters escaped, so a 1,000,000-character argument is not sent back whole. */
export function echo(value: string): string {
  const chars = [...value];
  const cut = chars.length > ECHO_MAX ? `${chars.slice(0, ECHO_MAX).join('')}…` : value;
  return cut.replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function normalizeQuestion(raw: string): NormalizedQuestion {
  if (typeof raw !== 'string') throw badInput('question must be a string', 'question');
  if (raw.length > HARD_CAP)
    throw badInput(`question is too long: at most ${HARD_CAP} characters (got ${raw.length})`, 'question');
  const text = normalizeText(raw);
  if (text.length === 0) throw badInput('question is empty', 'question');
  const chars = [...text];
  return chars.length > SOFT_CAP
    ? { text: chars.slice(0, SOFT_CAP).join(''), truncated: true }
    : { text, truncated: false };
}

/** 'zh' when the text has Han characters, else 'en'; an explicit language wins when it is one of these. */
export function answerLanguage(text: string, requested?: string | null): 'zh' | 'en' {
  const lang = requested?.trim().toLowerCase();
  // A language tag (zh, zh-CN, en_GB, zh-Hans-CN): anything else after the prefix ("zh' OR 1=1") is refused.
  const tag = lang ? /^(zh|en)(?:[-_][a-z0-9]{1,8})*$/.exec(lang)?.[1] : undefined;
  if (tag === 'zh' || tag === 'en') return tag;
  if (lang) throw badInput('language must be "zh" or "en"', 'language');
  return /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}
