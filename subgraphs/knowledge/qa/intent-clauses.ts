// Yes/no (ALLOWED) and limit (LIMIT) questions are answered from one clause of a safety rule's requirement
// or of a procedure step: requirements are split into clauses, the clause most similar to what the question
// asks about (its words once the entity names and the question's own function words are removed, after the
// synonym table) is picked, and its wording decides: a prohibition → NO, a permission or obligation → YES,
// flipped when the question asks about NOT doing it ("可以不验电吗"). LIMIT only considers clauses that
// state a number with a unit. Pure functions; ask.ts gathers the candidate clauses from the graph.
import { canonical } from './lexicon/index.js';
import type { ClauseSimilarity } from './clause-semantic.js';

export interface ClauseSource {
  /** The rule or the step's procedure that the clause belongs to. */
  ownerId: string;
  ownerKind: 'SafetyRule' | 'Step';
  /** For a step: its order in the procedure. */
  order?: number;
  text: string;
  /** The whole requirement or step the clause was cut from. */
  whole: string;
  lang: 'zh' | 'en';
  /** Reached from an entity of the question (vs. every rule of the base, the fallback): ranks first on ties. */
  linked: boolean;
  /** A step of a procedure for a fault of an equipment type the question names: a third of the linked preference
   * (a type has many faults, so it places the question less surely than a named fault does). */
  near?: boolean;
}

export interface PickedClause extends ClauseSource {
  score: number;
}

/** Splits on clause punctuation, never inside a number ("0.7米", "1,000"). */
export function splitClauses(text: string): string[] {
  return text
    .split(/[，；。：！？;!?]|[,.:](?!\d)(?<!\d[,.:](?=\d))|\s-\s/)
    .map((c) => c.trim())
    .filter((c) => c.length >= 2);
}

// Words that make a question a yes/no or a limit question; they say nothing about the subject.
const ZH_FUNCTION =
  /请问|想问下?|能不能|可不可以|可以|能否|可否|是否|允许|允不允许|行不行|行吗|要不要|需不需要|需要|必须|应该|吗|呢|吧|啊|多久|多长时间|多少|最多|最少|至少|最长|最短|几次|几米|几分钟|几小时|几天|几|多远|多大|多高|多低|上限|下限|限值|是|的|了|我们|我|一下|直接|马上|现在|就|没问题|违反规定|规定|算违规|违规|要求|标准|什么|啥|哪些|哪个|怎么|如何|为什么|里面/g;
const EN_FUNCTION = new Set(
  'can could may might must should shall i we you one they is are am was be been it its ok okay allowed permitted permissible prohibited forbidden safe to the a an do does did have has need how long many much far soon often high low what which value maximum minimum max min limit threshold at least most up for of in on when there this that and or please quick question check first right away just against rules rule required require requirement'.split(
    ' ',
  ),
);

// Single modal or linking characters and temporal connectives of a question (要等多久, 能堆多高, 才能靠近,
// 加氯以后): left in, they make bigrams across word boundaries (要等, 能堆, 氯以) that no clause has, diluting
// what the question shares with the one that decides it. Only in questions: a clause's 要/能 are its modality, read by clausePolarity.
const ZH_MODAL_CHARS =
  /最[高低大小晚早快慢远]|以后|之后|然后|才|要|能|还|得(?!到)|多(?=[高深宽重大长远久少])|[高深宽重大长远久少](?<=多.)|该|先|再/g;

// Everyday words for how and what is done (一块儿 = 同时, 干活 = 作业), which decide yes/no questions ("几台泵可以一块儿启动吗" against
// "严禁同时启动"): met on one form in questions and clauses alike.
const MANNER: [RegExp, string][] = [
  [/一块儿?|一起|一齐|一并|同一时间/g, '同时'],
  [/\b(?:together|simultaneously|at the same time|all at once)\b/g, ' simultaneous '],
  [/单独一人|一个人|独自|单人/g, '单人'],
  [/干活儿?|施工|做工/g, '作业'],
  [/进去|进到|下到|下去/g, '进入'],
  [/\b(?:alone|by myself|on my own|single-handed)\b/g, ' alone '],
  [/走到|走近|凑近|凑到|挨近|贴近|过去到/g, '靠近'],
  [/\b(?:get close to|go near|walk up to|come near)\b/g, ' approach '],
  [/快点|快一点|快些/g, '快速'],
  // 硬合 / 硬拉 is forcing it (强行), 解了 / 解掉 is releasing (解除): "把五防闭锁解了硬合" against 不得强行解除闭锁.
  [/硬(?=[合分拉送开关上顶来])/g, '强行'],
  [/解了|解掉|解开/g, '解除'],
];

