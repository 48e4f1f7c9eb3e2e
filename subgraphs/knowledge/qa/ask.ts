// The question-answering pipeline: normalise → classify intent → link entities → run the intent's
// parameterised Cypher template → compose the answer with its evidence. Every query text below is a
// constant; question-derived values reach Neo4j only as $parameters (ids the linker resolved). When the
// graph does not support an answer, the result says so (noAnswer) instead of guessing.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { config } from '../../../lib/config.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { resolveBase } from '../kb/bases.js';
import { downstreamTypes } from './downstream-types.js';
import { composeEquipment } from './equipment-compose.js';
import { answerLanguage, normalizeQuestion } from './normalize.js';
import { understandIntentAsync, type Intent } from './intent.js';
import { LIMIT_VALUE, pickClause, similarRules, type PickedClause } from './intent-clauses.js';
import { asksRequired, decideVerdict, mayVeto, pickClauseFor, prohibitsAskedAct, verdictLead } from './verdict.js';
import { judgeSources, ruleBehindStep, type JudgeIds, type JudgeSources } from './intent-judge.js';
import { clauseSimilarity, clauseTexts, questionLanguage } from './clause-semantic.js';
import { describeUnderstanding, understoodOf, type Understood } from './intent-explain.js';
import { semanticLinks } from './embed/semantic-link.js';
import { foreignSubject, foreignTerms, type ForeignHit, type ForeignTerm } from './lexicon/foreign.js';
import { clearlyNearest, faultNearness } from './embed/semantic-index.js';
import { clauseEvidence, compareEvidence, type ClauseEvidence, type SymptomLink } from './fault-evidence.js';
import {
  fulltextCandidates,
  linkEntities,
  loadLexicon,
  type KnowledgeKind,
  type Lexicon,
  type LinkedEntity,
} from './linker.js';
import { placelessLink } from './placeless-link.js';

export interface AnswerEntity {
  id: string;
  kind: string;
  name: string;
  nameEn: string;
  score?: number | null;
  detail?: string | null;
  /** A safety rule's requirement (zh / en). */
  requirement?: string | null;
  requirementEn?: string | null;
  /** For entities linked from the question: how sure the match is (0..1) and how it was made. */
  confidence?: number | null;
  how?: string | null;
}
export interface AnswerStep {
  order: number;
  text: string;
  textEn: string;
  procedureId: string;
}
export interface EvidenceNode {
  id: string;
  label: string;
  name: string;
}
export interface EvidenceRelationship {
  type: string;
  from: string;
  to: string;
  order?: number | null;
}
export interface KnowledgeAnswer {
  question: string;
  language: 'zh' | 'en';
  intent: Intent;
  answer: string;
  linked: AnswerEntity[];
  entities: AnswerEntity[];
  steps: AnswerStep[];
  evidence: { nodes: EvidenceNode[]; relationships: EvidenceRelationship[] };
  confidence: number;
  noAnswer: boolean;
  truncated: boolean;
  /** The knowledge base that answered (asked for, else the asker's org's, else grid). */
  base: { id: string; name: string; nameEn: string };
  /** ALLOWED questions: YES or NO as the deciding clause says; null for every other kind. */
  verdict: 'YES' | 'NO' | null;
  /** What the pipeline understood: intent with its confidence, entities with theirs (also on no answer). */
  understood: Understood;
}
export interface FaultCandidate {
  fault: AnswerEntity;
  score: number;
  matchedSymptoms: AnswerEntity[];
  totalSymptoms: number;
  steps: AnswerStep[];
  safetyRules: AnswerEntity[];
  responsible: AnswerEntity[];
}

interface Named {
  id: string;
  name: string;
  nameEn: string;
}
interface Ctx {
  driver: Driver;
  lexicon: Lexicon;
  scope: { viewerOrg: string; visibleOrgs: string[] };
  lang: 'zh' | 'en';
  question: string;
}

const READ = { database: config.neo4j.database, routing: 'READ' as const };
// A name or text missing in one language falls back to the other, so an answer never prints an empty part.
const zh = (n: { name: string; nameEn?: string }): string => n.name || n.nameEn || '';
const en = (n: { name: string; nameEn?: string }): string => n.nameEn || n.name;
const nm = (n: Named, lang: 'zh' | 'en'): string => (lang === 'zh' ? zh(n) : en(n));
const ent = (n: Named, kind: string, extra: Partial<AnswerEntity> = {}): AnswerEntity => ({
  id: n.id,
  kind,
  name: n.name,
  nameEn: n.nameEn,
  ...extra,
});

class Evidence {
  nodes = new Map<string, EvidenceNode>();
  rels = new Map<string, EvidenceRelationship>();
  node(n: Named, label: string): void {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, { id: n.id, label, name: `${n.name} / ${n.nameEn}` });
  }
  rel(type: string, from: string, to: string, order?: number): void {
    this.rels.set(`${from}-${type}-${to}`, { type, from, to, order: order ?? null });
  }
  toJSON() {
    return { nodes: [...this.nodes.values()], relationships: [...this.rels.values()] };
  }
}

// ---- Cypher templates (constants; values only as parameters) ----

const Q_FAULTS_FOR_SYMPTOMS = `
UNWIND $symptomIds AS sid
MATCH (f:${Label.FaultType})-[h:${Rel.HAS_SYMPTOM}]->(s:${Label.Symptom} {id: sid})
WHERE f.kb = $kb
WITH f, collect({id: s.id, name: s.name, nameEn: s.nameEn, rank: h.rank}) AS matched
MATCH (f)-[:${Rel.HAS_SYMPTOM}]->(other:${Label.Symptom})
RETURN f {.id, .name, .nameEn} AS fault, matched, count(other) AS total`;

const Q_PROCEDURES = `
UNWIND $faultIds AS fid
MATCH (f:${Label.FaultType} {id: fid})-[:${Rel.HANDLED_BY}]->(p:${Label.Procedure})
CALL {
  WITH p
  MATCH (p)-[hs:${Rel.HAS_STEP}]->(s:${Label.Step})
  WITH s, hs ORDER BY hs.order
  RETURN collect(s {.text, .textEn, order: hs.order}) AS steps
}
CALL {
  WITH p
  OPTIONAL MATCH (p)-[:${Rel.REQUIRES}]->(r:${Label.SafetyRule})
  WITH r ORDER BY r.id
  RETURN collect(r {.id, .name, .nameEn, .requirement, .requirementEn}) AS rules
}
CALL {
  WITH p
  OPTIONAL MATCH (p)-[:${Rel.RESPONSIBLE}]->(d:${Label.DutyRole})
  WITH d ORDER BY d.id
  RETURN collect(d {.id, .name, .nameEn}) AS roles
}
RETURN fid, f {.id, .name, .nameEn} AS fault, p {.id, .name, .nameEn} AS procedure, steps, rules, roles`;

const Q_FAULTS_OF_PROCEDURES = `
UNWIND $procedureIds AS pid
MATCH (f:${Label.FaultType})-[:${Rel.HANDLED_BY}]->(:${Label.Procedure} {id: pid})
RETURN DISTINCT f.id AS id`;

// Of the given faults, those that affect one of the given equipment types, or a type related to one by IS_A or
// PART_OF (either way, up to two steps: a bushing of a transformer, a centrifugal pump as a pump).
const Q_FAULTS_FITTING_TYPES = `
MATCH (f:${Label.FaultType})-[:${Rel.AFFECTS}]->(t:${Label.EquipmentType})
WHERE f.id IN $faultIds AND f.kb = $kb
  AND EXISTS { MATCH (t)-[:${Rel.IS_A}|${Rel.PART_OF}*0..2]-(u:${Label.EquipmentType}) WHERE u.id IN $typeIds }
RETURN DISTINCT f.id AS id`;

const Q_FAULTS_OF_CAUSES = `
UNWIND $causeIds AS cid
MATCH (f:${Label.FaultType})-[:${Rel.CAUSED_BY}]->(:${Label.Cause} {id: cid})
WHERE f.kb = $kb
RETURN DISTINCT f.id AS id`;

// The faults a safety question's situation may be about, through what it names: a rule a fault's procedure
// requires, an equipment type the fault affects, or a cause of it ("修加药泵" names the dosing system,
// "chlorine residual is low" the residual rule): the candidates the question's meaning then chooses from.
const Q_SITUATION_FAULTS = `
CALL {
  MATCH (f:${Label.FaultType})-[:${Rel.HANDLED_BY}]->(:${Label.Procedure})-[:${Rel.REQUIRES}]->(r:${Label.SafetyRule})
  WHERE r.id IN $ids RETURN f, false AS byCause
  UNION
  MATCH (f:${Label.FaultType})-[:${Rel.AFFECTS}]->(t:${Label.EquipmentType}) WHERE t.id IN $ids RETURN f, false AS byCause
  UNION
  MATCH (f:${Label.FaultType})-[:${Rel.CAUSED_BY}]->(c:${Label.Cause}) WHERE c.id IN $ids RETURN f, true AS byCause
}
WITH f, byCause WHERE f.kb = $kb
RETURN f.id AS id, max(byCause) AS byCause`;

