// Imports every type file, then builds the federated subgraph schema.
import { builder } from '../builder.js';
import './org.js';
import './viewer.js';
import './external.js';
import './dataset.js';
import './dataset-version.js';
import './dataset-rows.js';
import './dataset-import.js';
import './recipe.js';
import './labeling-project.js';
import './labeling-task.js';
import './annotation.js';
import './label-suggestion.js';
import './labeling-snapshot.js';
import './labeling-transfer.js';
import './labeling-pre-annotation.js';
import './labeling-active.js';
import './search.js';

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