/** Doing it at once, and doing it only after a wait ("电容器放电5分钟后再接近", "wait 5 minutes before"). */
export const IMMEDIATELY = /马上|立刻|立即|赶紧|\bright away\b|\bimmediately\b|\bat once\b|\bstraight away\b/;
export const AFTER_WAITING =
  /\d+\s*(?:秒钟?|分钟|小时|min|minutes?|h|hours?|s|seconds?)\s*(?:后|以后|之后)|后再|后方可|静置|\bwait(?![a-z])/;

// The aspect of the act a manner word speaks of, the same for its opposite: "关快点" is decided by the clause
// about how fast valves close, whether it says 严禁快速关闭 or 必须缓慢; "一块儿启动" by 逐台启动 as by 严禁同时启动.
const ASPECTS: [string, RegExp, RegExp][] = [
  ['speed', /快速|\bfast\b/, /缓慢|慢慢|\bslow(?:ly)?\b|\bgradual(?:ly)?\b/],
  [
    'order',
    /同时|\bsimultaneous\b/,
    /逐台|逐一|逐个|依次|分批|\bone (?:at a time|by one|after another)\b|\bin turn\b|\bsequentially\b/,
  ],
  ['people', /单人|\balone\b/, /两人|二人|双人|监护|\btwo (?:people|persons|men)\b|\battendant\b|\bin pairs\b/],
  ['written', /口头|口述|\bverbal(?:ly)?\b|\borally\b/, /填写|书面|\bwritten\b|\bin writing\b/],
  ['timing', IMMEDIATELY, AFTER_WAITING],
];

// Crude English stemming, enough to meet "re-energise" with "re-energised" and "closing" with "close".
// supplied / supplying / supplies → suppl…y, stopped → stop, closing / close → clos.
const stem = (w: string): string =>
  w.length > 4
    ? w
        .replace(/(?:ied|ies)$/, 'y')
        .replace(/(?:ing|ed|es|s)$/, '')
        .replace(/([b-df-hj-np-tv-z])\1$/, '$1')
        .replace(/e$/, '')
    : w;

// Clause texts are the bases' own (rule requirements, step texts): the same few hundred for every question, and
// canonicalising them again (segmenter, synonym table) was most of an ALLOWED/LIMIT answer's time (p50 ~45 ms).
// Their features and polarity are computed once per text; a question's are not kept (callers change them).
const clauseFeatures = new Map<string, Map<string, number>>();
const polarities = new Map<string, Polarity>();
const MEMO_MAX = 20_000;
const remember = <V>(memo: Map<string, V>, key: string, value: V): V => {
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
};

/** The content features of a text: Han character bigrams (weight 1) and characters (0.25, so "拉开" still
 * meets "拉隔离开关"), English content-word stems (1), numbers with their unit (1). A clause's (isQuestion
 * false) map is shared between calls: read it, never change it. */
export function contentFeatures(text: string, isQuestion: boolean): Map<string, number> {
  if (!isQuestion) return clauseFeatures.get(text) ?? remember(clauseFeatures, text, computeFeatures(text, false));
  return computeFeatures(text, true);
}

