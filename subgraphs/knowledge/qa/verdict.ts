// The yes/no verdict of an ALLOWED question against the clause chosen to decide it. A question's act comes
// with its manner: "may I do X alone", "can I do X without Y", "may I do X for 5 s". The verdict compares that
// act with what the clause prohibits or requires, so a negation or a manner that the clause itself names
// ("严禁单人进入", "never enter without testing") is counted once, not twice:
// - the question asks about doing it alone: a clause that names the alone case decides as it stands; a clause
//   that wants two people (两人, in pairs, an attendant) makes it NO; a clause about neither does not decide;
// - the question asks about not doing / skipping something: a clause that itself names the not-done case
//   (未经, without) decides as it stands; otherwise the clause's polarity is flipped ("可以不验电吗" vs 必须验电);
// - the question proposes a value: against a clause bounding the same quantity (不超过3秒, at most 3 seconds)
//   it is YES within the bound and NO beyond it; a distance to keep ("不得接近4米以内", "keep 4 m from") is
//   a minimum, so coming closer is NO;
// - the question negates the very act the clause requires ("不填操作票" against 必须填写操作票, "unlocked"
//   against "covered and locked"): flipped as a skipped act is;
// - the question proposes the opposite manner of the one the clause names (口头 vs 填写/written, 一块儿/同时 vs
//   逐台/one at a time, 快 vs 缓慢, 马上 vs 5分钟后再, 继续/keep going vs 停止/stop, treating a line as dead vs as
//   live): NO when the clause requires its manner, YES when it prohibits it.
// Pure functions; ask.ts picks the clause (pickClauseFor) and words the answer (verdictLead).
import { canonical } from './lexicon/index.js';
import {
  AFTER_WAITING,
  IMMEDIATELY,
  clausePolarity,
  pickClause,
  type ClauseSource,
  type PickedClause,
} from './intent-clauses.js';
import type { ClauseSimilarity } from './clause-semantic.js';

export type Verdict = 'YES' | 'NO';

// Everyday manner words on one form (the clause wording is the target).
const MANNER: [RegExp, string][] = [
  [/单独一人|一个人|独自|单人|一人单独/g, '单人'],
  [/\b(?:alone|by myself|on my own|by themselves|single-handed(?:ly)?|single person|one person)\b/g, ' alone '],
  [/一块儿?|一起|一齐|一并|同一时间/g, '同时'],
  [/\b(?:together|simultaneously|at the same time|all at once)\b/g, ' simultaneous '],
  [/迅速|很快|快快|急速|快点|快一点|快些|一下子|猛地|猛一下/g, '快速'],
  [
    /\b(?:quickly|rapidly|fast|rapid|abruptly|suddenly|in one go|all in one go|slam(?:med|ming)?|yank(?:ed|ing)?)\b/g,
    ' fast ',
  ],
  // Still turning is running (严禁在运行中的设备上检修).
  [/还在转|还转着|正转着|转着呢|没停(?:机|下来)?/g, '运行中'],
  [/接着|继续|照常|\b(?:keep(?= \w+ing\b)|carry on|go on|continue|still)\b/g, '继续'],
  // Using something up: 用到零 / 用光 is 用尽 (严禁用尽).
  [/用到(?:零|0)|用光|用完|耗尽|用干净|用空/g, '用尽'],
  // Wrapping wire round terminals is twisting it (缠绕, "never by twisting wire").
  [/\b(?:wrap(?:ping|ped|s)?|twist(?:ing|ed|s)?|coil(?:ing|ed)?)\b/g, ' twisting '],
  [/绕上?几[圈道]|缠上?几[圈道]|绕上|缠上|绕一绕|拧上/g, '缠绕'],
  // Any bare wire is the 导线 a rule forbids in place of a dedicated shorting link.
  [/铜线|铜丝|铁丝|电线|裸线/g, '导线'],
];
const norm = (text: string): string =>
  MANNER.reduce((t, [re, to]) => t.replace(re, to), canonical(text).replace(/\{[a-z_]+\}/g, ' '));
// Clause texts are a base's own, the same few hundred for every question: normalised once.
const normalisedClauses = new Map<string, string>();
const normClause = (text: string): string => {
  let n = normalisedClauses.get(text);
  if (n === undefined) {
    if (normalisedClauses.size >= 20_000) normalisedClauses.clear();
    normalisedClauses.set(text, (n = norm(text)));
  }
  return n;
};

const ALONE = /单人|\balone\b|\bnobody\b.*\balone\b/;
// Two or more people, or somebody watching: what an "alone" question leaves out.
const TWO =
  /两人|二人|两个人|双人|俩人|我们俩|专人监护|监护|\btwo (?:people|persons|men|of us)\b|\b2 (?:people|persons|men)\b|\bin pairs\b|\bpairs or more\b|\battendant\b|\bsupervis/;
