// Imports every type file, then builds the federated subgraph schema.
import { builder } from '../builder.js';

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
