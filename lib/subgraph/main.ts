// Process entry shared by every subgraph: check the graph schema, serve, stop cleanly on a signal.
// The check is passed in (graph-schema/check.ts's assertSchema) because lib/ sits below graph-schema/
// and may not import it; it is required, so no subgraph can start without it.
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { closeDriver, getDriver } from '../graph/driver.js';
import { createLogger } from '../logger.js';
import { startSubgraph, type SubgraphRoutes, type SubgraphWarmUp } from './server.js';

export interface SubgraphStart {
  /** Throws when the graph lacks a constraint or index the ontology declares. */
  checkSchema: (driver: Driver) => Promise<void>;
  routes?: SubgraphRoutes;
  /** Run before the subgraph listens (see SubgraphWarmUp). */
  warm?: SubgraphWarmUp;
}

/** A subgraph without a warm-up of its own still fetches the realm's keys before it listens. */
const tokensOnly: SubgraphWarmUp = async () => 'nothing of its own';

export async function runSubgraph(
  name: string,
  schema: GraphQLSchema,
  port: number,
  start: SubgraphStart,
): Promise<void> {
  const log = createLogger(name);
  const driver = getDriver();
  try {
    await start.checkSchema(driver);
    const server = await startSubgraph({
      name,
      schema,
      driver,
      port,
      routes: start.routes,
      warm: start.warm ?? tokensOnly,
    });
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
