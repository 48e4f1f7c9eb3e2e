// Non-GraphQL routes a subgraph serves, on the gateway's port: the Open Inference Protocol (/v2/...) and
// /metrics (serving), compliance reports and OpenLineage (lineage). The gateway checks the bearer token
// with keycloak-connect (401 otherwise), then forwards; the subgraph verifies it again, checks the role
// and applies org visibility.
//
// A proxy forwards only the paths on its allow-list, each matched on the request path as sent (after
// checks that it is origin-form, has no dot segments and no encoded separators), and always to the
// subgraph's own origin: anything else is a 404 here and never reaches the subgraph (issue #12: the
// sub-paths reached a subgraph's GraphQL endpoint, around the gateway's depth and alias limits).
// Order of checks: path (400/404), method (405), declared size (413), token (401), then the body is
// streamed to the subgraph, counted under the limit (413), Content-Encoding included: the subgraph
// decodes it under its own limit on the decoded size.
import type { Request, Response } from 'express';
import type Keycloak from 'keycloak-connect';
import { Pool } from 'undici';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BodyError, declaredTooLarge, discardBody, tooLarge } from '../lib/http/body.js';
import { bearerToken } from '../lib/auth/verify-token.js';
import { IDENTITY_UNAVAILABLE, wasUnchecked } from '../lib/auth/unavailable.js';
import { createLogger } from '../lib/logger.js';

const log = createLogger('gateway');
const FORWARDED = ['authorization', 'content-type', 'content-encoding', 'accept', 'inference-header-content-length'];
// Back to the client: the binary tensor extension's header length travels with the body it describes;
// compliance reports carry their own Content-Security-Policy.
const RETURNED = [
  'content-type',
  'retry-after',
  'inference-header-content-length',
  'www-authenticate',
  'content-security-policy',
  'cache-control',
  // Labeling items are images: their length, and nosniff so a browser never reads them as anything else.
  'content-length',
  'x-content-type-options',
];

export interface ProxyRoute {
  /** Matched against the whole request path (no query string), e.g. /^\/v2\/models\/[^/]+$/. */
  path: RegExp;
  /** Methods accepted on it; others get 405. */
  methods: readonly string[];
}

export interface ProxyOptions {
  authenticate: boolean;
  /** The only paths forwarded; any other path under the proxy's mount point is a 404. */
  routes: readonly ProxyRoute[];
  /** Largest request body forwarded (bytes, as sent: compressed bodies are limited again when decoded). */
  maxBodyBytes: number;
}

// A path segment: unreserved and sub-delims characters, ':' and '@', and %XX escapes.
const ORIGIN_FORM = /^(?:\/[A-Za-z0-9\-._~!$&'()*+,;=:@%]*)+$/;

const hasControlCharacter = (text: string): boolean =>
  [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/**
 * The request path when it is safe to forward as it is: origin-form (not `http://host/...`, the
 * absolute form that let clients pick the upstream host), no empty, `.` or `..` segments, and no
 * escape that decodes to a separator, a control character, or nothing valid. Null otherwise.
 */
export function safePath(originalUrl: string): { path: string; search: string } | null {
  const at = originalUrl.indexOf('?');
  const path = at >= 0 ? originalUrl.slice(0, at) : originalUrl;
  const search = at >= 0 ? originalUrl.slice(at) : '';
  if (!ORIGIN_FORM.test(path) || search.includes('#')) return null;
  const segments = path.split('/').slice(1);
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && i !== segments.length - 1) return null; // '//' inside
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded) || hasControlCharacter(decoded)) return null;
  }
  return { path, search };
}

/**
 * The request body as a stream that fails with a 413 BodyError past `limit` bytes (or a 400 when the
 * client goes away mid-body); `error()` tells which refusal ended it, if one did.
 */
function limitedStream(req: Request, limit: number): { stream: Transform; error: () => BodyError | undefined } {
  let size = 0;
  let refused: BodyError | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > limit) return callback((refused = tooLarge(limit)));
      callback(null, chunk);
    },
  });
  req.pipe(stream);
  req.on('close', () => {
    if (!req.complete && !stream.destroyed)
      stream.destroy((refused ??= new BodyError(400, 'the connection closed before the body ended')));
  });
  return { stream, error: () => refused };
}

function send(
  res: Response,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.status(status).set(headers).json(body);
}

