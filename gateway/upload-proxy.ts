// POST /api/models/:modelId/versions and POST /api/datasets/:datasetId/versions on the gateway: streaming
// proxies to the models and assets subgraphs, which authenticate the caller themselves (bearer token,
// role) and answer 401/403/413/400/201. The gateway
// rejects a declared body over the upload limit and a missing or invalid token early, so it never
// forwards a doomed upload. The target is always the models subgraph's origin with a path built here
// from the model id: never the request-target as sent (issue #12: an absolute-form request-target,
// `POST http://127.0.0.1:7474/... HTTP/1.1`, sent the body to any host and port and relayed the answer).
import type { IncomingHttpHeaders } from 'node:http';
import { PassThrough } from 'node:stream';
import type { Request, Response } from 'express';
import type Keycloak from 'keycloak-connect';
import { request } from 'undici';
import { discardBody } from '../lib/http/body.js';
import { config } from '../lib/config.js';
import { createLogger } from '../lib/logger.js';
import { safePath } from './subgraph-proxy.js';

const log = createLogger('gateway');

export const MODEL_UPLOAD_PATH = '/api/models/:modelId/versions';
export const DATASET_UPLOAD_PATH = '/api/datasets/:datasetId/versions';

export interface UploadTarget {
  /** 'models' or 'assets', for logs and the 502 message. */
  subgraph: string;
  /** The subgraph's URL (its GraphQL endpoint; only the origin is used). */
  url: string;
  /** The path on the subgraph, built from the route's id (never the request-target as sent). */
  path: (id: string) => string;
  /** The route parameter holding the id. */
  param: string;
  /** Read per request. */
  limit: () => number;
  /** What the body is, for the 413 message: 'model artifact', 'dataset version'. */
  what: string;
  limitVariable: string;
}

export const MODEL_UPLOAD = (modelsUrl: string): UploadTarget => ({
  subgraph: 'models',
  url: modelsUrl,
  path: (id) => `/api/models/${encodeURIComponent(id)}/versions`,
  param: 'modelId',
  limit: () => config.uploads.maxBytes,
  what: 'model artifact',
  limitVariable: 'PLINTH_MAX_UPLOAD_BYTES',
});

export const DATASET_UPLOAD = (assetsUrl: string): UploadTarget => ({
  subgraph: 'assets',
  url: assetsUrl,
  path: (id) => `/api/datasets/${encodeURIComponent(id)}/versions`,
  param: 'datasetId',
  limit: () => config.uploads.maxDatasetBytes,
  what: 'dataset version',
  limitVariable: 'PLINTH_MAX_DATASET_BYTES',
});

// Hop-by-hop headers (RFC 9110 §7.6.1) and the ones undici sets itself.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'expect',
  'proxy-authorization',
]);

function forwardable(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

function fail(res: Response, status: number, message: string, code: string): void {
  if (res.headersSent) return void res.destroy();
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

export function uploadProxy(target: UploadTarget, keycloak: Keycloak.Keycloak) {
  const origin = new URL(target.url).origin;
  return async (req: Request<Record<string, string>>, res: Response): Promise<void> => {
    const requested = safePath(req.originalUrl);
    if (!requested) {
      fail(
        res,
        400,
        'malformed request path: origin-form paths only, without dot segments or encoded separators',
        'BAD_REQUEST',
      );
      return discardBody(req, res);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    const limit = target.limit();
    if (declared > limit) {
      fail(
        res,
        413,
        `${target.what} of ${declared} bytes is larger than the limit of ${limit} bytes (${target.limitVariable})`,
        'PAYLOAD_TOO_LARGE',
      );
      return discardBody(req, res);
    }
    try {
      await keycloak.getGrant(req, res);
    } catch {
      // The same answer as /graphql's: 401 with a Bearer challenge, or 503 when Keycloak could not be asked.
      keycloak.accessDenied(req, res);
      return discardBody(req, res);
    }
    const destination = new URL(`${target.path(req.params[target.param] ?? '')}${requested.search}`, origin);
    // The subgraph may answer (401, 403, 413) before it has read the whole body, and undici then
    // destroys the body stream. Feeding it through a PassThrough keeps `req` alive, so the rest of
    // the body can be drained and the client's keep-alive connection stays usable.
    const body = new PassThrough();
    req.pipe(body);
    // A client that goes away mid-upload: abort the upstream request too, so the subgraph stops waiting
    // for the rest and removes what it received (pipe() alone would leave the upstream body open).
    req.on('close', () => {
      if (!req.complete && !body.destroyed) body.destroy(new Error('the client closed the connection mid-upload'));
    });
    res.on('finish', () => {
      if (req.complete) return;
      req.unpipe(body);
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > limit) req.destroy();
      });
      req.resume();
    });
    try {
      const upstream = await request(destination, {
        method: 'POST',
        headers: forwardable(req.headers),
        body,
        headersTimeout: 10 * 60_000,
        bodyTimeout: 10 * 60_000,
      });
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstream.headers))
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      res.writeHead(upstream.statusCode, headers);
      for await (const chunk of upstream.body) res.write(chunk);
      res.end();
    } catch (error) {
      log.error(`${target.what} upload proxy to ${destination.origin} failed: ${(error as Error).message}`);
      fail(res, 502, `the ${target.subgraph} subgraph could not be reached`, 'BAD_GATEWAY');
    }
  };
}