const PEOPLE = new RegExp(`${ALONE.source}|${TWO.source}`);
// The question asks about not doing something or going ahead without it. 能不能 / 可不可以 / 要不要 are
// only question forms; 不…就/直接 ("不检测就供水") is skipping, also around a masked entity name ("不{rule}直接").
// 可以不 / 能不 before an act ("可以不戴", "能不验电") negate it; at the end ("拉开可以不", "验电能省不") they
// only ask, as 可以吗 does. 省 (省掉, 能省) and "leave out" / "go straight to" skip the act.
const QUESTION_NEGATED =
  /可以不(?=[\u4e00-\u9fff])(?![吗呢啊吧行])|能不(?=[\u4e00-\u9fff])(?![能吗呢啊吧行])|省掉|省了|省去|省下|能省|可以省|可省|省不|\bleave out\b|\bleaving out\b|\bomit\w*|\bdispense with\b|\bforgo\b|\bbypass\w*|\bgo(?:ing)? straight to\b|不[\u4e00-\u9fff ]{1,6}?(?:就|直接|便)|不用|不必|不戴|不穿|不做|不经|不办|没(?!问题|事|有问题)|未经|未|免|省略|跳过|\bwithout\b|\bskip\b|\bnot\b|\bno\b|\bdon't\b|\bdo not\b/;
// The part of a question that asks (能省不, 行不行, can we, ok to): a negation elsewhere describes the situation
// ("手边没有短接片，拿根电线缠上凑合行不行": no shorting link to hand, the act asked is wrapping wire).
const ASKS =
  /[能可以吗吧呢么否行要]|\b(?:can|could|may|might|ok|okay|allowed|permitted|fine|alright|should|is it)\b|[?？]/;
function askedPart(q: string): string {
  const parts = q.split(/[，,；;。]/).filter((x) => ASKS.test(x));
  return parts.length > 0 ? parts.join('，') : q;
}
const negatedAct = (q: string): boolean => QUESTION_NEGATED.test(askedPart(q));

// Manners that exclude each other: a question proposing one against a clause naming the other.
const OPPOSED: [RegExp, RegExp, RegExp?][] = [
  // Verbal instead of written.
  [
    /口头|口述|电话里?|\bverbal(?:ly)?\b|\borally\b|\bby (?:phone|radio|word of mouth)\b/,
    /填写|书面|[工操]作票|签字|签发|\bwritten\b|\bin writing\b|\b(?:switching|work) (?:order|sheet|permit)s?\b|\bpermits?\b|\bforms?\b/,
  ],
  // All at once instead of one by one.
  [
    /同时|\bsimultaneous\b/,
    /逐台|逐一|逐个|依次|分批|轮流|\bone (?:at a time|by one|after another)\b|\bin turn\b|\bin sequence\b|\bsequentially\b|\bstaggered\b/,
  ],
  // Fast instead of slowly.
  [/快速|\bfast\b/, /缓慢|慢慢|\bslow(?:ly)?\b|\bgradual(?:ly)?\b/],
  // At once instead of after the wait the clause requires.
  [IMMEDIATELY, AFTER_WAITING],
  // Going on instead of stopping.
  [/继续/, /停止|停运|停泵|停机|退出运行|\bstop(?:ped|s)?\b|\bshut (?:it )?(?:down|off)\b|\bcease\b/],
  // Anything ordinary instead of the insulating or dedicated thing the clause requires (普通鞋 vs 绝缘靴,
  // 普通导线 vs 专用短接线, ordinary shoes vs insulating boots).
  [
    /普通|一般的|随便|\bordinary\b|\bregular\b|\bnormal\b|\bplain\b|\bany old\b/,
    /绝缘|专用|\binsulat\w*|\bdedicated\b|\bspecial\b|\bproper\b/,
  ],
  // Going near what the clause says to keep away from.
  [
    /靠近|接近|走近|走到|\bnear\b|\bclose to\b|\bapproach\w*|\bgo up to\b|\bnext to\b/,
    /远离|\b(?:keep|stay) (?:\w+ )?away\b|\bkeep clear\b|\bkeep off\b/,
  ],
  // A valve open where the clause wants it closed (离心泵应闭阀启动, start against a closed discharge valve).
  [/开着|开阀|打开|全开|\bopen(?:ed)?\b/, /闭阀|关闭|关着|关阀|\bclosed\b|\bshut\b/, /阀|\bvalves?\b/],
  // Treating equipment as dead that a rule says to treat as live (only where the question treats it as something).
  [
    /(?<!不)停电|不带电|没电|无电|失压|\bdead\b|\bde-?energi[sz]ed\b/,
    /(?<!不)带电|有电|\blive\b|\benergi[sz]ed\b/,
    /当作|当成|当做|当[它其这那]|视为|视作|认为|算作|\btreat|\bconsider|\bassume|\bregard/,
  ],
];

/** Whether the clause names the manner opposed to the one the question proposes. */
function opposedManner(q: string, c: string): boolean {
  for (const [a, b, context] of OPPOSED) {
    if (context && !context.test(q)) continue;
    if ((a.test(q) && !b.test(q) && b.test(c) && !a.test(c)) || (b.test(q) && !a.test(q) && a.test(c) && !b.test(c)))
      return true;
  }
  return false;
}

// 不 / 没 / 未 / 别 followed by the act ("不填操作票", "没穿绝缘靴"); not the question forms or modals after 不.
const NEGATED_ACT = /(?:不|没有?|别)(?![能行会可要是得对到了过够用必的同])(\p{Script=Han}{1,2})/gu;
const EN_UNDONE = /\bun([a-z]{4,})/g;

/** The question negates an act the clause itself names: 不填 against 填写操作票, "unlocked" against "locked". */
function negatesClauseAct(q: string, c: string): boolean {
  // The verb is the first character after the negation (填 of 不填操作票, 穿 of 没穿绝缘靴).
  for (const m of q.matchAll(NEGATED_ACT)) if (c.includes(m[1]![0]!)) return true;
  for (const m of q.matchAll(EN_UNDONE)) {
    const stem = m[1]!.replace(/(?:ed|ing|s)$/, '');
    if (stem.length >= 4 && new RegExp(`\\b${stem}`).test(c)) return true;
  }
  return false;
}

