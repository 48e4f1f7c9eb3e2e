// Entity linking: finds the knowledge entities a question names, each with how it was matched and the
// confidence that deserves (qa/match.ts: exact, alias, synonym, partial, pinyin, edit), over the names,
// English names and aliases of one base's nodes, rewritten through the synonym lexicon (qa/lexicon/: the
// shipped power-domain groups plus the base's own). When the intent needs a kind of entity the matcher did
// not find, `fulltextCandidates` asks the `knowledge_search` index (cjk analyzer), keeping a hit only when
// it shares enough bigrams or words with the question (so one common word never links an unrelated entity).
// The lexicon is read from the graph and cached briefly; questions never reach Cypher text.
import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { Label, Rel, knowledgeLabels } from '../../../lib/graph/ontology.js';
import { config } from '../../../lib/config.js';
import { buildMatchIndex, matchEntities, type EntityRow, type MatchIndex } from './match.js';
import { buildSemanticIndex, type SemanticIndex } from './embed/semantic-index.js';
import { placelessLink } from './placeless-link.js';
import type { EquipmentPlace } from './equipment-compose.js';

export type KnowledgeKind =
  | 'EquipmentType'
  | 'Equipment'
  | 'Substation'
  | 'FaultType'
  | 'Symptom'
  | 'Cause'
  | 'Procedure'
  | 'SafetyRule'
  | 'DutyRole';

export interface LexEntity {
  id: string;
  kind: KnowledgeKind;
  name: string;
  nameEn: string;
  ownerOrgId: string | null;
}

export interface Lexicon {
  /** The knowledge base (namespace) every entity of this lexicon belongs to. */
  kb: string;
  /** The base's own synonym groups (its lexicon.json), extending the shipped ones for questions to it. */
  synonyms: string[][];
  entities: Map<string, LexEntity>;
  /** Names and aliases in matchable form, with the base's synonym table. */
  index: MatchIndex;
  /** The shared entities embedded per language (qa/embed/semantic-index.ts); null without the encoders. */
  semantic: SemanticIndex | null;
  /** Each equipment's site and type, for naming it by site + kind + number (qa/equipment-compose.ts);
   * absent in a lexicon built without the graph (none is then composed). */
  places?: Map<string, EquipmentPlace>;
}

/** How an entity was recognised, surest first (confidence in qa/match.ts). */
export type LinkHow = 'exact' | 'alias' | 'synonym' | 'partial' | 'pinyin' | 'edit' | 'fulltext';

export interface LinkedEntity extends LexEntity {
  /** The question text it was found from (as written). */
  matched: string;
  matchedText: string;
  /** How it was found: by its text (LinkHow), or by meaning ('semantic', qa/embed/semantic-link.ts). */
  how: LinkHow | 'semantic';
  /** 0..1: 1 for the name as written, less for synonyms, partial names, typos, ambiguity. */
  confidence: number;
  /** Where `matched` sits in the question (-1 for full-text candidates, found from no one place). */
  start: number;
  end: number;
}

const LEXICON_TTL_MS = 30_000;
// One lexicon per base: a base never links another base's entities.
// Building the match index costs 0.2-0.8 s of CPU (pinyin, pieces, bigrams), so a lexicon is never rebuilt
// on a question's time: once TTL has passed, the next question still uses the cached one while the base is
// re-read in the background, and the index is rebuilt only when what was read differs (fingerprint). An
// import is seen within TTL plus one re-read, as before; the first question is as fast as the hundredth.
const cached = new Map<string, { lexicon: Lexicon; fingerprint: string; until: number; refreshing?: Promise<void> }>();
const loading = new Map<string, Promise<Lexicon>>();
// Bumped by clearLexiconCache: a read begun before the clear must not put its result back.
let generation = 0;
const linkable = knowledgeLabels.filter((l) => l !== Label.Step);

export function clearLexiconCache(): void {
  generation++;
  cached.clear();
  loading.clear();
}

/** Resolves once no lexicon is being re-read in the background (for tests). */
export async function lexiconRefreshesSettled(): Promise<void> {
  await Promise.all([...cached.values()].map((c) => c.refreshing));
}

