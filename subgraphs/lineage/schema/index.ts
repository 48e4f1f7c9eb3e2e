// Imports every type file, then builds the federated subgraph schema.
import { builder } from '../builder.js';
import './lineage-node.js';
import './lineage.js';
import './audit-event.js';
import './entities.js';

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
