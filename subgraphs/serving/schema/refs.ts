// Refs of the serving subgraph's own types and of the entities it extends, declared apart from their
// implementations so the type files can refer to each other without import cycles.
import { selectsField } from '../../../lib/subgraph/selection.js';
import { builder } from '../builder.js';
import type { DeploymentRecord } from '../repository/deployment-store.js';
import { load } from '../repository/loaders.js';
import type { ServiceRecord } from '../repository/service-store.js';

export const ServiceRef = builder.objectRef<ServiceRecord>('Service');
export const DeploymentRef = builder.objectRef<DeploymentRecord>('Deployment');

const key = builder.selection<{ id: string }>('id');

// Owned by other subgraphs. Their references obey the visibility rule here too: null when invisible.
// Batched per request (repository/loaders.ts).
export const ModelRef = builder.externalRef('Model', key, ({ id }, ctx) => load.modelRef(ctx, id));
// A version's deployments, when asked for, are read by the same query as its reference check.
export const ModelVersionRef = builder.externalRef('ModelVersion', key, ({ id }, ctx, info) =>
  selectsField(info, 'ModelVersion', 'deployments')
    ? load.modelVersionRefWithDeployments(ctx, id)
    : load.modelVersionRef(ctx, id),
);
export const AcceleratorRef = builder.externalRef('Accelerator', key, ({ id }, ctx) => load.acceleratorRef(ctx, id));
