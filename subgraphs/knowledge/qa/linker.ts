// Entity linking: finds the knowledge entities a question names. Three layers:
//   1. exact: every name, English name and alias (after the synonym table) is looked for in the question;
//      overlapping matches keep the longest, and one span may name several entities (a fault and its alarm);
//   2. fuzzy: English forms also match with a small edit distance (1 for 5..8 letters, 2 beyond), for typos;
//   3. full-text: when the intent needs a kind of entity the first two did not find, the `knowledge_search`
//      index (cjk analyzer) proposes candidates, kept only when they share enough bigrams or words with
//      the question (so one common word never links an unrelated entity).
// The lexicon is read from the graph and cached briefly; questions never reach Cypher text.
import type { Driver } from 'neo4j-driver';
import { Label, knowledgeLabels } from '../../../lib/graph/ontology.js';
import { config } from '../../../lib/config.js';
import { canonical } from './synonyms.js';

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

interface Form {
  text: string;
  entity: LexEntity;
  ascii: boolean;
  words: number;
}

export interface Lexicon {
  /** The knowledge base (namespace) every entity of this lexicon belongs to. */
  kb: string;
  /** The base's own synonym groups (its lexicon.json), extending the shipped ones for questions to it. */
  synonyms: string[][];
  entities: Map<string, LexEntity>;
  forms: Form[];
  /** ASCII forms by word count, for the fuzzy pass. */
  asciiByWords: Map<number, Form[]>;
}

export interface LinkedEntity extends LexEntity {
  /** The question text it was found from. */
  matched: string;
  how: 'exact' | 'fuzzy' | 'fulltext';
  start: number;
}

const LEXICON_TTL_MS = 30_000;
// One lexicon per base: a base never links another base's entities.
const cached = new Map<string, { lexicon: Lexicon; until: number }>();
const linkable = knowledgeLabels.filter((l) => l !== Label.Step);

export function clearLexiconCache(): void {
  cached.clear();
}