/** The lexicon of one knowledge base (default: the demo `grid`), read from its nodes only (`kb = $kb`). */
export async function loadLexicon(driver: Driver, kb = 'grid'): Promise<Lexicon> {
  const hit = cached.get(kb);
  const gen = generation;
  const keep = (entry: { lexicon: Lexicon; fingerprint: string; until: number }): void => {
    if (gen === generation) cached.set(kb, entry);
  };
  if (hit) {
    if (hit.until <= Date.now() && !hit.refreshing) {
      const again = { lexicon: hit.lexicon, fingerprint: hit.fingerprint, until: Date.now() + LEXICON_TTL_MS };
      hit.refreshing = readLexicon(driver, kb, hit.fingerprint).then(
        (fresh) => keep(fresh ?? again),
        // The graph is unreachable: keep answering from what we have and try again after TTL.
        () => keep(again),
      );
    }
    return hit.lexicon;
  }
  // Concurrent first questions share one read.
  let pending = loading.get(kb);
  if (!pending) {
    pending = readLexicon(driver, kb, null)
      .then((fresh) => {
        keep(fresh!);
        return fresh!.lexicon;
      })
      .finally(() => {
        if (loading.get(kb) === pending) loading.delete(kb);
      });
    loading.set(kb, pending);
  }
  return pending;
}

// What each shared entity leads to, for the semantic linker's margin (a symptom of the fault it found is no
// rival): a fault's own symptoms, procedure, causes and affected equipment types.
const Q_FAULTS_OF = `
MATCH (f:${Label.FaultType})-[:${Rel.HAS_SYMPTOM}|${Rel.HANDLED_BY}|${Rel.CAUSED_BY}|${Rel.AFFECTS}]->(x)
WHERE f.kb = $kb
WITH x.id AS id, collect(DISTINCT f.id) AS faults
RETURN id, faults`;
const byKey = (a: [string, unknown], b: [string, unknown]): number => a[0].localeCompare(b[0]);
const Q_PLACES = `
MATCH (e:${Label.Equipment})-[:${Rel.LOCATED_AT}]->(s:${Label.Substation})
WHERE e.kb = $kb AND s.kb = $kb
RETURN e.id AS id, s.id AS site, e.typeId AS typeId ORDER BY id`;

/** Reads a base's lexicon; null when its fingerprint is `unchanged` (nothing to rebuild). */
async function readLexicon(
  driver: Driver,
  kb: string,
  unchanged: string | null,
): Promise<{ lexicon: Lexicon; fingerprint: string; until: number } | null> {
  const base = await driver.executeQuery(
    `MATCH (k:${Label.KnowledgeBase} {id: $kb}) RETURN k.synonymsJson AS synonymsJson`,
    { kb },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const synonymsJson = base.records[0]?.get('synonymsJson') as string | null | undefined;
  const { records } = await driver.executeQuery(
    `MATCH (n:${linkable.join('|')}) WHERE n.kb = $kb RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels][0] AS kind, n.name AS name,
       n.nameEn AS nameEn, coalesce(n.aliases, []) AS aliases, n.ownerOrgId AS ownerOrgId ORDER BY id`,
    { labels: linkable, kb },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const faults = await driver.executeQuery(Q_FAULTS_OF, { kb }, { database: config.neo4j.database, routing: 'READ' });
  const placed = await driver.executeQuery(Q_PLACES, { kb }, { database: config.neo4j.database, routing: 'READ' });
  const places = new Map<string, EquipmentPlace>(
    placed.records.map((r) => [
      r.get('id') as string,
      { site: r.get('site') as string, typeId: (r.get('typeId') as string | null) ?? null },
    ]),
  );
  const faultsOf = new Map<string, string[]>(
    faults.records.map((r) => [r.get('id') as string, [...(r.get('faults') as string[])].sort()]),
  );
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        synonymsJson ?? null,
        records.map((r) => r.toObject()),
        [...faultsOf].sort(byKey),
        [...places].sort(byKey),
      ]),
    )
    .digest('base64');
  if (fingerprint === unchanged) return null;
  const synonyms = synonymsJson ? (JSON.parse(synonymsJson) as string[][]) : [];
  const entities = new Map<string, LexEntity>();
  const rows: EntityRow[] = [];
  for (const r of records) {
    const entity: LexEntity = {
      id: r.get('id'),
      kind: r.get('kind'),
      name: r.get('name'),
      nameEn: r.get('nameEn'),
      ownerOrgId: r.get('ownerOrgId') ?? null,
    };
    entities.set(entity.id, entity);
    rows.push({ entity, aliases: r.get('aliases') as string[] });
  }
  // Embedded here, on a read that found the base changed, never on a question's time.
  const semantic = await buildSemanticIndex(rows, faultsOf);
  const lexicon: Lexicon = { kb, synonyms, entities, index: buildMatchIndex(rows, synonyms), semantic, places };
  return { lexicon, fingerprint, until: Date.now() + LEXICON_TTL_MS };
}

export { editDistance } from './match.js';

/** Every entity the question names (exact, alias, synonym, partial, pinyin, edit), in question order. */
export function linkEntities(lexicon: Lexicon, question: string, visibleOrgs: string[] | null): LinkedEntity[] {
  return withoutInstrumentReadings(matchEntities(lexicon.index, question, visibleOrgs));
}