const Q_CAUSES = `
UNWIND $faultIds AS fid
MATCH (f:${Label.FaultType} {id: fid})-[:${Rel.CAUSED_BY}]->(c:${Label.Cause})
WITH f, c ORDER BY c.id
RETURN f {.id, .name, .nameEn} AS fault, collect(c {.id, .name, .nameEn}) AS causes`;

const Q_DETECTORS = `
UNWIND $faultIds AS fid
MATCH (f:${Label.FaultType} {id: fid})
CALL {
  WITH f
  OPTIONAL MATCH (m:${Label.Model})-[:${Rel.DETECTS}]->(f)
  WHERE coalesce(m.archived, false) = false AND ${visibleTo('m')}
  WITH m ORDER BY m.id
  RETURN collect(m {.id, .name}) AS models
}
CALL {
  WITH f
  OPTIONAL MATCH (f)-[:${Rel.HAS_SYMPTOM}]->(s:${Label.Symptom})<-[:${Rel.RAISES}]-(svc:${Label.Service})
  WHERE coalesce(svc.archived, false) = false AND ${visibleTo('svc')}
  WITH s, svc ORDER BY svc.id
  RETURN collect(CASE WHEN svc IS NULL THEN null ELSE {service: svc {.id, .name}, symptom: s {.id, .name, .nameEn}} END) AS raised
}
RETURN f {.id, .name, .nameEn} AS fault, models, raised`;

const Q_DOWNSTREAM = `
MATCH (e:${Label.Equipment} {id: $equipmentId}) WHERE ${visibleTo('e')}
MATCH (e)-[:${Rel.FEEDS}*0..12]->(a:${Label.Equipment})-[:${Rel.FEEDS}]->(b:${Label.Equipment})
WHERE ${visibleTo('a')} AND ${visibleTo('b')}
RETURN DISTINCT a {.id, .name, .nameEn} AS a, b {.id, .name, .nameEn, .typeId} AS b`;

const Q_AFFECTED_TYPES = `
UNWIND $faultIds AS fid
MATCH (f:${Label.FaultType} {id: fid})-[:${Rel.AFFECTS}]->(t:${Label.EquipmentType})
WITH f, t ORDER BY t.id
RETURN f {.id, .name, .nameEn} AS fault, collect(t {.id, .name, .nameEn}) AS types`;

const Q_RULES = `
UNWIND $ruleIds AS rid
MATCH (r:${Label.SafetyRule} {id: rid})
OPTIONAL MATCH (p:${Label.Procedure})-[:${Rel.REQUIRES}]->(r)
WITH r, p ORDER BY p.id
RETURN r {.id, .name, .nameEn, .requirement, .requirementEn} AS rule, collect(p {.id, .name, .nameEn}) AS procedures`;

// ---- helpers ----

/**
 * Does the question ask what a named equipment type's failure takes down? Yes when it names no fault, or
 * when every fault it names is a failure of that type itself (配电系统失电, a booster station out of
 * service: the fault AFFECTS the named type), so "X lost, what else goes" walks the type's supply chain.
 */
async function failureOfType(driver: Driver, linked: LinkedEntity[], typeId: string): Promise<boolean> {
  const faults = byKind(linked, 'FaultType');
  if (faults.length === 0) return true;
  const { records } = await driver.executeQuery(Q_AFFECTED_TYPES, { faultIds: faults.map((f) => f.id) }, READ);
  return (
    records.length === faults.length && records.every((r) => (r.get('types') as Named[]).some((t) => t.id === typeId))
  );
}

const byKind = (linked: LinkedEntity[], kind: KnowledgeKind): LinkedEntity[] => {
  const seen = new Set<string>();
  return linked.filter((e) => e.kind === kind && !seen.has(e.id) && seen.add(e.id));
};

/** Candidate faults for symptoms, ranked by evidence: the question's clauses the matched symptoms cover (qa/fault-evidence.ts), then specificity (symptoms shared by fewer faults weigh more), then how surely they were linked, then matched count, then primary symptom, then fewest unmatched. */
async function rankFaults(
  ctx: Ctx,
  symptomIds: string[],
  links: readonly SymptomLink[] = [],
): Promise<
  { fault: Named; matched: (Named & { rank: number })[]; total: number; score: number; evidence: ClauseEvidence }[]
> {
  if (symptomIds.length === 0) return [];
  const { records } = await ctx.driver.executeQuery(Q_FAULTS_FOR_SYMPTOMS, { symptomIds, kb: ctx.lexicon.kb }, READ);
  const rows = records.map((r) => ({
    fault: r.get('fault') as Named,
    matched: r.get('matched') as (Named & { rank: number })[],
    total: r.get('total') as number,
  }));
  const df = new Map<string, number>();
  for (const r of rows) for (const m of r.matched) df.set(m.id, (df.get(m.id) ?? 0) + 1);
  const scored = rows.map((r) => {
    const specificity = r.matched.reduce((s, m) => s + 1 / (df.get(m.id) ?? 1), 0);
    const primary = r.matched.some((m) => m.rank === 1) ? 1 : 0;
    const coverage = r.matched.length / r.total;
    const evidence = clauseEvidence(
      r.matched.map((m) => m.id),
      links,
    );
    return { ...r, specificity, primary, coverage, evidence, score: 0 };
  });
  scored.sort((a, b) =>
    a.evidence.clauses !== b.evidence.clauses
      ? b.evidence.clauses - a.evidence.clauses
      : b.specificity - a.specificity ||
        compareEvidence(a.evidence, b.evidence) ||
        b.matched.length - a.matched.length ||
        b.primary - a.primary ||
        b.coverage - a.coverage ||
        a.fault.id.localeCompare(b.fault.id),
  );
  const n = symptomIds.length;
  for (const s of scored)
    s.score =
      Math.round((0.6 * (s.matched.length / n) + 0.25 * s.coverage + 0.15 * Math.min(1, s.specificity / n)) * 1000) /
      1000;
  return scored;
}

interface FaultPick {
  faultIds: string[];
  confidence: number;
  via: 'fault' | 'procedure' | 'symptom' | 'cause';
  ambiguous?: Named[];
  symptoms?: LinkedEntity[];
}

/** The faults a question is about: named directly, through a procedure, or through one unambiguous symptom. */
async function pickFaults(ctx: Ctx, linked: LinkedEntity[], allowFulltext = true): Promise<FaultPick | null> {
  const conf = (es: LinkedEntity[]): number => Math.min(...es.map((e) => e.confidence));
  let faults = byKind(linked, 'FaultType');
  // A fault found by meaning or full text alone must be a fault of the equipment the question names by its words: "the
  // chiller's compressor is too hot" near 主变油温过高 in meaning is still not about a transformer.
  const namedTypes = byKind(linked, 'EquipmentType').filter((t) => t.how !== 'semantic' && t.how !== 'fulltext');
  const guessed = (f: LinkedEntity): boolean => f.how === 'semantic' || f.how === 'fulltext';
  if (namedTypes.length > 0 && faults.some(guessed)) {
    const { records } = await ctx.driver.executeQuery(
      Q_FAULTS_FITTING_TYPES,
      { faultIds: faults.map((f) => f.id), typeIds: namedTypes.map((t) => t.id), kb: ctx.lexicon.kb },
      READ,
    );
    const fit = new Set(records.map((r) => r.get('id') as string));
    faults = faults.filter((f) => !guessed(f) || fit.has(f.id));
  }
  const symptoms = byKind(linked, 'Symptom');
  if (faults.length > 0) {
    const fuller = await faultExplainingMore(
      ctx,
      faults,
      symptoms.filter((s) => !guessed(s)),
    );
    if (fuller) return { faultIds: [fuller], confidence: conf(symptoms) * 0.9, via: 'symptom', symptoms };
    return { faultIds: faults.map((f) => f.id), confidence: conf(faults), via: 'fault' };
  }
  const procs = byKind(linked, 'Procedure');
  if (procs.length > 0) {
    const { records } = await ctx.driver.executeQuery(
      Q_FAULTS_OF_PROCEDURES,
      { procedureIds: procs.map((p) => p.id) },
      READ,
    );
    let ids = records.map((r) => r.get('id') as string);
    // A procedure found by full text or meaning alone: its faults must be faults of the named equipment too.
    if (ids.length > 0 && namedTypes.length > 0 && procs.every(guessed)) {
      const fitting = await ctx.driver.executeQuery(
        Q_FAULTS_FITTING_TYPES,
        { faultIds: ids, typeIds: namedTypes.map((t) => t.id), kb: ctx.lexicon.kb },
        READ,
      );
      const fit = new Set(fitting.records.map((r) => r.get('id') as string));
      ids = ids.filter((id) => fit.has(id));
    }
    if (ids.length > 0) return { faultIds: ids, confidence: conf(procs), via: 'procedure' };
  }
  // A cause named by its words ("a kite caught on the conductor") outweighs symptoms found by meaning alone: the
  // kite is debris whatever the sentence resembles (conductor galloping).
  if (symptoms.length > 0 && symptoms.every(guessed)) {
    const byCause = await faultOfNamedCause(ctx, linked);
    if (byCause) return byCause;
  }
  if (symptoms.length > 0) {
    const ranked = await rankFaults(
      ctx,
      symptoms.map((s) => s.id),
      symptoms,
    );
    // A symptom named together with an equipment type is a symptom OF that equipment: only faults affecting the
    // type fit. "光伏逆变器报直流过压" links the DC system and overvoltage, but no fault of the DC system shows
    // overvoltage: refusing beats answering with the PT resonance procedure, which is about other equipment.
    // A type the symptom's own name mentions ("frost on the cylinder valve" names the valve) is part of that
    // symptom's description, not other equipment the symptom must belong to.
    const typeIds = byKind(linked, 'EquipmentType')
      .filter((t) => !symptoms.some((s) => namesPart(s, t.matched)))
      .map((t) => t.id);
    let fitting = ranked;
    if (typeIds.length > 0 && ranked.length > 0) {
      const { records } = await ctx.driver.executeQuery(
        Q_FAULTS_FITTING_TYPES,
        { faultIds: ranked.map((r) => r.fault.id), typeIds, kb: ctx.lexicon.kb },
        READ,
      );
      const fit = new Set(records.map((r) => r.get('id') as string));
      fitting = ranked.filter((r) => fit.has(r.fault.id));
      if (fitting.length === 0) return null;
    }
    const primary = fitting.filter((r) => r.matched.some((m) => m.rank === 1));
    const pool = primary.length > 0 ? primary : fitting;
    const best = pool.filter((r) => compareEvidence(r.evidence, pool[0]!.evidence) === 0);
    if (best.length === 1)
      return { faultIds: [best[0]!.fault.id], confidence: conf(symptoms) * 0.8, via: 'symptom', symptoms };
    if (best.length > 1) {
      // A generic symptom ("overheating") fits several faults; a fault name the question also resembles settles it,
      // or, failing that, a fault the question is clearly nearest in meaning (qa/embed/semantic-index.ts).
      if (allowFulltext) {
        const named = byKind(
          await fulltextCandidates(ctx.driver, ctx.lexicon, ctx.question, ['FaultType'], ctx.scope.visibleOrgs, 2),
          'FaultType',
        );
        if (named.length > 0) return { faultIds: named.map((f) => f.id), confidence: 0.65, via: 'fault' };
      }
      const { nearness, language } = await faultNearness(
        ctx.lexicon.semantic,
        ctx.question,
        best.map((b) => b.fault.id),
      );
      const nearest = clearlyNearest(nearness, language);
      if (nearest) return { faultIds: [nearest], confidence: conf(symptoms) * 0.6, via: 'symptom', symptoms };
      return { faultIds: [], confidence: 0, via: 'symptom', ambiguous: best.map((b) => b.fault), symptoms };
    }
  }
  if (allowFulltext) {
    const more = await fulltextCandidates(
      ctx.driver,
      ctx.lexicon,
      ctx.question,
      ['FaultType', 'Procedure', 'Symptom'],
      ctx.scope.visibleOrgs,
      3,
    );
    // The equipment the question named goes along: what full text finds must be a fault of it.
    if (more.length > 0) return pickFaults(ctx, [...more, ...byKind(linked, 'EquipmentType')], false);
  }
  return faultOfNamedCause(ctx, linked);
}