function computeFeatures(text: string, isQuestion: boolean): Map<string, number> {
  // canonical joins a number to the letters after it ("110 kv" → "110kv"), which also glues a word that is no
  // unit onto it ("sf6 room" → "sf6room", "dn500 main"): split those again.
  let t = canonical(text)
    .replace(/\{[a-z_]+\}/g, ' ')
    .replace(
      /(\d)(?!(?:hours?|minutes?|seconds?|metres?|meters?|times|people|persons?|days?|weeks?|months?|years?)\b)([a-z]{4,})/g,
      '$1 $2',
    );
  for (const [re, to] of MANNER) t = t.replace(re, to);
  const out = new Map<string, number>();
  // Half for the aspect, half for the side: the clause naming the asked manner itself answers more directly.
  // Before the question's function words go (马上 is one).
  for (const [aspect, one, other] of ASPECTS) {
    if (one.test(t)) out.set(`~${aspect}`, 0.5).set(`~${aspect}+`, 0.5);
    if (other.test(t)) out.set(`~${aspect}`, 0.5).set(`~${aspect}-`, 0.5);
  }
  if (isQuestion) t = t.replace(ZH_FUNCTION, ' ').replace(ZH_MODAL_CHARS, ' ');
  for (const run of t.match(/\p{Script=Han}+/gu) ?? []) {
    const cs = [...run];
    for (const c of cs) if (!out.has(c)) out.set(c, 0.25);
    for (let i = 0; i + 1 < cs.length; i++) out.set(cs[i]! + cs[i + 1]!, 1);
  }
  for (const w of t.match(/[a-z][a-z0-9]*|\d+(?:\.\d+)?\s*[a-zμ%℃]*/g) ?? []) {
    const word = w.replace(/\s+/g, '');
    if (/^[a-z]/.test(word) && (word.length < 3 || EN_FUNCTION.has(word))) continue;
    out.set(/^\d/.test(word) ? word : stem(word), 1);
  }
  return out;
}

/** What the question asks about: its content, the parts inside linked entity names weighing half (they
 * place the question; the words around them say what is to be done). */
export function questionContent(question: string, masked: string, kind?: 'ALLOWED' | 'LIMIT'): Map<string, number> {
  const outside = contentFeatures(masked, true);
  const all = contentFeatures(question, true);
  for (const [f, w] of all) if (!outside.has(f)) outside.set(f, w * 0.5);
  if (kind === 'ALLOWED') {
    // A yes/no question's act follows its modal ("挖沟抢修累了，能在沟里面歇会儿不": resting, not digging, is
    // asked about; "can I take the gas sample on my own"): what it shares with a clause counts more.
    const at = masked.search(ACT_STARTS);
    if (at > 0) for (const [f, w] of contentFeatures(masked.slice(at), true)) outside.set(f, w * ACT_WEIGHT);
  }
  return outside;
}

const ACT_WEIGHT = 1.5;
// Where the asked act begins: after the modal of a yes/no question (能 not inside 性能/功能/可能/电能 …).
const ACT_STARTS =
  /能不能|可不可以|可以|能否|可否|允不允许|允许|行不行|(?<![性功可电势热动体])能(?!力|量|源|耗)|\b(?:can|could|may|might)\s+(?:i|we|you|they|one|the \w+)\b|\bis it (?:ok(?:ay)?|alright|allowed|safe) to\b|\b(?:allowed|permitted) to\b/;

// A clause that prohibits: checked before the permissive words, since 不应/must not contain 应/must.
const PROHIBIT =
  /一般不|原则上不|一律不|禁止|严禁|不得|不准|不允许|不应|不能|不可(?![燃能])|不宜|切勿|勿|避免|\bmust not\b|\bmustn't\b|\bshall not\b|\bshould not\b|\bnever\b|\bprohibited\b|\bforbidden\b|\bnot (?:be )?(?:allowed|permitted)\b|\bdo not\b|\bdon't\b|\bnobody\b|\bno one\b|\bno (?!more than|less than|later than|fewer than)\w/;
const PERMIT =
  /可以|(?<!不)可(?![燃能靠])|允许|应|必须|须|需|要|宜|\bmay\b|\bmust\b|\bshall\b|\bshould\b|\bneeds?\b|\brequires?d?\b|\balways\b|\ballowed\b|\bpermitted\b|\bonly\b/;
// The question asks about NOT doing something, or doing alone what a rule wants done by two.
const QUESTION_NEGATED =
  /可以不|能不(?!能)|(?<![能可行要是])不(?![能行可要是])[^，。,.?？！!]{1,8}?(?:就|直接|便)|不用|不必|不戴|不穿|不做|不经|不办|没(?!问题|事|有问题)|未经|未|免|省略|跳过|单人|一个人|独自|\bwithout\b|\bskip\b|\bnot\b|\bno\b|\balone\b|\bby myself\b|\bon my own\b|\bsingle person\b|\bone person\b/;

// A clause that itself speaks of not doing it or doing it alone (严禁单人进入, 未经验电严禁…, never … without):
// a question asking about that case matches the clause as it stands, so its answer is not flipped.
const CLAUSE_NEGATED =
  /未经|未|不经|没有|单人|独自|免|省略|跳过|\bwithout\b|\balone\b|\bsingle person\b|\bone person\b/;
