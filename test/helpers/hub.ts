// Starts the assets subgraph and the gateway in this process on free ports, against the real stack.
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../../lib/graph/driver.js';
import { startSubgraph, type RunningServer } from '../../lib/subgraph/server.js';
import { startGateway, type RunningGateway } from '../../gateway/app.js';
import { migrate } from '../../graph-schema/migrate.js';
import { subgraphs } from '../../subgraphs/index.js';

export interface Hub {
  driver: Driver;
  /** The assets subgraph, reached directly (for tests of direct access). */
  assets: RunningServer;
  subgraphs: Record<string, RunningServer>;
  gateway: RunningGateway;
  close(): Promise<void>;
}

/** `driver`: one of the caller's (e.g. made with createDriver's onQuery counter); closed with the hub. */
export async function startHub(options: { driver?: Driver; portalClientId?: string } = {}): Promise<Hub> {
  const driver = options.driver ?? createDriver();
  await migrate(driver);
  const running: Record<string, RunningServer> = {};
  for (const s of subgraphs)
    running[s.name] = await startSubgraph({ name: s.name, schema: s.schema, driver, port: 0, routes: s.routes });
  const gateway = await startGateway({
    port: 0,
    portalClientId: options.portalClientId,
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

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  options: { token?: string; variables?: Record<string, unknown> } = {},
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const text = await res.text();
  let body: GraphQLResponse<T>['body'];
  try {
    body = JSON.parse(text) as GraphQLResponse<T>['body'];
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: res.status, body };
}
