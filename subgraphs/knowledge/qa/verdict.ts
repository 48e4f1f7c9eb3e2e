// The yes/no verdict of an ALLOWED question against the clause chosen to decide it. A question's act comes
// with its manner: "may I do X alone", "can I do X without Y", "may I do X for 5 s". The verdict compares that
// act with what the clause prohibits or requires, so a negation or a manner that the clause itself names
// ("严禁单人进入", "never enter without testing") is counted once, not twice:
// - the question asks about doing it alone: a clause that names the alone case decides as it stands; a clause
//   that wants two people (两人, in pairs, an attendant) makes it NO; a clause about neither does not decide;
// - the question asks about not doing / skipping something: a clause that itself names the not-done case
//   (未经, without) decides as it stands; otherwise the clause's polarity is flipped ("可以不验电吗" vs 必须验电);
// - the question proposes a value: against a clause bounding the same quantity (不超过3秒, at most 3 seconds)
//   it is YES within the bound and NO beyond it.
// Pure functions; ask.ts picks the clause (pickClauseFor) and words the answer (verdictLead).
import { canonical } from './lexicon/index.js';
import { clausePolarity, pickClause, type ClauseSource, type PickedClause } from './intent-clauses.js';

export type Verdict = 'YES' | 'NO';

// Everyday manner words on one form (the clause wording is the target).
const MANNER: [RegExp, string][] = [
  [/单独一人|一个人|独自|单人|一人单独/g, '单人'],
  [/\b(?:alone|by myself|on my own|by themselves|single-handed(?:ly)?|single person|one person)\b/g, ' alone '],
  [/迅速|很快|快快|急速/g, '快速'],
  [/\b(?:quickly|rapidly|fast|rapid|abruptly|suddenly)\b/g, ' fast '],
];
const norm = (text: string): string =>
  MANNER.reduce((t, [re, to]) => t.replace(re, to), canonical(text).replace(/\{[a-z_]+\}/g, ' '));

const ALONE = /单人|\balone\b|\bnobody\b.*\balone\b/;
// Two or more people, or somebody watching: what an "alone" question leaves out.
const TWO =
  /两人|二人|两个人|双人|专人监护|监护|\btwo (?:people|persons|men)\b|\bin pairs\b|\bpairs or more\b|\battendant\b|\bsupervis/;
// The question asks about not doing something or going ahead without it. 能不能 / 可不可以 / 要不要 are
// only question forms; 不…就/直接 ("不检测就供水") is skipping, also around a masked entity name ("不{rule}直接").
const QUESTION_NEGATED =
  /可以不|能不(?!能)|不[\u4e00-\u9fff ]{1,6}?(?:就|直接|便)|不用|不必|不戴|不穿|不做|不经|不办|没(?!问题|事|有问题)|未经|未|免|省略|跳过|\bwithout\b|\bskip\b|\bnot\b|\bno\b|\bdon't\b|\bdo not\b/;
// The clause itself speaks of the not-done case.
const CLAUSE_NEGATED = /未经|未|不经|没有|省略|跳过|\bwithout\b|\bunless\b/;
const PROHIBIT_UNTIL = /前|之前|以前|\bbefore\b|\buntil\b|\bunless\b/;
// The question asks whether something is required (要不要两个人, do we need to …) rather than allowed.
const ASKS_REQUIRED =
  /要不要|需不需要|需要|必须|必需|得不得|用不用|是否要|\bneed\b|\bneeds\b|\bhave to\b|\bhas to\b|\bmust\b|\brequired?\b|\bobliged\b/;
const OBLIGES = /必须|须|应当?|需要?|要求|\bmust\b|\bshall\b|\bhas to\b|\bneeds? to\b|\brequired?\b|\balways\b/;

// ---- values ----