// What a question goes without: the word after without / no / skip, the two characters after 不 / 没 / 免.
const LEFT_OUT =
  /\b(?:without|no|skip(?:ping)?)\s+(?:an?\s+|the\s+|any\s+)?([a-z]{3,})|(?:不|没有?|免|未)(\p{Script=Han}{2})/gu;

/** The question leaves out one of the ways the clause offers ("without an outage" against "by live work or
 * under an outage", 不停电 against 带电作业或停电方式): an alternative, not a skipped requirement. */
function leavesOutAnAlternative(q: string, c: string): boolean {
  for (const m of q.matchAll(LEFT_OUT)) {
    const word = m[1] ? m[1].replace(/(?:ing|ed|es|s)$/, '') : m[2]!;
    const at = c.indexOf(word);
    if (at < 0) continue;
    const near = c.slice(Math.max(0, at - 12), at + word.length + 12);
    if (/或|\bor\b|\beither\b/.test(near)) return true;
  }
  return false;
}
// The clause itself speaks of the not-done case.
const CLAUSE_NEGATED = /未经|未|不经|没有|省略|跳过|\bwithout\b|\bunless\b/;
const PROHIBIT_UNTIL = /前|之前|以前|\bbefore\b|\buntil\b|\bunless\b/;
// The question asks whether something is required (要不要两个人, do we need to …) rather than allowed.
const ASKS_REQUIRED =
  /要不要|需不需要|需要|必须|必需|得不得|用不用|是否要|\bneed\b|\bneeds\b|\bhave to\b|\bhas to\b|\bmust\b|\brequired?\b|\bobliged\b/;
/** Whether the question asks if something is required (要不要, do we need to) rather than allowed. */
export const asksRequired = (question: string): boolean => ASKS_REQUIRED.test(canonical(question));
const OBLIGES = /必须|须|应当?|需要?|要求|\bmust\b|\bshall\b|\bhas to\b|\bneeds? to\b|\brequired?\b|\balways\b/;

// ---- values ----

// Units by quantity, each with its factor to the quantity's base unit.
const UNITS: [RegExp, string, number][] = [
  [/^(?:秒钟?|s|secs?|seconds?)$/, 'time', 1],
  [/^(?:分钟|分|min|mins|minutes?)$/, 'time', 60],
  [/^(?:小时|h|hrs?|hours?)$/, 'time', 3600],
  [/^(?:天|日|days?)$/, 'time', 86400],
  [/^(?:周|星期|weeks?)$/, 'time', 7 * 86400],
  [/^(?:个月|月|months?)$/, 'time', 30 * 86400],
  [/^(?:年|years?)$/, 'time', 365 * 86400],
  [/^(?:毫米|mm)$/, 'length', 0.001],
  [/^(?:厘米|cm)$/, 'length', 0.01],
  [/^(?:米|m|metres?|meters?)$/, 'length', 1],
  [/^(?:ft|feet|foot)$/, 'length', 0.3048],
  [/^(?:in|inch|inches)$/, 'length', 0.0254],
  [/^(?:公里|千米|km)$/, 'length', 1000],
  [/^(?:次|times)$/, 'count', 1],
  [/^(?:人|people|persons?)$/, 'people', 1],
  [/^(?:mpa)$/, 'pressure', 1000],
  [/^(?:kpa)$/, 'pressure', 1],
  [/^(?:℃|°c|度|degrees?|deg|degc|celsius)$/, 'temperature', 1],
  [/^(?:%)$/, 'percent', 1],
  [/^(?:ntu)$/, 'turbidity', 1],
  [/^(?:mg\/l)$/, 'concentration', 1],
];
const VALUE =
  /(\d+(?:\.\d+)?)\s*(秒钟?|分钟|小时|天|日|个月|周|星期|年|毫米|厘米|公里|千米|米|次|人|℃|°c|°f|度|%|mg\/l|ntu|mpa|kpa|[a-z]+)/g;
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

// Chinese numerals up to 99 (十五, 二十, 三十五, 两) and English number words, read as digits so a value said in
// words is compared with the bound like one in digits ("一米五" = 1.5 m, "ninety degrees" = 90 ℃).
const zhNumber = (w: string): number => {
  const d = (c: string | undefined): number => (c ? Number(ZH_DIGIT[c]) : 0);
  const at = w.indexOf('十');
  if (at < 0) return d(w);
  return (at === 0 ? 1 : d(w[0])) * 10 + d(w[at + 1]);
};
const ZH_NUM = '[一二两三四五六七八九十]';
const EN_ONES = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const EN_NUMBER = new RegExp(
  `\\b(?:(${EN_TENS.slice(2).join('|')})(?:[- ](${EN_ONES.slice(1, 10).join('|')}))?|(${EN_ONES.join('|')}|a|an))\\b(?!-)`,
  'g',
);
const EN_UNIT_AFTER =
  /^\s+(?:and a half\s+)?(?:[a-z]+\s+)?(?:and a half\s+)?(?:m|metres?|meters?|ft|feet|foot|inch(?:es)?|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|degrees?|times|people|persons?|mm|cm|km)\b/;

/** Number words on digits: 一米五 → 1.5米, 两米半 → 2.5米, 半米 → 0.5米, "a metre and a half" → 1.5 metre,
 * "ninety degrees" → 90 degrees, "half a metre" → 0.5 metre. */