/**
 * A symptom found on part of its name (partial, edit) over words that also name equipment its own name does not
 * mention is about that equipment: "清水池液位计读数乱跳" names the level meter, so it is not 清水池低液位告警
 * however many characters they share. An instrument's fault is not a fault of the value it measures.
 */
function withoutInstrumentReadings(linked: LinkedEntity[]): LinkedEntity[] {
  const types = linked.filter((e) => e.kind === 'EquipmentType' && e.start >= 0 && TEXT_HOWS.has(e.how));
  return linked.filter(
    (s) =>
      s.kind !== 'Symptom' ||
      (s.how !== 'partial' && s.how !== 'edit') ||
      !types.some((t) => {
        const word = t.matched.toLowerCase();
        return (
          t.start >= s.start &&
          t.end <= s.end &&
          !s.name.toLowerCase().includes(word) &&
          !s.nameEn.toLowerCase().includes(word)
        );
      }),
  );
}

const TEXT_HOWS = new Set<string>(['exact', 'alias', 'synonym']);

// Adjacent Han characters only: synonyms make mixed forms ("母线fault"), whose letter pairs would match
// any English question.
const bigrams = (text: string): Set<string> => {
  const chars = [...text];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++)
    if (/\p{Script=Han}/u.test(chars[i]!) && /\p{Script=Han}/u.test(chars[i + 1]!)) out.add(chars[i]! + chars[i + 1]!);
  return out;
};

/** Escapes Lucene query syntax so a question is only ever a bag of terms. */
export function luceneTerms(text: string): string {
  return text
    .replace(/[+\-&|!(){}[\]^"~*?:\\/]/g, ' ')
    .replace(/\b(AND|OR|NOT|TO)\b/g, (w) => w.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
}

/** Full-text candidates of the given kinds, kept when they overlap the question enough. */
export async function fulltextCandidates(
  driver: Driver,
  lexicon: Lexicon,
  question: string,
  kinds: KnowledgeKind[],
  visibleOrgs: string[] | null,
  limit = 5,
): Promise<LinkedEntity[]> {
  const terms = luceneTerms(question);
  if (terms.length === 0) return [];
  const { records } = await driver.executeQuery(
    `CALL db.index.fulltext.queryNodes('knowledge_search', $terms, {limit: 50}) YIELD node, score
     WHERE node.kb = $kb AND any(l IN labels(node) WHERE l IN $kinds)
     RETURN node.id AS id, coalesce(node.aliases, []) AS aliases, score LIMIT 10`,
    { terms, kinds, kb: lexicon.kb },
    { database: config.neo4j.database, routing: 'READ' },
  );
  // Overlap is measured on the text as written and on its canonical form (synonyms applied), whichever
  // shares more: English words survive only in the first, 开关 = 断路器 only in the second.
  const canonical = (t: string): string => lexicon.index.table.canonicalSpaced(t);
  const plain = (t: string): string => t.normalize('NFKC').toLowerCase();
  const q = `${plain(question)}\n${canonical(question)}`;
  const qGrams = bigrams(q);
  const qWords = new Set(q.match(/[a-z0-9]{4,}/g) ?? []);
  const out: LinkedEntity[] = [];
  for (const r of records) {
    const entity = lexicon.entities.get(r.get('id') as string);
    if (!entity) continue;
    if (entity.ownerOrgId !== null && visibleOrgs !== null && !visibleOrgs.includes(entity.ownerOrgId)) continue;
    const written = [entity.name, entity.nameEn, ...(r.get('aliases') as string[])];
    const forms = [...written.map(plain), ...written.map(canonical)];
    let best = 0;
    const fits = forms.some((f) => {
      const fw = f.match(/[a-z0-9]{4,}/g) ?? [];
      const sharedWords = fw.filter((w) => qWords.has(w)).length;
      const g = bigrams(f);
      const sharedGrams = [...g].filter((x) => qGrams.has(x)).length;
      const wordShare = fw.length > 0 ? sharedWords / fw.length : 0;
      const gramShare = g.size > 0 ? sharedGrams / g.size : 0;
      best = Math.max(best, wordShare, gramShare);
      return (sharedWords >= 2 && wordShare >= 0.6) || (sharedGrams >= 2 && gramShare >= 0.5);
    });
    // A full-text hit is only as sure as its overlap with the question, and never surer than a typo match.
    if (fits) out.push(placelessLink(entity, 'fulltext', Math.round(Math.min(0.7, 0.35 + 0.35 * best) * 1000) / 1000));
    if (out.length >= limit) break;
  }
  return out;
}