// A fault named by a generic word can be contradicted by another event the question names: "线路跳闸" names
// the permanent line fault, but "tripped, then reclosed successfully" is the transient one. The fault that
// alone explains more of the named symptoms (at least two) than every named fault does is the one meant.
async function faultExplainingMore(ctx: Ctx, faults: LinkedEntity[], symptoms: LinkedEntity[]): Promise<string | null> {
  if (symptoms.length < 2) return null;
  const ranked = await rankFaults(
    ctx,
    symptoms.map((s) => s.id),
  );
  const best = Math.max(0, ...ranked.map((r) => r.matched.length));
  const fullest = ranked.filter((r) => r.matched.length === best);
  if (best < 2 || fullest.length !== 1) return null;
  const named = new Set(faults.map((f) => f.id));
  const most = Math.max(0, ...ranked.filter((r) => named.has(r.fault.id)).map((r) => r.matched.length));
  return best > most ? fullest[0]!.fault.id : null;
}

/** Whether the entity's own name (either language) contains the words `part` was found from. */
const namesPart = (e: LinkedEntity, part: string): boolean => {
  const p = part.trim().toLowerCase();
  return p !== '' && (e.name.toLowerCase().includes(p) || e.nameEn.toLowerCase().includes(p));
};

// Only a cause was named ("a kite tangled on the line" is windblown debris): the fault it causes, when
// it causes exactly one (several would be a guess), and only for a cause named by its own name or alias:
// a generic word that reaches it through the synonym table (泄漏 → 漏气 in 反应堆冷却剂泄漏) is not enough.
async function faultOfNamedCause(ctx: Ctx, linked: LinkedEntity[]): Promise<FaultPick | null> {
  const causes = namedCauses(linked);
  if (causes.length === 0) return null;
  const { records } = await ctx.driver.executeQuery(
    Q_FAULTS_OF_CAUSES,
    { causeIds: causes.map((c) => c.id), kb: ctx.lexicon.kb },
    READ,
  );
  if (records.length !== 1) return null;
  const confidence = Math.min(...causes.map((c) => c.confidence)) * 0.7;
  return { faultIds: [records[0]!.get('id') as string], confidence, via: 'cause' };
}

// A cause the question names ("something caught on the line, then it tripped") is evidence too: among the
// leading faults the symptoms fit equally (as many matched), the ones that cause leads to come first.
async function causeFirst(ctx: Ctx, linked: LinkedEntity[], candidates: FaultCandidate[]): Promise<void> {
  const causeIds = byKind(linked, 'Cause')
    .filter((c) => c.how !== 'semantic' && c.how !== 'fulltext' && c.confidence >= 0.9)
    .map((c) => c.id);
  if (causeIds.length === 0 || candidates.length < 2) return;
  const { records } = await ctx.driver.executeQuery(Q_FAULTS_OF_CAUSES, { causeIds, kb: ctx.lexicon.kb }, READ);
  const caused = new Set(records.map((r) => r.get('id') as string));
  const n = candidates[0]!.matchedSymptoms.length;
  let tied = 0;
  while (tied < candidates.length && candidates[tied]!.matchedSymptoms.length === n) tied++;
  const lead = candidates.slice(0, tied);
  const ordered = [...lead.filter((c) => caused.has(c.fault.id)), ...lead.filter((c) => !caused.has(c.fault.id))];
  candidates.splice(0, tied, ...ordered);
}

const namedCauses = (linked: LinkedEntity[]): LinkedEntity[] =>
  byKind(linked, 'Cause').filter((c) => (c.how === 'exact' || c.how === 'alias') && c.confidence >= 0.9);

// Directions that set two otherwise alike faults apart (余氯过低 / 余氯过高, chlorine low / high).
const DIRECTIONS: [RegExp, RegExp][] = [
  [
    /低|少|不足|下降|\blow\b|\bdropp?(?:ed|ing)?\b|\bfell\b|\bunder\b/,
    /高|多|超|\bhigh\b|\bover\b|\bexcess\w*|\btoo much\b/,
  ],
];

/** Of the two faults nearest in meaning (too close to tell apart by it), the one whose name says the direction
 * the question says, when their names differ by it: "residual chlorine has dropped too low" is the low one. */
function byDirection(ctx: Ctx, nearness: Map<string, number>): string | null {
  const [top, next] = [...nearness].sort((a, b) => b[1] - a[1]);
  if (!top || !next) return null;
  const name = (id: string): string => {
    const e = ctx.lexicon.entities.get(id);
    return `${e?.name ?? ''} ${e?.nameEn ?? ''}`.toLowerCase();
  };
  const q = ctx.question.toLowerCase();
  for (const [low, high] of DIRECTIONS) {
    const says = low.test(q) && !high.test(q) ? low : high.test(q) && !low.test(q) ? high : null;
    if (!says) continue;
    const other = says === low ? high : low;
    const fits = [top[0], next[0]].filter((id) => says.test(name(id)) && !other.test(name(id)));
    if (fits.length === 1 && [top[0], next[0]].some((id) => other.test(name(id)))) return fits[0]!;
  }
  return null;
}

/** The rules required by the procedure of the fault a safety question's situation is about: the faults it names,
 * else the one fault its meaning is clearly nearest among those tied to the rules, equipment types and causes it
 * names (Q_SITUATION_FAULTS); none when no fault is clearly meant. */
async function situationRules(ctx: Ctx, linked: LinkedEntity[]): Promise<LinkedEntity[]> {
  let faultIds: string[] = [];
  if (byKind(linked, 'FaultType').length > 0 || byKind(linked, 'Procedure').length > 0) {
    const pick = await pickFaults(ctx, linked, false);
    if (pick && !pick.ambiguous) faultIds = pick.faultIds;
  } else {
    const ids = linked.filter((e) => ['SafetyRule', 'EquipmentType', 'Cause'].includes(e.kind)).map((e) => e.id);
    if (ids.length === 0) return [];
    const { records } = await ctx.driver.executeQuery(Q_SITUATION_FAULTS, { ids, kb: ctx.lexicon.kb }, READ);
    const candidates = records.map((r) => r.get('id') as string);
    const byCause = records.filter((r) => r.get('byCause') === true).map((r) => r.get('id') as string);
    const { nearness, language } = await faultNearness(ctx.lexicon.semantic, ctx.question, candidates);
    // A named cause that leads to one fault names that fault ("清线上的异物" is the foreign-object fault).
    const nearest =
      byCause.length === 1 ? byCause[0]! : (clearlyNearest(nearness, language) ?? byDirection(ctx, nearness));
    if (nearest) faultIds = [nearest];
  }
  if (faultIds.length === 0) return [];
  const { records } = await ctx.driver.executeQuery(Q_PROCEDURES, { faultIds }, READ);
  return records.flatMap((r) =>
    (r.get('rules') as Named[]).flatMap((x) => {
      const e = ctx.lexicon.entities.get(x.id);
      return e ? [placelessLink(e, 'fulltext', 0.7)] : [];
    }),
  );
}

