// The graph side of yes/no (ALLOWED) and limit (LIMIT) answers: the safety rules and procedure steps a
// question can reach — procedures of the faults it names (or of the faults its symptoms belong to) and the
// procedures it names, the procedures of faults affecting the equipment types it names, the rules those procedures require, rules that apply to what it names (APPLIES_TO),
// rules it names — plus, marked unlinked, every other rule and step of the base (a question may name
// nothing the linker knows: "可以单人操作吗"). Constant Cypher,
// values only as $parameters.
import type { Driver } from 'neo4j-driver';
import { config } from '../../../lib/config.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { clausesOf, type ClauseSource, type PickedClause } from './intent-clauses.js';
import { likeness, PARAPHRASE } from './clause-semantic.js';

const READ = { database: config.neo4j.database, routing: 'READ' as const };
// (SafetyRule)-[:APPLIES_TO]->(EquipmentType|FaultType|Procedure), written by the v2 import.
const APPLIES_TO = 'APPLIES_TO';

const Q_JUDGE_PROCEDURES = `
MATCH (p:${Label.Procedure})
WHERE $kb IS NULL OR p.kb = $kb
WITH p, (p.id IN $procedureIds
   OR EXISTS { MATCH (f:${Label.FaultType})-[:${Rel.HANDLED_BY}]->(p) WHERE f.id IN $faultIds }
   OR EXISTS { MATCH (f:${Label.FaultType})-[:${Rel.HANDLED_BY}]->(p) MATCH (f)-[:${Rel.HAS_SYMPTOM}]->(s:${Label.Symptom}) WHERE s.id IN $symptomIds }
) AS reached,
  EXISTS { MATCH (f:${Label.FaultType})-[:${Rel.HANDLED_BY}]->(p) MATCH (f)-[:${Rel.AFFECTS}]->(t:${Label.EquipmentType}) WHERE t.id IN $equipmentTypeIds } AS near
CALL {
  WITH p
  MATCH (p)-[hs:${Rel.HAS_STEP}]->(s:${Label.Step})
  WITH s, hs ORDER BY hs.order
  RETURN collect(s {.text, .textEn, order: hs.order}) AS steps
}
RETURN p {.id, .name, .nameEn} AS procedure, steps, reached, near,
  [(f:${Label.FaultType})-[:${Rel.HANDLED_BY}]->(p) | f {.id, .name, .nameEn}] AS faults,
  [(p)-[:${Rel.REQUIRES}]->(r:${Label.SafetyRule}) | r.id] AS ruleIds`;

const Q_JUDGE_RULES = `
MATCH (r:${Label.SafetyRule})
WHERE $kb IS NULL OR r.kb = $kb
RETURN r {.id, .name, .nameEn, .requirement, .requirementEn} AS rule,
  [(p:${Label.Procedure})-[:${Rel.REQUIRES}]->(r) | p {.id, .name, .nameEn}] AS procedures,
  [(r)-[:${APPLIES_TO}]->(x) | x.id] AS appliesTo`;

export interface Named {
  id: string;
  name: string;
  nameEn: string;
}
export interface JudgeRule extends Named {
  requirement: string;
  requirementEn: string;
  procedures: Named[];
  appliesTo: string[];
}
export interface JudgeProcedure extends Named {
  /** Reached from an entity of the question (else one of the rest of the base). */
  reached: boolean;
  /** Handles a fault of an equipment type the question names: closer than the rest, less than reached. */
  near: boolean;
  faults: Named[];
  steps: { text: string; textEn: string; order: number }[];
}
export interface JudgeSources {
  clauses: ClauseSource[];
  rules: Map<string, JudgeRule>;
  procedures: Map<string, JudgeProcedure>;
}