const manner = (text: string): string => MANNER.reduce((t, [re, to]) => t.replace(re, to), canonical(text));

/** A number with a unit: the mark of a clause that states a limit. */
export const LIMIT_VALUE =
  /\d+(?:\.\d+)?\s*(?:ntu|mg\/m3|mg\/m³|mg\/l|μl\/l|ul\/l|ppm|小时|分钟|秒钟?|天|日|个月|月|年|次|米|公里|千米|毫米|厘米|kv|千伏|mpa|kpa|℃|°c|度|%|倍|人|h\b|hours?\b|min(?:utes?)?\b|s\b|sec(?:onds?)?\b|days?\b|weeks?\b|months?\b|times\b|m\b|km\b|mm\b|cm\b|people\b|persons?\b)|\d+(?:\.\d+)?(?:\s+\w+){0,2}\s+(?:per|an|a|every)\s+(?:hour|day|week|minute|second|year)\b/i;

// What quantity a limit question asks for, and what quantities a clause states: "how long must chlorine stay in
// contact" is answered by the clause with a duration, not by the one with a concentration beside it.
const ASKED_QUANTITY: [RegExp, string][] = [
  [
    /多久|多长时间|多长|几分钟|几小时|几天|几个月|多少(?:分钟|小时|天|秒|个月)|时间|时长|期限|\bhow long\b|\bhow soon\b|\btime\b|\bduration\b|\bwait\b|\bhours\b|\bminutes\b|\bdays\b/,
    'time',
  ],
  [
    /多远|距离|多高|多深|多宽|几米|多少米|高度|深度|\bhow far\b|\bdistance\b|\bhow high\b|\bheight\b|\bhow deep\b|\bdepth\b|\bhow close\b|\bclearance\b/,
    'length',
  ],
  [/浓度|含量|余氯|浊度|\bconcentration\b|\blevels?\b|\bcontent\b|\bresidual\b|\bturbidity\b/, 'level'],
  [/几次|多少次|频次|多久一次|每隔|\bhow many times\b|\bhow often\b|\bfrequency\b/, 'count'],
  [/几个人|多少人|几人|\bhow many people\b|\bhow many persons\b/, 'people'],
  [/压力|\bpressure\b/, 'pressure'],
  [/温度|\btemperature\b/, 'temperature'],
];
const STATED_QUANTITY: [RegExp, string][] = [
  [
    /\d\s*(?:小时|分钟|秒|天|日|个月|周|年|h\b|hours?\b|min(?:utes?)?\b|s\b|sec(?:onds?)?\b|days?\b|weeks?\b|months?\b)/,
    'time',
  ],
  [/\d\s*(?:米|公里|千米|毫米|厘米|m\b|km\b|mm\b|cm\b|metres?\b|meters?\b)/, 'length'],
  [/\d\s*(?:ntu|mg\/m3|mg\/m³|mg\/l|μl\/l|ul\/l|ppm|%)/, 'level'],
  [
    /\d\s*(?:次|times\b)|\b(?:once|twice)\b|\d+(?:\s+\w+){0,2}\s+(?:per|an|a|every)\s+(?:hour|day|week|minute|second|year)\b/,
    'count',
  ],
  [/\d\s*(?:人|people\b|persons?\b)/, 'people'],
  [/\d\s*(?:mpa|kpa)/, 'pressure'],
  [/\d\s*(?:℃|°c|度)/, 'temperature'],
];
const askedQuantities = (question: string): Set<string> => {
  const q = canonical(question);
  return new Set(ASKED_QUANTITY.filter(([re]) => re.test(q)).map(([, k]) => k));
};
const stated = new Map<string, string[]>();
const statedQuantities = (clause: string): string[] =>
  stated.get(clause) ??
  remember(
    stated,
    clause,
    STATED_QUANTITY.filter(([re]) => re.test(canonical(clause))).map(([, k]) => k),
  );

export type Polarity = 'PROHIBITS' | 'PERMITS' | 'NEUTRAL';

export function clausePolarity(clause: string): Polarity {
  return polarities.get(clause) ?? remember(polarities, clause, computePolarity(clause));
}

function computePolarity(clause: string): Polarity {
  const c = canonical(clause);
  if (PROHIBIT.test(c)) return 'PROHIBITS';
  if (PERMIT.test(c)) return 'PERMITS';
  return 'NEUTRAL';
}