export function digitsForWords(text: string): string {
  let t = text
    .toLowerCase()
    // 一米五 / 两米半 / 一个半小时: the whole and its fraction.
    .replace(
      new RegExp(
        `(${ZH_NUM}{1,3}|\\d+)(米|个小时|小时|分钟)(半|[一二三四五六七八九])(?!${ZH_NUM}|米|小时|分钟|秒)`,
        'g',
      ),
      (_, n: string, u: string, f: string) =>
        `${/\d/.test(n) ? n : zhNumber(n)}${f === '半' ? '.5' : `.${ZH_DIGIT[f]}`}${u.replace('个', '')}`,
    )
    .replace(
      new RegExp(`(${ZH_NUM}{1,3}|\\d+)个半(?=小时|钟头)`, 'g'),
      (_, n: string) => `${/\d/.test(n) ? n : zhNumber(n)}.5`,
    )
    .replace(/(?<![\d.一二两三四五六七八九十米])半(?=个?(?:米|小时|分钟|秒|天|月))/gu, '0.5')
    // Periods: 半年 is six months, 一年 / 两个月 / 三周 count as the other values do.
    .replace(/(?<![\d.一二两三四五六七八九十])半年/gu, '6个月')
    .replace(/\b(?:a|one) (?:whole |full )?(year|month|week)\b/g, '1 $1')
    .replace(/\bhalf an? (?=(?:m|metre|meter|hour|minute|second|foot|inch)\b)/g, '0.5 ')
    // Not inside a term: 二次回路 / 一次设备 are the secondary circuit and the primary equipment, not "twice".
    .replace(
      new RegExp(
        `${ZH_NUM}{1,3}(?=\\s*(?:个)?(?:秒|分钟|小时|天|米|度|年|月|周|星期|次(?!回路|设备|侧|系统|绕组|线|电缆|接线|元件)|个?人))`,
        'g',
      ),
      (n) => String(zhNumber(n)),
    );
  t = t.replace(
    EN_NUMBER,
    (w, tens: string | undefined, ones: string | undefined, single: string | undefined, at: number, all: string) => {
      if (!EN_UNIT_AFTER.test(all.slice(at + w.length))) return w;
      const n = tens
        ? EN_TENS.indexOf(tens) * 10 + (ones ? EN_ONES.indexOf(ones) : 0)
        : single === 'a' || single === 'an'
          ? 1
          : EN_ONES.indexOf(single!);
      return String(n);
    },
  );
  // "1 metre and a half" → 1.5 metre.
  return t.replace(/(\d+)(\s+[a-z]+)\s+and a half\b/g, '$1.5$2').replace(/(\d+) and a half(\s+[a-z]+)/g, '$1.5$2');
}

export interface Quantity {
  kind: string;
  value: number;
  at: number;
}

/** Values with a known unit, converted to their quantity's base unit ("5 seconds", 3秒, 2 h, 0.7米). */
export function quantities(text: string): Quantity[] {
  const t = digitsForWords(text);
  const out: Quantity[] = [];
  for (const m of t.matchAll(VALUE)) {
    // Fahrenheit to the Celsius every bound is stated in.
    if (m[2] === '°f' || m[2] === 'fahrenheit') {
      out.push({ kind: 'temperature', value: ((Number(m[1]) - 32) * 5) / 9, at: m.index });
      continue;
    }
    const unit = UNITS.find(([re]) => re.test(m[2]!));
    if (unit) out.push({ kind: unit[1], value: Number(m[1]) * unit[2], at: m.index });
  }
  return out;
}

const UPPER =
  /不[宜得应准能]?(?:超过|大于|多于|高于|长于)|至多|最多|最长|以内|之内|以下|\bat most\b|\bno (?:more|higher|taller|longer|greater|deeper|wider) than\b|\bnot (?:more|longer|exceed|higher|taller|greater)|\bnot to exceed\b|\bup to\b|\bwithin\b|\bmaximum\b|\bmax\b|\bor less\b|\bor below\b|超过|高于|\bexceeds?\b|\babove\b/;
const LOWER =
  /不[宜得应准能]?(?:小于|少于|低于|短于)|至少|最少|最短|以上|\bat least\b|提前|\bin advance\b|\bahead\b|\bno (?:less|lower|shorter|closer|nearer|fewer) than\b|\bnot less\b|\bminimum\b|\bor more\b|\bor above\b|低于|\bbelow\b|\bfalls? under\b/;

const EVERY = /每|\bevery\b|\bonce an?\b|\bper\b/;
// An upper bound said outright, not by a zone's edge (以内, within).
const STATED_UPPER =
  /不[宜得应准能]?(?:超过|大于|多于|高于|长于)|至多|最多|最长|\bat most\b|\bno more than\b|\bnot (?:more|longer|exceed)|\bnot to exceed\b|\bup to\b|\bmaximum\b|\bmax\b|\bor less\b/;
// Words of keeping away from something: the distance stated is the least one.
const STAND_OFF =
  /接近|靠近|距离|保持|远离|离开|\bkeep\b|\baway\b|\bfrom\b|\bclearance\b|\bapproach|\bdistance\b|\bstay\b/;

/** The question's words that can single out one bound of several: Han bigrams, English words of 4+ letters. */
function questionWords(question: string): string[] {
  const q = question.toLowerCase();
  const out: string[] = [];
  for (const run of q.match(/\p{Script=Han}+/gu) ?? [])
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  for (const w of q.match(/[a-z]{4,}/g) ?? []) out.push(w.replace(/(?:ing|ed|s)$/, ''));
  return [...new Set(out)];
}

