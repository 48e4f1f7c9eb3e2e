// The /graphql route. It does what keycloak.middleware() + protect(), express.json() and
// expressMiddleware() do, in one handler, because on a 2-core host the gateway's own per-request work
// decides its throughput (see bench/). The token is still verified by keycloak-connect's grant manager
// (getGrant: signature against the realm key, expiry, issuer, audience), and the request still runs
// through Apollo Server's integration API (executeHTTPGraphQLRequest), exactly as the stock middleware.
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Request, Response } from 'express';
import type Keycloak from 'keycloak-connect';
import { identityFromClaims } from '../lib/auth/identity.js';
import type { GatewayContext } from './context.js';
import type { GrantRequest, VerifiedGrant } from './keycloak.js';
import { BodyError, declaredTooLarge, discardBody, readBody } from '../lib/http/body.js';
import { tooDeepRequest } from '../lib/http/json-depth.js';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

async function parsedBody(req: Request): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const text = (await readBody(req, MAX_BODY_BYTES)).toString('utf8');
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  // Apollo answers a POST that is not JSON with its own 400/415; it needs the raw text for that.
  if (!type.startsWith('application/json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'request body is not valid JSON');
  }
}

// GraphQL over HTTP: a client that asks for `application/json` (the legacy media type) SHOULD get 200 for
// a well-formed request whose document does not parse or validate or whose variables do not coerce:
// such clients read `errors`, not the status. Clients that accept application/graphql-response+json, or
// do not name a type (none, or */*), get Apollo's 400. Other request errors (no query, unknown operation) stay 4xx for all.
const LEGACY_200_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

function legacyJsonClient(req: Request, contentType: string | undefined, body: string): boolean {
  if (!/\bapplication\/json\b/i.test(req.headers.accept ?? '') || !contentType?.startsWith('application/json'))
    return false;
  try {
    const { data, errors } = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    return (
      data === undefined && !!errors?.length && errors.every((e) => LEGACY_200_CODES.has(e.extensions?.code ?? ''))
    );
  } catch {
    return false;
  }
}

function sendError(res: Response, status: number, message: string, code: string, field?: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] }));
}

export function graphqlHandler(server: ApolloServer<GatewayContext>, keycloak: Keycloak.Keycloak) {
  return async (req: Request, res: Response): Promise<void> => {
    // Before the token check: an oversized body is refused without spending anything on it.
    const oversized = declaredTooLarge(req, MAX_BODY_BYTES);
    if (oversized) {
      sendError(res, oversized.status, oversized.message, 'PAYLOAD_TOO_LARGE');
      return discardBody(req, res);
    }
    const grantRequest = req as GrantRequest;
    grantRequest.kauth = {};
    try {
      grantRequest.kauth.grant = (await keycloak.getGrant(req, res)) as VerifiedGrant;
    } catch {
      keycloak.accessDenied(req, res);
      return discardBody(req, res);
    }
    const accessToken = grantRequest.kauth.grant?.access_token;
    if (!accessToken) {
      keycloak.accessDenied(req, res);
      return discardBody(req, res);
    }
    let context: GatewayContext;
    let body: unknown;
    try {
      context = { identity: identityFromClaims(accessToken.content), token: accessToken.token };
      body = await parsedBody(req);
    } catch (error) {
      if (error instanceof BodyError) {
        sendError(res, error.status, error.message, error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST');
        return discardBody(req, res);
      }
      return sendError(res, 401, (error as Error).message, 'UNAUTHENTICATED');
    }
    const queryAt = req.url.indexOf('?');
    // Before Apollo, whose handling of variables and extensions recurses: a deep one blew the stack (500).
    const tooDeep = tooDeepRequest(body, queryAt >= 0 ? req.url.slice(queryAt) : '');
    if (tooDeep) return sendError(res, 400, tooDeep.message, 'BAD_USER_INPUT', tooDeep.field);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method.toUpperCase(),
        headers,
        search: queryAt >= 0 ? req.url.slice(queryAt) : '',
        body,
      },
      context: async () => context,
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (res.statusCode === 400 && legacyJsonClient(req, response.headers.get('content-type'), response.body.string))
        res.statusCode = 200;
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
