// How much of a question a fault's matched symptoms account for. Two symptoms linked from the same words
// ("tap water" is both "yellow tap water" and "cloudy tap water") are one observation, not two: a fault that
// explains two different clauses of the question outweighs one that merely owns two readings of one clause.
// Among faults that explain as many clauses, the surer links weigh more: a symptom named almost word for word
// beats one the question only resembles in meaning.

/** Where and how surely a symptom was found in the question (qa/linker.ts LinkedEntity). */
export interface SymptomLink {
  id: string;
  confidence: number;
  /** The span in the question; -1 when it was found from no one place (full text). */
  start: number;
  end: number;
}

export interface ClauseEvidence {
  /** Distinct parts of the question the matched symptoms were found on. */
  clauses: number;
  /** Sum over those parts of the surest link on each (0..clauses). */
  weight: number;
}

/** Two confidences closer than this are the same evidence: the ranking's other keys decide. */
export const WEIGHT_TIE = 0.1;

/**
 * The clauses a fault's matched symptoms cover and their weight. A symptom with no link (asked for by id,
 * not found in a question) counts as its own clause at full weight, so lists of symptom ids rank as before.
 */
export function clauseEvidence(matchedIds: readonly string[], links: readonly SymptomLink[] = []): ClauseEvidence {
  const groups: { start: number; end: number; best: number }[] = [];
  for (const id of matchedIds) {
    const found = links.filter((l) => l.id === id);
    if (found.length === 0) {
      groups.push({ start: -1, end: -1, best: 1 });
      continue;
    }
    // A symptom found at two places is still one symptom: its surest link stands for it.
    const l = found.reduce((a, b) => (b.confidence > a.confidence ? b : a));
    const same = l.start >= 0 ? groups.find((g) => g.start >= 0 && l.start < g.end && g.start < l.end) : undefined;
    if (same) {
      same.start = Math.min(same.start, l.start);
      same.end = Math.max(same.end, l.end);
      same.best = Math.max(same.best, l.confidence);
    } else groups.push({ start: l.start, end: l.end, best: l.confidence });
  }
  return { clauses: groups.length, weight: groups.reduce((s, g) => s + g.best, 0) };
}

/** Orders by clauses covered, then by weight when the weights differ by more than a tie. */
export function compareEvidence(a: ClauseEvidence, b: ClauseEvidence): number {
  if (a.clauses !== b.clauses) return b.clauses - a.clauses;
  return Math.abs(a.weight - b.weight) > WEIGHT_TIE ? b.weight - a.weight : 0;
}
