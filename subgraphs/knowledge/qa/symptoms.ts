// Symptom autocomplete for the dispatcher console: symptoms and alarms whose Chinese name, English name or
// an alias contains what the dispatcher has typed so far. The text reaches Neo4j only as $parameters of a
// constant template. Fault knowledge is shared by every org, so no visibility filter applies; only the
// symptoms of the chosen knowledge base (`kb`) are offered.
import type { Driver } from 'neo4j-driver';
import neo4j from 'neo4j-driver';
import { config } from '../../../lib/config.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { HARD_CAP, normalizeText } from './normalize.js';
import { canonical } from './lexicon/index.js';

export interface KnowledgeSymptom {
  id: string;
  name: string;
  nameEn: string;
  /** `alarm` or `symptom`. */
  kind: string;
  aliases: string[];
  /** The name or alias the text matched (the first of them); null for an empty prefix. */
  matched: string | null;
  /** How many fault types list this symptom. */
  faults: number;
}

export const SYMPTOM_PREFIX_MAX = 100;
export const SYMPTOMS_FIRST_MAX = 50;

// Names that start with the text rank above those that only contain it; then symptoms that point to
// fewer faults, since they narrow the diagnosis more; then the id, so the order is stable.
const Q_SYMPTOMS = `
MATCH (s:${Label.Symptom}) WHERE s.kb = $kb
WITH s, [x IN [s.name, s.nameEn] + coalesce(s.aliases, []) WHERE x IS NOT NULL AND any(t IN $texts WHERE toLower(x) CONTAINS t)] AS hits
WHERE size($texts) = 0 OR size(hits) > 0
OPTIONAL MATCH (f:${Label.FaultType})-[:${Rel.HAS_SYMPTOM}]->(s)
WITH s, hits, count(f) AS faults
WITH s, hits, faults,
  CASE WHEN any(x IN hits WHERE any(t IN $texts WHERE toLower(x) STARTS WITH t)) THEN 0 ELSE 1 END AS rank
RETURN s {.id, .name, .nameEn, kind: coalesce(s.kind, 'symptom'), aliases: coalesce(s.aliases, [])} AS symptom,
  hits[0] AS matched, faults
ORDER BY rank, faults, s.id
LIMIT $first`;

/** Symptoms and alarms matching `prefix` (contains, case-insensitive; synonyms applied as an alternative form). */
export async function searchSymptoms(
  driver: Driver,
  prefix: string | null | undefined,
  first: number | null | undefined,
  kb = 'grid',
): Promise<KnowledgeSymptom[]> {
  // Refused before any work on it; then the same normaliser as questions (a zero-width space inside 油温
  // must not hide 油温过高).
  if ((prefix ?? '').length > HARD_CAP)
    throw badInput(`prefix is longer than ${SYMPTOM_PREFIX_MAX} characters`, 'prefix');
  const text = normalizeText(prefix ?? '', { joinFormat: true }).toLowerCase();
  if (text.length > SYMPTOM_PREFIX_MAX)
    throw badInput(`prefix is longer than ${SYMPTOM_PREFIX_MAX} characters`, 'prefix');
  const n = first ?? 10;
  if (!Number.isInteger(n) || n < 1 || n > SYMPTOMS_FIRST_MAX)
    throw badInput(`first must be between 1 and ${SYMPTOMS_FIRST_MAX}`, 'first');
  // The synonym table's canonical form as a second spelling: "六氟化硫" also finds "SF6…", "流变" finds "CT…".
  const texts = text === '' ? [] : [...new Set([text, canonical(text)])].filter((t) => t !== '');
  const { records } = await driver.executeQuery(
    Q_SYMPTOMS,
    { texts, first: neo4j.int(n), kb },
    { database: config.neo4j.database, routing: 'READ' },
  );
  return records.map((r) => {
    const s = r.get('symptom') as Omit<KnowledgeSymptom, 'matched' | 'faults'>;
    return {
      ...s,
      matched: texts.length === 0 ? null : ((r.get('matched') as string | null) ?? null),
      faults: Number(r.get('faults')),
    };
  });
}
