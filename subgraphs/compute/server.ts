// Entry point of the compute subgraph.
import { config } from '../../lib/config.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { assertSchema } from '../../graph-schema/check.js';
import { schema } from './schema/index.js';

await runSubgraph('compute', schema, config.subgraphs.compute.port, { checkSchema: assertSchema });
