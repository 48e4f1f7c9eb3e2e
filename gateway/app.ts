// The hub's front door: Apollo Gateway on @apollo/server (Express), loading the committed supergraph,
// behind keycloak-connect, with graphql-armor's depth, cost and alias limits.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { UPLOAD_REQUEST_TIMEOUT_MS } from '../lib/http/upload.js';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import { config } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import type { GatewayContext } from './context.js';
import { SubgraphDataSource } from './data-source.js';
import { inflightDedupPlugin } from './inflight.js';
import { createKeycloak, type GrantRequest } from './keycloak.js';
import { StockDataSource } from './stock-data-source.js';
import { expressMiddleware } from '@as-integrations/express5';
import { identityFromClaims } from '../lib/auth/identity.js';
import { graphqlHandler } from './graphql-handler.js';
import { DATASET_UPLOAD, DATASET_UPLOAD_PATH, MODEL_UPLOAD, MODEL_UPLOAD_PATH, uploadProxy } from './upload-proxy.js';
import { PROXY_ROUTES, subgraphProxy } from './subgraph-proxy.js';
import { graphqlLimits } from '../lib/graphql/limits.js';
import { unavailableStatusPlugin } from '../lib/graphql/unavailable-status.js';
import { originFormOnly } from '../lib/http/request-target.js';
import { discardBody } from '../lib/http/body.js';
import { TEMPORAL_UI_PATH, temporalUi } from './temporal-ui.js';
import { portalRoutes } from './portal.js';
import { schemaOf, warmGateway } from './warm.js';
import { installResultShaping } from './result-shaping.js';

const log = createLogger('gateway');

export interface GatewayOptions {
  port: number;
  host?: string;
  supergraphSdl?: string;
  supergraphPath?: string;
  /**
   * `stock` wires the gateway as the packages' documentation does (RemoteGraphQLDataSource,
   * keycloak.middleware() + protect(), express.json(), expressMiddleware, no verification cache).
   * It exists as the benchmark's reference point; `tuned` is the default.
   */
  mode?: 'tuned' | 'stock';
  /** Subgraph name → URL, overriding the URLs written in the supergraph. */
  subgraphUrls?: Record<string, string>;
  /** The OIDC client the portal signs in with (browser tests use a client of their own). */
  portalClientId?: string;
  /** Warm up before listening (gateway/warm.ts); default true. In-process test hubs skip it unless asked. */
  warm?: boolean;
  /**
   * Called each time a request or subgraph call joins an identical one in flight instead of running
   * itself (in-flight dedup, tuned mode): lets a test know every request has arrived before it lets the
   * shared call answer.
   */
  onDedupJoin?: (layer: 'operation' | 'subgraph') => void;
}

