// Runs one subgraph on @apollo/server. Every request must carry a valid Keycloak access token:
// the subgraph verifies it itself, so reaching it around the gateway yields a 401 and no data.
// Its port is reachable around the gateway (loopback), so it applies the same GraphQL limits (depth,
// aliases, cost, tokens: lib/graphql/limits.ts), answers GraphQL only at / and /graphql (any other path
// is a 404, never the GraphQL endpoint), and checks the token and the declared body size before it
// reads a body (issue #12: a 45 MB body without a token was parsed whole before its 401).
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { createLogger } from '../logger.js';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { bearerToken, verifyAccessToken } from '../auth/verify-token.js';
import { authFailure, IDENTITY_UNAVAILABLE } from '../auth/unavailable.js';
import type { SubgraphContext } from './context.js';
import { RequestLoaders } from './loaders.js';
import { config } from '../config.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable, serviceUnavailable, unauthenticated } from './errors.js';
import { createServer } from 'node:http';
import { UPLOAD_REQUEST_TIMEOUT_MS } from '../http/upload.js';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { graphqlLimits } from '../graphql/limits.js';
import { unavailableStatusPlugin } from '../graphql/unavailable-status.js';
import { declaredTooLarge, discardBody } from '../http/body.js';
import { originFormOnly } from '../http/request-target.js';

/**
 * Largest GraphQL request body a subgraph reads. Clients' operations are limited to 2 MiB at the
 * gateway; the gateway's own fetches add at most GRAPHQL_MAX_ENTITIES small representations (key
 * fields) to that. 16 MiB let a direct caller send 20,000 representations (issue #12).
 */
export const SUBGRAPH_MAX_BODY_BYTES = 4 * 1024 * 1024;

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
  const httpServer = createServer();
  httpServer.requestTimeout = UPLOAD_REQUEST_TIMEOUT_MS;
  const limits = graphqlLimits<SubgraphContext>('subgraph');
  const server = new ApolloServer<SubgraphContext>({
    schema: options.schema,
    // Bearer tokens are never sent by a browser on its own, so CSRF protection adds nothing here.
    csrfPrevention: false,
    introspection: true,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    // No Apollo Studio here: skip building federated traces on every request.
    // No HTTP caching of GraphQL answers (they depend on the caller's org), so no per-field cache-control
    // hooks: Apollo's default plugin wraps every resolver, ~15% of a lineage walk's CPU.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ...limits.plugins,
      unavailableStatusPlugin<SubgraphContext>(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
    includeStacktraceInErrorResponses: false,
    // Unexpected errors (driver, bugs) are logged with a reference and masked: callers learn that
    // something failed and which reference to quote, never database internals.
    formatError: (formatted, error) => {
      const code = formatted.extensions?.code;
      if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
      // Neo4j down is not a bug to quote a reference for: say so, so clients retry (the driver fails fast).
      if (isGraphUnavailable(error))
        return { message: GRAPH_UNAVAILABLE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
      const reference = randomUUID();
      log.error(`internal error ${reference}: ${(unwrapResolverError(error) as Error).message}`, {
        path: formatted.path,
      });
      return {
        message: `internal error; reference ${reference}`,
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', reference },
      };
    },
  });
  const context = async ({ req }: { req: { headers: { authorization?: string } } }): Promise<SubgraphContext> => {
    try {
      const identity = await verifyAccessToken(bearerToken(req.headers.authorization));
      return { identity, driver: options.driver, loaders: new RequestLoaders() };
    } catch (error) {
      if (authFailure(error).status === 503) throw serviceUnavailable(IDENTITY_UNAVAILABLE);
      throw unauthenticated(`${options.name} subgraph: ${(error as Error).message}`);
    }
  };
  await server.start();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(originFormOnly);
  options.routes?.(app, { driver: options.driver });
  // Size, then token, then the body: nothing is read for a request that is refused anyway.
  const gate: express.RequestHandler = (req, res, next) => {
    const refuse = (status: number, message: string, code: string): void => {
      if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="plinth"');
      res.status(status).json({ errors: [{ message, extensions: { code } }] });
      discardBody(req, res);
    };
    const oversized = declaredTooLarge(req, SUBGRAPH_MAX_BODY_BYTES);
    if (oversized) return refuse(413, oversized.message, 'PAYLOAD_TOO_LARGE');
    verifyAccessToken(bearerToken(req.headers.authorization)).then(
      () => next(),
      (error: Error) => {
        const failure = authFailure(error);
        if (failure.status === 503) res.set(failure.headers);
        refuse(
          failure.status,
          failure.status === 401 ? `${options.name} subgraph: ${error.message}` : failure.message,
          failure.code,
        );
      },
    );
  };
  app.all(
    ['/', '/graphql'],
    gate,
    express.json({ limit: SUBGRAPH_MAX_BODY_BYTES }),
    expressMiddleware(server, { context }),
  );
  app.use((req, res) => {
    res.status(404).json({
      errors: [{ message: `no such endpoint: ${req.method} ${req.path}`, extensions: { code: 'NOT_FOUND' } }],
    });
    discardBody(req, res);
  });
  // Body-parser's refusals (malformed JSON, too large) as GraphQL-shaped JSON, never an HTML page.
  app.use(
    (
      error: Error & { status?: number; type?: string },
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) return next(error);
      const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
      if (status === 500) log.error(`request failed: ${error.message}`);
      const message =
        error.type === 'entity.parse.failed'
          ? 'request body is not valid JSON'
          : error.type === 'entity.too.large'
            ? `request body larger than the limit of ${SUBGRAPH_MAX_BODY_BYTES} bytes`
            : status === 500
              ? 'internal error'
              : error.message;
      res.status(status).json({
        errors: [
          {
            message,
            extensions: {
              code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST',
            },
          },
        ],
      });
    },
  );
  httpServer.on('request', app);
  const host = options.host ?? config.subgraphs.host;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`, stop: () => server.stop() };
}
