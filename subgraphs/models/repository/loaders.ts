// This subgraph's batched reads, one loader per kind per request (lib/subgraph/loaders.ts): entity
// references and nested fields of many parents cost one query per kind, visibility inside it.
import type { SubgraphContext } from '../../../lib/subgraph/context.js';
import { ModelStore } from './model-store.js';
import { ModelVersionStore } from './model-version-store.js';
import { TrainingStore } from './training-store.js';
import type { ModelVersionRecord } from '../../../domain/models/records.js';

const versionsBatch = (ctx: SubgraphContext) => (ids: readonly string[]) =>
  new ModelVersionStore(ctx.driver).ofModels(ids);

export const load = {
  model: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('Model', id, (ids) => new ModelStore(ctx.driver).byIds(ctx.identity, ids)),
  modelVersion: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('ModelVersion', id, (ids) => new ModelVersionStore(ctx.driver).byIds(ctx.identity, ids)),
  /** Versions of a model the caller already sees, oldest first. */
  versionsOf: (ctx: SubgraphContext, modelId: string) =>
    ctx.loaders.load('Model.versions', modelId, versionsBatch(ctx)),
  /** What versionsOf would answer for `modelId`, read with a page of models: the field then costs no query. */
  primeVersions: (ctx: SubgraphContext, modelId: string, versions: ModelVersionRecord[]) =>
    ctx.loaders.prime('Model.versions', modelId, versions, versionsBatch(ctx)),
  /** Orgs a model the caller already sees is shared with. */
  sharedWith: (ctx: SubgraphContext, modelId: string) =>
    ctx.loaders.load('Model.sharedWith', modelId, (ids) => new ModelStore(ctx.driver).sharedWithOrgsOf(ids)),
  trainingRun: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('TrainingRun', id, (ids) => new TrainingStore(ctx.driver).runsByIds(ctx.identity, ids)),
  evaluation: (ctx: SubgraphContext, id: string) =>
    ctx.loaders.load('Evaluation', id, (ids) => new TrainingStore(ctx.driver).evaluationsByIds(ctx.identity, ids)),
};