export interface RunningGateway {
  url: string;
  server: Server;
  stop(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const supergraphSdl =
    options.supergraphSdl ??
    readFileSync(options.supergraphPath ?? new URL('./supergraph.graphql', import.meta.url), 'utf8');
  const mode = options.mode ?? config.gateway.mode;
  // Where each subgraph is reached: the caller's override, <NAME>_URL, else what the supergraph (or the
  // port setting) says.
  const subgraphUrl = (name: string, fallback?: string): string =>
    options.subgraphUrls?.[name] ??
    process.env[`${name.toUpperCase()}_URL`] ??
    fallback ??
    `http://127.0.0.1:${config.subgraphs[name as Exclude<keyof typeof config.subgraphs, 'host'>].port}/graphql`;
  // Apollo's result shaping, without its per-value overhead (gateway/result-shaping.ts). Process-wide: a
  // stock gateway started later in the same process would use it too (the benchmarks run each apart).
  if (mode === 'tuned') installResultShaping();
  const dataSources: SubgraphDataSource[] = [];
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => {
      if (mode === 'stock') return new StockDataSource({ url: subgraphUrl(name, url) });
      const source = new SubgraphDataSource(name, subgraphUrl(name, url), () => options.onDedupJoin?.('subgraph'));
      dataSources.push(source);
      return source;
    },
  });
  const app = express();
  const httpServer = createServer(app);
  httpServer.requestTimeout = UPLOAD_REQUEST_TIMEOUT_MS;
  const limits = graphqlLimits<GatewayContext>('gateway');
  const server = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: false, // bearer tokens only; browsers never attach them on their own
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ...limits.plugins,
      unavailableStatusPlugin<GatewayContext>(),
      // Identical concurrent queries of one caller run once (gateway/inflight.ts); the reference wiring has none.
      ...(mode === 'tuned' ? [inflightDedupPlugin(() => options.onDedupJoin?.('operation'))] : []),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ],
  });
  await server.start();

  const keycloak = createKeycloak({ memoise: mode === 'tuned' });
  // Before listening, so the first request after start is as fast as the hundredth (gateway/warm.ts). The
  // stock wiring is the benchmarks' reference point as the packages document it: no warm-up there.
  if (mode === 'tuned' && options.warm !== false)
    await warmGateway(server, keycloak, gateway.schema ?? schemaOf(supergraphSdl));
  app.disable('x-powered-by');
  // ETags would hash every GraphQL response body; API clients do not revalidate POST responses.
  app.set('etag', false);
  app.use(originFormOnly);
  app.get('/health', (_req, res) => void res.json({ status: 'ok' }));
  // Uploads are not GraphQL: model artifacts stream to the models subgraph, dataset versions to the
  // assets subgraph; each authenticates them itself.
  for (const [path, target] of [
    [MODEL_UPLOAD_PATH, MODEL_UPLOAD(subgraphUrl('models'))],
    [DATASET_UPLOAD_PATH, DATASET_UPLOAD(subgraphUrl('assets'))],
  ] as const) {
    const proxy = uploadProxy(target, keycloak);
    app.post(path, (req, res, next) => void proxy(req, res).catch(next));
    app.all(path, (req, res) => {
      res
        .status(405)
        .set('Allow', 'POST')
        .json({ error: `${req.path} accepts POST` });
      discardBody(req, res);
    });
  }
  // Inference for KServe/Triton clients (Open Inference Protocol) and Prometheus metrics (serving);
  // compliance reports, JSON and printable HTML, and OpenLineage ingestion/export at the path Marquez
  // uses (lineage).
  const proxies = {
    oip: subgraphProxy('serving', subgraphUrl('serving'), keycloak, { authenticate: true, ...PROXY_ROUTES.oip }),
    metrics: subgraphProxy('serving', subgraphUrl('serving'), keycloak, {
      authenticate: true,
      ...PROXY_ROUTES.metrics,
    }),
    compliance: subgraphProxy('lineage', subgraphUrl('lineage'), keycloak, {
      authenticate: true,
      ...PROXY_ROUTES.compliance,
    }),
    openLineage: subgraphProxy('lineage', subgraphUrl('lineage'), keycloak, {
      authenticate: true,
      ...PROXY_ROUTES.openLineage,
    }),
    labelingItems: subgraphProxy('assets', subgraphUrl('assets'), keycloak, {
      authenticate: true,
      ...PROXY_ROUTES.labelingItems,
    }),
  };
  app.use('/v2', (req, res, next) => void proxies.oip(req, res).catch(next));
  app.use('/metrics', (req, res, next) => void proxies.metrics(req, res).catch(next));
  app.use('/api/compliance', (req, res, next) => void proxies.compliance(req, res).catch(next));
  app.use('/api/v1/lineage', (req, res, next) => void proxies.openLineage(req, res).catch(next));
  app.use('/api/labeling', (req, res, next) => void proxies.labelingItems(req, res).catch(next));
  // The Temporal Web UI, for signed-in platform admins only (gateway/temporal-ui.ts).
  const bindHost = options.host ?? config.gateway.host;
  const temporal = temporalUi({
    uiUrl: () => config.temporal.uiUrl,
    publicOrigin: (req) =>
      config.gateway.publicUrl.replace(/\/$/, '') ||
      `http://${bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost}:${req.socket.localPort}`,
    forwardToken: config.gateway.temporalUiForwardToken,
    clientId: options.portalClientId,
  });
  app.use(TEMPORAL_UI_PATH, (req, res, next) => void temporal(req, res).catch(next));
  if (mode === 'stock') {
    app.use(
      '/graphql',
      keycloak.middleware(),
      keycloak.protect(),
      express.json({ limit: '2mb' }),
      expressMiddleware(server, {
        context: async ({ req }) => {
          const accessToken = (req as GrantRequest).kauth?.grant?.access_token;
          if (!accessToken) throw new Error('keycloak-connect let a request through without a grant');
          return { identity: identityFromClaims(accessToken.content), token: accessToken.token };
        },
      }),
    );
  } else {
    const handle = graphqlHandler(server, keycloak);
    app.post('/graphql', (req, res, next) => void handle(req, res).catch(next));
    app.get('/graphql', (req, res, next) => void handle(req, res).catch(next));
    // A known path asked with another method is 405 naming the methods it takes, not an unknown endpoint.
    // No CORS is configured, so OPTIONS is one of those methods (Express answers HEAD with GET's route).
    app.all('/graphql', (req, res) => {
      res
        .status(405)
        .set('Allow', 'GET, HEAD, POST')
        .json({
          errors: [
            { message: `/graphql accepts GET and POST, not ${req.method}`, extensions: { code: 'METHOD_NOT_ALLOWED' } },
          ],
        });
      discardBody(req, res);
    });
  }

  // The portal: a static app that signs in with Keycloak itself (PKCE) and calls /graphql with the token.
  portalRoutes(app, options.portalClientId);
  // Every answer is JSON, unknown paths included (Express's own 404 is an HTML page).
  app.use((req, res) => {
    res.status(404).json({ error: `no such endpoint: ${req.method} ${req.path}` });
    discardBody(req, res);
  });
  // Malformed request bodies are the client's mistake: a 400 that says so, no stack trace in our logs.
  app.use(
    (
      error: Error & { status?: number; type?: string },
      req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (res.headersSent) return next(error);
      const status =
        error instanceof URIError
          ? 400
          : error.status && error.status >= 400 && error.status < 500
            ? error.status
            : 500;
      if (status === 500) log.error(`request failed: ${error.message}`);
      // Express's router refuses a malformed %-escape in a route parameter with "Failed to decode param".
      const message =
        error.type === 'entity.parse.failed'
          ? 'request body is not valid JSON'
          : error instanceof URIError || /^Failed to decode param/.test(error.message)
            ? `malformed percent-encoding in the request path: ${req.path}`
            : status === 500
              ? 'internal error'
              : error.message;
      res.status(status).json({
        errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
      });
    },
  );

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? config.gateway.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host ?? config.gateway.host}:${port}/graphql`;
  log.info(`gateway ready at ${url}`);
  return {
    url,
    server: httpServer,
    stop: async () => {
      await server.stop();
      await Promise.all([
        ...dataSources.map((d) => d.close()),
        ...Object.values(proxies).map((p) => p.close()),
        temporal.close(),
      ]);
    },
  };
}