/** The lexicon of one knowledge base (default: the demo `grid`), read from its nodes only (`kb = $kb`). */
export async function loadLexicon(driver: Driver, kb = 'grid'): Promise<Lexicon> {
  const hit = cached.get(kb);
  if (hit && hit.until > Date.now()) return hit.lexicon;
  const base = await driver.executeQuery(
    `MATCH (k:${Label.KnowledgeBase} {id: $kb}) RETURN k.synonymsJson AS synonymsJson`,
    { kb },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const synonymsJson = base.records[0]?.get('synonymsJson') as string | null | undefined;
  const synonyms = synonymsJson ? (JSON.parse(synonymsJson) as string[][]) : [];
  const { records } = await driver.executeQuery(
    `MATCH (n:${linkable.join('|')}) WHERE n.kb = $kb RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels][0] AS kind, n.name AS name,
       n.nameEn AS nameEn, coalesce(n.aliases, []) AS aliases, n.ownerOrgId AS ownerOrgId`,
    { labels: linkable, kb },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const entities = new Map<string, LexEntity>();
  const forms: Form[] = [];
  for (const r of records) {
    const entity: LexEntity = {
      id: r.get('id'),
      kind: r.get('kind'),
      name: r.get('name'),
      nameEn: r.get('nameEn'),
      ownerOrgId: r.get('ownerOrgId') ?? null,
    };
    entities.set(entity.id, entity);
    const texts = new Set(
      [entity.name, entity.nameEn, ...(r.get('aliases') as string[])].map(canonical).filter((t) => t.length >= 2),
    );
    for (const text of texts) {
      const ascii = /^[\x20-\x7e]+$/.test(text);
      forms.push({ text, entity, ascii, words: ascii ? text.split(' ').length : 0 });
    }
  }
  const asciiByWords = new Map<number, Form[]>();
  for (const f of forms)
    if (f.ascii && f.text.length >= 5) asciiByWords.set(f.words, [...(asciiByWords.get(f.words) ?? []), f]);
  const lexicon = { kb, synonyms, entities, forms, asciiByWords };
  cached.set(kb, { lexicon, until: Date.now() + LEXICON_TTL_MS });
  return lexicon;
}

/** Optimal string alignment distance, with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2: number[] = new Array(b.length + 1).fill(0);
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j]!;
    prev = cur;
  }
  return prev[b.length]!;
}

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9]/.test(c);

interface Span {
  start: number;
  end: number;
  entities: LexEntity[];
  how: 'exact' | 'fuzzy';
  text: string;
}

/** Exact and fuzzy matches over the canonical question; the longest non-overlapping spans win. */
export function linkEntities(lexicon: Lexicon, question: string, visibleOrgs: string[] | null): LinkedEntity[] {
  const q = canonical(question);
  const spans = new Map<string, Span>();
  const add = (start: number, end: number, entity: LexEntity, how: 'exact' | 'fuzzy'): void => {
    if (entity.ownerOrgId !== null && visibleOrgs !== null && !visibleOrgs.includes(entity.ownerOrgId)) return;
    const key = `${start}:${end}:${how}`;
    const span = spans.get(key) ?? { start, end, entities: [], how, text: q.slice(start, end) };
    if (!span.entities.some((e) => e.id === entity.id)) span.entities.push(entity);
    spans.set(key, span);
  };
  for (const form of lexicon.forms) {
    let at = q.indexOf(form.text);
    while (at >= 0) {
      const end = at + form.text.length;
      // ASCII forms must sit on word boundaries ("ct" inside "detect" is not a CT).
      if (!form.ascii || (!isWordChar(q[at - 1]) && !isWordChar(q[end]))) add(at, end, form.entity, 'exact');
      at = q.indexOf(form.text, at + 1);
    }
  }
  // Fuzzy pass over windows of ASCII words: word by word, short words (< 4 letters) must be equal,
  // longer ones may differ by one edit, at most two edits in all ("presure" → pressure, "failre" → failure).
  const words: { text: string; start: number; end: number }[] = [];
  for (const m of q.matchAll(/[a-z0-9]+(?:[-'][a-z0-9]+)*/g))
    words.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  if (words.length > 0) {
    for (const [n, forms] of lexicon.asciiByWords) {
      for (let i = 0; i + n <= words.length; i++) {
        const window = words.slice(i, i + n).map((w) => w.text);
        for (const form of forms) {
          const fw = form.text.split(' ');
          let total = 0;
          for (let k = 0; k < n && total <= 2; k++) {
            const a = window[k]!,
              b = fw[k]!;
            if (a === b) continue;
            const d = a.length < 4 || b.length < 4 ? 3 : editDistance(a, b, 1);
            total += d > 1 ? 3 : d;
          }
          if (total > 0 && total <= 2) add(words[i]!.start, words[i + n - 1]!.end, form.entity, 'fuzzy');
        }
      }
    }
  }
  // Exact spans first, longest first; then fuzzy ones.
  const ordered = [...spans.values()].sort(
    (a, b) =>
      (a.how === 'exact' ? 0 : 1) - (b.how === 'exact' ? 0 : 1) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const chosen: Span[] = [];
  for (const s of ordered) {
    // A fuzzy span never overrides text an exact match already explains.
    if (s.how === 'fuzzy' && chosen.some((c) => s.start < c.end && c.start < s.end)) continue;
    // A span inside a longer one is dropped; partial overlaps stay ("苏州东站#1主变油温过高": the
    // equipment and the fault share 主变, and both are meant).
    if (chosen.some((c) => s.start >= c.start && s.end <= c.end)) continue;
    chosen.push(s);
  }
  chosen.sort((a, b) => a.start - b.start);
  return chosen.flatMap((s) => s.entities.map((e) => ({ ...e, matched: s.text, how: s.how, start: s.start })));
}

const bigrams = (text: string): Set<string> => {
  const han = [...text].filter((c) => /\p{Script=Han}|[a-z0-9]/u.test(c));
  const out = new Set<string>();
  for (let i = 0; i + 1 < han.length; i++) out.add(han[i]! + han[i + 1]!);
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
  const q = canonical(question);
  const qGrams = bigrams(q);
  const qWords = new Set(q.match(/[a-z0-9]{4,}/g) ?? []);
  const out: LinkedEntity[] = [];
  for (const r of records) {
    const entity = lexicon.entities.get(r.get('id') as string);
    if (!entity) continue;
    if (entity.ownerOrgId !== null && visibleOrgs !== null && !visibleOrgs.includes(entity.ownerOrgId)) continue;
    const forms = [entity.name, entity.nameEn, ...(r.get('aliases') as string[])].map(canonical);
    const fits = forms.some((f) => {
      if (/^[\x20-\x7e]+$/.test(f)) {
        const fw = f.match(/[a-z0-9]{4,}/g) ?? [];
        const shared = fw.filter((w) => qWords.has(w)).length;
        return fw.length > 0 && shared >= 2 && shared / fw.length >= 0.6;
      }
      const g = bigrams(f);
      const shared = [...g].filter((x) => qGrams.has(x)).length;
      return shared >= 2 && shared / g.size >= 0.5;
    });
    if (fits) out.push({ ...entity, matched: entity.name, how: 'fulltext', start: -1 });
    if (out.length >= limit) break;
  }
  return out;
}
