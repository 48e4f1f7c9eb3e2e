// Accelerator is owned by the compute subgraph; serving adds what runs on it.
import { load } from '../repository/loaders.js';
import { DeploymentStatus } from './deployment-status.js';
import { AcceleratorRef, DeploymentRef } from './refs.js';

AcceleratorRef.implement({
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.exposeID('id'),
    deployments: t.field({
      type: [DeploymentRef],
      description: 'What runs on this accelerator: deployments you may see, newest first.',
      authScopes: { authenticated: true },
      args: { status: t.arg({ type: DeploymentStatus }) },
      resolve: (a, args, ctx) => load.deploymentsOnAccelerator(ctx, a.id, args.status),
    }),
  }),
});
