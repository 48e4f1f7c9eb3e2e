// High-precision keyword hints, kept from the rule-based classifier that preceded the trained one. They
// are NOT decisions: each hit becomes one feature of the classifier (hint:<intent>), weighed like any
// other feature, because they encode word forms that were tuned on the demo base's phrasing
// (e.g. "谁负责处理…" is about responsibility although it says 处理) and the corpus cannot repeat all of them.
import { canonical } from './lexicon/index.js';

type Hinted =
  | 'HANDLE_FAULT'
  | 'LIKELY_CAUSES'
  | 'DIAGNOSE'
  | 'DETECTORS'
  | 'DOWNSTREAM'
  | 'SAFETY_RULE'
  | 'RESPONSIBLE'
  | 'ALLOWED'
  | 'LIMIT';

const RULES: [Hinted, RegExp][] = [
  // Yes/no and limit forms first: "能不能…" / "how long may…" are the question, whatever else it names.
  [
    'ALLOWED',
    /能不能|可不可以|能否|可否|是否(?:允许|可以|能|需要|必须)|允许.{0,20}吗|(?:可以|能|准).{0,20}(?:吗|不)[?？]?$|要不要|需不需要|\b(?:can|may|could|must|should) (?:i|we|one|you|they|the \w+)\b|\bis it (?:ok|okay|allowed|safe|permitted|permissible|forbidden|prohibited)\b|\b(?:allowed|permitted|prohibited|forbidden)\b/,
  ],
  [
    'LIMIT',
    /多久|多长时间|多少|几次|几米|几分钟|几小时|几天|多远|多大|多高|多低|多快|最多|最少|至少|不超过|不低于|上限|下限|限值|阈值|\bhow (?:long|many|much|far|soon|often|high|low|fast|close)\b|\b(?:max|min)(?:imum)?\b|\blimits?\b|\bthreshold\b|\bat (?:least|most)\b/,
  ],
  [
    'RESPONSIBLE',
    /谁负责|由谁|谁来|谁的活|谁干|谁牵头|哪个岗位|哪些岗位|哪些人员|什么人员|什么岗位|负责人|责任人|责任岗位|\bwho\b|\bwhose\b|\bresponsib|\bwhich (?:roles?|team|crew|staff|people)\b|\bin charge\b/,
  ],
  // An explicit "how do I handle" wins over words like "detected" elsewhere in the question.
  [
    'HANDLE_FAULT',
    /怎么处理|如何处理|怎样处理|怎么处置|如何处置|怎么办|怎么消除|如何消除|怎么排除|如何排除|\bhow (?:do (?:i|we) |to |should (?:i|we) )?(?:handle|deal with)\b/,
  ],
  [
    'DETECTORS',
    /(?:哪些|哪个|什么|有无|有没有)(?:ai)?(?:模型|算法|服务)|模型.{0,6}(?:检测|识别|发现|监测|预警)|服务.{0,6}(?:告警|上报|发出|触发|报出)|由.{0,4}(?:检测|识别)|\bwhich (?:ai )?(?:models?|services?)\b|\bwhat (?:ai )?(?:models?|services?)\b|\bdetects?\b|\bdetected\b|\bdetecting\b|\bdetection\b|\braises?\b|\braised\b/,
  ],
  [
    'DOWNSTREAM',
    /下游|影响(?:哪些|什么|到哪些)?(?:设备|范围)|停电范围|跟着(?:停|断|失电)|(?:哪些|哪里|什么地方).{0,8}(?:断水|停水|断供)|(?:会|将)?(?:失电|停电)(?:吗|的设备)?[？?]?$|哪些设备(?:会|将)?(?:失电|停电|受影响)|由.{1,30}供电|供电的设备|波及|失电范围|供电范围|带哪些|\bdownstream\b|\baffected equipment\b|\bwhat (?:equipment )?(?:is|would be|gets) affected\b|\bfed (?:by|from)\b|\bwhat does .{1,60} (?:feed|supply)\b|\bloses? (?:power|supply)\b/,
  ],
  [
    'SAFETY_RULE',
    /安全规程|安全要求|安全规定|安全措施|安全注意|安全事项|注意事项|哪些要求|需要遵守|遵守哪些|什么规定|规定了什么|要求是什么|有什么要求|要求什么|具体要求|规则要求|(?:有|有些|有哪些|有什么|有啥)[^，。,]{0,4}(?:要求|规定|规矩|讲究)|遵守|合规|守规矩|\bsafety\b|\bcompl(?:y|ies|iance|iant)\b|\b(?:abide by|obey|adhere to)\b|\brules?\b|\brequire(?:s|ment|ments|d)?\b|\bprecautions?\b|\bregulations?\b/,
  ],
  [
    'DIAGNOSE',
    /哪种故障|哪类故障|什么故障|哪个故障|哪些故障|可能是.{0,12}故障|判断.{0,8}故障|故障类型|最可能|\bwhich (?:fault|faults|failure)\b|\bwhat (?:fault|faults|failure)\b|\bdiagnos|\bmost likely\b|\bwhich (?:problem|defect)\b|\bwhat(?:'s| is) wrong\b/,
  ],
  [
    'LIKELY_CAUSES',
    /原因|为什么|为何|为啥|咋会|什么导致|哪些因素|起因|怎么会|导致.{0,4}(?:的|吗)|\bcauses?\b|\bcaused\b|\bwhy\b|\breasons?\b|\bwhat leads to\b/,
  ],
  [
    'HANDLE_FAULT',
    /怎么处理|如何处理|怎样处理|怎么处置|如何处置|处置|处理步骤|处理方法|处理流程|处理措施|怎么办|如何应对|如何操作|应该怎么做|该怎么做|处理|\bhandl|\bwhat (?:should|do|must) (?:i|we|the \w+) do\b|\bwhat to do\b|\bprocedure\b|\bsteps?\b|\brespond\b|\bdeal with\b|\bresolve\b|\bfix\b/,
  ],
];

/** The keyword hints that fire on a question, as classifier features; the first is the old rule's pick. */
export function keywordHints(question: string, isCanonical = false): string[] {
  const q = isCanonical ? question : canonical(question);
  const hits = RULES.filter(([, re]) => re.test(q)).map(([intent]) => intent);
  return [...new Set(hits)].map((h, i) => (i === 0 ? `hint:first:${h}` : `hint:${h}`));
}
