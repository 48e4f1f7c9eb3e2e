// This subgraph's batched reads, one loader per kind per request (lib/subgraph/loaders.ts): entity
// references and nested fields of many parents cost one query per kind, visibility inside it.
// Orgs are not here: OrgStore already batches and caches them for every request (they are not secret).
import { alignById } from '../../../lib/graph/batch.js';
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { DatasetStore } from './dataset-store.js';
import { DatasetVersionStore } from './dataset-version-store.js';

export const load = {
  dataset: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('Dataset', id, (ids) => new DatasetStore(ctx.driver).byIds(ctx.identity, ids)),
  datasetVersion: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('DatasetVersion', id, async (ids) =>
      alignById(ids, await new DatasetVersionStore(ctx.driver).byIds(ctx.identity, ids)),
    ),
  datasetVersionProfile: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('DatasetVersion.profile', id, (ids) =>
      new DatasetVersionStore(ctx.driver).profiles(ctx.identity, ids),
    ),
};
