// "Why" for every answer: the understood intent with its confidence and the entities found with theirs,
// and, for a refusal, a sentence that says what was understood before what was missing ("I understood a
// question about handling a fault (0.97) but found nothing from the knowledge base named in it").
import type { Intent, IntentResult } from './intent.js';
import type { LinkedEntity } from './linker.js';

export interface UnderstoodEntity {
  id: string;
  kind: string;
  name: string;
  nameEn: string;
  /** The question's text the entity was recognised from. */
  matchedText: string;
  /** exact | synonym | alias | pinyin | edit | partial | fulltext | semantic (nearest by sentence embedding) */
  how: string;
  confidence: number;
}
export interface Understood {
  intent: Intent;
  intentConfidence: number;
  /** The next most likely kind and its probability (the closest kind when the intent is UNKNOWN). */
  runnerUp: Intent;
  runnerUpConfidence: number;
  entities: UnderstoodEntity[];
}

// Used only when the linker gives no confidence of its own: exact names are certain, typo matches less,
// full-text candidates and names found by meaning least (they passed an overlap or similarity margin, nothing more).
const HOW_CONFIDENCE: Record<string, number> = { exact: 1, fuzzy: 0.85, edit: 0.85, fulltext: 0.65, semantic: 0.6 };

type Linked = LinkedEntity & { confidence?: number; matchedText?: string };

export function understoodEntity(l: Linked): UnderstoodEntity {
  const how = l.how === ('fuzzy' as string) ? 'edit' : l.how;
  return {
    id: l.id,
    kind: l.kind,
    name: l.name,
    nameEn: l.nameEn,
    matchedText: l.matchedText ?? l.matched,
    how,
    confidence: Math.round((l.confidence ?? HOW_CONFIDENCE[how] ?? 0.7) * 1000) / 1000,
  };
}

export function understoodOf(r: IntentResult, linked: LinkedEntity[]): Understood {
  return {
    intent: r.intent,
    intentConfidence: r.confidence,
    runnerUp: r.runnerUp,
    runnerUpConfidence: r.runnerUpConfidence,
    entities: linked.map((l) => understoodEntity(l as Linked)),
  };
}

const INTENT_TEXT: Record<Intent, [string, string]> = {
  HANDLE_FAULT: ['故障处置', 'handling a fault'],
  LIKELY_CAUSES: ['可能原因', 'the likely causes of an alarm or fault'],
  DIAGNOSE: ['根据症状判断故障', 'which fault fits the symptoms'],
  DETECTORS: ['检测故障的模型和服务', 'which models or services detect a fault'],
  DOWNSTREAM: ['设备的下游影响', 'what is downstream of equipment'],
  SAFETY_RULE: ['安全规程要求', 'what a safety rule requires'],
  RESPONSIBLE: ['负责岗位', 'who is responsible'],
  ALLOWED: ['是否允许某项操作', 'whether something is allowed'],
  LIMIT: ['限值（时长、距离、次数、数值）', 'a limit (how long, how far, how many, up to what value)'],
  UNKNOWN: ['未知', 'an unknown kind'],
};
const KIND_TEXT: Record<string, [string, string]> = {
  FaultType: ['故障', 'fault'],
  Symptom: ['症状/告警', 'symptom/alarm'],
  Cause: ['原因', 'cause'],
  Procedure: ['处置规程', 'procedure'],
  SafetyRule: ['安全规程', 'safety rule'],
  DutyRole: ['岗位', 'duty role'],
  Equipment: ['设备', 'equipment'],
  Substation: ['站点', 'site'],
  EquipmentType: ['设备类型', 'equipment type'],
};

export const intentText = (intent: Intent, lang: 'zh' | 'en'): string => INTENT_TEXT[intent][lang === 'zh' ? 0 : 1];

/** The refusal `reason`, preceded by what was understood. */
export function describeUnderstanding(u: Understood, lang: 'zh' | 'en', reason: string): string {
  const zh = lang === 'zh';
  const pick = (a: string, b: string): string => (zh ? a || b : b || a);
  const ents = u.entities
    .map((e) => {
      const kind = KIND_TEXT[e.kind]?.[zh ? 0 : 1] ?? e.kind;
      return zh
        ? `${pick(e.name, e.nameEn)}（${kind}，${e.how}，${e.confidence}）`
        : `${pick(e.name, e.nameEn)} (${kind}, ${e.how}, ${e.confidence})`;
    })
    .join(zh ? '、' : ', ');
  if (u.intent === 'UNKNOWN') {
    const closest = u.runnerUp === 'UNKNOWN' ? '' : intentText(u.runnerUp, lang);
    const head = zh
      ? `没能判断这是哪类问题${closest ? `（最接近「${closest}」，置信度 ${u.runnerUpConfidence}）` : ''}${ents ? `；识别到：${ents}` : ''}。`
      : `I could not tell what kind of question this is${closest ? ` (closest: ${closest}, confidence ${u.runnerUpConfidence})` : ''}${ents ? `; recognised ${ents}` : ''}.`;
    return `${head}${zh ? '' : ' '}${reason}`;
  }
  const head = zh
    ? `我理解这是关于「${intentText(u.intent, lang)}」的问题（置信度 ${u.intentConfidence}），${ents ? `识别到：${ents}` : '但问题中没有识别出知识库中的任何实体'}。`
    : `I understood a question about ${intentText(u.intent, lang)} (confidence ${u.intentConfidence})${ents ? `, naming ${ents}` : ' but found nothing from the knowledge base named in it'}.`;
  return `${head}${zh ? '' : ' '}${reason}`;
}
