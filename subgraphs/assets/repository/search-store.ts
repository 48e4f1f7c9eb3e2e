// Full-text search over every asset kind (the `asset_search` index, cjk analyzer: Chinese bigrams and
// English words). The user's text is escaped, so it is only ever terms, never Lucene syntax; the
// visibility filter runs inside the same query, so neither hits nor totalCount reveal invisible assets.
// Pages are read from the index's ranking a window at a time (see SearchStore.search). An empty text
// browses instead: the newest assets first, under the same kind / org / status filters.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { READ, int } from '../../../lib/graph/asset-store.js';
import type { Keyset, SearchPosition } from '../../../lib/subgraph/cursor.js';
import { Label } from '../../../lib/graph/ontology.js';
import { sharedWithViewer, viewerScope, visibleAmong, visibleTo } from '../../../lib/graph/visibility.js';
import { datasetProjection, type DatasetRecord } from './dataset-store.js';
import { versionProjection, type DatasetVersionRecord } from './dataset-version-store.js';

/** The labels `asset_search` covers, in the order AssetKind lists them. */
export const ASSET_KINDS = [
  Label.Dataset,
  Label.DatasetVersion,
  Label.Model,
  Label.ModelVersion,
  Label.Service,
  Label.Deployment,
  Label.EdgeNode,
  Label.Cluster,
  Label.Node,
  Label.Accelerator,
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

// The statuses a hit can be filtered on: ACTIVE / ARCHIVED for every kind, plus the kinds' own states
// (deployment status, edge node status, dataset version integrity), as their subgraphs store them. Listed
// here rather than imported: a subgraph does not import another subgraph's code.
export const ASSET_STATUSES = [
  'ACTIVE',
  'ARCHIVED',
  'PENDING',
  'READY',
  'FAILED',
  'STOPPED',
  'ONLINE',
  'OFFLINE',
  'MAINTENANCE',
  'UNKNOWN',
  'VERIFIED',
  'UNVERIFIED',
  'TAMPERED',
  'MISSING',
] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

/** A run of matched text: `start` and `length` in UTF-16 code units (JavaScript string indexes). */
export interface TextSpan {
  start: number;
  length: number;
}

export interface SearchHitRecord {
  kind: AssetKind;
  id: string;
  name: string | null;
  description: string | null;
  score: number;
  archived: boolean;
  /** The kind's own state (deployment or edge node status, dataset version integrity); null for other kinds. */
  status: string | null;
  ownerOrgId: string | null;
  /** The dataset or model a version belongs to. */
  parentId: string | null;
  createdAt: string | null;
  nameHighlights: TextSpan[];
  descriptionHighlights: TextSpan[];
  dataset: DatasetRecord | null;
  datasetVersion: DatasetVersionRecord | null;
}

export interface SearchFilters {
  kinds: readonly AssetKind[];
  /** Owner orgs (exactly these, not the orgs below them); null for any. */
  orgs: readonly string[] | null;
  /** Any of these statuses; null for every asset that is not archived. */
  statuses: readonly AssetStatus[] | null;
}

export const MAX_QUERY_LENGTH = 200;

// Lucene classic query syntax: these characters are operators unless escaped.
const LUCENE_SPECIAL = /[+\-&|!(){}[\]^"~*?:\\/]/g;

/**
 * Turns free text into a Lucene query of plain terms: special characters escaped, the boolean words
 * AND/OR/NOT lower-cased (so they are words, not operators). A name match weighs three times a match in
 * the description or tags.
 */
export function luceneQuery(text: string): string {
  const terms = text
    .replace(LUCENE_SPECIAL, (c) => `\\${c}`)
    .replace(/\b(AND|OR|NOT)\b/g, (w) => w.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
  return `name:(${terms})^3 OR description:(${terms}) OR tagsText:(${terms})`;
}

// The terms the `cjk` analyzer (Lucene's CJKAnalyzer) makes of a text: runs of Han/Kana/Hangul become
// overlapping bigrams (a lone character stays a unigram), other letters and digits become lower-cased
// words. Neo4j's full-text procedures return no highlight fragments, so the server marks the hits' text
// with the same terms the index matched on.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD = /[\p{L}\p{N}]+/gu;

export function queryTerms(text: string): { words: Set<string>; cjk: Set<string> } {
  const cjk = new Set<string>();
  for (const [run] of text.matchAll(CJK)) {
    const chars = [...run];
    if (chars.length === 1) cjk.add(run);
    for (let i = 0; i + 1 < chars.length; i++) cjk.add(chars[i]! + chars[i + 1]!);
  }
  const words = new Set<string>();
  for (const [word] of text.replace(CJK, ' ').matchAll(WORD)) words.add(word.toLowerCase());
  return { words, cjk };
}

/** Where the terms occur in `text`, merged into non-overlapping spans in order. */
export function highlightSpans(text: string | null, terms: ReturnType<typeof queryTerms>): TextSpan[] {
  if (!text) return [];
  const marks: [number, number][] = [];
  for (const match of text.replace(CJK, (run) => ' '.repeat(run.length)).matchAll(WORD))
    if (terms.words.has(match[0].toLowerCase())) marks.push([match.index, match.index + match[0].length]);
  for (const term of terms.cjk)
    for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) marks.push([at, at + term.length]);
  marks.sort((a, b) => a[0] - b[0]);
  const spans: TextSpan[] = [];
  let last: [number, number] | null = null;
  for (const [from, to] of marks) {
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else {
      if (last) spans.push({ start: last[0], length: last[1] - last[0] });
      last = [from, to];
    }
  }
  if (last) spans.push({ start: last[0], length: last[1] - last[0] });
  return spans;
}

/** A page of hits, each with its position (for cursors), whether more follow, and a lazy exact count. */
export interface SearchPage {
  items: SearchHitRecord[];
  positions: SearchPosition[];
  hasMore: boolean;
  count: () => Promise<number>;
}

/** A browse page: the newest first, each hit's keyset (createdAt, id) for the cursor. */
export interface BrowsePage {
  items: SearchHitRecord[];
  keys: Keyset[];
  hasMore: boolean;
  count: () => Promise<number>;
}

const ARCHIVED = (n: string): string => `coalesce(${n}.archived, false)`;
const KIND_STATUS = (n: string): string =>
  `CASE WHEN ${n}:${Label.Deployment} OR ${n}:${Label.EdgeNode} THEN ${n}.status WHEN ${n}:${Label.DatasetVersion} THEN ${n}.integrity END`;

/**
 * The filter every hit passes, inside the query that reads it (and the one that counts): one of the
 * kinds, owned by one of the orgs, one of the statuses (ACTIVE = not archived; archived assets only when
 * ARCHIVED is asked for), and visible to the viewer. Parameters: $kinds, $orgs, $statuses and the scope's.
 */
function filterClause(n: string, kinds: readonly AssetKind[] = [], visible = visibleTo(n)): string {
  // Every node of `asset_search` has one of ASSET_KINDS: asked for all of them, the label test (a read
  // per hit, ~120,000 for a common word when totalCount is counted) decides nothing.
  const everyKind = ASSET_KINDS.every((kind) => kinds.includes(kind));
  return [
    ...(everyKind ? [] : [`[l IN labels(${n}) WHERE l IN $kinds][0] IS NOT NULL`]),
    `($orgs IS NULL OR ${n}.ownerOrgId IN $orgs)`,
    `(NOT ${ARCHIVED(n)} OR 'ARCHIVED' IN coalesce($statuses, []))`,
    `($statuses IS NULL OR ('ACTIVE' IN $statuses AND NOT ${ARCHIVED(n)}) OR ('ARCHIVED' IN $statuses AND ${ARCHIVED(n)}) OR ${KIND_STATUS(n)} IN $statuses)`,
    visible,
  ].join(' AND ');
}

/** One hit's fields (without highlights), for the query that read node `n` of kind `kind`. */
const hitProjection = (n: string, score: string, extra = ''): string => `{${extra}
  kind: kind, id: ${n}.id, name: ${n}.name, description: ${n}.description, score: ${score},
  archived: ${ARCHIVED(n)}, status: ${KIND_STATUS(n)}, ownerOrgId: ${n}.ownerOrgId,
  parentId: coalesce(${n}.datasetId, ${n}.modelId), createdAt: toString(${n}.createdAt),
  dataset: CASE kind WHEN '${Label.Dataset}' THEN ${datasetProjection(n)} END,
  datasetVersion: CASE kind WHEN '${Label.DatasetVersion}' THEN ${versionProjection(n)} END
}`;

// The first read asks the index for several times the hits a page needs (a branch sees a fraction of
// them: a quarter of a common word's hits in the 1,000,000-asset bench); each further read, only when too
// few were visible, asks for GROWTH times more. Each read ranks every match again (~120,000 for a common
// word), so a window wide enough for a branch's first page in one read costs less than a second read.
const FIRST_READ = 12;
const GROWTH = 4;

export class SearchStore {
  constructor(private readonly driver: Driver) {}

  /**
   * Best match first. The full-text index is asked for a bounded window of hits (`limit`, and `skip` for
   * the hits earlier pages read: the cursor remembers the raw rank), the window is filtered by kind,
   * archive and visibility in the same query, and a larger window is read only when too few hits were
   * visible. So a page costs a top-k read of the index, not the collection of every match (~120,000 for
   * a common word at 1,000,000 assets). `count` reads every match and runs only when called.
   */
  async search(
    viewer: Identity,
    args: SearchFilters & { text: string; first: number; after: SearchPosition | null },
  ): Promise<SearchPage> {
    const scope = await viewerScope(this.driver, viewer);
    const base = { query: luceneQuery(args.text), ...filterParams(args), ...scope };
    const visible = filterClause('n', args.kinds);
    const wanted = args.first + 1;
    const terms = queryTerms(args.text);
    const found: (SearchHitRecord & { raw: number })[] = [];
    let skip = args.after ? args.after.raw + 1 : 0;
    let limit = wanted * FIRST_READ;
    for (;;) {
      const { records } = await this.driver.executeQuery(
        `CALL db.index.fulltext.queryNodes('asset_search', $query, {skip: $skip, limit: $limit}) YIELD node, score
         WITH collect({n: node, score: score}) AS window
         CALL (window) {
           UNWIND range(0, size(window) - 1) AS i
           WITH i, window[i].n AS n, window[i].score AS score
           WHERE ${visible}
           WITH i, n, score ORDER BY i LIMIT $need
           WITH i, n, score, [l IN labels(n) WHERE l IN $kinds][0] AS kind
           RETURN collect(${hitProjection('n', 'score', 'raw: $skip + i,')}) AS hits
         }
         RETURN size(window) AS read, hits`,
        { ...base, skip: int(skip), limit: int(limit), need: int(wanted - found.length) },
        READ,
      );
      const read = (records[0]?.get('read') as number | undefined) ?? 0;
      // Sorted again here: Cypher does not promise that collect keeps the order of the WITH before it.
      const hits = ((records[0]?.get('hits') as (RawHit & { raw: number })[] | undefined) ?? [])
        .sort((x, y) => x.raw - y.raw)
        .map((hit) => ({ ...highlighted(hit, terms), raw: hit.raw }));
      found.push(...hits);
      if (found.length >= wanted || read < limit) break;
      skip += read;
      limit *= GROWTH;
    }
    const page = found.slice(0, args.first);
    const start = args.after ? args.after.visible + 1 : 0;
    // The count tests every hit (~120,000 for a common word at 1,000,000 assets): the viewer's shares are
    // read once up front and each hit is looked up among them (visibleAmong), instead of a SHARED_WITH
    // probe per hit, which made a branch's count (most hits owned outside its tree) twice an HQ count.
    const count = async (): Promise<number> => {
      const result = await this.driver.executeQuery(
        `${sharedWithViewer('shared')}
         CALL db.index.fulltext.queryNodes('asset_search', $query) YIELD node AS n
         WHERE ${filterClause('n', args.kinds, visibleAmong('n', 'shared'))}
         RETURN count(n) AS total`,
        base,
        READ,
      );
      return (result.records[0]?.get('total') as number | undefined) ?? 0;
    };
    return {
      items: page.map(({ raw: _raw, ...hit }) => hit),
      positions: page.map((hit, i) => ({ visible: start + i, raw: hit.raw })),
      hasMore: found.length > args.first,
      count,
    };
  }

  /**
   * The newest visible assets first (createdAt, then id, descending), for a search with no text. Each kind
   * contributes its newest `first + 1` after the cursor, and the merge keeps the newest of those: a top-k
   * sort per kind over the viewer's visible assets, fine for a catalog's browse list.
   */
  async browse(viewer: Identity, args: SearchFilters & { first: number; after: Keyset | null }): Promise<BrowsePage> {
    const scope = await viewerScope(this.driver, viewer);
    const base = { ...filterParams(args), ...scope };
    const wanted = args.first + 1;
    // Assets written without createdAt (older imports) sort as the oldest: epoch 0 stands in for it.
    const perKind = args.kinds.map(
      (kind) => `MATCH (n:${kind}) WHERE ${filterClause('n')}
         WITH n, coalesce(n.createdAt, datetime({epochMillis: 0})) AS at
         WHERE $afterAt IS NULL OR at < datetime($afterAt) OR (at = datetime($afterAt) AND n.id < $afterId)
         WITH n, at, '${kind}' AS kind ORDER BY at DESC, n.id DESC LIMIT $wanted
         RETURN ${hitProjection('n', '0.0')} AS hit, at`,
    );
    const { records } = await this.driver.executeQuery(
      `CALL () { ${perKind.join(' UNION ALL ')} }
       RETURN hit, toString(at) AS key ORDER BY at DESC, hit.id DESC LIMIT $wanted`,
      { ...base, afterAt: args.after?.key ?? null, afterId: args.after?.id ?? null, wanted: int(wanted) },
      READ,
    );
    const found = records.map((r) => ({
      hit: { ...(r.get('hit') as RawHit), nameHighlights: [], descriptionHighlights: [] } as SearchHitRecord,
      key: { key: r.get('key') as string, id: (r.get('hit') as RawHit).id },
    }));
    const page = found.slice(0, args.first);
    const count = async (): Promise<number> => {
      const counts = args.kinds.map((kind) => `MATCH (n:${kind}) WHERE ${filterClause('n')} RETURN count(n) AS c`);
      const result = await this.driver.executeQuery(
        `CALL () { ${counts.join(' UNION ALL ')} } RETURN sum(c) AS total`,
        base,
        READ,
      );
      return (result.records[0]?.get('total') as number | undefined) ?? 0;
    };
    return {
      items: page.map((row) => row.hit),
      keys: page.map((row) => row.key),
      hasMore: found.length > args.first,
      count,
    };
  }

  /** How many assets of each kind `orgId` owns that the viewer may see (not archived); kinds with none left out. */
  async countsByOwner(viewer: Identity, orgId: string): Promise<{ kind: AssetKind; count: number }[]> {
    const scope = await viewerScope(this.driver, viewer);
    // The owner as a plain `n.ownerOrgId = $orgId`, so each kind seeks its owner index (filterClause's
    // `$orgs IS NULL OR …` form cannot be planned as a seek and scanned every node of each kind; its org
    // filter is left off here, as it would repeat this one).
    const counts = ASSET_KINDS.map(
      (kind) =>
        `MATCH (n:${kind}) WHERE n.ownerOrgId = $orgId AND ${filterClause('n')} RETURN '${kind}' AS kind, count(n) AS count`,
    );
    const { records } = await this.driver.executeQuery(
      `CALL () { ${counts.join(' UNION ALL ')} } WITH kind, count WHERE count > 0 RETURN kind, count`,
      { ...filterParams({ kinds: ASSET_KINDS, orgs: null, statuses: null }), orgId, ...scope },
      READ,
    );
    return records.map((r) => ({ kind: r.get('kind') as AssetKind, count: r.get('count') as number }));
  }
}

type RawHit = Omit<SearchHitRecord, 'nameHighlights' | 'descriptionHighlights'>;

const highlighted = (hit: RawHit, terms: ReturnType<typeof queryTerms>): SearchHitRecord => ({
  ...hit,
  nameHighlights: highlightSpans(hit.name, terms),
  descriptionHighlights: highlightSpans(hit.description, terms),
});

const filterParams = (f: SearchFilters) => ({
  kinds: [...f.kinds],
  orgs: f.orgs && f.orgs.length > 0 ? [...f.orgs] : null,
  statuses: f.statuses && f.statuses.length > 0 ? [...f.statuses] : null,
});
