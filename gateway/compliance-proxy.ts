// Compliance reports (/api/compliance/...) on the gateway's port: the gateway checks the bearer token
// with keycloak-connect (401 otherwise), then forwards the GET to the lineage subgraph, which verifies
// the token again, checks the role (403) and applies org visibility.
import type { Request, Response } from 'express';
import type Keycloak from 'keycloak-connect';
import { Pool } from 'undici';
import { createLogger } from '../lib/logger.js';

const log = createLogger('gateway');
const FORWARDED = ['authorization', 'accept'];
const RETURNED = ['content-type', 'content-security-policy', 'cache-control', 'www-authenticate'];

export function complianceProxy(lineageUrl: string, keycloak: Keycloak.Keycloak) {
  const pool = new Pool(new URL(lineageUrl).origin, { connections: 16, keepAliveTimeout: 30_000 });
  const handler = async (req: Request, res: Response): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.status(405).set('Allow', 'GET, HEAD').json({ error: 'compliance reports are read with GET' });
      return;
    }
    try {
      await keycloak.getGrant(req, res);
    } catch {
      res.status(401).set('WWW-Authenticate', 'Bearer realm="plinth"').json({ error: 'missing, invalid or expired bearer token' });
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const upstream = await pool.request({ path: req.originalUrl, method: req.method as 'GET' | 'HEAD', headers });
      res.status(upstream.statusCode);
      for (const name of RETURNED) {
        const value = upstream.headers[name];
        if (typeof value === 'string') res.setHeader(name, value);
      }
      res.end(Buffer.from(await upstream.body.arrayBuffer()));
    } catch (error) {
      log.error(`lineage subgraph unreachable: ${(error as Error).message}`);
      res.status(502).json({ error: 'the lineage subgraph is unreachable' });
    }
  };
  return Object.assign(handler, { close: () => pool.close() });
}
