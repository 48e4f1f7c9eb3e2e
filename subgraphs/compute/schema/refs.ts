// Object refs of the compute subgraph's own types, declared apart from their implementations so
// the type files can refer to each other without import cycles.
import { builder } from '../builder.js';
import type { AcceleratorRecord } from '../repository/accelerator-store.js';
import type { ClusterRecord } from '../repository/cluster-store.js';
import type { EdgeNodeRecord } from '../repository/edge-node-store.js';
import type { NodeRecord } from '../repository/node-store.js';

export const ClusterRef = builder.objectRef<ClusterRecord>('Cluster');
export const NodeRef = builder.objectRef<NodeRecord>('Node');
export const AcceleratorRef = builder.objectRef<AcceleratorRecord>('Accelerator');
export const EdgeNodeRef = builder.objectRef<EdgeNodeRecord>('EdgeNode');
