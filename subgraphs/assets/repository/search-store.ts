// Full-text search over every asset kind (the `asset_search` index, cjk analyzer: Chinese bigrams and
// English words). The user's text is escaped, so it is only ever terms, never Lucene syntax; the
// visibility filter runs inside the same query, so neither hits nor totalCount reveal invisible assets.
// Pages are read from the index's ranking a window at a time (see SearchStore.search).
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { READ, int } from '../../../lib/graph/asset-store.js';
import type { SearchPosition } from '../../../lib/subgraph/cursor.js';
import { Label } from '../../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
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

export interface SearchHitRecord {
  kind: AssetKind;
  id: string;
  name: string | null;
  description: string | null;
  score: number;
  dataset: DatasetRecord | null;
  datasetVersion: DatasetVersionRecord | null;
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

/** A page of hits, each with its position (for cursors), whether more follow, and a lazy exact count. */
export interface SearchPage {
  items: SearchHitRecord[];
  positions: SearchPosition[];
  hasMore: boolean;
  count: () => Promise<number>;
}

// The first read asks the index for a few times the hits a page needs (a branch sees a fraction of
// them); each further read, only when too few were visible, asks for GROWTH times more.
const FIRST_READ = 4;
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
    args: { text: string; kinds: readonly AssetKind[]; first: number; after: SearchPosition | null },
  ): Promise<SearchPage> {
    const scope = await viewerScope(this.driver, viewer);
    const base = { query: luceneQuery(args.text), kinds: [...args.kinds], ...scope };
    const visible = `[l IN labels(n) WHERE l IN $kinds][0] IS NOT NULL AND NOT coalesce(n.archived, false) AND ${visibleTo('n')}`;
    const wanted = args.first + 1;
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
           RETURN collect({
             kind: kind, id: n.id, name: n.name, description: n.description, score: score, raw: $skip + i,
             dataset: CASE kind WHEN '${Label.Dataset}' THEN ${datasetProjection('n')} END,
             datasetVersion: CASE kind WHEN '${Label.DatasetVersion}' THEN ${versionProjection('n')} END
           }) AS hits
         }
         RETURN size(window) AS read, hits`,
        { ...base, skip: int(skip), limit: int(limit), need: int(wanted - found.length) },
        READ,
      );
      const read = (records[0]?.get('read') as number | undefined) ?? 0;
      // Sorted again here: Cypher does not promise that collect keeps the order of the WITH before it.
      const hits = ((records[0]?.get('hits') as (SearchHitRecord & { raw: number })[] | undefined) ?? []).sort(
        (x, y) => x.raw - y.raw,
      );
      found.push(...hits);
      if (found.length >= wanted || read < limit) break;
      skip += read;
      limit *= GROWTH;
    }
    const page = found.slice(0, args.first);
    const start = args.after ? args.after.visible + 1 : 0;
    const count = async (): Promise<number> => {
      const result = await this.driver.executeQuery(
        `CALL db.index.fulltext.queryNodes('asset_search', $query) YIELD node AS n WHERE ${visible} RETURN count(n) AS total`,
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
}
