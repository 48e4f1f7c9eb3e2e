// When to link by meaning, on top of the lexical linker (qa/linker.ts): only where a question's kind needs
// a fault or symptom and the question named none in the base's words. Then the entity nearest the question
// or one of its clauses (qa/embed/semantic-index.ts decides "near enough" and "clearly nearest") is added,
// marked how: 'semantic' with the confidence it deserves, so `understood` shows it as found by similarity.
// Lexical links are never replaced, and a question that names what it needs costs no embedding.
import type { Driver } from 'neo4j-driver';
import type { Intent } from '../intent.js';
import { fulltextCandidates, type KnowledgeKind, type Lexicon, type LinkedEntity } from '../linker.js';
import { clausesOf, semanticHits, semanticLink, type SemanticKind } from './semantic-index.js';

/** Kinds that need a fault, and what stands for one in each (pickFaults takes a fault, procedure or symptom). */
const FAULT_KINDS: Partial<Record<Intent, readonly SemanticKind[]>> = {
  HANDLE_FAULT: ['FaultType', 'Procedure', 'Symptom'],
  RESPONSIBLE: ['FaultType', 'Procedure', 'Symptom'],
  DETECTORS: ['FaultType', 'Procedure', 'Symptom'],
  // Causes are read from faults, or from a symptom's faults.
  LIKELY_CAUSES: ['FaultType', 'Symptom'],
};

export interface SemanticAsk {
  driver: Driver;
  lexicon: Lexicon;
  question: string;
  visibleOrgs: string[] | null;
}

/** Below this, every lexical link of a fault, procedure or symptom is a guess (partial names, typos). */
export const WEAK_LEXICAL = 0.8;
/** Meaning adds a fault beside such guesses only when it is twice as clear as otherwise asked. */
const OVER_WEAK_MARGIN = 2;

/**
 * Entities found by meaning for what the question needs: when it named none (and the full-text fallback the
 * pipeline already has finds none: a shared word like "H2" beats a paraphrase), or named only weak guesses
 * ("V型滤池有一格出水浑了" reaches 原水浊度突增 through two shared characters), where a clearly nearest fault or
 * procedure is added beside them, and pickFaults takes a named fault before a symptom.
 */
export async function semanticLinks(
  ask: SemanticAsk,
  intent: Intent,
  linked: readonly LinkedEntity[],
): Promise<LinkedEntity[]> {
  const { lexicon, question } = ask;
  if (!lexicon.semantic) return [];
  const clauses = clausesOf(question);
  const kinds = FAULT_KINDS[intent];
  const byFulltext = async (ks: readonly KnowledgeKind[]): Promise<boolean> =>
    (await fulltextCandidates(ask.driver, lexicon, question, [...ks], ask.visibleOrgs, 1)).length > 0;
  // The question and each clause: "T1 keeps losing oil, … how do we handle it" is nearest its oil-leak clause.
  const texts = [question, ...clauses.map((c) => c.text)];
  if (kinds) {
    const named = linked.filter((e) => e.kind === 'FaultType' || e.kind === 'Procedure' || e.kind === 'Symptom');
    if (named.length > 0) {
      if (named.some((e) => e.confidence >= WEAK_LEXICAL)) return [];
      const faultKinds = kinds.filter((k) => k !== 'Symptom');
      const hits = await semanticHits(lexicon.semantic, texts, faultKinds, { marginFactor: OVER_WEAK_MARGIN });
      return hits.slice(0, 1).map(semanticLink);
    }
    if (await byFulltext(kinds)) return [];
    // One subject: a second hit leading elsewhere would make the pick a guess between them.
    return (await semanticHits(lexicon.semantic, texts, kinds)).slice(0, 1).map(semanticLink);
  }
  if (intent === 'DIAGNOSE') {
    // Each described symptom counts: a clause no lexical symptom covers is matched on its own meaning.
    const symptoms = linked.filter((e) => e.kind === 'Symptom');
    const uncovered = clauses.filter((c) => !symptoms.some((s) => s.start < c.end && s.end > c.start));
    if (symptoms.length === 0 && (await byFulltext(['Symptom']))) return [];
    const asked = symptoms.length === 0 ? [question, ...uncovered.map((c) => c.text)] : uncovered.map((c) => c.text);
    const prefer = new Set(symptoms.flatMap((x) => lexicon.semantic!.faultsOf.get(x.id) ?? []));
    const hits = await semanticHits(lexicon.semantic, asked, ['Symptom'], { prefer });
    return hits.filter((h) => !symptoms.some((s) => s.id === h.entity.id)).map(semanticLink);
  }
  return [];
}
