// ModelVersion is owned by the models subgraph; compute adds the placement question to it.
import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { PlacementStore } from '../repository/placement-store.js';
import { MAX_PAGE } from '../../../lib/subgraph/connection.js';
import { checkInt } from '../../../lib/subgraph/validate.js';
import { AcceleratorRef } from './refs.js';

export const ModelVersionRef = builder.externalRef(
  'ModelVersion',
  builder.selection<{ id: string }>('id'),
  // The same visibility rule as every other read: an invisible version resolves to null.
  ({ id }, ctx) => load.modelVersionRef(ctx, id),
);

ModelVersionRef.implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    compatibleAccelerators: t.field({
      type: [AcceleratorRef],
      description:
        'Accelerators you may see, in service, that can run this ONNX version: an ONNX Runtime execution provider and memoryMb ' +
        'at least twice the artifact size. Most preferred first: TensorRT GPUs, CUDA GPUs, other GPUs, NPUs, FPGAs, CPUs.',
      authScopes: { authenticated: true },
      args: { first: t.arg.int({ defaultValue: 20 }) },
      resolve: (mv, args, ctx) =>
        new PlacementStore(ctx.driver).compatibleAccelerators(
          ctx.identity,
          mv.id,
          checkInt(args.first ?? 20, 'first', 1, MAX_PAGE)!,
        ),
    }),
  }),
});