/** YES when the clause permits or requires what is asked, NO when it prohibits it; flipped for a negated
 * question. A procedure step without a prohibition is an instruction, so it permits what it says. */
export function verdictFor(
  question: string,
  clause: string,
  ownerKind: ClauseSource['ownerKind'],
): 'YES' | 'NO' | null {
  let p = clausePolarity(clause);
  if (p === 'NEUTRAL' && ownerKind === 'Step') p = 'PERMITS';
  if (p === 'NEUTRAL') return null;
  const negated =
    QUESTION_NEGATED.test(canonical(question).replace(/\{[a-z_]+\}/g, ' ')) && !CLAUSE_NEGATED.test(manner(clause));
  return (p === 'PERMITS') !== negated ? 'YES' : 'NO';
}

/** Similarity of a question's content to a clause: the weighted share of the question's content it covers,
 * plus a bonus for a shared number ("110kV") and a small one for a clause that decides (has a modal word
 * or, for LIMIT, a value). */
export function clauseScore(
  questionContent: Map<string, number>,
  clause: string,
  kind: 'ALLOWED' | 'LIMIT',
  whole = clause,
): number {
  let total = 0;
  for (const w of questionContent.values()) total += w;
  if (total === 0) return 0;
  const cf = contentFeatures(clause, false);
  // The rest of the requirement is the clause's context ("人员与带电设备的安全距离：… 110kV不小于1.5米"):
  // what the question shares with it counts half.
  const context = whole === clause ? cf : contentFeatures(whole, false);
  let shared = 0;
  let numbers = 0;
  for (const [f, w] of questionContent)
    if (cf.has(f)) {
      shared += w;
      if (/^\d/.test(f)) numbers++;
    } else if (context.has(f)) shared += w / 2;
  const decides = kind === 'LIMIT' ? LIMIT_VALUE.test(clause) : clausePolarity(clause) !== 'NEUTRAL';
  // A number the question repeats ("110kV") singles out the line of a table-like rule.
  return shared / total + 0.5 * numbers + (decides && shared > 0 ? 0.05 : 0);
}

// Meaning (clause-semantic.ts) joins the lexical score: its strength (0..1 on the encoder's scale) adds up to
// SEMANTIC_WEIGHT, the clause's own wording counting most, the whole requirement or step (its context) the
// rest. A clause the question shares few words with is still a candidate when the meaning is close
// (SEMANTIC_ALONE), or when it nearly shares enough and the meaning makes up for it (SEMANTIC_LIFT); one that shares nothing lexically must be very close (SEMANTIC_NO_WORDS), so an
// off-topic question that happens to sound like a rule is still refused.
const SEMANTIC_WEIGHT = 0.5;
const SEMANTIC_ALONE = 0.4;
const SEMANTIC_NO_WORDS = 0.8;
const LEXICAL_FLOOR = 0.1;
// Or nearly close enough by its words, and clearly so with its meaning.
const SEMANTIC_LIFT = 0.1;
const RULE_PREFERENCE = 0.05;
const STATES_ASKED_WEIGHT = 0.075;
const STATES_ASKED_FLOOR = 0.25;
const WITHIN_TEXT_SEMANTIC = 0.1;

/** A clause's meaning-based strength for the question: 0 without an encoder or in the other language. */
export function semanticStrength(similarity: ClauseSimilarity | null | undefined, s: ClauseSource): number {
  if (!similarity || s.lang !== similarity.lang) return 0;
  const own = similarity.strength(s.text);
  return s.whole === s.text ? own : Math.max(own, 0.75 * own + 0.25 * similarity.strength(s.whole));
}

/** Whether a clause is close enough to decide: by its words as before, or by its meaning with some words. */
const closeEnough = (lexical: number, semantic: number, minScore: number): boolean =>
  lexical >= minScore ||
  (semantic >= SEMANTIC_ALONE && lexical >= LEXICAL_FLOOR && lexical + SEMANTIC_WEIGHT * semantic >= minScore) ||
  (lexical >= minScore - SEMANTIC_LIFT && lexical + SEMANTIC_WEIGHT * semantic >= minScore + SEMANTIC_LIFT) ||
  semantic >= SEMANTIC_NO_WORDS;

