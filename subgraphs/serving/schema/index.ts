// Imports every type file, then builds the federated subgraph schema.
import { builder } from '../builder.js';
import './org.js';
import './model.js';
import './model-version.js';
import './accelerator.js';
import './deployment.js';
import './service.js';
import './predict.js';
import './ocr.js';
import './deployment-request.js';
import './deployment-request-list.js';
import './edge-rollout.js';
import './operations.js';

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
