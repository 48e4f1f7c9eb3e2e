// Runs one subgraph on @apollo/server. Every request must carry a valid Keycloak access token:
// the subgraph verifies it itself, so reaching it around the gateway yields a 401 and no data.
// Its port is reachable around the gateway (loopback), so it applies the same GraphQL limits (depth,
// aliases, cost, tokens: lib/graphql/limits.ts), answers GraphQL only at / and /graphql (any other path
// is a 404, never the GraphQL endpoint), and checks the token and the declared body size before it
// reads a body (issue #12: a 45 MB body without a token was parsed whole before its 401).
import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import { unwrapResolverError } from '@apollo/server/errors';
import { createLogger } from '../logger.js';
import type { GraphQLSchema } from 'graphql';
import type { Driver } from 'neo4j-driver';
import { bearerToken, verifyAccessToken, warmTokenKeys } from '../auth/verify-token.js';
import { warmIntrospection } from '../auth/introspect.js';
import type { Identity } from '../auth/identity.js';
import { authFailure, IDENTITY_UNAVAILABLE } from '../auth/unavailable.js';
import type { SubgraphContext } from './context.js';
import { RequestLoaders } from './loaders.js';
import { config } from '../config.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable, serviceUnavailable, unauthenticated } from './errors.js';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'undici';
import { UPLOAD_REQUEST_TIMEOUT_MS } from '../http/upload.js';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { graphqlLimits } from '../graphql/limits.js';
import { unavailableStatusPlugin } from '../graphql/unavailable-status.js';
import { type BodyError, declaredTooLarge, discardBody, readBody } from '../http/body.js';
import { originFormOnly } from '../http/request-target.js';
import { tooDeepRequest } from '../http/json-depth.js';

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

/** Runs one operation on the subgraph's own schema, in process, as the warm-up identity: its data, its errors' messages. */
export type WarmExecute = (
  query: string,
  variables?: Record<string, unknown>,
) => Promise<{ data: Record<string, unknown> | null; errors: string[] }>;

/**
 * What a subgraph does before it listens, so that the first request after start is as fast as the
 * hundredth: fill its caches and run its typical operations through `execute` (Apollo's pipeline, the
 * resolvers, the Cypher templates, V8's compilation of all of it). Resolves to what was warmed, for the
 * ready log line. Read-only: it runs whenever the process starts.
 */
export type SubgraphWarmUp = (deps: { driver: Driver; execute: WarmExecute }) => Promise<string>;

