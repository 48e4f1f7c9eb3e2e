// HTTP routes the serving subgraph adds beside GraphQL: the Open Inference Protocol (KServe v2 REST),
// so Triton/KServe/Seldon clients work unchanged, and Prometheus metrics. OIP requests carry the same
// Keycloak bearer token as GraphQL, and a model name resolves only to a READY deployment the caller may
// see (an invisible one answers 404, exactly like a missing one).
import type { Driver } from 'neo4j-driver';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Identity } from '../../../lib/auth/identity.js';
import { bearerToken, verifyAccessToken } from '../../../lib/auth/verify-token.js';
import { config } from '../../../lib/config.js';
import { viewerScope, visibleTo } from '../../../lib/graph/visibility.js';
import { Label, Rel } from '../../../graph-schema/ontology.js';
import { createOipRouter } from '../runtime/oip.js';
import { getRuntime } from './host.js';

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

export function servingRoutes(app: express.Express, { driver }: { driver: Driver }): void {
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(getRuntime().metricsText());
  });
  app.use('/v2', (req: AuthedRequest, res: Response, next: NextFunction) => {
    verifyAccessToken(bearerToken(req.headers.authorization))
      .then((identity) => {
        req.identity = identity;
        next();
      })
      .catch((error: Error) => {
        res.status(401).set('WWW-Authenticate', `Bearer realm="${config.keycloak.realm}"`).json({ error: error.message });
      });
  });
  app.use(
    createOipRouter(getRuntime(), async (name, version, context) => {
      // The router hands over headers only; verification is cached, so this costs a map lookup.
      const header = context.headers.authorization;
      const identity = await verifyAccessToken(bearerToken(Array.isArray(header) ? header[0] : header));
      return resolveModel(driver, identity, name, version);
    }),
  );
}