export interface JudgeIds {
  faultIds: string[];
  symptomIds: string[];
  procedureIds: string[];
  ruleIds: string[];
  /** Equipment types named: the procedures of the faults that affect them are reached ("电容器退出后要等多久才能
   * 靠近" is decided by a step of the capacitor fault's procedure, though it names no fault). */
  equipmentTypeIds: string[];
  /** Equipment types, faults and procedures a rule may apply to. */
  targetIds: string[];
}

export async function judgeSources(driver: Driver, ids: JudgeIds, kb: string | null): Promise<JudgeSources> {
  const [procs, rules] = await Promise.all([
    driver.executeQuery(Q_JUDGE_PROCEDURES, { ...ids, kb }, READ),
    driver.executeQuery(Q_JUDGE_RULES, { kb }, READ),
  ]);
  const procedures = new Map<string, JudgeProcedure>();
  const reachedRules = new Set(ids.ruleIds);
  for (const r of procs.records) {
    const p = r.get('procedure') as Named;
    const reached = r.get('reached') as boolean;
    procedures.set(p.id, {
      ...p,
      reached,
      near: r.get('near') as boolean,
      faults: r.get('faults') as Named[],
      steps: r.get('steps') as JudgeProcedure['steps'],
    });
    if (reached) for (const id of r.get('ruleIds') as string[]) reachedRules.add(id);
  }
  const targets = new Set([...ids.targetIds, ...[...procedures.values()].filter((p) => p.reached).map((p) => p.id)]);
  const clauses: ClauseSource[] = [];
  const ruleMap = new Map<string, JudgeRule>();
  for (const r of rules.records) {
    const rule = {
      ...(r.get('rule') as Omit<JudgeRule, 'procedures' | 'appliesTo'>),
      procedures: r.get('procedures') as Named[],
      appliesTo: r.get('appliesTo') as string[],
    };
    ruleMap.set(rule.id, rule);
    const linked = reachedRules.has(rule.id) || rule.appliesTo.some((t) => targets.has(t));
    for (const [whole, lang] of [
      [rule.requirement, 'zh'],
      [rule.requirementEn, 'en'],
    ] as const)
      if (whole) clauses.push(...clausesOf({ ownerId: rule.id, ownerKind: 'SafetyRule', whole, lang, linked }));
  }
  for (const p of procedures.values())
    for (const s of p.steps)
      for (const [whole, lang] of [
        [s.text, 'zh'],
        [s.textEn, 'en'],
      ] as const)
        if (whole)
          clauses.push(
            ...clausesOf({
              ownerId: p.id,
              ownerKind: 'Step',
              order: s.order,
              whole,
              lang,
              linked: p.reached,
              near: p.near,
            }),
          );
  return { clauses, rules: ruleMap, procedures };
}

/**
 * The rule behind a step: a step that repeats a requirement of a rule its procedure REQUIRES ("雷雨天气不得靠近避雷器"
 * of the arrester procedure, "并不得靠近避雷器和避雷针" of the thunderstorm patrol rule) applies that rule, which
 * is the source to name. The rule's clause replaces the step's when the two say the same (paraphrases by the
 * encoder) and `decidesAlike` holds (the same verdict, or a limit of the same kind); else the step stays.
 */
export function ruleBehindStep(
  picked: PickedClause,
  sources: JudgeSources,
  decidesAlike: (rule: ClauseSource) => boolean,
): PickedClause {
  if (picked.ownerKind !== 'Step') return picked;
  const required = new Set(
    [...sources.rules.values()].filter((r) => r.procedures.some((p) => p.id === picked.ownerId)).map((r) => r.id),
  );
  let best: ClauseSource | null = null;
  let bestLikeness = PARAPHRASE;
  for (const c of sources.clauses) {
    if (c.ownerKind !== 'SafetyRule' || c.lang !== picked.lang || !required.has(c.ownerId)) continue;
    const alike = likeness(c.lang, picked.text, c.text);
    if (alike >= bestLikeness && decidesAlike(c)) {
      best = c;
      bestLikeness = alike;
    }
  }
  return best ? { ...best, score: picked.score } : picked;
}
