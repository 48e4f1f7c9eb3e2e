// Full-text search over every asset kind (the `asset_search` index, cjk analyzer: Chinese bigrams and
// English words). The user's text is escaped, so it is only ever terms, never Lucene syntax; the
// visibility filter runs inside the same query, so neither hits nor totalCount reveal invisible assets.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { config } from '../../../lib/config.js';
import { Label } from '../../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { datasetProjection, type DatasetRecord } from './dataset-store.js';
import { versionProjection, type DatasetVersionRecord } from './dataset-version-store.js';

/** The labels `asset_search` covers, in the order AssetKind lists them. */
export const ASSET_KINDS = [
  Label.Dataset, Label.DatasetVersion, Label.Model, Label.ModelVersion, Label.Service, Label.Deployment,
  Label.EdgeNode, Label.Cluster, Label.Node, Label.Accelerator,
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

export class SearchStore {
  constructor(private readonly driver: Driver) {}

  async search(viewer: Identity, args: { text: string; kinds: readonly AssetKind[]; offset: number; limit: number }) {
    const { records } = await this.driver.executeQuery(
      `CALL db.index.fulltext.queryNodes('asset_search', $query) YIELD node AS n, score
       WITH n, score, [l IN labels(n) WHERE l IN $kinds][0] AS kind
       WHERE kind IS NOT NULL AND NOT coalesce(n.archived, false) AND ${visibleTo('n')}
       // queryNodes yields best score first (ties in index order) and filtering keeps that order, so no
       // re-sort: on 100k assets sorting ~12k hits cost about a third of the query.
       WITH collect({n: n, score: score, kind: kind}) AS hits
       WITH size(hits) AS total, hits[$offset..($offset + $limit)] AS window
       CALL {
         WITH window
         UNWIND window AS h
         WITH h, h.n AS n
         RETURN collect({
           kind: h.kind, id: n.id, name: n.name, description: n.description, score: h.score,
           dataset: CASE h.kind WHEN '${Label.Dataset}' THEN ${datasetProjection('n')} END,
           datasetVersion: CASE h.kind WHEN '${Label.DatasetVersion}' THEN ${versionProjection('n')} END
         }) AS page
       }
       RETURN total, page`,
      {
        query: luceneQuery(args.text),
        kinds: [...args.kinds],
        offset: args.offset,
        limit: args.limit,
        ...(await viewerScope(this.driver, viewer)),
      },
      { database: config.neo4j.database, routing: 'READ' },
    );
    const record = records[0];
    return {
      total: (record?.get('total') as number | undefined) ?? 0,
      items: (record?.get('page') as SearchHitRecord[] | undefined) ?? [],
    };
  }
}