const FUNCTION_CHARS = /[不得应以可能吗的了和或时须要及]/;
/** Whether a word of one line has a counterpart in another line: a Han bigram with one character changed
 * (室外 / 室内, 滚动 / 滑动), an English word with another prefix (outdoors / indoors). */
function contrasted(word: string, others: string[]): boolean {
  if (/\p{Script=Han}/u.test(word)) {
    if (FUNCTION_CHARS.test(word)) return false;
    return others.some((o) => {
      for (let i = 0; i + 1 < o.length; i++) {
        const b = o.slice(i, i + 2);
        if (b !== word && (b[0] === word[0]) !== (b[1] === word[1]) && !FUNCTION_CHARS.test(b)) return true;
      }
      return false;
    });
  }
  // indoor / outdoors: the same stem after another prefix, a plural aside.
  const tail = word.slice(-4);
  return (
    word.length >= 6 &&
    others.some((o) =>
      (o.match(/[a-z]{6,}/g) ?? [])
        .map((x) => x.replace(/s$/, ''))
        .some((x) => x !== word && x.endsWith(tail) && !x.startsWith(word.slice(0, 2))),
    )
  );
}

// Everyday names of the parts whose lines a bound table sets apart, on the base's words (滚动 / 滑动 轴承).
const PART_NAMES: [RegExp, string][] = [
  [/滚珠轴承|球轴承|滚柱轴承/g, '滚动轴承'],
  [/轴瓦/g, '滑动轴承'],
  [/\b(?:ball|roller) bearings?\b/gi, 'rolling bearing'],
  [/\b(?:plain|journal) bearings?\b/gi, 'sleeve bearing'],
];

/** YES or NO when the question proposes a value of a quantity that the clause bounds; null otherwise. The
 * bound word is the one next to the value (不超过3秒, 3秒以内, at most 3 seconds), else the requirement's
 * only direction ("Minimum distance: 0.7 m at 10 kV, 1.5 m at 110 kV"). Of several values, the one beside
 * another number the question repeats (110 kV) is meant. */
export function valueVerdict(asked_: string, clause: string, whole = clause): Verdict | null {
  const question = PART_NAMES.reduce((t, [re, to]) => t.replace(re, to), asked_);
  const asked = quantities(question);
  if (asked.length === 0) return null;
  const c = clause.toLowerCase();
  // Positions of the asked values are in the question with its number words as digits.
  const qd = digitsForWords(question);
  const others = (qd.match(/\d+(?:\.\d+)?/g) ?? []).filter((n) => !asked.some((a) => qd.slice(a.at).startsWith(n)));
  // The bound's line of a table-like clause: between list separators (110kV不小于1.5米 / 1.5 m at 110 kV).
  // English joins lines with "and" too ("at least 0.8 m from the edge and no higher than 1.5 m").
  const seps = /\p{Script=Han}/u.test(c) ? [...'，,；;、'] : [...',;', ' and '];
  const line = (at: number): string => {
    const start = Math.max(
      ...seps.map((sep) => {
        const i = c.lastIndexOf(sep, at);
        return i < 0 ? -1 : i + sep.length - 1;
      }),
    );
    const ends = seps.map((sep) => c.indexOf(sep, at)).filter((e) => e >= 0);
    return c.slice(start + 1, ends.length ? Math.min(...ends) : c.length);
  };
  const beside = (at: number): boolean =>
    others.some((n) => new RegExp(`(?<![\\d.])${n.replace('.', '\\.')}(?![\\d.])`).test(line(at)));
  const bounds = quantities(clause).filter((b) => asked.some((a) => a.kind === b.kind));
  // Of several bounds, the one whose own words the question repeats ("indoor … 3 metres" against "keep 4 m
  // from the fault point indoors and 8 m outdoors"; 室外 against 室内…4米，室外…8米).
  const context = (i: number): string => line(bounds[i]!.at);
  // Words of the clause's common opening ("When HV equipment is earth-faulted, keep …") single out none.
  const opening = bounds.length > 0 ? c.slice(0, Math.max(0, c.indexOf(context(0)))) : '';
  const words = questionWords(question).filter((x) => !opening.includes(x));
  const shared = bounds.map((_, i) => words.filter((x) => context(i).includes(x)));
  const distinct = shared.map((ws) => ws.filter((x) => !shared.every((o) => o.includes(x))).length);
  // A qualifier that sets the lines apart (室外 vs 室内, outdoors vs indoors, 滚动 vs 滑动) outweighs any
  // count of shared words: the question that says 室外 means the 室外 line, whatever else it repeats.
  const contrast = shared.map(
    (ws, i) =>
      ws.filter((x) =>
        contrasted(
          x,
          bounds.map((_, j) => (j === i ? '' : context(j))),
        ),
      ).length,
  );
  const ranked = bounds
    .map((b, i) => ({ b, rank: (beside(b.at) ? 100 : 0) + 10 * contrast[i]! + distinct[i]! }))
    .sort((x, y) => y.rank - x.rank);
  const order = ranked.map((x) => x.b);
  // Only a repeated number or a contrasting qualifier (室外 / 室内, indoors / outdoors) singles a line out;
  // shared words can mislead ("right at the edge, 2 m high" shares "edge" with "0.8 m from the edge", and its
  // height is the other line's, "no higher than 1.5 m"), so otherwise the value may fall under any line.
  const singledOut = ranked.length < 2 || ranked[0]!.rank >= ranked[1]!.rank + 10;
  const w = whole.toLowerCase();
  const wholeDir = UPPER.test(w) === LOWER.test(w) ? null : UPPER.test(w) ? 'UPPER' : 'LOWER';
  const dirOf = (bound: Quantity): 'UPPER' | 'LOWER' | null => {
    // English bound words run longer before the value ("and no higher than 1.5 m") than Chinese ones.
    const around = c.slice(Math.max(0, bound.at - (/\p{Script=Han}/u.test(c) ? 14 : 20)), bound.at + 16);
    // A distance to keep from something is a minimum, whatever 以内/within says of the zone not to enter
    // ("不得接近故障点4米以内", "keep 4 m from the fault point"): coming closer is NO.
    if (bound.kind === 'length' && STAND_OFF.test(around) && !STATED_UPPER.test(around)) return 'LOWER';
    // A frequency ("每半年（6个月）不得少于一次", "at least once every 6 months") bounds the interval from above:
    // a year between cleanings is NO, whatever "at least" says of the count.
    if (bound.kind === 'time' && EVERY.test(c.slice(Math.max(0, bound.at - 12), bound.at))) return 'UPPER';
    // The bound word nearest the value decides ("氧含量不低于18%、SF6浓度不超过1000" has both in reach of 18%).
    const start = Math.max(0, bound.at - (/\p{Script=Han}/u.test(c) ? 14 : 20));
    const distance = (re: RegExp): number => {
      let best = Infinity;
      for (const m of around.matchAll(new RegExp(re.source, 'g'))) {
        const from = start + m.index;
        const to = from + m[0].length;
        best = Math.min(best, to <= bound.at ? bound.at - to : Math.max(0, from - bound.at));
      }
      return best;
    };
    const up = distance(UPPER);
    const low = distance(LOWER);
    return up === Infinity && low === Infinity ? null : up <= low ? 'UPPER' : 'LOWER';
  };
  // A bound without its own word shares its list's ("keep 4 m from … indoors and 8 m outdoors").
  const listDir = bounds.map(dirOf).find((d) => d !== null) ?? wholeDir;
  const verdictOf = (bound: Quantity): Verdict | null => {
    const q = asked.find((a) => a.kind === bound.kind)!;
    const dir = dirOf(bound) ?? listDir;
    if (dir === 'UPPER') return q.value <= bound.value ? 'YES' : 'NO';
    if (dir === 'LOWER') return q.value >= bound.value ? 'YES' : 'NO';
    return null;
  };
  const verdicts = order.map(verdictOf).filter((v): v is Verdict => v !== null);
  // Unless the line is singled out, a yes needs every bound the value may fall under to be met.
  if (!singledOut && verdicts.includes('NO')) return 'NO';
  return verdicts[0] ?? null;
}

