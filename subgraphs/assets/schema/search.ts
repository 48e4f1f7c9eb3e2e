import { builder } from '../builder.js';
import {
  ASSET_KINDS,
  ASSET_STATUSES,
  MAX_QUERY_LENGTH,
  SearchStore,
  type AssetKind,
  type SearchHitRecord,
  type TextSpan,
} from '../repository/search-store.js';
import { OrgStore } from '../repository/org-store.js';
import { OrgRef } from './org.js';
import { badInput } from '../../../lib/subgraph/errors.js';
import { defineConnection, pageSize } from '../../../lib/subgraph/connection.js';
import {
  decodeKeysetCursor,
  decodeSearchCursor,
  encodeKeysetCursor,
  encodeSearchCursor,
} from '../../../lib/subgraph/cursor.js';
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

export const AssetStatusEnum = builder.enumType('AssetStatus', {
  description:
    "What search can filter on. ACTIVE: not archived; ARCHIVED: archived (any kind). The others are a kind's own " +
    'state: deployment status (PENDING, READY, FAILED, STOPPED), edge node status (ONLINE, OFFLINE, MAINTENANCE, ' +
    'UNKNOWN), dataset version integrity (VERIFIED, UNVERIFIED, TAMPERED, MISSING).',
  values: ASSET_STATUSES,
});

const TextSpanRef = builder.objectRef<TextSpan>('TextSpan').implement({
  description: 'A run of matched text: start and length in UTF-16 code units, as JavaScript indexes strings.',
  fields: (t) => ({ start: t.exposeInt('start'), length: t.exposeInt('length') }),
});

const stubFor = (kind: AssetKind) => (hit: SearchHitRecord) => (hit.kind === kind ? { id: hit.id } : null);

const SearchHitRef = builder.objectRef<SearchHitRecord>('SearchHit').implement({
  description: 'One search result. Exactly one of the typed fields is set, the one matching `kind`.',
  fields: (t) => ({
    kind: t.field({ type: AssetKindEnum, resolve: (h) => h.kind }),
    id: t.exposeID('id'),
    name: t.string({ nullable: true, resolve: (h) => h.name }),
    description: t.string({ nullable: true, resolve: (h) => h.description }),
    score: t.exposeFloat('score', {
      description: 'Relevance; higher is better. Comparable within one search only; 0 when browsing (empty query).',
    }),
    archived: t.exposeBoolean('archived'),
    status: t.string({
      nullable: true,
      description:
        "The kind's own state: deployment or edge node status, dataset version integrity; null for other kinds.",
      resolve: (h) => h.status,
    }),
    ownerOrg: t.field({
      type: OrgRef,
      nullable: true,
      resolve: async (h, _args, ctx) =>
        h.ownerOrgId ? ((await new OrgStore(ctx.driver).byIds([h.ownerOrgId]))[0] ?? null) : null,
    }),
    parentId: t.id({
      nullable: true,
      description: 'For a dataset or model version: the dataset or model it belongs to.',
      resolve: (h) => h.parentId,
    }),
    createdAt: t.string({ nullable: true, resolve: (h) => h.createdAt }),
    nameHighlights: t.field({
      type: [TextSpanRef],
      description: "Where the query's terms occur in `name` (as the full-text analyzer split them).",
      resolve: (h) => h.nameHighlights,
    }),
    descriptionHighlights: t.field({
      type: [TextSpanRef],
      description: "Where the query's terms occur in `description`.",
      resolve: (h) => h.descriptionHighlights,
    }),
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
      'The text is taken literally (no query syntax). An empty query browses: the newest assets first. ' +
      'Archived assets are left out unless `statuses` asks for ARCHIVED.',
    authScopes: { authenticated: true },
    args: {
      query: t.arg.string({ required: true }),
      kinds: t.arg({ type: [AssetKindEnum], description: 'Only these kinds; all when omitted.' }),
      orgs: t.arg.idList({ description: 'Only assets owned by one of these orgs (not the orgs below them).' }),
      statuses: t.arg({
        type: [AssetStatusEnum],
        description: 'Only assets in one of these states; every asset that is not archived when omitted.',
      }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: async (_root, args, ctx) => {
      const text = args.query.trim();
      if (text.length > MAX_QUERY_LENGTH)
        throw badInput(`query must be at most ${MAX_QUERY_LENGTH} characters`, 'query');
      const filters = {
        kinds: args.kinds && args.kinds.length > 0 ? args.kinds : ASSET_KINDS,
        orgs: args.orgs ?? null,
        statuses: args.statuses ?? null,
      };
      const first = pageSize(args.first);
      const store = new SearchStore(ctx.driver);
      if (text.length === 0) {
        const page = await store.browse(ctx.identity, {
          ...filters,
          first,
          after: args.after ? decodeKeysetCursor(args.after) : null,
        });
        const edges = page.items.map((node, i) => ({ cursor: encodeKeysetCursor(page.keys[i]!), node }));
        return {
          edges,
          totalCount: page.count,
          pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null },
        };
      }
      // A cursor holds a rank among hits the viewer may not see: it is sealed to this viewer and this search.
      const scope = { viewer: ctx.identity.sub, search: [text, filters.kinds, filters.orgs, filters.statuses] };
      const after = args.after ? decodeSearchCursor(args.after, scope) : null;
      const page = await store.search(ctx.identity, { ...filters, text, first, after });
      const edges = page.items.map((node, i) => ({ cursor: encodeSearchCursor(page.positions[i]!, scope), node }));
      // Counting every match reads the whole ranking: only for requests that select totalCount.
      return {
        edges,
        totalCount: page.count,
        pageInfo: { hasNextPage: page.hasMore, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  }),
);

const AssetKindCountRef = builder.objectRef<{ kind: AssetKind; count: number }>('AssetKindCount').implement({
  fields: (t) => ({ kind: t.field({ type: AssetKindEnum, resolve: (c) => c.kind }), count: t.exposeInt('count') }),
});

builder.objectField(OrgRef, 'assetCounts', (t) =>
  t.field({
    type: [AssetKindCountRef],
    description:
      'How many assets of each kind this org owns that you may see (archived left out; kinds with none omitted). ' +
      'List them with search(query: "", orgs: [id], kinds: [kind]).',
    resolve: (org, _args, ctx) => new SearchStore(ctx.driver).countsByOwner(ctx.identity, org.id),
  }),
);
