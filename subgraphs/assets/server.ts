// Entry point of the assets subgraph.
import { config } from '../../lib/config.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { assertSchema } from '../../graph-schema/check.js';
import { schema } from './schema/index.js';
import { assetRoutes } from './upload/route.js';

await runSubgraph('assets', schema, config.subgraphs.assets.port, { checkSchema: assertSchema, routes: assetRoutes });