/** The best clause for the question among the sources, or null when none shares enough with it. */
export function pickClause(
  question: string,
  maskedQuestion: string,
  sources: ClauseSource[],
  kind: 'ALLOWED' | 'LIMIT',
  minScore: number,
  lang?: 'zh' | 'en',
  similarity?: ClauseSimilarity | null,
): PickedClause | null {
  const qc = questionContent(question, maskedQuestion, kind);
  const asked = kind === 'LIMIT' ? askedQuantities(question) : new Set<string>();
  const candidates: Candidate[] = [];
  let best: Candidate | undefined;
  for (const s of sources) {
    if (kind === 'LIMIT' && !LIMIT_VALUE.test(s.text)) continue;
    // A limit question that says what it asks for (how long, how far, what level) prefers the clause stating it.
    // It only re-ranks: whether any clause is close enough is judged without it, so "光伏板最多能连续运行多久"
    // is not answered by the one duration the base has ("带接地运行不得超过2小时").
    // Each asked quantity the clause states counts ("泡多久，氯浓度要多少" is answered by the clause with both).
    const matched = statedQuantities(s.text).filter((k) => asked.has(k)).length;
    let quantity = asked.size === 0 ? 0 : matched > 0 ? 0.1 + 0.05 * matched : -0.1;
    // A rule's sentence without a modal word is still normative, often an imperative ("wear goggles"): a
    // candidate, after a decisive clause of the same similarity.
    if (kind === 'ALLOWED' && s.ownerKind === 'SafetyRule' && clausePolarity(s.text) === 'NEUTRAL') quantity = -0.05;
    // A step that repeats a rule ("进入室内SF6设备区前先通风15分钟" after the SF6 rule's 通风15分钟) applies it:
    // on a near tie the rule, the source of the requirement, decides.
    if (s.ownerKind === 'SafetyRule') quantity += RULE_PREFERENCE;
    // Reached from what the question names: preferred over the rest of the base by a fixed margin.
    // In the question's language, on a tie (its wording is what the question was compared with).
    const lexical =
      clauseScore(qc, s.text, kind, s.whole) + (s.linked ? 0.15 : s.near ? 0.05 : 0) + (s.lang === lang ? 0.01 : 0);
    const semantic = semanticStrength(similarity, s);
    // A clause stating the very quantities asked for ("泡多久，氯浓度要多少" → 浸泡24 h, 20 mg/L; how long per
    // circuit → 3 seconds) shares the question's point even where its words differ (泡 for 浸泡, pulling circuits
    // for 拉路): each asked quantity it states counts as a little shared content in judging whether it is close
    // enough, for a clause already sharing some words; one sharing a word or two (光伏板…多久 against
    // 带接地运行…2小时) still is not.
    const statesAsked = matched > 0 && lexical >= STATES_ASKED_FLOOR ? STATES_ASKED_WEIGHT * matched : 0;
    if (!closeEnough(lexical + statesAsked, semantic, minScore)) continue;
    const score = lexical + SEMANTIC_WEIGHT * semantic;
    candidates.push({ s, lexical, semantic, quantity, score });
    if (!best || score + quantity > best.score + best.quantity) best = candidates.at(-1)!;
  }
  if (!best) return null;
  // Meaning finds the requirement or step; which of its clauses decides is mostly a matter of its words (the one
  // saying 严禁同时启动, not its neighbour 应逐台启动, for "能同时启动吗"): among the clauses of the text
  // picked, meaning only breaks near ties.
  const sameText = candidates.filter((c) => c.s.ownerId === best!.s.ownerId && c.s.whole === best!.s.whole);
  // A qualifier that sets the clauses apart (室外 vs 室内, outdoors vs indoors) picks the one the question names.
  const within = (c: Candidate): number =>
    c.lexical +
    WITHIN_TEXT_SEMANTIC * c.semantic +
    c.quantity +
    QUALIFIER_WEIGHT *
      qualifierFit(
        question,
        c.s.text,
        sameText.filter((o) => o !== c).map((o) => o.s.text),
      );
  const chosen = sameText.reduce((a, c) => (within(c) > within(a) ? c : a), best);
  return { ...chosen.s, score: best.score };
}

const QUALIFIER_WEIGHT = 0.3;
// Qualifiers that set the lines of one requirement apart, each with its rivals.
const QUALIFIERS: [RegExp, RegExp][] = [
  [/室外|户外|露天|屋外|\boutdoors?\b/, /室内|户内|屋内|屋里|\bindoors?\b/],
  [/滚动轴承|\brolling\b/, /滑动轴承|\bsleeve\b/],
];
/** +1 for each qualifier of the clause the question names, -1 for each rival of it the question names, where
 * another clause of the text holds the rival (室外…8米 vs 室内…4米). */
