// Entry point of the lineage subgraph: GraphQL for compliance officers and auditors, and the
// compliance report routes (/api/compliance/...) and OpenLineage (/api/v1/lineage).
import { config } from '../../lib/config.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { assertSchema } from '../../graph-schema/check.js';
import { lineageRoutes } from './routes.js';
import { schema } from './schema/index.js';

await runSubgraph('lineage', schema, config.subgraphs.lineage.port, {
  checkSchema: assertSchema,
  routes: lineageRoutes,
});