// ---- things outside the base ----

// Per lexicon (a base's names change only with its lexicon): the other domains' terms this base does not own.
const foreignCache = new WeakMap<Lexicon, ForeignTerm[]>();
function termsFor(lexicon: Lexicon): ForeignTerm[] {
  let terms = foreignCache.get(lexicon);
  if (!terms) {
    const names: string[] = [];
    for (const e of lexicon.entities.values()) names.push(e.name.toLowerCase(), e.nameEn.toLowerCase());
    terms = foreignTerms(lexicon.kb, names);
    foreignCache.set(lexicon, terms);
  }
  return terms;
}

/** The thing of another domain the text names and none of the base's equipment was linked on, or null. */
function outsideBase(lexicon: Lexicon, text: string, linked: LinkedEntity[]): ForeignHit | null {
  const own = linked.filter(
    (l) => (l.kind === 'EquipmentType' || l.kind === 'Equipment' || l.kind === 'Substation') && l.start >= 0,
  );
  return foreignSubject(termsFor(lexicon), text, own);
}

// ---- what an answer rests on ----

// Words that say what is wrong but not with what, and the words that only make a question of them: a question
// made of nothing else names none of the base's equipment or faults, and a fault chosen for it (温度过高 partly
// meets 油温过高告警, "tripped" meets the pump trip) is a guess.
const GENERIC = [
  ...['温度过高', '温度太高', '温度高', '过热', '发热', '跳闸', '停转', '停机', '故障', '告警', '报警', '异常'],
  ...['temperature too high', 'temperature high', 'high temperature', 'too hot', 'overheating', 'overheated'],
  ...['tripped', 'trip', 'stopped', 'fault', 'alarm', 'failure', 'failed'],
];
const ASKING = [
  ...[
    '怎么处理',
    '如何处理',
    '怎么处置',
    '如何处置',
    '怎么办',
    '咋处理',
    '咋办',
    '咋整',
    '该',
    '了',
    '的',
    '吗',
    '呢',
    '啊',
  ],
  ...['what should i do', 'what do i do', 'what do we do', 'what to do', 'how do i handle it', 'how to handle it'],
  ...['what causes', 'what caused', 'why', 'causes', 'cause', 'of', '是什么原因', '什么原因', '原因', '为什么', '是'],
  ...['how to handle', 'what now', 'it', 'this', 'that', 'is', 'was', 'has', 'the', 'a', 'an', 'i', 'we', 'just'],
];
const escapeRe = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const GENERIC_OR_ASKING = new RegExp(
  [...GENERIC, ...ASKING]
    .sort((x, y) => y.length - x.length)
    .map((w) => (/^[a-z ]+$/.test(w) ? `(?<![a-z])${escapeRe(w)}(?![a-z])` : escapeRe(w)))
    .join('|'),
  'g',
);
/** True when the question is only generic words (nothing is named) and none of the base's equipment was linked. */
function restsOnGenericWords(text: string, linked: LinkedEntity[]): boolean {
  if (linked.some((l) => l.kind === 'EquipmentType' || l.kind === 'Equipment' || l.kind === 'Substation')) return false;
  return (
    text
      .toLowerCase()
      .replace(GENERIC_OR_ASKING, '')
      .replace(/[\p{P}\p{S}\s]/gu, '') === ''
  );
}

/**
 * The answered faults that the question did not name (found by full text, through a symptom, a procedure or a
 * cause) join what was understood, saying how, so `understood` shows what the answer rests on (M4 of #18).
 */
function noteAnswered(out: { linked: AnswerEntity[]; understood: Understood }, faults: Named[], pick: FaultPick): void {
  const how = pick.via === 'fault' ? 'fulltext' : `via-${pick.via}`;
  const matchedText = pick.symptoms?.map((s) => s.matched).join(' ') ?? '';
  const confidence = Math.round(pick.confidence * 1000) / 1000;
  for (const f of faults) {
    if (out.understood.entities.some((e) => e.id === f.id)) continue;
    out.understood.entities.push({
      id: f.id,
      kind: 'FaultType',
      name: f.name,
      nameEn: f.nameEn,
      matchedText,
      how,
      confidence,
    });
    out.linked.push(ent(f, 'FaultType', { detail: `${how}: ${matchedText}`, confidence, how }));
  }
}

// ---- the pipeline ----

export interface AskOptions {
  language?: string | null;
  /** Knowledge base id; by default the asker's org's base, else `grid`. */
  base?: string | null;
}