export function subgraphProxy(name: string, url: string, keycloak: Keycloak.Keycloak, options: ProxyOptions) {
  const pool = new Pool(new URL(url).origin, { connections: 64, keepAliveTimeout: 30_000 });
  const handler = async (req: Request, res: Response): Promise<void> => {
    const target = safePath(req.originalUrl);
    if (!target) {
      send(res, 400, {
        error: 'malformed request path: origin-form paths only, without dot segments or encoded separators',
      });
      return discardBody(req, res);
    }
    const route = options.routes.find((r) => r.path.test(target.path));
    if (!route) {
      send(res, 404, { error: `no such endpoint: ${req.method} ${target.path}` });
      return discardBody(req, res);
    }
    if (!route.methods.includes(req.method)) {
      send(
        res,
        405,
        { error: `${target.path} accepts ${route.methods.join(', ')}` },
        { Allow: route.methods.join(', ') },
      );
      return discardBody(req, res);
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    // Before the token check: an oversized body is refused without spending anything on it.
    const oversized = declaredTooLarge(req, hasBody ? options.maxBodyBytes : 0);
    if (oversized) {
      send(res, 413, { error: oversized.message });
      return discardBody(req, res);
    }
    if (options.authenticate) {
      try {
        await keycloak.getGrant(req, res);
      } catch {
        if (wasUnchecked(bearerToken(req.headers.authorization)))
          send(res, 503, { error: IDENTITY_UNAVAILABLE }, { 'Retry-After': '5' });
        else
          send(
            res,
            401,
            { error: 'missing, invalid or expired bearer token' },
            { 'WWW-Authenticate': 'Bearer realm="plinth"' },
          );
        return discardBody(req, res);
      }
    }
    const headers: Record<string, string> = {};
    for (const header of FORWARDED) {
      const value = req.headers[header];
      if (typeof value === 'string') headers[header] = value;
    }
    // Streamed, not buffered (issue #12: twelve 62 MB bodies for a missing model took the gateway from
    // 208 MB to 1.42 GB before their 404s); encoded bodies travel as they came (the subgraph decodes
    // them under its limit). A subgraph that answers before the body ends (404 for a missing model)
    // gets no more of it: the rest is discarded here.
    const body = hasBody ? limitedStream(req, options.maxBodyBytes) : undefined;
    try {
      const upstream = await pool.request({
        path: target.path + target.search,
        method: req.method as 'GET' | 'POST',
        headers,
        body: body?.stream,
      });
      if (body && !req.complete) {
        req.unpipe(body.stream);
        body.stream.destroy();
        discardBody(req, res);
      }
      res.status(upstream.statusCode);
      for (const header of RETURNED) {
        const value = upstream.headers[header];
        if (typeof value === 'string') res.setHeader(header, value);
      }
      await pipeline(upstream.body, res);
    } catch (error) {
      const refused = body?.error();
      if (refused) {
        send(res, refused.status, { error: refused.message });
        return discardBody(req, res);
      }
      if (res.headersSent) return void res.destroy();
      log.error(`${name} subgraph unreachable: ${(error as Error).message}`);
      send(res, 502, { error: `the ${name} subgraph is unreachable` });
    }
  };
  return Object.assign(handler, { close: () => pool.close() });
}

const MODEL = String.raw`\/v2\/models\/[^/]+(?:\/versions\/[^/]+)?`;

/** What each proxy forwards: the subgraph routes that exist, nothing else. */
export const PROXY_ROUTES = {
  /** Open Inference Protocol (serving); bodies up to the OIP router's limit. */
  oip: {
    maxBodyBytes: 64 * 1024 * 1024,
    routes: [
      { path: /^\/v2\/?$/, methods: ['GET'] },
      { path: /^\/v2\/health\/(?:live|ready)\/?$/, methods: ['GET'] },
      { path: new RegExp(`^${MODEL}(?:\\/ready)?\\/?$`), methods: ['GET'] },
      { path: new RegExp(`^${MODEL}\\/infer\\/?$`), methods: ['POST'] },
    ],
  },
  /** Prometheus metrics (serving), behind a token: series of the deployments the caller may see. */
  metrics: { maxBodyBytes: 0, routes: [{ path: /^\/metrics$/, methods: ['GET'] }] },
  /** Compliance reports (lineage). */
  compliance: {
    maxBodyBytes: 0,
    routes: [
      {
        path: /^\/api\/compliance\/deployments\/[^/]+\/(?:report|report\.json|report\.html)$/,
        methods: ['GET', 'HEAD'],
      },
    ],
  },
  /** The image of a labeling task (assets): the subgraph decides who sees it. */
  labelingItems: {
    maxBodyBytes: 0,
    routes: [{ path: /^\/api\/labeling\/tasks\/[^/]+\/item$/, methods: ['GET', 'HEAD'] }],
  },
  /** OpenLineage (lineage): one RunEvent per POST (the lineage subgraph's limit, 5 MiB, applies again decoded). */
  openLineage: {
    maxBodyBytes: 5 * 1024 * 1024,
    routes: [
      { path: /^\/api\/v1\/lineage\/?$/, methods: ['POST'] },
      { path: /^\/api\/v1\/lineage\/export\/?$/, methods: ['GET'] },
    ],
  },
} satisfies Record<string, Omit<ProxyOptions, 'authenticate'>>;
