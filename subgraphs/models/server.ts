// Entry point of the models subgraph: GraphQL plus the artifact upload route.
import { config } from '../../lib/config.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { assertSchema } from '../../graph-schema/check.js';
import { schema } from './schema/index.js';
import { modelRoutes } from './upload/route.js';

await runSubgraph('models', schema, config.subgraphs.models.port, { checkSchema: assertSchema, routes: modelRoutes });
