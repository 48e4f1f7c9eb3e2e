// HTTP routes the serving subgraph adds beside GraphQL: the Open Inference Protocol (KServe v2 REST),
// so Triton/KServe/Seldon clients work unchanged, and Prometheus metrics. OIP requests carry the same
// Keycloak bearer token as GraphQL, and a model name resolves only to a READY deployment the caller may
// see (an invisible one answers 404, exactly like a missing one).
import type { Driver } from 'neo4j-driver';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Identity } from '../../../lib/auth/identity.js';
import { bearerToken, verifyAccessToken } from '../../../lib/auth/verify-token.js';
import { authFailure } from '../../../lib/auth/unavailable.js';
import { config } from '../../../lib/config.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../lib/graph/ontology.js';
import { createOipRouter, OIP_MAX_BODY_BYTES } from '../runtime/oip.js';
import { getRuntime } from './host.js';
import { declaredTooLarge, discardBody } from '../../../lib/http/body.js';

interface AuthedRequest extends Request {
  identity?: Identity;
}

/** A model name is a deployment's id or name; a version, when given, is the model version's number. */
async function resolveModel(driver: Driver, identity: Identity, name: string, version: string | undefined) {
  const { records } = await driver.executeQuery(
    `MATCH (d:${Label.Deployment})-[:${Rel.SERVES}]->(mv:${Label.ModelVersion})
     WHERE (d.id = $name OR d.name = $name) AND d.status = 'READY' AND ${visibleTo('d')}
       AND ($version IS NULL OR toString(mv.version) = $version)
     RETURN d.id AS id, toString(mv.version) AS version ORDER BY d.createdAt DESC LIMIT 1`,
    { name, version: version ?? null, ...(await viewerScope(driver, identity)) },
    { database: config.neo4j.database, routing: 'READ' },
  );
  const r = records[0];
  return r ? { deploymentId: r.get('id') as string, version: r.get('version') as string } : null;
}

// Resolution costs a graph query (~3 ms on a small host), more than the model run of a small model, so a
// positive answer is reused for a moment per (org, name, version): visibility depends only on the org. It
// is taken again at once when the runtime no longer serves that deployment (stopped, replaced), and
// unresolvable names are never cached, so a new deployment is reachable immediately.
const RESOLVE_TTL_MS = 2_000;
const RESOLVE_CACHE_MAX = 10_000;
type Resolved = { deploymentId: string; version: string };
const resolvedCache = new Map<string, { value: Resolved; until: number }>();

async function resolveCached(
  driver: Driver,
  identity: Identity,
  name: string,
  version: string | undefined,
): Promise<Resolved | null> {
  const key = `${identity.org}\u0000${name}\u0000${version ?? ''}`;
  const hit = resolvedCache.get(key);
  if (hit && hit.until > Date.now() && getRuntime().status(hit.value.deploymentId)?.state === 'READY') return hit.value;
  const value = await resolveModel(driver, identity, name, version);
  if (value) {
    if (resolvedCache.size >= RESOLVE_CACHE_MAX) resolvedCache.clear();
    resolvedCache.set(key, { value, until: Date.now() + RESOLVE_TTL_MS });
  } else resolvedCache.delete(key);
  return value;
}

/** Of the deployments the runtime has series for, those the caller's org may see. */
async function visibleDeployments(driver: Driver, identity: Identity, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { records } = await driver.executeQuery(
    `MATCH (d:${Label.Deployment}) WHERE d.id IN $ids AND ${visibleTo('d')} RETURN d.id AS id`,
    { ids, ...(await viewerScope(driver, identity)) },
    { database: config.neo4j.database, routing: 'READ' },
  );
  return new Set(records.map((r) => r.get('id') as string));
}

// 401 for a bad token, 503 when Keycloak could not be asked (lib/auth/unavailable.ts).
const unauthorised = (res: Response, error: Error): void => {
  const failure = authFailure(error);
  void res
    .status(failure.status)
    .set(failure.headers)
    .json({ error: failure.status === 401 ? error.message : failure.message });
};

export function servingRoutes(app: express.Express, { driver }: { driver: Driver }): void {
  // Prometheus metrics name deployments and their traffic: behind a token, and only the series of the
  // deployments the caller's org may see (issue #12: they listed every org's deployments to anyone).
  // Scrape with a service account's token (Prometheus: authorization.credentials_file).
  app.get('/metrics', (req, res, next) => {
    verifyAccessToken(bearerToken(req.headers.authorization)).then(
      (identity) =>
        visibleDeployments(driver, identity, getRuntime().metrics.ids())
          .then(
            (visible) =>
              void res
                .type('text/plain; version=0.0.4')
                .set('Cache-Control', 'no-store')
                .send(getRuntime().metricsText(visible)),
          )
          .catch(next),
      (error: Error) => unauthorised(res, error),
    );
  });
  app.use('/v2', (req: AuthedRequest, res: Response, next: NextFunction) => {
    // The declared size first: an oversized body costs neither a token check nor a read.
    const oversized = declaredTooLarge(req, OIP_MAX_BODY_BYTES);
    if (oversized) {
      res.status(413).json({ error: oversized.message });
      return discardBody(req, res);
    }
    verifyAccessToken(bearerToken(req.headers.authorization))
      .then((identity) => {
        req.identity = identity;
        next();
      })
      .catch((error: Error) => {
        unauthorised(res, error);
        discardBody(req, res);
      });
  });
  app.use(
    createOipRouter(getRuntime(), async (name, version, context) => {
      // The router hands over headers only; verification is cached, so this costs a map lookup.
      const header = context.headers.authorization;
      const identity = await verifyAccessToken(bearerToken(Array.isArray(header) ? header[0] : header));
      return resolveCached(driver, identity, name, version);
    }),
  );
}
