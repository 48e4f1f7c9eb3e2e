// Plinth's API in this process on free ports (every subgraph and the gateway) against the real stack:
// what the browser tests, the portal bench and other tests start instead of `npm start`'s processes. Run
// directly, it starts one and prints the gateway URL.
import { pathToFileURL } from 'node:url';
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../lib/graph/driver.js';
import { startSubgraph, type RunningServer } from '../lib/subgraph/server.js';
import { startGateway, type RunningGateway } from '../gateway/app.js';
import { migrate } from '../graph-schema/migrate.js';
import { subgraphs } from '../subgraphs/index.js';

export interface Hub {
  driver: Driver;
  /** The assets subgraph, reached directly (for tests of direct access). */
  assets: RunningServer;
  subgraphs: Record<string, RunningServer>;
  gateway: RunningGateway;
  close(): Promise<void>;
}

/** `driver`: one of the caller's (e.g. made with createDriver's onQuery counter); closed with the hub. */
/**
 * `warm`: run the subgraphs' warm-up before listening, as `npm start` does (subgraphs/knowledge/warm.ts: a few
 * seconds); off by default, since most tests never ask the knowledge subgraph anything.
 */
export async function startHub(
  options: { driver?: Driver; portalClientId?: string; warm?: boolean } = {},
): Promise<Hub> {
  const driver = options.driver ?? createDriver();
  await migrate(driver);
  const running: Record<string, RunningServer> = {};
  for (const s of subgraphs)
    running[s.name] = await startSubgraph({
      name: s.name,
      schema: s.schema,
      driver,
      port: 0,
      routes: s.routes,
      warm: options.warm ? s.warm : undefined,
    });
  const gateway = await startGateway({
    port: 0,
    portalClientId: options.portalClientId,
    warm: options.warm ?? false,
    subgraphUrls: Object.fromEntries(Object.entries(running).map(([name, server]) => [name, server.url])),
  });
  return {
    driver,
    assets: running.assets!,
    subgraphs: running,
    gateway,
    close: async () => {
      await gateway.stop();
      await Promise.all(Object.values(running).map((s) => s.stop()));
      await driver.close();
    },
  };
}

// Run directly (`npx tsx scripts/hub.ts`): a hub on free ports, warmed as `npm start` warms, until Ctrl-C.
// Importing this module (the tests do) starts nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const hub = await startHub({ warm: true });
  console.log(`gateway: ${hub.gateway.url}`);
  for (const [name, s] of Object.entries(hub.subgraphs)) console.log(`  ${name}: ${s.url}`);
  console.log('Ctrl-C stops it.');
  const stop = (): void => {
    hub.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
