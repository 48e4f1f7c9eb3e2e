// Entry point of the knowledge subgraph.
import { config } from '../../lib/config.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { assertSchema } from '../../graph-schema/check.js';
import { schema } from './schema/index.js';
import { warmKnowledge } from './warm.js';

await runSubgraph('knowledge', schema, config.subgraphs.knowledge.port, {
  checkSchema: assertSchema,
  warm: warmKnowledge,
});