export async function ask(
  driver: Driver,
  viewer: Identity,
  rawQuestion: string,
  options: AskOptions = {},
): Promise<KnowledgeAnswer> {
  const { text, truncated } = normalizeQuestion(rawQuestion);
  const lang = answerLanguage(text, options.language);
  const kb = await resolveBase(driver, viewer, options.base);
  const [lexicon, scope] = await Promise.all([loadLexicon(driver, kb.id), viewerScope(driver, viewer)]);
  const ctx: Ctx = { driver, lexicon, scope, lang, question: text };
  // Entities first: the classifier sees the question with what was linked masked by its kind.
  const linked = linkEntities(lexicon, text, scope.visibleOrgs);
  const understanding = await understandIntentAsync(text, linked);
  const intent = understanding.intent;
  // A question about a thing of another domain (a wind turbine's gearbox, a chiller) is refused before any
  // generic word of it can meet one of the base's faults.
  const foreign = outsideBase(lexicon, text, linked);
  if (foreign) {
    const understood = understoodOf(understanding, linked);
    return {
      question: text,
      language: lang,
      intent,
      base: { id: kb.id, name: kb.name, nameEn: kb.nameEn },
      truncated,
      linked: [],
      verdict: null,
      understood,
      answer: describeUnderstanding(
        understood,
        lang,
        lang === 'zh'
          ? `「${foreign.text}」（${foreign.domain}）不在本知识库（${kb.name}）的范围内，无法回答。`
          : `"${foreign.text}" (${foreign.domain}) is outside this knowledge base (${kb.nameEn}), so there is nothing to base an answer on.`,
      ),
      entities: [],
      steps: [],
      evidence: { nodes: [], relationships: [] },
      confidence: 0,
      noAnswer: true,
    };
  }
  // What the kind needs and the question did not name in the base's words, found by meaning (how: 'semantic').
  linked.push(
    ...(await semanticLinks({ driver, lexicon, question: text, visibleOrgs: scope.visibleOrgs }, intent, linked)),
  );
  const understood = understoodOf(understanding, linked);
  const base = {
    question: text,
    language: lang,
    intent,
    base: { id: kb.id, name: kb.name, nameEn: kb.nameEn },
    truncated,
    linked: linked.map((l, i) =>
      ent(l, l.kind, {
        detail: `${l.how}: ${l.matched}`,
        confidence: understood.entities[i]!.confidence,
        how: understood.entities[i]!.how,
      }),
    ),
    verdict: null,
    understood,
  };
  // Every refusal says what was understood before why nothing fits.
  const none = (zh: string, en: string): KnowledgeAnswer => ({
    ...base,
    answer: describeUnderstanding(understood, lang, lang === 'zh' ? zh : en),
    entities: [],
    steps: [],
    evidence: { nodes: [], relationships: [] },
    confidence: 0,
    noAnswer: true,
  });
  const ev = new Evidence();
  const done = (
    answer: string,
    entities: AnswerEntity[],
    steps: AnswerStep[],
    confidence: number,
  ): KnowledgeAnswer => ({
    ...base,
    answer,
    entities,
    steps,
    evidence: ev.toJSON(),
    confidence: Math.round(confidence * 1000) / 1000,
    noAnswer: false,
  });
  const ambiguous = (pick: FaultPick): KnowledgeAnswer =>
    none(
      `无法确定是哪种故障：${pick.symptoms?.map((s) => zh(s)).join('、')} 对应多种故障（${pick.ambiguous!.map((f) => zh(f)).join('、')}），请说明具体故障。`,
      `Cannot tell which fault is meant: ${pick.symptoms?.map((s) => en(s)).join(', ')} fits several (${pick.ambiguous!.map((f) => en(f)).join(', ')}). Please name the fault.`,
    );

  if (intent !== 'UNKNOWN' && restsOnGenericWords(text, linked))
    return none(
      '问题中只有泛指的词（如“温度过高”），没有指明知识库中的设备或故障，无法确定回答依据。',
      'The question has only generic words (such as "temperature too high") and names no equipment or fault of the knowledge base, so there is nothing sure to base an answer on.',
    );
  switch (intent) {
    case 'ALLOWED':
    case 'LIMIT': {
      const sources = await judgeSources(driver, judgeIds(linked), ctx.lexicon.kb);
      // The clauses' meaning beside their words (null without the encoder: words alone, as before).
      const qLang = questionLanguage(text);
      const similarity = await clauseSimilarity(text, qLang, clauseTexts(sources.clauses, qLang));
      let picked =
        intent === 'ALLOWED'
          ? pickClauseFor(text, understanding.masked, sources.clauses, JUDGE_MIN_SCORE, lang, similarity)
          : pickClause(text, understanding.masked, sources.clauses, intent, JUDGE_MIN_SCORE, lang, similarity);
      if (!picked)
        return intent === 'ALLOWED'
          ? none(
              '知识库的安全规程和处置步骤中没有找到决定这项操作是否允许的条款。',
              'No safety rule or procedure step in the knowledge base decides whether this is allowed.',
            )
          : none(
              '知识库的安全规程和处置步骤中没有找到与问题相关的限值。',
              'No safety rule or procedure step in the knowledge base states a limit for this.',
            );
      let verdict =
        intent === 'ALLOWED'
          ? decideVerdict(understanding.masked, picked.text, picked.ownerKind, picked.whole, text)
          : null;
      // A yes must survive every prohibition close to the question, not only the clause picked: "slam the valve
      // shut" meets a step about checking for fast closures first, and the rule "never close one fast" after it.
      // The closest prohibiting clause that decides NO is the answer (a NO from any rule wins).
      if (verdict === 'YES' && !asksRequired(text)) {
        const prohibiting = sources.clauses.filter((c) => c !== picked && mayVeto(c.text));
        // The closest few, in order: the nearest may be about another act than the one asked.
        for (let i = 0; i < VETO_CANDIDATES && verdict === 'YES'; i++) {
          const veto = pickClauseFor(text, understanding.masked, prohibiting, JUDGE_MIN_SCORE, lang, similarity);
          // Only a prohibition nearly as close to the question as the picked clause: "does switching need two
          // people" is not vetoed by a locked-breaker rule it shares the word 操作 with.
          if (!veto || veto.score < VETO_SHARE * picked.score) break;
          const at = prohibiting.findIndex(
            (c) => c.text === veto.text && c.whole === veto.whole && c.ownerId === veto.ownerId,
          );
          if (at < 0) break;
          prohibiting.splice(at, 1);
          if (
            prohibitsAskedAct(understanding.masked, veto.text, text) &&
            decideVerdict(understanding.masked, veto.text, veto.ownerKind, veto.whole, text) === 'NO'
          ) {
            picked = veto;
            verdict = 'NO';
          }
        }
      }
      // The closest clause may not speak of the asked manner (单人巡视 against a thunderstorm rule): no verdict.
      if (intent === 'ALLOWED' && verdict === null)
        return none(
          '知识库的安全规程和处置步骤中没有找到决定这项操作是否允许的条款。',
          'No safety rule or procedure step in the knowledge base decides whether this is allowed.',
        );
      // A step repeating a requirement of a rule its procedure requires is answered from that rule.
      const source = ruleBehindStep(picked, sources, (c) =>
        intent === 'ALLOWED'
          ? decideVerdict(understanding.masked, c.text, c.ownerKind, c.whole, text) === verdict
          : LIMIT_VALUE.test(c.text),
      );
      const a = judgedAnswer(source, sources, verdict, lang, ev, understanding.masked);
      return {
        ...done(a.answer, a.entities, a.steps, Math.min(understanding.confidence, source.score)),
        verdict,
      };
    }

    case 'UNKNOWN':
      return none(
        '可以询问：故障如何处置、告警的可能原因、症状对应的故障、哪些模型或服务能检测故障、设备的下游影响、安全规程要求、由谁负责、某项操作是否允许、限值（时长、距离、次数）。',
        'Ask how to handle a fault, the likely causes of an alarm, which fault fits symptoms, which models or services detect a fault, what is downstream of equipment, what a safety rule requires, who is responsible, whether something is allowed, or a limit (how long, how far, how many).',
      );

    case 'HANDLE_FAULT':
    case 'RESPONSIBLE': {
      const pick = await pickFaults(ctx, linked);
      if (pick?.ambiguous) return ambiguous(pick);
      if (!pick || pick.faultIds.length === 0)
        return none(
          '知识图谱中没有找到问题所指的故障，无法给出处置依据。',
          'No fault in the knowledge graph matches the question, so there is nothing to base an answer on.',
        );
      const { records } = await driver.executeQuery(Q_PROCEDURES, { faultIds: pick.faultIds }, READ);
      if (records.length === 0)
        return none('知识图谱中该故障没有处置规程。', 'The knowledge graph has no procedure for this fault.');
      noteAnswered(
        base,
        records.map((r) => r.get('fault') as Named),
        pick,
      );
      const entities: AnswerEntity[] = [];
      const steps: AnswerStep[] = [];
      const parts: string[] = [];
      for (const r of records) {
        const fault = r.get('fault') as Named,
          proc = r.get('procedure') as Named;
        const rs = r.get('steps') as { text: string; textEn: string; order: number }[];
        const rules = r.get('rules') as (Named & { requirement: string; requirementEn: string })[];
        const roles = r.get('roles') as Named[];
        ev.node(fault, Label.FaultType);
        ev.node(proc, Label.Procedure);
        ev.rel(Rel.HANDLED_BY, fault.id, proc.id);
        for (const s of pick.symptoms ?? []) {
          ev.node(s, Label.Symptom);
          ev.rel(Rel.HAS_SYMPTOM, fault.id, s.id);
        }
        if (intent === 'HANDLE_FAULT') {
          entities.push(
            ent(fault, Label.FaultType),
            ent(proc, Label.Procedure),
            ...rules.map((x) => ruleEntity(x)),
            ...roles.map((x) => ent(x, Label.DutyRole)),
          );
          for (const s of rs) {
            const id = `${proc.id}#${s.order}`;
            steps.push({ order: s.order, text: s.text, textEn: s.textEn, procedureId: proc.id });
            ev.node({ id, name: s.text, nameEn: s.textEn }, Label.Step);
            ev.rel(Rel.HAS_STEP, proc.id, id, s.order);
          }
          for (const x of rules) {
            ev.node(x, Label.SafetyRule);
            ev.rel(Rel.REQUIRES, proc.id, x.id);
          }
          for (const x of roles) {
            ev.node(x, Label.DutyRole);
            ev.rel(Rel.RESPONSIBLE, proc.id, x.id);
          }
          const list = rs
            .map((s) => `${s.order}. ${lang === 'zh' ? s.text || s.textEn : s.textEn || s.text}`)
            .join(lang === 'zh' ? '；' : '; ');
          const ruleText = rules.map((x) => nm(x, lang)).join(lang === 'zh' ? '、' : ', ');
          parts.push(
            lang === 'zh'
              ? `【${zh(fault)}】按“${zh(proc)}”处置：${list}。须遵守：${ruleText || '无'}。`
              : `${en(fault)}: follow "${en(proc)}": ${list}. Safety rules: ${ruleText || 'none'}.`,
          );
        } else {
          entities.push(...roles.map((x) => ent(x, Label.DutyRole)));
          for (const x of roles) {
            ev.node(x, Label.DutyRole);
            ev.rel(Rel.RESPONSIBLE, proc.id, x.id);
          }
          const roleText = roles.map((x) => nm(x, lang)).join(lang === 'zh' ? '、' : ', ');
          if (roles.length > 0)
            parts.push(
              lang === 'zh'
                ? `【${zh(fault)}】（${zh(proc)}）由${roleText}负责。`
                : `${en(fault)} (${en(proc)}) is the responsibility of: ${roleText}.`,
            );
        }
      }
      if (entities.length === 0)
        return none(
          '知识图谱中没有记录该故障的负责岗位。',
          'The knowledge graph records no responsible role for this fault.',
        );
      return done(parts.join(lang === 'zh' ? '' : ' '), dedupe(entities), steps, pick.confidence);
    }

    case 'LIKELY_CAUSES': {
      const faults = byKind(linked, 'FaultType');
      let symptoms = byKind(linked, 'Symptom');
      // A span naming both a fault and an alarm: the alarm's causes are the question.
      const faultOnly = faults.filter((f) => !symptoms.some((s) => s.start === f.start && s.matched === f.matched));
      if (faultOnly.length === 0 && symptoms.length === 0) {
        const more = await fulltextCandidates(driver, lexicon, text, ['Symptom', 'FaultType'], scope.visibleOrgs, 3);
        symptoms = byKind(more, 'Symptom');
        faultOnly.push(...byKind(more, 'FaultType'));
      }
      let faultIds = faultOnly.map((f) => f.id);
      const viaSymptom = new Map<string, string[]>();
      if (faultIds.length === 0 && symptoms.length > 0) {
        const ranked = await rankFaults(
          ctx,
          symptoms.map((s) => s.id),
        );
        faultIds = ranked.map((r) => r.fault.id);
        for (const r of ranked)
          viaSymptom.set(
            r.fault.id,
            r.matched.map((m) => m.id),
          );
        for (const s of symptoms) ev.node(s, Label.Symptom);
      }
      if (faultIds.length === 0)
        return none(
          '知识图谱中没有找到问题所指的告警、症状或故障。',
          'No alarm, symptom or fault in the knowledge graph matches the question.',
        );
      const { records } = await driver.executeQuery(Q_CAUSES, { faultIds }, READ);
      const support = new Map<string, { cause: Named; faults: Named[] }>();
      for (const r of records) {
        const fault = r.get('fault') as Named;
        ev.node(fault, Label.FaultType);
        for (const sid of viaSymptom.get(fault.id) ?? []) ev.rel(Rel.HAS_SYMPTOM, fault.id, sid);
        for (const c of r.get('causes') as Named[]) {
          ev.node(c, Label.Cause);
          ev.rel(Rel.CAUSED_BY, fault.id, c.id);
          const s = support.get(c.id) ?? { cause: c, faults: [] };
          s.faults.push(fault);
          support.set(c.id, s);
        }
      }
      if (support.size === 0)
        return none('知识图谱中没有记录其原因。', 'The knowledge graph records no causes for it.');
      const ranked = [...support.values()].sort(
        (a, b) => b.faults.length - a.faults.length || a.cause.id.localeCompare(b.cause.id),
      );
      const entities = ranked.map((s) =>
        ent(s.cause, Label.Cause, { score: s.faults.length, detail: s.faults.map((f) => f.id).join(',') }),
      );
      const subject = faultOnly.length > 0 ? faultOnly.map((f) => nm(f, lang)) : symptoms.map((s) => nm(s, lang));
      const answer =
        lang === 'zh'
          ? `${subject.join('、')}的可能原因：${ranked.map((s) => `${zh(s.cause)}（${s.faults.map((f) => zh(f)).join('、')}）`).join('；')}。`
          : `Likely causes of ${subject.join(', ')}: ${ranked.map((s) => `${en(s.cause)} (${s.faults.map((f) => en(f)).join(', ')})`).join('; ')}.`;
      return done(answer, entities, [], Math.min(...[...faultOnly, ...symptoms].map((e) => e.confidence)));
    }

    case 'DIAGNOSE': {
      let symptoms = byKind(linked, 'Symptom');
      if (symptoms.length === 0)
        symptoms = byKind(
          await fulltextCandidates(driver, lexicon, text, ['Symptom'], scope.visibleOrgs, 5),
          'Symptom',
        );
      if (symptoms.length === 0)
        return none(
          '问题中没有识别出知识图谱中的症状或告警，无法判断故障。',
          'No symptom or alarm from the knowledge graph was recognised in the question, so no fault can be inferred.',
        );
      const candidates = await faultCandidates(
        ctx,
        symptoms.map((s) => s.id),
        ev,
        symptoms,
      );
      if (candidates.length === 0)
        return none('知识图谱中没有与这些症状对应的故障。', 'No fault in the knowledge graph has these symptoms.');
      await causeFirst(ctx, linked, candidates);
      const top = candidates.slice(0, 5);
      const answer =
        lang === 'zh'
          ? `按症状证据排序的可能故障：${top.map((c, i) => `${i + 1}. ${zh(c.fault)}（匹配 ${c.matchedSymptoms.map((s) => zh(s)).join('、')}，${c.matchedSymptoms.length}/${c.totalSymptoms}）`).join('；')}。首选处置：${top[0]!.steps.map((s) => `${s.order}. ${s.text || s.textEn}`).join('；')}`
          : `Candidate faults ranked by symptom evidence: ${top.map((c, i) => `${i + 1}. ${en(c.fault)} (matches ${c.matchedSymptoms.map((s) => en(s)).join(', ')}, ${c.matchedSymptoms.length}/${c.totalSymptoms})`).join('; ')}. First procedure: ${top[0]!.steps.map((s) => `${s.order}. ${s.textEn || s.text}`).join('; ')}`;
      return done(
        answer,
        top.map((c) => ({ ...c.fault, score: c.score })),
        top[0]!.steps,
        top[0]!.score,
      );
    }

    case 'DETECTORS': {
      const pick = await pickFaults(ctx, linked);
      if (pick?.ambiguous) return ambiguous(pick);
      if (!pick || pick.faultIds.length === 0)
        return none('知识图谱中没有找到问题所指的故障。', 'No fault in the knowledge graph matches the question.');
      const { records } = await driver.executeQuery(Q_DETECTORS, { faultIds: pick.faultIds, ...scope }, READ);
      const entities: AnswerEntity[] = [];
      const parts: string[] = [];
      for (const r of records) {
        const fault = r.get('fault') as Named;
        const models = r.get('models') as { id: string; name: string }[];
        const raised = r.get('raised') as { service: { id: string; name: string }; symptom: Named }[];
        if (models.length === 0 && raised.length === 0) continue;
        ev.node(fault, Label.FaultType);
        for (const m of models) {
          ev.node({ ...m, nameEn: m.name }, Label.Model);
          ev.rel(Rel.DETECTS, m.id, fault.id);
          entities.push({ id: m.id, kind: Label.Model, name: m.name, nameEn: m.name });
        }
        for (const x of raised) {
          ev.node({ ...x.service, nameEn: x.service.name }, Label.Service);
          ev.node(x.symptom, Label.Symptom);
          ev.rel(Rel.RAISES, x.service.id, x.symptom.id);
          ev.rel(Rel.HAS_SYMPTOM, fault.id, x.symptom.id);
          entities.push({
            id: x.service.id,
            kind: Label.Service,
            name: x.service.name,
            nameEn: x.service.name,
            detail: x.symptom.id,
          });
        }
        const svc = [...new Map(raised.map((x) => [x.service.id, x])).values()];
        parts.push(
          lang === 'zh'
            ? `【${zh(fault)}】检测模型：${models.map((m) => zh(m)).join('、') || '无'}；告警服务：${
                svc
                  .map(
                    (x) =>
                      `${x.service.name}（${raised
                        .filter((y) => y.service.id === x.service.id)
                        .map((y) => y.symptom.name)
                        .join('、')}）`,
                  )
                  .join('、') || '无'
              }。`
            : `${en(fault)}: detected by models ${models.map((m) => zh(m)).join(', ') || 'none'}; alarms raised by services ${
                svc
                  .map(
                    (x) =>
                      `${x.service.name} (${raised
                        .filter((y) => y.service.id === x.service.id)
                        .map((y) => y.symptom.nameEn)
                        .join(', ')})`,
                  )
                  .join(', ') || 'none'
              }.`,
        );
      }
      if (entities.length === 0)
        return none(
          '知识图谱中没有你可见的模型或服务检测该故障。',
          'No model or service you can see in the knowledge graph detects this fault.',
        );
      return done(parts.join(lang === 'zh' ? '' : ' '), dedupe(entities), [], pick.confidence);
    }

    case 'DOWNSTREAM': {
      // Equipment named by site + kind + number (qa/equipment-compose.ts) overrides what the name matcher
      // found, and a number the site does not have is refused, never answered about another number.
      const composed = composeEquipment(lexicon, lexicon.places ?? new Map(), text, scope.visibleOrgs);
      if (composed?.kind === 'missing') {
        const type = composed.typeId ? lexicon.entities.get(composed.typeId) : undefined;
        return none(
          `问题指向${composed.site.name}的${composed.number}号${type?.name ?? '设备'}，但知识图谱中没有你可见的这台设备（该站同类设备：${composed.siblings.map((e) => e.name).join('、')}），无法给出下游影响。`,
          `The question points to ${type?.nameEn ?? 'equipment'} No. ${composed.number} at ${composed.site.nameEn}, but the knowledge graph has no such equipment you can see (of that kind there: ${composed.siblings.map((e) => e.nameEn).join(', ')}), so nothing downstream can be listed.`,
        );
      }
      const equipment: LinkedEntity[] =
        composed?.kind === 'one'
          ? [placelessLink(composed.equipment, 'partial', 0.9, composed.matched)]
          : byKind(linked, 'Equipment');
      // An equipment type (no instance, no fault named): what loses supply, from the base's type-level
      // relations (qa/downstream-types.ts has the rule); a base without them goes on to the fault path.
      const types = byKind(linked, 'EquipmentType');
      if (equipment.length === 0 && types.length > 0 && (await failureOfType(driver, linked, types[0]!.id))) {
        const root = types[0]!;
        const reached = await downstreamTypes(driver, kb.id, root.id);
        if (reached.length > 0) {
          ev.node(root, Label.EquipmentType);
          for (const d of reached) {
            ev.node(d.type, Label.EquipmentType);
            for (const e of d.path) ev.rel(e.type, e.from, e.to);
          }
          for (const id of new Set(reached.flatMap((d) => d.path.flatMap((e) => [e.from, e.to])))) {
            const n = lexicon.entities.get(id);
            if (n) ev.node(n, Label.EquipmentType);
          }
          const names = reached.map((d) => nm(d.type, lang));
          return done(
            lang === 'zh'
              ? `${nm(root, lang)}故障时失去供给的设备类型（按供给层级）：${names.join('、')}。`
              : `If ${nm(root, lang)} fails, these equipment types lose supply (nearest first): ${names.join(', ')}.`,
            reached.map((d) =>
              ent(d.type, Label.EquipmentType, {
                score: d.hops,
                detail: d.path.map((e) => `${e.from}-${e.type}->${e.to}`).join(' '),
              }),
            ),
            [],
            root.how === 'exact' ? 0.9 : 0.75,
          );
        }
      }
      if (equipment.length === 0) {
        const pick = await pickFaults(ctx, linked, false);
        if (!pick || pick.faultIds.length === 0)
          return none(
            '问题中没有识别出你可见的具体设备，无法给出下游影响。',
            'No equipment you can see was recognised in the question, so nothing downstream can be listed.',
          );
        const { records } = await driver.executeQuery(Q_AFFECTED_TYPES, { faultIds: pick.faultIds }, READ);
        const entities: AnswerEntity[] = [];
        for (const r of records) {
          const fault = r.get('fault') as Named;
          ev.node(fault, Label.FaultType);
          for (const t of r.get('types') as Named[]) {
            ev.node(t, Label.EquipmentType);
            ev.rel(Rel.AFFECTS, fault.id, t.id);
            entities.push(ent(t, Label.EquipmentType));
          }
        }
        if (entities.length === 0)
          return none(
            '知识图谱中没有记录该故障影响的设备。',
            'The knowledge graph records no equipment affected by this fault.',
          );
        return done(
          lang === 'zh'
            ? `该故障影响的设备类型：${entities.map((e) => zh(e)).join('、')}。`
            : `Equipment types affected by this fault: ${entities.map((e) => en(e)).join(', ')}.`,
          dedupe(entities),
          [],
          pick.confidence * 0.9,
        );
      }
      const root = equipment[0]!;
      const { records } = await driver.executeQuery(Q_DOWNSTREAM, { equipmentId: root.id, ...scope }, READ);
      if (records.length === 0)
        return none(
          `知识图谱中${zh(root)}没有下游设备。`,
          `The knowledge graph has nothing downstream of ${en(root)}.`,
        );
      const children = new Map<string, (Named & { typeId: string })[]>();
      for (const r of records) {
        const a = r.get('a') as Named,
          b = r.get('b') as Named & { typeId: string };
        children.set(a.id, [...(children.get(a.id) ?? []), b]);
        ev.node(a, Label.Equipment);
        ev.node(b, Label.Equipment);
        ev.rel(Rel.FEEDS, a.id, b.id);
      }
      // Breadth-first from the named equipment: hop count for the ranking.
      const hops = new Map<string, { n: Named & { typeId: string }; hops: number }>();
      let frontier = [root.id];
      for (let h = 1; frontier.length > 0 && h <= 12; h++) {
        const next: string[] = [];
        for (const id of frontier)
          for (const c of children.get(id) ?? [])
            if (!hops.has(c.id) && c.id !== root.id) {
              hops.set(c.id, { n: c, hops: h });
              next.push(c.id);
            }
        frontier = next;
      }
      const list = [...hops.values()].sort((a, b) => a.hops - b.hops || a.n.id.localeCompare(b.n.id));
      const entities = list.map((x) => ent(x.n, Label.Equipment, { score: x.hops, detail: x.n.typeId }));
      const answer =
        lang === 'zh'
          ? `${zh(root)}下游共${list.length}台设备：${list.map((x) => zh(x.n)).join('、')}。`
          : `${list.length} pieces of equipment are downstream of ${en(root)}: ${list.map((x) => en(x.n)).join(', ')}.`;
      return done(answer, entities, [], root.how === 'exact' ? 1 : 0.8);
    }

    case 'SAFETY_RULE': {
      let rules = byKind(linked, 'SafetyRule');
      const namesNothing =
        rules.length === 0 &&
        ['FaultType', 'Procedure', 'Symptom'].every((k) => byKind(linked, k as KnowledgeKind).length === 0);
      if (rules.length === 0 && byKind(linked, 'FaultType').length + byKind(linked, 'Procedure').length === 0) {
        rules = byKind(await fulltextCandidates(driver, lexicon, text, ['SafetyRule'], null, 2), 'SafetyRule');
      }
      // Nothing named a rule, fault or symptom: besides full-text hits on rule names, the rules whose wording
      // covers the question best (those that apply to a named equipment type first), e.g. "CT二次回路上干活得注意啥".
      if (namesNothing) {
        const sources = await judgeSources(driver, judgeIds(linked), ctx.lexicon.kb);
        const byName = rules;
        // By meaning too: the rules' requirements and names in the question's language.
        const qLang = questionLanguage(text);
        const names = new Map([...sources.rules.values()].map((r) => [r.id, qLang === 'zh' ? zh(r) : en(r)]));
        const similarity = await clauseSimilarity(text, qLang, [
          ...clauseTexts(sources.clauses, qLang),
          ...names.values(),
        ]);
        const byWording = similarRules(
          text,
          understanding.masked,
          sources.clauses,
          JUDGE_MIN_SCORE,
          undefined,
          undefined,
          similarity,
          names,
        ).flatMap((r) => {
          const e = lexicon.entities.get(r.id);
          return e ? [placelessLink(e, 'fulltext', Math.min(1, r.score))] : [];
        });
        rules = [...byName, ...byWording.filter((w) => !byName.some((n) => n.id === w.id))];
      }
      // A question about a situation ("chlorine residual is low, what rules while we fix it", "修加药泵的时候安全要点")
      // is answered with every rule the situation's procedure requires: rules the question names come first,
      // then the procedure's; rules found only by wording come after the procedure's, which are surer.
      if (rules.length > 0 || namesNothing) {
        const situation = await situationRules(ctx, linked);
        const named = namesNothing ? [] : rules;
        const byWords = namesNothing ? rules : [];
        rules = [...named, ...situation, ...byWords].filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
      }
      if (rules.length > 0) {
        const { records } = await driver.executeQuery(Q_RULES, { ruleIds: rules.map((r) => r.id) }, READ);
        const entities: AnswerEntity[] = [];
        const parts: string[] = [];
        // In the ranked order: named rules, the situation's, then those found by wording.
        const rank = (id: string): number => rules.findIndex((x) => x.id === id);
        records.sort((a, b) => rank((a.get('rule') as Named).id) - rank((b.get('rule') as Named).id));
        for (const r of records) {
          const rule = r.get('rule') as Named & { requirement: string; requirementEn: string };
          ev.node(rule, Label.SafetyRule);
          for (const p of r.get('procedures') as Named[]) {
            ev.node(p, Label.Procedure);
            ev.rel(Rel.REQUIRES, p.id, rule.id);
          }
          entities.push(
            ruleEntity(rule, {
              detail: lang === 'zh' ? rule.requirement || rule.requirementEn : rule.requirementEn || rule.requirement,
            }),
          );
          parts.push(
            lang === 'zh'
              ? `【${zh(rule)}】${rule.requirement || rule.requirementEn}`
              : `${en(rule)}: ${rule.requirementEn || rule.requirement}`,
          );
        }
        return done(parts.join(lang === 'zh' ? '' : ' '), entities, [], Math.min(...rules.map((e) => e.confidence)));
      }
      const pick = await pickFaults(ctx, linked);
      if (pick?.ambiguous) return ambiguous(pick);
      if (!pick || pick.faultIds.length === 0)
        return none(
          '知识图谱中没有找到问题所指的安全规程或故障。',
          'No safety rule or fault in the knowledge graph matches the question.',
        );
      const { records } = await driver.executeQuery(Q_PROCEDURES, { faultIds: pick.faultIds }, READ);
      const entities: AnswerEntity[] = [];
      const parts: string[] = [];
      for (const r of records) {
        const fault = r.get('fault') as Named,
          proc = r.get('procedure') as Named;
        const rs = r.get('rules') as (Named & { requirement: string; requirementEn: string })[];
        ev.node(fault, Label.FaultType);
        ev.node(proc, Label.Procedure);
        ev.rel(Rel.HANDLED_BY, fault.id, proc.id);
        for (const x of rs) {
          ev.node(x, Label.SafetyRule);
          ev.rel(Rel.REQUIRES, proc.id, x.id);
          entities.push(
            ruleEntity(x, {
              detail: lang === 'zh' ? x.requirement || x.requirementEn : x.requirementEn || x.requirement,
            }),
          );
        }
        parts.push(
          lang === 'zh'
            ? `处置【${zh(fault)}】须遵守：${rs.map((x) => `${zh(x)}——${x.requirement || x.requirementEn}`).join('；')}`
            : `Handling ${en(fault)} requires: ${rs.map((x) => `${en(x)}: ${x.requirementEn || x.requirement}`).join(' ')}`,
        );
      }
      if (entities.length === 0)
        return none('知识图谱中没有记录相关安全规程。', 'The knowledge graph records no safety rule for it.');
      return done(parts.join(lang === 'zh' ? '' : ' '), dedupe(entities), [], pick.confidence);
    }
  }
}