/** Whom warm-up operations run as: a platform admin at the group HQ (sees every org, as row visibility allows). */
export const WARM_UP_IDENTITY: Identity = {
  sub: 'plinth-warm-up',
  username: 'warm-up',
  roles: ['platform-admin'],
  org: 'hq',
};
/** A warm-up that takes longer (a slow graph) stops waiting: the subgraph starts cold rather than late. */
export const WARM_UP_TIMEOUT_MS = 20_000;

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
  warm?: SubgraphWarmUp;
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
  // The gate verified the token of the request (below): its identity is used, not verified a second time.
  const verifiedBy = new WeakMap<object, Identity>();
  const context = async ({ req }: { req: { headers: { authorization?: string } } }): Promise<SubgraphContext> => {
    try {
      const identity = verifiedBy.get(req) ?? (await verifyAccessToken(bearerToken(req.headers.authorization)));
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
      (identity) => {
        verifiedBy.set(req, identity);
        next();
      },
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
    plainJsonGraphql(server, context),
    // Anything else (another method or media type, a compressed body): body-parser and Apollo's middleware.
    express.json({ limit: SUBGRAPH_MAX_BODY_BYTES }),
    depthGuard,
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
  await warmUp(options.name, server, options.driver, options.warm);
  httpServer.on('request', app);
  const host = options.host ?? config.subgraphs.host;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`, stop: () => server.stop() };
}

/**
 * Refuses (400 BAD_USER_INPUT naming the place) a request whose variables or extensions nest deeper than
 * lib/http/json-depth.ts allows, before Apollo's recursive handling of them can blow the stack.
 */
function refuseTooDeep(req: express.Request, res: express.Response, body: unknown, queryAt: number): boolean {
  const tooDeep = tooDeepRequest(body, queryAt >= 0 ? req.url.slice(queryAt) : '');
  if (!tooDeep) return false;
  res.status(400).json({
    errors: [{ message: tooDeep.message, extensions: { code: 'BAD_USER_INPUT', field: tooDeep.field } }],
  });
  return true;
}

/** The same check on the general chain (GET, other media types, compressed bodies), after body-parser. */
const depthGuard: express.RequestHandler = (req, res, next) => {
  if (!refuseTooDeep(req, res, req.body as unknown, req.url.indexOf('?'))) next();
};

/**
 * The GraphQL request every gateway fetch is: a POST of an uncompressed UTF-8 JSON body. It is read
 * under SUBGRAPH_MAX_BODY_BYTES and handed to Apollo's HTTP API, and the answer written with one
 * `end`: what express.json() and expressMiddleware() do, without body-parser's content-type and charset
 * machinery and express's `send` (freshness and length checks), ~5% of a subgraph's CPU on the walk.
 * Refusals go to the error handler as body-parser's would (400 not JSON, 413 too large). Any other
 * request goes on to the general chain.
 */
function plainJsonGraphql(
  server: ApolloServer<SubgraphContext>,
  context: (args: { req: express.Request }) => Promise<SubgraphContext>,
): express.RequestHandler {
  return (req, res, next) => {
    const type = req.headers['content-type'];
    const encoding = req.headers['content-encoding'];
    if (
      req.method !== 'POST' ||
      !type ||
      !/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type) ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity')
    )
      return next();
    readBody(req, SUBGRAPH_MAX_BODY_BYTES)
      .then(
        async (raw) => {
          let body: unknown;
          try {
            // An empty body is {} to body-parser too; Apollo then says what is missing.
            body = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
            // body-parser's strict mode: an object or an array, nothing else.
            if (body === null || typeof body !== 'object') throw new Error('not an object or array');
          } catch {
            return next(
              Object.assign(new Error('request body is not valid JSON'), { status: 400, type: 'entity.parse.failed' }),
            );
          }
          const queryAt = req.url.indexOf('?');
          if (refuseTooDeep(req, res, body, queryAt)) return;
          const headers = new HeaderMap();
          for (const [key, value] of Object.entries(req.headers))
            if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
          const response = await server.executeHTTPGraphQLRequest({
            httpGraphQLRequest: {
              method: 'POST',
              headers,
              search: queryAt >= 0 ? req.url.slice(queryAt) : '',
              body,
            },
            context: () => context({ req }),
          });
          for (const [key, value] of response.headers) res.setHeader(key, value);
          res.statusCode = response.status ?? 200;
          if (response.body.kind === 'complete') return void res.end(response.body.string);
          for await (const chunk of response.body.asyncIterator) res.write(chunk);
          res.end();
        },
        (error: BodyError) =>
          next(
            Object.assign(error, {
              type: error.status === 413 ? 'entity.too.large' : undefined,
            }),
          ),
      )
      .catch(next);
  };
}

/**
 * Before listening, when a warm-up is given: the realm's keys and Keycloak's introspection (every subgraph
 * verifies tokens), then the subgraph's own warm-up.
 * Neither is fatal: with Keycloak or Neo4j down the subgraph still starts and answers "unavailable".
 */
async function warmUp(
  name: string,
  server: ApolloServer<SubgraphContext>,
  driver: Driver,
  warm: SubgraphWarmUp | undefined,
): Promise<void> {
  if (!warm) return;
  const log = createLogger(name);
  const began = performance.now();
  const keys = await Promise.all([warmTokenKeys(), warmIntrospection()]).then(
    () => 'realm keys and introspection',
    (error: Error) => `realm keys or introspection not reached (${error.message})`,
  );
  const execute: WarmExecute = async (query, variables) => {
    const response = await server.executeOperation(
      { query, variables },
      { contextValue: { identity: WARM_UP_IDENTITY, driver, loaders: new RequestLoaders() } },
    );
    const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
    return { data: result.data ?? null, errors: (result.errors ?? []).map((e) => e.message) };
  };
  let timer: NodeJS.Timeout | undefined;
  const what = await Promise.race([
    warm({ driver, execute }).catch((error: Error) => `warm-up failed: ${error.message}`),
    new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`warm-up still running after ${WARM_UP_TIMEOUT_MS} ms; starting`),
        WARM_UP_TIMEOUT_MS,
      );
    }),
  ]);
  clearTimeout(timer);
  const http = await warmHttp(server, driver).then(
    () => 'HTTP layer',
    (error: Error) => `HTTP layer not warmed (${error.message})`,
  );
  log.info(`${name} warmed in ${Math.round(performance.now() - began)} ms: ${keys}; ${what}; ${http}`);
}

/** Whom the HTTP warm-up's requests run as: no role and no org, so they could see nothing even if reached. */
const NOBODY: Identity = { sub: 'plinth-warm-up-http', username: 'warm-up', roles: [], org: 'plinth-warm-up' };

/**
 * A subgraph's first HTTP request cost ~50 ms more than later ones (body parsing, Apollo's HTTP handling and
 * serialisation loaded and compiled on first use), even after the in-process warm-up. The same middleware,
 * on a throwaway server on a Unix socket in a private folder (no TCP port, nobody else can connect), answers
 * a few requests before the real port opens.
 */
async function warmHttp(server: ApolloServer<SubgraphContext>, driver: Driver): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'plinth-warm-'));
  const socketPath = join(dir, 'http.sock');
  const app = express();
  app.use(originFormOnly);
  const context = async () => ({ identity: NOBODY, driver, loaders: new RequestLoaders() });
  app.post(
    '/graphql',
    plainJsonGraphql(server, context),
    express.json({ limit: SUBGRAPH_MAX_BODY_BYTES }),
    expressMiddleware(server, { context }),
  );
  const probe = createServer(app);
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(socketPath, () => resolve());
    });
    const client = new Client('http://localhost', { socketPath });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await client.request({
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ query: 'query WarmHttp { __typename }' }),
        });
        await res.body.text();
      }
    } finally {
      await client.close();
    }
  } finally {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  }
}
