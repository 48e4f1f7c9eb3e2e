// Runs one subgraph on @apollo/server. Every request must carry a valid Keycloak access token:
// the subgraph verifies it itself, so reaching it around the gateway yields a 401 and no data.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { createLogger } from '../logger.js';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { bearerToken, verifyAccessToken } from '../auth/verify-token.js';
import type { SubgraphContext } from './context.js';
import { config } from '../config.js';
import { unauthenticated } from './errors.js';

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
}): Promise<RunningServer> {
  const log = createLogger(options.name);
  const server = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    // Bearer tokens are never sent by a browser on its own, so CSRF protection adds nothing here.
    csrfPrevention: false,
    introspection: true,
    // No Apollo Studio here: skip building federated traces on every request.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    includeStacktraceInErrorResponses: false,
    // Unexpected errors (driver, bugs) are logged with a reference and masked: callers learn that
    // something failed and which reference to quote, never database internals.
    formatError: (formatted, error) => {
      const code = formatted.extensions?.code;
      if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
      const reference = randomUUID();
      log.error(`internal error ${reference}: ${(unwrapResolverError(error) as Error).message}`, { path: formatted.path });
      return { message: `internal error; reference ${reference}`, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR', reference } };
    },
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host ?? config.subgraphs.host },
    context: async ({ req }) => {
      try {
        const identity = await verifyAccessToken(bearerToken(req.headers.authorization));
        return { identity, driver: options.driver };
      } catch (error) {
        throw unauthenticated(`${options.name} subgraph: ${(error as Error).message}`);
      }
    },
  });
  return { url, stop: () => server.stop() };
}
