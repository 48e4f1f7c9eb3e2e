// Refs of the serving subgraph's own types and of the entities it extends, declared apart from their
// implementations so the type files can refer to each other without import cycles.
import { builder } from '../builder.js';
import type { DeploymentRecord } from '../repository/deployment-store.js';
import { RefStore } from '../repository/refs-store.js';
import type { ServiceRecord } from '../repository/service-store.js';
import { Label } from '../../../lib/graph/ontology.js';

export const ServiceRef = builder.objectRef<ServiceRecord>('Service');
export const DeploymentRef = builder.objectRef<DeploymentRecord>('Deployment');

const key = builder.selection<{ id: string }>('id');

// Owned by other subgraphs. Their references obey the visibility rule here too: null when invisible.
export const ModelRef = builder.externalRef('Model', key, ({ id }, ctx) => new RefStore(ctx.driver).visible(ctx.identity, Label.Model, id));
export const ModelVersionRef = builder.externalRef('ModelVersion', key, ({ id }, ctx) =>
  new RefStore(ctx.driver).visible(ctx.identity, Label.ModelVersion, id),
);
export const AcceleratorRef = builder.externalRef('Accelerator', key, ({ id }, ctx) =>
  new RefStore(ctx.driver).visible(ctx.identity, Label.Accelerator, id),
);
