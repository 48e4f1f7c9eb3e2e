// GET /api/compliance/deployments/:id/report(.json|.html) — the compliance report of a deployment.
// Same authentication as GraphQL: a verified Keycloak bearer token (401 otherwise); role
// compliance-officer or platform-admin (403 otherwise); an unknown or invisible deployment is 404.
// `report` without an extension answers HTML when the client prefers it, JSON otherwise.
import { randomUUID } from 'node:crypto';
import type express from 'express';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../../lib/auth/identity.js';
import { bearerToken, verifyAccessToken } from '../../../lib/auth/verify-token.js';
import { authFailure } from '../../../lib/auth/unavailable.js';
import { createLogger } from '../../../lib/logger.js';
import { GRAPH_UNAVAILABLE, isGraphUnavailable } from '../../../lib/subgraph/errors.js';
import { renderReportHtml } from './html.js';
import { deploymentReport } from './report.js';

export const REPORT_PATH = '/api/compliance/deployments/:id/:file';
const FILES: Record<string, 'json' | 'html' | 'negotiate'> = {
  report: 'negotiate',
  'report.json': 'json',
  'report.html': 'html',
};
const CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

const log = createLogger('lineage');

function fail(res: express.Response, status: number, message: string, extra: Record<string, unknown> = {}): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="plinth"');
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .json({ errors: [{ message, extensions: { code: CODES[status] ?? 'ERROR', ...extra } }] });
}

const mayReadCompliance = (identity: Identity): boolean =>
  identity.roles.includes('compliance-officer') || identity.roles.includes('platform-admin');

export function lineageRoutes(app: express.Express, { driver }: { driver: Driver }): void {
  app.get(REPORT_PATH, (req, res) => {
    const format = FILES[String(req.params.file)];
    if (!format) return fail(res, 404, `no such report: ${String(req.params.file)}`);
    void (async () => {
      let identity: Identity;
      try {
        identity = await verifyAccessToken(bearerToken(req.headers.authorization));
      } catch (error) {
        const failure = authFailure(error);
        if (failure.status === 503) res.set(failure.headers);
        return fail(res, failure.status, failure.message);
      }
      if (!mayReadCompliance(identity)) {
        return fail(
          res,
          403,
          `${identity.username} (${identity.roles.join(', ') || 'no roles'}) may not read compliance reports`,
        );
      }
      const report = await deploymentReport(driver, identity, String(req.params.id));
      if (!report) return fail(res, 404, `deployment ${String(req.params.id)} not found`);
      const html =
        format === 'html' || (format === 'negotiate' && req.accepts(['application/json', 'text/html']) === 'text/html');
      res.set('Cache-Control', 'no-store');
      if (html) {
        res
          .status(200)
          .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
          .type('text/html; charset=utf-8')
          .send(renderReportHtml(report));
      } else res.status(200).json(report);
    })().catch((error: Error) => {
      if (isGraphUnavailable(error)) return fail(res, 503, GRAPH_UNAVAILABLE);
      const reference = randomUUID();
      log.error(`compliance report failed ${reference}: ${error.message}`);
      fail(res, 500, `internal error; reference ${reference}`, { reference });
    });
  });
}
