// Entry point of the models subgraph.
import { config } from '../../lib/config.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { schema } from './schema/index.js';

await runSubgraph('models', schema, config.subgraphs.models.port);
