// What the hub's upload routes share (POST /api/models/:id/versions, POST /api/datasets/:id/versions):
// the caller authenticated from its bearer token as for GraphQL, the body streamed to a temp file with a
// size limit and hashed on the way, and errors answered as GraphQL-style JSON.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerToken, verifyAccessToken } from '../auth/verify-token.js';
import { authFailure } from '../auth/unavailable.js';
import type { Identity } from '../auth/identity.js';

const codeFor: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  411: 'LENGTH_REQUIRED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

export function sendJsonError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (status === 401) headers['www-authenticate'] = 'Bearer realm="plinth"';
  res.writeHead(status, headers);
  res.end(JSON.stringify({ errors: [{ message, extensions: { code: codeFor[status] ?? 'ERROR', ...extra } }] }));
}

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MiB` : `${n} bytes`;

/** Streams the request body to `path`, hashing it; rejects with 413 past `limit` bytes. */
/** How long an upload may go without a byte before it is cut (PLINTH_UPLOAD_IDLE_S, default 60); read per upload. */
export const uploadIdleMs = (): number => Number(process.env.PLINTH_UPLOAD_IDLE_S || 60) * 1000;

/**
 * Node's default requestTimeout (300 s for a whole request) would cut a 4 GiB upload at under 14 MB/s;
 * the servers that take uploads allow an hour, and receiveBody cuts stalled ones sooner.
 */
export const UPLOAD_REQUEST_TIMEOUT_MS = 60 * 60 * 1000;

export function receiveBody(
  req: IncomingMessage,
  path: string,
  limit: number,
  what = 'model artifact',
  limitVariable = 'PLINTH_MAX_UPLOAD_BYTES',
): Promise<{ digest: string; size: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const file = createWriteStream(path, { flags: 'wx' });
    let size = 0;
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      req.unpipe(file);
      file.destroy();
      // Node discards the rest of the body once the response is sent; the connection stays usable.
      req.resume();
      reject(error);
    };
    // A client that stops sending holds a connection and a temp file: after PLINTH_UPLOAD_IDLE_S without a
    // byte the upload ends with 408. (Node's own whole-request timeout is lifted for the upload servers,
    // so a slow but moving upload of gigabytes can finish.)
    let idle: NodeJS.Timeout | undefined;
    const idleMs = uploadIdleMs();
    const arm = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        fail(new UploadError(408, `upload stalled: no bytes for ${idleMs / 1000} s (PLINTH_UPLOAD_IDLE_S)`));
      }, idleMs);
    };
    arm();
    file.on('close', () => clearTimeout(idle));
    req.on('close', () => clearTimeout(idle));
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      arm();
      size += chunk.length;
      if (size > limit) {
        fail(new UploadError(413, `${what} larger than the limit of ${formatBytes(limit)} (${limitVariable})`));
        return;
      }
      hash.update(chunk);
    });
    req.on('error', fail);
    req.on('aborted', () => fail(new UploadError(400, 'upload aborted by the client')));
    file.on('error', fail);
    file.on('finish', () => {
      if (!failed) resolve({ digest: hash.digest('hex'), size });
    });
    req.pipe(file);
  });
}

export async function authenticate(req: IncomingMessage, subgraph: string): Promise<Identity> {
  try {
    return await verifyAccessToken(bearerToken(req.headers.authorization));
  } catch (error) {
    const failure = authFailure(error);
    throw new UploadError(
      failure.status,
      failure.status === 401 ? `${subgraph} subgraph: ${(error as Error).message}` : failure.message,
    );
  }
}
