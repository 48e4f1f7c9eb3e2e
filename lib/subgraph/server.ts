// Runs one subgraph on @apollo/server. Every request must carry a valid Keycloak access token:
// the subgraph verifies it itself, so reaching it around the gateway yields a 401 and no data.
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { bearerToken, verifyAccessToken } from '../auth/verify-token.js';
import type { SubgraphContext } from './context.js';
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
  const server = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    // Bearer tokens are never sent by a browser on its own, so CSRF protection adds nothing here.
    csrfPrevention: false,
    introspection: true,
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port: options.port, host: options.host ?? '127.0.0.1' },
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
