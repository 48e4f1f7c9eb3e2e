// Other subgraphs' entities, referenced by key only: the owning subgraph resolves their fields (and
// applies the visibility rule again in its resolveReference). Not resolvable here.
import { builder } from '../builder.js';

const stub = (name: string) =>
  builder.externalRef(name, builder.keyDirective(builder.selection<{ id: string }>('id'), false)).implement({
    fields: (t) => ({ id: t.exposeID('id') }),
  });

export const ModelStub = stub('Model');
export const ModelVersionStub = stub('ModelVersion');
export const ServiceStub = stub('Service');
export const DeploymentStub = stub('Deployment');
export const ClusterStub = stub('Cluster');
export const NodeStub = stub('Node');
export const AcceleratorStub = stub('Accelerator');
export const EdgeNodeStub = stub('EdgeNode');
