// Entry point of the serving subgraph: GraphQL, the Open Inference Protocol and /metrics. At start it
// records which execution providers this host really has and resumes the deployments it should serve.
import { config } from '../../lib/config.js';
import { getDriver } from '../../lib/graph/driver.js';
import { createLogger } from '../../lib/logger.js';
import { runSubgraph } from '../../lib/subgraph/main.js';
import { assertSchema } from '../../graph-schema/check.js';
import { recordHostProviders, restoreDeployments } from './inference/host.js';
import { servingRoutes } from './inference/routes.js';
import { schema } from './schema/index.js';

const log = createLogger('serving');
await runSubgraph('serving', schema, config.subgraphs.serving.port, {
  checkSchema: assertSchema,
  routes: servingRoutes,
});
try {
  const providers = await recordHostProviders(getDriver());
  log.info(`execution providers on this host: ${providers.join(', ')}`);
  const resumed = await restoreDeployments(getDriver());
  if (resumed > 0) log.info(`resumed ${resumed} deployment(s)`);
} catch (error) {
  log.error(`could not resume deployments: ${(error as Error).message}`);
}