// Units by quantity, each with its factor to the quantity's base unit.
const UNITS: [RegExp, string, number][] = [
  [/^(?:秒钟?|s|secs?|seconds?)$/, 'time', 1],
  [/^(?:分钟|分|min|mins|minutes?)$/, 'time', 60],
  [/^(?:小时|h|hrs?|hours?)$/, 'time', 3600],
  [/^(?:天|日|days?)$/, 'time', 86400],
  [/^(?:毫米|mm)$/, 'length', 0.001],
  [/^(?:厘米|cm)$/, 'length', 0.01],
  [/^(?:米|m|metres?|meters?)$/, 'length', 1],
  [/^(?:公里|千米|km)$/, 'length', 1000],
  [/^(?:次|times)$/, 'count', 1],
  [/^(?:人|people|persons?)$/, 'people', 1],
  [/^(?:mpa)$/, 'pressure', 1000],
  [/^(?:kpa)$/, 'pressure', 1],
  [/^(?:℃|°c|度)$/, 'temperature', 1],
  [/^(?:%)$/, 'percent', 1],
  [/^(?:ntu)$/, 'turbidity', 1],
  [/^(?:mg\/l)$/, 'concentration', 1],
];
const VALUE =
  /(\d+(?:\.\d+)?)\s*(秒钟?|分钟|小时|天|日|毫米|厘米|公里|千米|米|次|人|℃|°c|度|%|mg\/l|ntu|mpa|kpa|[a-z]+)/g;
const ZH_DIGIT: Record<string, string> = {
  一: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
  十: '10',
};

export interface Quantity {
  kind: string;
  value: number;
  at: number;
}

/** Values with a known unit, converted to their quantity's base unit ("5 seconds", 3秒, 2 h, 0.7米). */
export function quantities(text: string): Quantity[] {
  const t = text
    .toLowerCase()
    .replace(/([一二两三四五六七八九十])(?=\s*(?:秒|分钟|小时|天|米|次|个?人))/g, (d) => ZH_DIGIT[d]!);
  const out: Quantity[] = [];
  for (const m of t.matchAll(VALUE)) {
    const unit = UNITS.find(([re]) => re.test(m[2]!));
    if (unit) out.push({ kind: unit[1], value: Number(m[1]) * unit[2], at: m.index });
  }
  return out;
}

const UPPER =
  /不[宜得应准能]?(?:超过|大于|多于|高于|长于)|至多|最多|最长|以内|之内|以下|\bat most\b|\bno more than\b|\bnot (?:more|longer|exceed)|\bnot to exceed\b|\bup to\b|\bwithin\b|\bmaximum\b|\bmax\b|\bor less\b/;
const LOWER =
  /不[宜得应准能]?(?:小于|少于|低于|短于)|至少|最少|最短|以上|\bat least\b|\bno less than\b|\bnot less\b|\bminimum\b|\bor more\b/;

/** YES or NO when the question proposes a value of a quantity that the clause bounds; null otherwise. The
 * bound word is the one next to the value (不超过3秒, 3秒以内, at most 3 seconds), else the requirement's
 * only direction ("Minimum distance: 0.7 m at 10 kV, 1.5 m at 110 kV"). Of several values, the one beside
 * another number the question repeats (110 kV) is meant. */
