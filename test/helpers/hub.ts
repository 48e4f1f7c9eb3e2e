// Starts the assets subgraph and the gateway in this process on free ports, against the real stack.
import type { Driver } from 'neo4j-driver';
import { createDriver } from '../../lib/graph/driver.js';
import { startSubgraph, type RunningServer } from '../../lib/subgraph/server.js';
import { startGateway, type RunningGateway } from '../../gateway/app.js';
import { migrate } from '../../graph-schema/migrate.js';
import { schema as assetsSchema } from '../../subgraphs/assets/schema/index.js';

export interface Hub {
  driver: Driver;
  assets: RunningServer;
  gateway: RunningGateway;
  close(): Promise<void>;
}

export async function startHub(): Promise<Hub> {
  const driver = createDriver();
  await migrate(driver);
  const assets = await startSubgraph({ name: 'assets', schema: assetsSchema, driver, port: 0 });
  const gateway = await startGateway({ port: 0, subgraphUrls: { assets: assets.url } });
  return {
    driver,
    assets,
    gateway,
    close: async () => {
      await gateway.stop();
      await assets.stop();
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
  const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables }) });
  const text = await res.text();
  let body: GraphQLResponse<T>['body'];
  try {
    body = JSON.parse(text) as GraphQLResponse<T>['body'];
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: res.status, body };
}