// ---- the verdict ----

/** The polarity of the part of a clause unit that matches `what` (a unit can join an instruction and a
 * prohibition: "with two people and a dedicated sampler, no open flame"); the unit's when no part does. */
function partProhibits(c: string, what: RegExp, whole: boolean): boolean {
  const part = c.split(/[，,；;]/).find((x) => what.test(x));
  return part === undefined ? whole : clausePolarity(part) === 'PROHIBITS';
}

// What a question says is absent ("no flames around", 没有明火) and the words a requirement says it of.
// Both sides are read with synonyms applied, so "naked flame" and "open flame" are both 明火.
const EN_ABSENT =
  /\b(?:no|without|not any|nothing)\s*(?:an?\s+|any\s+|the\s+|open\s+)?([a-z]{3,}|\p{Script=Han}{2,4})\w*(?:\s+around)?/gu;
const ZH_ABSENT = /(?:没有|没|无|不带|不见)(\p{Script=Han}{2})/gu;

/** The question without the absences the requirement itself demands: "two of us, no flames around" meets "no
 * open flame" rather than skipping something, so it is neither a negated act nor the forbidden one. */
function withoutAgreedAbsences(question: string, whole: string): string {
  // Clause texts are normalised once (normClause, synonyms applied); the words as written beside them.
  const w = `${whole.toLowerCase()}\n${normClause(whole)}`;
  return canonical(question)
    .replace(EN_ABSENT, (all, word: string) => {
      const stem = word.replace(/(?:es|s)$/, '');
      return new RegExp(`\\b(?:no|without|never|not|nor)\\s*(?:[a-z]+\\s+){0,2}?${stem}`, 'u').test(w) ? ' ' : all;
    })
    .replace(ZH_ABSENT, (all, word: string) =>
      new RegExp(`(?:严禁|禁止|不得|不准|无|没有|不)[^，,；;。]{0,3}${word}`, 'u').test(w) ? ' ' : all,
    );
}

/** The verdict of the question (masked: entity names as their kind) against the deciding clause, or null when
 * the clause does not decide it; `asWritten` is the question before masking, for manner words a name holds. */
