// The /graphql route. It does what keycloak.middleware() + protect(), express.json() and
// expressMiddleware() do, in one handler, because on a 2-core host the gateway's own per-request work
// decides its throughput (see bench/). The token is still verified by keycloak-connect's grant manager
// (getGrant: signature against the realm key, expiry, issuer, audience), and the request still runs
// through Apollo Server's integration API (executeHTTPGraphQLRequest), exactly as the stock middleware.
import type { IncomingMessage } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Request, Response } from 'express';
import type Keycloak from 'keycloak-connect';
import { identityFromClaims } from '../lib/auth/identity.js';
import type { GatewayContext } from './context.js';
import type { GrantRequest, VerifiedGrant } from './keycloak.js';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyError(413, `request body larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function parsedBody(req: Request): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const text = await readBody(req);
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  // Apollo answers a POST that is not JSON with its own 400/415; it needs the raw text for that.
  if (!type.startsWith('application/json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'request body is not valid JSON');
  }
}

function sendError(res: Response, status: number, message: string, code: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

export function graphqlHandler(server: ApolloServer<GatewayContext>, keycloak: Keycloak.Keycloak) {
  return async (req: Request, res: Response): Promise<void> => {
    const grantRequest = req as GrantRequest;
    grantRequest.kauth = {};
    try {
      grantRequest.kauth.grant = (await keycloak.getGrant(req, res)) as VerifiedGrant;
    } catch {
      keycloak.accessDenied(req, res);
      return;
    }
    const accessToken = grantRequest.kauth.grant?.access_token;
    if (!accessToken) {
      keycloak.accessDenied(req, res);
      return;
    }
    let context: GatewayContext;
    let body: unknown;
    try {
      context = { identity: identityFromClaims(accessToken.content), token: accessToken.token };
      body = await parsedBody(req);
    } catch (error) {
      if (error instanceof BodyError) return sendError(res, error.status, error.message, 'BAD_REQUEST');
      return sendError(res, 401, (error as Error).message, 'UNAUTHENTICATED');
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryAt = req.url.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: queryAt >= 0 ? req.url.slice(queryAt) : '', body },
      context: async () => context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