// ---- yes/no and limit answers ----

/** Below this similarity no clause is close enough to the question to decide it (the answer refuses). */
const JUDGE_MIN_SCORE = 0.4;
// How close (as a share of the picked clause's score) a prohibition must be to veto a yes.
const VETO_SHARE = 0.55;
const VETO_CANDIDATES = 3;

function judgeIds(linked: LinkedEntity[]): JudgeIds {
  const of = (...kinds: KnowledgeKind[]): string[] => [
    ...new Set(linked.filter((e) => kinds.includes(e.kind)).map((e) => e.id)),
  ];
  return {
    faultIds: of('FaultType'),
    symptomIds: of('Symptom'),
    procedureIds: of('Procedure'),
    ruleIds: of('SafetyRule'),
    equipmentTypeIds: of('EquipmentType'),
    targetIds: of('EquipmentType', 'FaultType', 'Procedure'),
  };
}

/** The deciding clause in quotes, then the whole text when it says more; a clause in the other language
 * (the question matched the Chinese wording) is not quoted alone: the whole text in the answer's language is. */
function quote(picked: PickedClause, whole: string, lang: 'zh' | 'en'): string {
  const zhA = lang === 'zh';
  if (picked.lang !== lang || picked.text === whole.replace(/[。.;；]\s*$/, ''))
    return zhA ? `“${whole}”` : `"${whole}"`;
  return zhA
    ? `“${picked.text}”。${picked.ownerKind === 'Step' ? '完整步骤' : '完整要求'}：${whole}`
    : `"${picked.text}". In full: ${whole}`;
}

