// Process entry shared by every subgraph: check the graph schema, serve, stop cleanly on a signal.
import type { GraphQLSchema } from 'graphql';
import { closeDriver, getDriver } from '../graph/driver.js';
import { createLogger } from '../logger.js';
import { assertSchema } from '../../graph-schema/check.js';
import { startSubgraph, type SubgraphRoutes } from './server.js';

export async function runSubgraph(name: string, schema: GraphQLSchema, port: number, extra: { routes?: SubgraphRoutes } = {}): Promise<void> {
  const log = createLogger(name);
  const driver = getDriver();
  try {
    await assertSchema(driver);
    const server = await startSubgraph({ name, schema, driver, port, routes: extra.routes });
    log.info(`${name} subgraph ready at ${server.url}`);
    const shutdown = async (): Promise<void> => {
      await server.stop();
      await closeDriver();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
  } catch (error) {
    log.error(`${name} subgraph failed to start: ${(error as Error).message}`);
    await closeDriver();
    process.exit(1);
  }
}