export function decideVerdict(
  question: string,
  clause: string,
  _ownerKind: ClauseSource['ownerKind'],
  whole = clause,
  asWritten = question,
): Verdict | null {
  // A bound decides a proposed value whatever the clause's modal words ("each for at most 3 seconds"). The whole
  // requirement is read too, where another of its lines may be the one meant (室外…8米 beside 室内…4米): NO
  // from either is NO, since a yes needs every bound the question may fall under to be met.
  question = withoutAgreedAbsences(question, whole);
  asWritten = withoutAgreedAbsences(asWritten, whole);
  // A name can swallow the value (水箱一年才清洗 read as the rule 水箱清洗): then the value as written.
  const valued = quantities(asWritten).length > quantities(question).length ? asWritten : question;
  const bounded = valueVerdict(valued, clause, whole);
  const wholeBounded = whole === clause ? bounded : valueVerdict(valued, whole, whole);
  if (bounded === 'NO' || wholeBounded === 'NO') return 'NO';
  if (bounded) return bounded;
  // A clause that states a bound, asked about without a value that can be read (半米 unread, NaN米, "旁边",
  // a bare 0.02): nothing to compare, so no verdict rather than a yes.
  if (statesBound(clause, whole, valued) && quantities(valued).length === 0)
    return forbiddenByRest(question, whole, asWritten) ? 'NO' : null;
  // A measured value (length, time, temperature…) that no bound of the clause speaks of: nothing says it is
  // within a limit, so no verdict ("the bearing at 90 degrees" against "check the temperatures").
  const stated = new Set(quantities(whole).map((b) => b.kind));
  if (quantities(question).some((q) => q.kind !== 'people' && q.kind !== 'count' && !stated.has(q.kind))) return null;
  return clauseVerdict(question, clause, whole, asWritten);
}

/** Whether the clause states a bound on a quantity (不小于1.5米, at most 3 seconds, 80 °C or below). */
function statesBound(clause: string, whole: string, question: string): boolean {
  const bounds = quantities(clause);
  if (bounds.length === 0) return false;
  // A bare number asked of a clause with values (余氯0.02 against 0.05 mg/L) is a value without its unit.
  if (BARE_NUMBER.test(question)) return true;
  const c = clause.toLowerCase();
  const w = whole.toLowerCase();
  const bounding = UPPER.test(c) || LOWER.test(c) || STAND_OFF.test(c) || UPPER.test(w) || LOWER.test(w);
  // Only when the question speaks of the bounded quantity (站在旁边, how far, at what temperature): a question
  // about the act itself ("start it against a closed valve") is decided by the clause's words.
  return bounding && bounds.some((b) => SPEAKS_OF[b.kind]?.test(question.toLowerCase()));
}

// A number without a unit the verdict can read (0.02, NaN), not part of a term (110kV, SF6, DN200).
const BARE_NUMBER =
  /(?<![a-z\d.])(?:\d+(?:\.\d+)?|nan)(?![\d.]*\s*[a-z%℃°])(?![\d.]*\s*(?:秒|分|小时|天|日|米|次|人|度))/i;
// Words that speak of a quantity without giving its value.
const SPEAKS_OF: Record<string, RegExp> = {
  length:
    /离|距离|多远|远|近|旁边|附近|边上|米|\bfrom\b|\bnear\b|\bclose\b|\bnext to\b|\bdistance\b|\bmet(?:re|er)s?\b|\bfe?e?t\b|\bft\b|\bfar\b/,
  time: /多久|多长时间|时间|分钟|小时|秒|\blong\b|\bminutes?\b|\bhours?\b|\bseconds?\b/,
  temperature: /温度|度|\bdegrees?\b|\bhot\b|\btemperature\b/,
  pressure: /压力|余压|压|\bpressure\b/,
  concentration: /浓度|余氯|\bconcentration\b|\bresidual\b/,
  turbidity: /浊度|\bturbidity\b/,
};