/** The answer to an ALLOWED or LIMIT question from its deciding clause, with the rule or step it came from. */
function judgedAnswer(
  picked: PickedClause,
  sources: JudgeSources,
  verdict: 'YES' | 'NO' | null,
  lang: 'zh' | 'en',
  ev: Evidence,
  question = '',
): { answer: string; entities: AnswerEntity[]; steps: AnswerStep[] } {
  const zhA = lang === 'zh';
  const lead = verdict === null ? '' : verdictLead(question, picked.text, verdict, lang);
  const what = verdict === null ? (zhA ? '限值' : 'The limit') : zhA ? '依据' : 'Deciding clause';
  if (picked.ownerKind === 'SafetyRule') {
    const rule = sources.rules.get(picked.ownerId)!;
    ev.node(rule, Label.SafetyRule);
    for (const p of rule.procedures.filter((x) => sources.procedures.has(x.id))) {
      ev.node(p, Label.Procedure);
      ev.rel(Rel.REQUIRES, p.id, rule.id);
      for (const f of sources.procedures.get(p.id)!.faults) {
        ev.node(f, Label.FaultType);
        ev.rel(Rel.HANDLED_BY, f.id, p.id);
      }
    }
    const whole = zhA ? rule.requirement || rule.requirementEn : rule.requirementEn || rule.requirement;
    const answer = zhA
      ? `${lead}${what}【${zh(rule)}】：${quote(picked, whole, lang)}`
      : `${lead}${what} (${en(rule)}): ${quote(picked, whole, lang)}`;
    return { answer, entities: [ruleEntity(rule, { detail: picked.text, score: picked.score })], steps: [] };
  }
  const proc = sources.procedures.get(picked.ownerId)!;
  const step = proc.steps.find((x) => x.order === picked.order)!;
  const stepId = `${proc.id}#${step.order}`;
  ev.node(proc, Label.Procedure);
  ev.node({ id: stepId, name: step.text, nameEn: step.textEn }, Label.Step);
  ev.rel(Rel.HAS_STEP, proc.id, stepId, step.order);
  for (const f of proc.faults) {
    ev.node(f, Label.FaultType);
    ev.rel(Rel.HANDLED_BY, f.id, proc.id);
  }
  const whole = zhA ? step.text || step.textEn : step.textEn || step.text;
  const answer = zhA
    ? `${lead}${what}“${zh(proc)}”第${step.order}步：${quote(picked, whole, lang)}`
    : `${lead}${what} (step ${step.order} of "${en(proc)}"): ${quote(picked, whole, lang)}`;
  return {
    answer,
    entities: [
      ent(proc, Label.Procedure, { detail: picked.text, score: picked.score }),
      ...proc.faults.map((f) => ent(f, Label.FaultType)),
    ],
    steps: [{ order: step.order, text: step.text, textEn: step.textEn, procedureId: proc.id }],
  };
}