function qualifierFit(question: string, text: string, siblings: string[]): number {
  const q = question.toLowerCase();
  const t = text.toLowerCase();
  const others = siblings.join('|').toLowerCase();
  let fit = 0;
  for (const [x, y] of QUALIFIERS)
    for (const [own, rival] of [
      [x, y],
      [y, x],
    ] as const) {
      if (!own.test(t) || rival.test(t) || !rival.test(others)) continue;
      if (own.test(q) && !rival.test(q)) fit++;
      if (rival.test(q) && !own.test(q)) fit--;
    }
  // A size the question names against a clause's range of that size (DN200 against DN300及以下 / DN300以上).
  for (const m of q.matchAll(/\b(dn|de)\s*(\d+)/g)) {
    const range = new RegExp(
      `${m[1]}\\s*(\\d+)\\s*(及以下|以下|及以上|以上|or (?:less|smaller|below)|and (?:above|larger|over)|or (?:more|larger|above))`,
    );
    const r = t.match(range);
    if (!r) continue;
    const size = Number(m[2]);
    const bound = Number(r[1]);
    const below = /下|less|smaller|below/.test(r[2]!);
    const inclusive = /及|or /.test(r[2]!);
    const fits = below ? size < bound || (inclusive && size === bound) : size > bound || (inclusive && size === bound);
    fit += fits ? 1 : -1;
  }
  return fit;
}

interface Candidate {
  s: ClauseSource;
  lexical: number;
  semantic: number;
  quantity: number;
  score: number;
}

/** The clauses of a text as decision units: a clause that neither decides nor states a value ("断路器因SF6
 * 压力低闭锁时") is the condition of the next one and is kept with it. */
export function clausesOf(base: Omit<ClauseSource, 'text'>): ClauseSource[] {
  const out: ClauseSource[] = [];
  let pending = '';
  const sep = base.lang === 'zh' ? '，' : ', ';
  for (const c of splitClauses(base.whole)) {
    const unit = pending ? `${pending}${sep}${c}` : c;
    if (clausePolarity(c) === 'NEUTRAL' && !LIMIT_VALUE.test(c)) pending = unit;
    else {
      out.push({ ...base, text: unit });
      pending = '';
    }
  }
  if (pending) out.push({ ...base, text: pending });
  return out;
}

/** Rules ranked by how well their wording (and, with an encoder, their meaning: name and requirement) covers the
 * question (best clause each), for a safety question that names no rule or fault ("CT二次回路上干活得注意啥");
 * only those within `margin` of the best. */
export function similarRules(
  question: string,
  maskedQuestion: string,
  sources: ClauseSource[],
  minScore: number,
  margin = 0.1,
  max = 3,
  similarity?: ClauseSimilarity | null,
  ruleNames?: Map<string, string>,
): { id: string; score: number }[] {
  const qc = questionContent(question, maskedQuestion);
  const best = new Map<string, { score: number; close: boolean }>();
  for (const s of sources) {
    if (s.ownerKind !== 'SafetyRule') continue;
    const lexical = clauseScore(qc, s.text, 'ALLOWED', s.whole) + (s.linked ? 0.15 : 0);
    // A rule's name says what it is about ("带电巡线要求"): its meaning counts as much as its best clause's.
    const name = ruleNames?.get(s.ownerId);
    const semantic = Math.max(semanticStrength(similarity, s), name && similarity ? similarity.strength(name) : 0);
    const score = lexical + SEMANTIC_WEIGHT * semantic;
    const held = best.get(s.ownerId);
    if (!held || score > held.score) best.set(s.ownerId, { score, close: closeEnough(lexical, semantic, minScore) });
  }
  const ranked = [...best.entries()].map(([id, r]) => ({ id, ...r })).sort((a, b) => b.score - a.score);
  const top = ranked[0];
  if (!top?.close) return [];
  // The meaning term widens the scores' range by half: so does the margin.
  const within = similarity ? margin * (1 + SEMANTIC_WEIGHT) : margin;
  return ranked
    .filter((r) => r.score >= top.score - within)
    .slice(0, max)
    .map(({ id, score }) => ({ id, score }));
}