// The act a prohibition names: the words right after 严禁 / 不得 / never / must not.
const PROHIBITED_ACT =
  /(?:严禁|禁止|不得|不准|不许|不应|切勿)(\p{Script=Han}{2,6})|\b(?:never|must not|do not|don't|shall not|may not|no)\s+((?:[a-z]+\s*){1,4})/gu;
const QUESTION_FORM = /[能可以吗吧呢么否行要]/;
const EN_FUNCTION =
  /^(?:the|a|an|any|it|its|them|one|your|their|with|from|into|onto|near|when|while|before|after|and|or|but|that|this|these|those|unit|equipment)$/;

/** A condition ("因灾害…不能提前通知的", "if …") prohibits nothing. */
const isCondition = (part: string): boolean => /的$|^(?:如果?|若|因|当)|^\s*(?:if|when|unless)\b/i.test(part.trim());

/** Whether a clause may veto a yes given by another one: a prohibition, not a condition, and not bound to a case
 * the question may not be in ("水质不合格时严禁…", "water that fails …"). */
export const mayVeto = (clause: string): boolean =>
  clausePolarity(clause) === 'PROHIBITS' &&
  !isCondition(clause) &&
  !/时[，,]?\s*(?:严禁|禁止|不得|不准)|\b(?:when|if|unless|once|that fails?|which fails?)\b/i.test(clause);

/** Whether the clause itself prohibits the act the question asks about (its words, or the opposed manner): what
 * lets a prohibition of another rule veto a yes. */
export const prohibitsAskedAct = (question: string, clause: string, asWritten = question): boolean =>
  forbiddenByRest(question, clause, asWritten);

/** A part of the requirement that prohibits the asked act ("不得靠近避雷器" for 能靠近避雷器吗, "严禁用导线缠绕" for
 * 用普通导线短接, "never wrap wire" for wrapping wire) or requires the manner opposed to the asked one. */
function forbiddenByRest(question: string, whole: string, asWritten: string): boolean {
  const qs = [norm(question), norm(asWritten)].map((x) => x.replace(/(\p{Script=Han})不\1/gu, '$1'));
  // A question about how many people is decided by the part about people (两个人一起进 against 严禁单人进入).
  if (qs.some((x) => negatedAct(x) || PEOPLE.test(x))) return false;
  for (const part of normClause(whole).split(/[，,；;。]|\band\b/)) {
    const polarity = clausePolarity(part);
    if (polarity !== 'PROHIBITS' && qs.some((x) => opposedManner(x, part))) return true;
    // A condition ("因灾害…不能提前通知的", "if …") prohibits nothing.
    if (polarity !== 'PROHIBITS' || isCondition(part)) continue;
    for (const m of part.matchAll(PROHIBITED_ACT)) {
      if (m[1]) {
        const act = m[1];
        for (let i = 0; i + 1 < act.length; i++) {
          const bigram = act.slice(i, i + 2);
          if (!QUESTION_FORM.test(bigram) && qs.some((x) => x.includes(bigram))) return true;
        }
      } else {
        const words = m[2]!.split(/\s+/).filter((x) => x.length >= 4 && !EN_FUNCTION.test(x));
        const stem = (x: string): string => x.replace(/(?:ping|ing|ed|es|s)$/, '');
        if (words.some((x) => qs.some((q) => new RegExp(`\\b${stem(x)}`).test(q)))) return true;
      }
    }
  }
  return false;
}

/** The verdict by the clause's polarity and the question's manner, negation and people. */
function clauseVerdict(question: string, clause: string, whole: string, asWritten: string): Verdict | null {
  let p = clausePolarity(clause);
  // A step, or a rule's sentence without a modal word ("start it against a closed discharge valve", "wear
  // goggles"), is an instruction: it permits what it says.
  if (p === 'NEUTRAL') p = 'PERMITS';
  const q = norm(question);
  const c = normClause(clause);
  const prohibits = p === 'PROHIBITS';
  // A-不-A (能不能, 可不可以, 要不要) is a question form, not a negation: read as A.
  const qn = q.replace(/(\p{Script=Han})不\1/gu, '$1');
  // "without an attendant" / 没有监护 asks about doing it alone.
  if (ALONE.test(q) || (TWO.test(q) && QUESTION_NEGATED.test(qn))) {
    // The part that speaks of people decides ("sample with two people and a dedicated sampler, no open flame").
    if (ALONE.test(c)) return partProhibits(c, ALONE, prohibits) ? 'NO' : 'YES';
    if (TWO.test(c)) return partProhibits(c, TWO, prohibits) ? 'YES' : 'NO';
    // Nothing about how many people: the clause says nothing about doing it alone.
    return null;
  }
  if (TWO.test(q) && ALONE.test(c)) return partProhibits(c, ALONE, prohibits) ? 'YES' : 'NO';
  // The opposite manner: what the clause requires is not what is asked; what it prohibits is.
  // The manner as written too: an entity name can hold it (快速关闭 is also a cause, masked as {cause}).
  if (opposedManner(qn, c) || opposedManner(norm(asWritten).replace(/(\p{Script=Han})不\1/gu, '$1'), c))
    return prohibits ? 'YES' : 'NO';
  // "never X until/before Y is done" prohibits X without Y, as 未…前严禁 does.
  const named = CLAUSE_NEGATED.test(c) || (prohibits && PROHIBIT_UNTIL.test(c));
  // A clause offering ways ("by live work or under an outage") allows leaving one out for the other.
  const alternatives = !prohibits && leavesOutAnAlternative(qn, c);
  // The act as written too: a masked name can hold the negated verb (停水前不通知用户 masked as 不{rule}).
  const written = norm(asWritten).replace(/(\p{Script=Han})不\1/gu, '$1');
  const negated =
    (QUESTION_NEGATED.test(qn) || (!prohibits && (negatesClauseAct(qn, c) || negatesClauseAct(written, c)))) &&
    !named &&
    !alternatives;
  if (prohibits !== negated) return 'NO';
  // A yes needs the rest of the requirement not to forbid the asked act either ("应穿绝缘靴，并不得靠近避雷器"
  // decides 能靠近避雷器吗 by its second half, whichever half was picked).
  return forbiddenByRest(question, whole, asWritten) ? 'NO' : 'YES';
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
  similarity?: ClauseSimilarity | null,
): PickedClause | null {
  const q = MANNER.reduce((t, [re, to]) => t.replace(re, to), question);
  const m = MANNER.reduce((t, [re, to]) => t.replace(re, to), maskedQuestion);
  if (quantities(question).length > 0) {
    // Picked as a limit: a clause that states a bound need not have a modal word.
    // Also a part of a requirement whose other part bounds it ("浑浊度超标的水严禁出厂" beside 不得超过1 NTU).
    const bounding = sources.filter(
      (s) => valueVerdict(question, s.text, s.whole) !== null || valueVerdict(question, s.whole, s.whole) !== null,
    );
    const picked = pickClause(q, m, bounding, 'LIMIT', minScore, lang, similarity);
    if (picked) return picked;
  }
  // Doing it alone is decided only by a clause about how many people: those first.
  if (ALONE.test(norm(maskedQuestion))) {
    const people = sources.filter((s) => PEOPLE.test(normClause(s.text)));
    const picked = pickClause(q, m, people, 'ALLOWED', minScore, lang, similarity);
    if (picked) return picked;
  }
  return pickClause(q, m, sources, 'ALLOWED', minScore, lang, similarity);
}
