// POST /api/models/:modelId/versions on the gateway: a streaming proxy to the models subgraph, which
// authenticates the caller itself (bearer token, role) and answers 401/403/413/400/201. The gateway
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

/** `modelsUrl` is the models subgraph's URL (its GraphQL endpoint; only the origin is used). */
export function modelUploadProxy(modelsUrl: string, keycloak: Keycloak.Keycloak) {
  const origin = new URL(modelsUrl).origin;
  return async (req: Request<{ modelId: string }>, res: Response): Promise<void> => {
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
    const limit = config.uploads.maxBytes;
    if (declared > limit) {
      fail(
        res,
        413,
        `model artifact of ${declared} bytes is larger than the limit of ${limit} bytes (PLINTH_MAX_UPLOAD_BYTES)`,
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
    const target = new URL(`/api/models/${encodeURIComponent(req.params.modelId)}/versions${requested.search}`, origin);
    // The subgraph may answer (401, 403, 413) before it has read the whole body, and undici then
    // destroys the body stream. Feeding it through a PassThrough keeps `req` alive, so the rest of
    // the body can be drained and the client's keep-alive connection stays usable.
    const body = new PassThrough();
    req.pipe(body);
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
      const upstream = await request(target, {
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
      log.error(`model upload proxy to ${target.origin} failed: ${(error as Error).message}`);
      fail(res, 502, 'the models subgraph could not be reached', 'BAD_GATEWAY');
    }
  };
}
