// Entry point of the assets subgraph: checks the graph schema, then serves.
import { config } from '../../lib/config.js';
import { closeDriver, getDriver } from '../../lib/graph/driver.js';
import { createLogger } from '../../lib/logger.js';
import { startSubgraph } from '../../lib/subgraph/server.js';
import { assertSchema } from '../../graph-schema/check.js';
import { schema } from './schema/index.js';

const log = createLogger('assets');
const driver = getDriver();
try {
  await assertSchema(driver);
  const server = await startSubgraph({ name: 'assets', schema, driver, port: config.subgraphs.assets.port });
  log.info(`assets subgraph ready at ${server.url}`);
  const shutdown = async (): Promise<void> => {
    await server.stop();
    await closeDriver();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
} catch (error) {
  log.error(`assets subgraph failed to start: ${(error as Error).message}`);
  await closeDriver();
  process.exit(1);
}
