import { builder } from '../builder.js';
import {
  ASSET_KINDS,
  MAX_QUERY_LENGTH,
  SearchStore,
  type AssetKind,
  type SearchHitRecord,
} from '../repository/search-store.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { defineConnection, pageSize } from '../../../lib/subgraph/connection.js';
import { decodeSearchCursor, encodeSearchCursor } from '../../../lib/subgraph/cursor.js';
import { Label } from '../../../lib/graph/ontology.js';
import { DatasetRef } from './dataset.js';
import { DatasetVersionRef } from './dataset-version.js';
import {
  AcceleratorStub,
  ClusterStub,
  DeploymentStub,
  EdgeNodeStub,
  ModelStub,
  ModelVersionStub,
  NodeStub,
  ServiceStub,
} from './external.js';

/** GraphQL enum name (DATASET_VERSION) for each label (DatasetVersion). */
const enumName = (label: string): string => label.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export const AssetKindEnum = builder.enumType('AssetKind', {
  description: 'The kinds of asset that search covers.',
  values: Object.fromEntries(ASSET_KINDS.map((label) => [enumName(label), { value: label }])) as Record<
    string,
    { value: AssetKind }
  >,
});

const stubFor = (kind: AssetKind) => (hit: SearchHitRecord) => (hit.kind === kind ? { id: hit.id } : null);

const SearchHitRef = builder.objectRef<SearchHitRecord>('SearchHit').implement({
  description: 'One search result. Exactly one of the typed fields is set, the one matching `kind`.',
  fields: (t) => ({
    kind: t.field({ type: AssetKindEnum, resolve: (h) => h.kind }),
    id: t.exposeID('id'),
    name: t.string({ nullable: true, resolve: (h) => h.name }),
    description: t.string({ nullable: true, resolve: (h) => h.description }),
    score: t.exposeFloat('score', { description: 'Relevance; higher is better. Comparable within one search only.' }),
    dataset: t.field({ type: DatasetRef, nullable: true, resolve: (h) => h.dataset }),
    datasetVersion: t.field({ type: DatasetVersionRef, nullable: true, resolve: (h) => h.datasetVersion }),
    model: t.field({ type: ModelStub, nullable: true, resolve: stubFor(Label.Model) }),
    modelVersion: t.field({ type: ModelVersionStub, nullable: true, resolve: stubFor(Label.ModelVersion) }),
    service: t.field({ type: ServiceStub, nullable: true, resolve: stubFor(Label.Service) }),
    deployment: t.field({ type: DeploymentStub, nullable: true, resolve: stubFor(Label.Deployment) }),
    cluster: t.field({ type: ClusterStub, nullable: true, resolve: stubFor(Label.Cluster) }),
    node: t.field({ type: NodeStub, nullable: true, resolve: stubFor(Label.Node) }),
    accelerator: t.field({ type: AcceleratorStub, nullable: true, resolve: stubFor(Label.Accelerator) }),
    edgeNode: t.field({ type: EdgeNodeStub, nullable: true, resolve: stubFor(Label.EdgeNode) }),
  }),
});

const SearchHitConnection = defineConnection(builder, 'SearchHit', SearchHitRef);

builder.queryField('search', (t) =>
  t.field({
    type: SearchHitConnection,
    description:
      'Full-text search over names, descriptions and tags of every asset kind you may see, in Chinese or English, best match first. ' +
      'The text is taken literally (no query syntax). Archived assets are left out.',
    authScopes: { authenticated: true },
    args: {
      query: t.arg.string({ required: true }),
      kinds: t.arg({ type: [AssetKindEnum], description: 'Only these kinds; all when omitted.' }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const text = args.query.trim();
      if (text.length === 0) throw badInput('query must not be empty', 'query');
      if (text.length > MAX_QUERY_LENGTH)
        throw badInput(`query must be at most ${MAX_QUERY_LENGTH} characters`, 'query');
      const kinds = args.kinds && args.kinds.length > 0 ? args.kinds : ASSET_KINDS;
      const first = pageSize(args.first);
      const after = args.after ? decodeSearchCursor(args.after) : null;
      const page = await new SearchStore(ctx.driver).search(ctx.identity, { text, kinds, first, after });
      const edges = page.items.map((node, i) => ({ cursor: encodeSearchCursor(page.positions[i]!), node }));
      // Counting every match reads the whole ranking: only for requests that select totalCount.
      return {
        edges,
        totalCount: page.count,
        pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  }),
);
