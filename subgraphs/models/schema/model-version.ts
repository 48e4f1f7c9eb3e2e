import { builder } from '../builder.js';
import { entityQueries } from '../../../lib/subgraph/entity-queries.js';
import { ModelVersionStore } from '../repository/model-version-store.js';
import { load } from '../repository/loaders.js';
import { TrainingStore } from '../repository/training-store.js';
import { notFound } from '../../../lib/subgraph/errors.js';
import { EvaluationRef, ModelRef, ModelVersionRef, TrainingRunRef } from './refs.js';
import { ModelSignatureRef } from './tensor-spec.js';

ModelVersionRef.implement({
  description:
    'An immutable ONNX artifact of a model, stored by sha256 digest, with the signature ONNX Runtime reads from it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    version: t.exposeInt('version'),
    model: t.field({
      type: ModelRef,
      resolve: async (v, _args, ctx) => {
        const model = await load.model(ctx, v.modelId);
        if (!model) throw notFound(`model "${v.modelId}" of version "${v.id}" is not visible`);
        return model;
      },
    }),
    format: t.exposeString('format'),
    framework: t.exposeString('framework', { description: 'Framework of origin before export to ONNX.' }),
    signature: t.field({ type: ModelSignatureRef, resolve: (v) => ({ inputs: v.inputs, outputs: v.outputs }) }),
    metrics: t.field({ type: 'JSON', resolve: (v) => v.metrics }),
    artifactDigest: t.exposeString('artifactDigest', { description: 'sha256 of the ONNX file, hex.' }),
    artifactSize: t.exposeInt('artifactSize', { description: 'Bytes.' }),
    integrity: t.exposeString('integrity', {
      description:
        'VERIFIED: the stored ONNX bytes hashed to artifactDigest when last read (Plinth hashed them itself at registration). TAMPERED: they hash to something else now; MISSING: they are gone. Serving hashes the bytes before every load and refuses bytes that do not match; an audit event records each change.',
    }),
    aliases: t.exposeStringList('aliases'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    trainingRun: t.field({
      type: TrainingRunRef,
      nullable: true,
      description: 'The training run that generated this version, when known.',
      resolve: (v, _args, ctx) => new TrainingStore(ctx.driver).runGenerating(v.id),
    }),
    evaluations: t.field({
      type: [EvaluationRef],
      resolve: (v, _args, ctx) => new TrainingStore(ctx.driver).evaluationsOf(v.id),
    }),
  }),
});

entityQueries(builder, ModelVersionRef, {
  reference: (id, ctx) => load.modelVersion(ctx, id),
  byId: { field: 'modelVersion', resolve: (id, ctx) => new ModelVersionStore(ctx.driver).byId(ctx.identity, id) },
});

builder.mutationField('setModelVersionAlias', (t) =>
  t.field({
    type: ModelVersionRef,
    description:
      'Points an alias (champion, challenger, ...; ^[a-z][a-z0-9-]{0,31}$) at a version, moving it from any sibling version.',
    authScopes: { role: 'data-scientist' },
    args: { versionId: t.arg.id({ required: true }), alias: t.arg.string({ required: true }) },
    resolve: (_root, { versionId, alias }, ctx) =>
      new ModelVersionStore(ctx.driver).setAlias(ctx.identity, versionId, alias),
  }),
);
