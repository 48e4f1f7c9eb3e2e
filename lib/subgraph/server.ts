// Runs one subgraph on @apollo/server. Every request must carry a valid Keycloak access token:
// the subgraph verifies it itself, so reaching it around the gateway yields a 401 and no data.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { createLogger } from '../logger.js';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { bearerToken, verifyAccessToken } from '../auth/verify-token.js';
import type { SubgraphContext } from './context.js';
import { config } from '../config.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable, unauthenticated } from './errors.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';

/**
 * Extra HTTP routes a subgraph serves beside GraphQL (e.g. the models subgraph's artifact upload).
 * They are registered before the GraphQL handler and do their own authentication.
 */
export type SubgraphRoutes = (app: express.Express, deps: { driver: Driver }) => void;

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

export async function startSubgraph(options: {
  name: string;
  schema: GraphQLSchema;
  driver: Driver;
  port: number;
  host?: string;
  routes?: SubgraphRoutes;
}): Promise<RunningServer> {
  const log = createLogger(options.name);
  // Subgraphs with extra routes run on Express; the others keep the standalone server.
  const httpServer = options.routes ? createServer() : undefined;
  const server = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    // Bearer tokens are never sent by a browser on its own, so CSRF protection adds nothing here.
    csrfPrevention: false,
    introspection: true,
    // No Apollo Studio here: skip building federated traces on every request.
    // No HTTP caching of GraphQL answers (they depend on the caller's org), so no per-field cache-control
    // hooks: Apollo's default plugin wraps every resolver, ~15% of a lineage walk's CPU.
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), ...(httpServer ? [ApolloServerPluginDrainHttpServer({ httpServer })] : [])],
    includeStacktraceInErrorResponses: false,
    // Unexpected errors (driver, bugs) are logged with a reference and masked: callers learn that
    // something failed and which reference to quote, never database internals.
    formatError: (formatted, error) => {
      const code = formatted.extensions?.code;
      if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
      // Neo4j down is not a bug to quote a reference for: say so, so clients retry (the driver fails fast).
      if (isGraphUnavailable(error)) return { message: GRAPH_UNAVAILABLE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      const reference = randomUUID();
      log.error(`internal error ${reference}: ${(unwrapResolverError(error) as Error).message}`, { path: formatted.path });
      return { message: `internal error; reference ${reference}`, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', reference } };
    },
  });
  const context = async ({ req }: { req: { headers: { authorization?: string } } }): Promise<SubgraphContext> => {
    try {
      const identity = await verifyAccessToken(bearerToken(req.headers.authorization));
      return { identity, driver: options.driver };
    } catch (error) {
      throw unauthenticated(`${options.name} subgraph: ${(error as Error).message}`);
    }
  };
  if (httpServer && options.routes) {
    await server.start();
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    options.routes(app, { driver: options.driver });
    app.use(express.json({ limit: '50mb' }), expressMiddleware(server, { context }));
    httpServer.on('request', app);
    const host = options.host ?? config.subgraphs.host;
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, host, () => resolve());
    });
    const { port } = httpServer.address() as AddressInfo;
    return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`, stop: () => server.stop() };
  }
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host ?? config.subgraphs.host },
    context,
  });
  return { url, stop: () => server.stop() };
}
