// Imports every type file, then builds the federated subgraph schema.
import { builder } from '../builder.js';
import './external.js';
import './tensor-spec.js';
import './model.js';
import './model-version.js';
import './training-run.js';
import './evaluation.js';
import './training.js';
import './automl.js';
import './training-options.js';
import './dataset.js';

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