export function valueVerdict(question: string, clause: string, whole = clause): Verdict | null {
  const asked = quantities(question);
  if (asked.length === 0) return null;
  const c = clause.toLowerCase();
  const others = (question.toLowerCase().match(/\d+(?:\.\d+)?/g) ?? []).filter(
    (n) => !asked.some((a) => question.toLowerCase().slice(a.at).startsWith(n)),
  );
  // The bound's line of a table-like clause: between list separators (110kV不小于1.5米 / 1.5 m at 110 kV).
  const line = (at: number): string => {
    const start = Math.max(...[...'，,；;、'].map((sep) => c.lastIndexOf(sep, at)));
    const ends = [...'，,；;、'].map((sep) => c.indexOf(sep, at)).filter((e) => e >= 0);
    return c.slice(start + 1, ends.length ? Math.min(...ends) : c.length);
  };
  const beside = (at: number): boolean =>
    others.some((n) => new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d.])`).test(line(at)));
  const bounds = quantities(clause).filter((b) => asked.some((a) => a.kind === b.kind));
  const w = whole.toLowerCase();
  const wholeDir = UPPER.test(w) === LOWER.test(w) ? null : UPPER.test(w) ? 'UPPER' : 'LOWER';
  for (const bound of [...bounds.filter((b) => beside(b.at)), ...bounds]) {
    const q = asked.find((a) => a.kind === bound.kind)!;
    const around = c.slice(Math.max(0, bound.at - 14), bound.at + 16);
    const dir = UPPER.test(around) ? 'UPPER' : LOWER.test(around) ? 'LOWER' : wholeDir;
    if (dir === 'UPPER') return q.value <= bound.value ? 'YES' : 'NO';
    if (dir === 'LOWER') return q.value >= bound.value ? 'YES' : 'NO';
  }
  return null;
}

// ---- the verdict ----

/** The verdict of the question against the deciding clause, or null when the clause does not decide it. */
export function decideVerdict(
  question: string,
  clause: string,
  ownerKind: ClauseSource['ownerKind'],
  whole = clause,
): Verdict | null {
  // A bound decides a proposed value whatever the clause's modal words ("each for at most 3 seconds").
  const bounded = valueVerdict(question, clause, whole);
  if (bounded) return bounded;
  let p = clausePolarity(clause);
  // A step, or a rule's sentence without a modal word ("start it against a closed discharge valve", "wear
  // goggles"), is an instruction: it permits what it says.
  if (p === 'NEUTRAL') p = 'PERMITS';
  const q = norm(question);
  const c = norm(clause);
  const prohibits = p === 'PROHIBITS';
  // A-不-A (能不能, 可不可以, 要不要) is a question form, not a negation: read as A.
  const qn = q.replace(/(\p{Script=Han})不\1/gu, '$1');
  // "without an attendant" / 没有监护 asks about doing it alone.
  if (ALONE.test(q) || (TWO.test(q) && QUESTION_NEGATED.test(qn))) {
    if (ALONE.test(c)) return prohibits ? 'NO' : 'YES';
    if (TWO.test(c)) return prohibits ? 'YES' : 'NO';
    // Nothing about how many people: the clause says nothing about doing it alone.
    return null;
  }
  if (TWO.test(q) && ALONE.test(c)) return prohibits ? 'YES' : 'NO';
  // "never X until/before Y is done" prohibits X without Y, as 未…前严禁 does.
  const named = CLAUSE_NEGATED.test(c) || (prohibits && PROHIBIT_UNTIL.test(c));
  const negated = QUESTION_NEGATED.test(qn) && !named;
  return prohibits === negated ? 'YES' : 'NO';
}

/** The opening words of the answer: a required act is "需要 / Yes, it is required", an act allowed under a
 * condition says so, a prohibited one is "不可以 / No". */
export function verdictLead(question: string, clause: string, verdict: Verdict, lang: 'zh' | 'en'): string {
  if (verdict === 'NO') return lang === 'zh' ? '不可以。' : 'No. ';
  const obliged = clausePolarity(clause) === 'PERMITS' && OBLIGES.test(canonical(clause));
  if (obliged && ASKS_REQUIRED.test(norm(question))) return lang === 'zh' ? '需要。' : 'Yes, it is required. ';
  if (obliged) return lang === 'zh' ? '可以，但须按规定：' : 'Yes, provided the rule is followed. ';
  return lang === 'zh' ? '可以。' : 'Yes. ';
}

/** The deciding clause: a question that proposes a value ("5 seconds per circuit") is first matched against
 * the clauses that bound the same quantity; the manner words are put on the clauses' wording (quickly = fast). */
export function pickClauseFor(
  question: string,
  maskedQuestion: string,
  sources: ClauseSource[],
  minScore: number,
  lang?: 'zh' | 'en',
): PickedClause | null {
  const q = MANNER.reduce((t, [re, to]) => t.replace(re, to), question);
  const m = MANNER.reduce((t, [re, to]) => t.replace(re, to), maskedQuestion);
  if (quantities(question).length > 0) {
    // Picked as a limit: a clause that states a bound need not have a modal word.
    const bounding = sources.filter((s) => valueVerdict(question, s.text, s.whole) !== null);
    const picked = pickClause(q, m, bounding, 'LIMIT', minScore, lang);
    if (picked) return picked;
  }
  return pickClause(q, m, sources, 'ALLOWED', minScore, lang);
}
