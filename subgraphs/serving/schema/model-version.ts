// ModelVersion is owned by the models subgraph; serving adds where it is deployed.
import { load } from '../repository/loaders.js';
import { DeploymentStatus } from './deployment-status.js';
import { DeploymentRef, ModelVersionRef } from './refs.js';

ModelVersionRef.implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    deployments: t.field({
      type: [DeploymentRef],
      description: 'Deployments of this version that you may see, newest first.',
      authScopes: { authenticated: true },
      args: { status: t.arg({ type: DeploymentStatus }) },
      resolve: (mv, args, ctx) => load.deploymentsOfModelVersion(ctx, mv.id, args.status),
    }),
  }),
});