type RuleRow = Named & { requirement: string; requirementEn: string };
/** A safety rule as an answer entity, with its requirement in both languages (the console shows it as a callout). */
const ruleEntity = (x: RuleRow, extra: Partial<AnswerEntity> = {}): AnswerEntity =>
  ent(x, Label.SafetyRule, { requirement: x.requirement, requirementEn: x.requirementEn, ...extra });

function dedupe(entities: AnswerEntity[]): AnswerEntity[] {
  const seen = new Set<string>();
  return entities.filter((e) => !seen.has(e.id) && seen.add(e.id));
}

async function faultCandidates(
  ctx: Ctx,
  symptomIds: string[],
  ev?: Evidence,
  links: readonly SymptomLink[] = [],
): Promise<FaultCandidate[]> {
  const ranked = await rankFaults(ctx, symptomIds, links);
  if (ranked.length === 0) return [];
  const top = ranked.slice(0, 10);
  const { records } = await ctx.driver.executeQuery(Q_PROCEDURES, { faultIds: top.map((r) => r.fault.id) }, READ);
  const byFault = new Map(records.map((r) => [r.get('fid') as string, r]));
  return top.map((r) => {
    const rec = byFault.get(r.fault.id);
    const proc = rec?.get('procedure') as Named | undefined;
    const steps = ((rec?.get('steps') ?? []) as { text: string; textEn: string; order: number }[]).map((s) => ({
      ...s,
      procedureId: proc?.id ?? '',
    }));
    const rules = (rec?.get('rules') ?? []) as RuleRow[];
    const roles = (rec?.get('roles') ?? []) as Named[];
    if (ev) {
      ev.node(r.fault, Label.FaultType);
      for (const m of r.matched) {
        ev.node(m, Label.Symptom);
        ev.rel(Rel.HAS_SYMPTOM, r.fault.id, m.id);
      }
      if (proc && r === ranked[0]) {
        ev.node(proc, Label.Procedure);
        ev.rel(Rel.HANDLED_BY, r.fault.id, proc.id);
        for (const s of steps) {
          const id = `${proc.id}#${s.order}`;
          ev.node({ id, name: s.text, nameEn: s.textEn }, Label.Step);
          ev.rel(Rel.HAS_STEP, proc.id, id, s.order);
        }
        for (const x of rules) {
          ev.node(x, Label.SafetyRule);
          ev.rel(Rel.REQUIRES, proc.id, x.id);
        }
      }
    }
    return {
      fault: ent(r.fault, Label.FaultType, { score: r.score }),
      score: r.score,
      matchedSymptoms: r.matched.map((m) => ent(m, Label.Symptom)),
      totalSymptoms: r.total,
      steps,
      safetyRules: rules.map((x) => ruleEntity(x)),
      responsible: roles.map((x) => ent(x, Label.DutyRole)),
    };
  });
}

export const MAX_SYMPTOMS = 20;
export const MAX_SYMPTOM_CHARS = 100;

/** Ranked candidate faults for a list of symptom or alarm descriptions, each with its procedure and rules. */
export async function faultHandlingPath(
  driver: Driver,
  viewer: Identity,
  symptoms: string[],
  base?: string | null,
): Promise<{ candidates: FaultCandidate[]; unrecognized: string[] }> {
  if (symptoms.length === 0) throw badInput('give at least one symptom', 'symptoms');
  if (symptoms.length > MAX_SYMPTOMS) throw badInput(`at most ${MAX_SYMPTOMS} symptoms`, 'symptoms');
  // A symptom is a name or a short description: each is linked and full-text searched on its own, so its
  // length multiplies the work (20 symptoms of 4,000 characters, 30 times aliased, took 20 s).
  symptoms.forEach((s, i) => {
    if (s.length > MAX_SYMPTOM_CHARS)
      throw badInput(`symptoms[${i}] is ${s.length} characters; at most ${MAX_SYMPTOM_CHARS}`, `symptoms[${i}]`);
  });
  const kb = await resolveBase(driver, viewer, base);
  const [lexicon, scope] = await Promise.all([loadLexicon(driver, kb.id), viewerScope(driver, viewer)]);
  const ids = new Set<string>();
  const unrecognized: string[] = [];
  for (const raw of symptoms) {
    const { text } = normalizeQuestion(raw);
    const all = linkEntities(lexicon, text, scope.visibleOrgs);
    // A symptom of another domain's equipment (反应堆冷却剂温度高) is not one of the base's, whatever its words.
    if (outsideBase(lexicon, text, all)) {
      unrecognized.push(raw.slice(0, 100));
      continue;
    }
    let found = all.filter((e) => e.kind === 'Symptom');
    if (found.length === 0) found = await fulltextCandidates(driver, lexicon, text, ['Symptom'], scope.visibleOrgs, 2);
    if (found.length === 0) unrecognized.push(raw.slice(0, 100));
    for (const f of found) ids.add(f.id);
  }
  const ctx: Ctx = { driver, lexicon, scope, lang: 'zh', question: symptoms.join(' ') };
  return { candidates: await faultCandidates(ctx, [...ids]), unrecognized };
}
