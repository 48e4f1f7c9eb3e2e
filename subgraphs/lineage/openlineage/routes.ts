// OpenLineage over HTTP, at the paths Marquez uses, so stock OpenLineage clients (HttpTransport with
// url = the hub, endpoint = api/v1/lineage) can report to Plinth:
//   POST /api/v1/lineage          one RunEvent (JSON; gzip accepted) → 201, or 200 when it was a replay
//   GET  /api/v1/lineage/export   Plinth's training runs as RunEvents (?since=<date-time>&limit=<n>)
// Authentication as everywhere: a verified Keycloak bearer token (401 otherwise). Posting needs role
// data-scientist, ml-engineer or platform-admin (403 otherwise); exporting shows what the caller may see.
// Errors are JSON `{error, details?}`; an invalid event is a 400 whose details carry one line per
// schema violation with its JSON Pointer path.
import { randomUUID } from 'node:crypto';
import express from 'express';
import type { Driver } from 'neo4j-driver';
import { bearerToken, verifyAccessToken } from '../../../lib/auth/verify-token.js';
import { authFailure } from '../../../lib/auth/unavailable.js';
import type { Identity, Role } from '../../../lib/auth/identity.js';
import { createLogger } from '../../../lib/logger.js';
import { declaredTooLarge, discardBody } from '../../../lib/http/body.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable } from '../../../lib/subgraph/errors.js';
import { ingestRunEvent, OpenLineageError } from './ingest.js';
import { exportTrainingRuns, trainingRunToOpenLineage, EXPORT_LIMIT } from './export.js';
import { validateRunEvent } from './validate.js';

export const LINEAGE_PATH = '/api/v1/lineage';
export const EXPORT_PATH = '/api/v1/lineage/export';
/** Largest event accepted (after decompression). */
export const MAX_EVENT_BYTES = 5 * 1024 * 1024;
export const POSTING_ROLES: readonly Role[] = ['data-scientist', 'ml-engineer', 'platform-admin'];

const log = createLogger('lineage');

type Locals = { identity: Identity };

function sendError(res: express.Response, status: number, error: string, details?: unknown[]): void {
  if (res.headersSent) return;
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="plinth"');
  res.status(status).json(details ? { error, details } : { error });
}

const authenticate: express.RequestHandler = (req, res, next) => {
  verifyAccessToken(bearerToken(req.headers.authorization)).then(
    (identity) => {
      (res.locals as Locals).identity = identity;
      next();
    },
    (error: Error) => {
      const failure = authFailure(error);
      if (failure.status === 503) res.set(failure.headers);
      sendError(res, failure.status, failure.status === 401 ? `lineage: ${error.message}` : failure.message);
    },
  );
};

// Before the token check: a body declared over the limit (as sent; gzip is limited again decoded, by
// express.json) is refused at once, unread.
const refuseOversized: express.RequestHandler = (req, res, next) => {
  if (!declaredTooLarge(req, MAX_EVENT_BYTES)) return next();
  sendError(res, 413, `event larger than the limit of ${MAX_EVENT_BYTES} bytes`);
  discardBody(req, res);
};

const mayPost: express.RequestHandler = (_req, res, next) => {
  const { identity } = res.locals as Locals;
  if (identity.roles.some((r) => POSTING_ROLES.includes(r))) return next();
  sendError(
    res,
    403,
    `${identity.username} (${identity.roles.join(', ') || 'no roles'}) may not post lineage events; roles allowed: ${POSTING_ROLES.join(', ')}`,
  );
};

function internal(res: express.Response, error: unknown, what: string): void {
  if (isGraphUnavailable(error)) return sendError(res, 503, GRAPH_UNAVAILABLE);
  const reference = randomUUID();
  log.error(`${what} failed, reference ${reference}: ${(error as Error).message}`);
  sendError(res, 500, `internal error; reference ${reference}`);
}

export function ingestHandler(driver: Driver) {
  return async (req: express.Request, res: express.Response): Promise<void> => {
    const { identity } = res.locals as Locals;
    if (req.body === undefined) {
      sendError(res, 415, 'send the OpenLineage RunEvent as JSON with Content-Type: application/json');
      return;
    }
    const validation = validateRunEvent(req.body);
    if (!validation.ok) {
      const summary = validation.details.map((d) => `${d.path || '(event)'} ${d.message}`).join('; ');
      sendError(res, 400, `invalid OpenLineage RunEvent: ${summary}`, validation.details);
      return;
    }
    try {
      const result = await ingestRunEvent(driver, identity, validation.event);
      res.status(result.status === 'unchanged' ? 200 : 201).json(result);
    } catch (error) {
      if (error instanceof OpenLineageError) sendError(res, error.status, error.message, error.details);
      else internal(res, error, 'lineage ingestion');
    }
  };
}

export function exportHandler(driver: Driver) {
  return async (req: express.Request, res: express.Response): Promise<void> => {
    const { identity } = res.locals as Locals;
    const since = typeof req.query.since === 'string' && req.query.since !== '' ? req.query.since : undefined;
    if (since !== undefined && Number.isNaN(Date.parse(since))) {
      sendError(res, 400, `since must be an ISO 8601 date-time, got "${since}"`, [
        { path: 'since', message: 'must be a date-time' },
      ]);
      return;
    }
    const limitText = typeof req.query.limit === 'string' ? req.query.limit : undefined;
    const limit = limitText === undefined ? EXPORT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > EXPORT_LIMIT) {
      sendError(res, 400, `limit must be an integer from 1 to ${EXPORT_LIMIT}`, [
        { path: 'limit', message: 'out of range' },
      ]);
      return;
    }
    try {
      const runs = await exportTrainingRuns(driver, identity, { since: since && new Date(since).toISOString(), limit });
      res.json({ events: runs.flatMap(trainingRunToOpenLineage), runs: runs.length });
    } catch (error) {
      internal(res, error, 'lineage export');
    }
  };
}

/** Body-parser failures (malformed JSON, too large, unknown encoding) as the same JSON errors. */
const bodyErrors: express.ErrorRequestHandler = (
  error: Error & { status?: number; type?: string },
  _req,
  res,
  next,
) => {
  if (res.headersSent) return next(error);
  const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
  if (status === 500) return internal(res, error, 'lineage request');
  const message =
    error.type === 'entity.parse.failed'
      ? 'request body is not valid JSON'
      : error.type === 'entity.too.large'
        ? `event larger than the limit of ${MAX_EVENT_BYTES} bytes`
        : error.message;
  sendError(res, status, message);
};

/** The OpenLineage routes, for a subgraph's `routes` hook (see lib/subgraph/server.ts). */
export const openLineageRoutes = (app: express.Express, deps: { driver: Driver }): void => {
  const ingest = ingestHandler(deps.driver);
  const exporter = exportHandler(deps.driver);
  const json = express.json({ limit: MAX_EVENT_BYTES, type: ['application/json', 'application/*+json'] });
  app.get(EXPORT_PATH, authenticate, (req, res, next) => void exporter(req, res).catch(next));
  app.post(
    LINEAGE_PATH,
    refuseOversized,
    authenticate,
    mayPost,
    json,
    (req, res, next) => void ingest(req, res).catch(next),
  );
  app.use(LINEAGE_PATH, bodyErrors);
};
