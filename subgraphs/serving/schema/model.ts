// Model is owned by the models subgraph; serving adds what is deployed from it.
import { load } from '../repository/loaders.js';
import { DeploymentStatus } from './deployment-status.js';
import { DeploymentRef, ModelRef } from './refs.js';

ModelRef.implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    deployments: t.field({
      type: [DeploymentRef],
      description: 'Deployments of any version of this model that you may see, newest first.',
      authScopes: { authenticated: true },
      args: { status: t.arg({ type: DeploymentStatus }) },
      resolve: (m, args, ctx) => load.deploymentsOfModel(ctx, m.id, args.status),
    }),
  }),
});
