// Entry point of the serving subgraph.
import { config } from '../../lib/config.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { schema } from './schema/index.js';

await runSubgraph('serving', schema, config.subgraphs.serving.port);
