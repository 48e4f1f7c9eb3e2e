// Imports every type file, then builds the federated subgraph schema.
import { builder } from '../builder.js';
import './org.js';
import './cluster.js';
import './node.js';
import './accelerator.js';
import './edge-node.js';
import './edge-assignment.js';
import './model-version.js';

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
