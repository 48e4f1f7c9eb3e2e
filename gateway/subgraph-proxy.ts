// Non-GraphQL routes a subgraph serves, on the gateway's port: the Open Inference Protocol (/v2/...) and
// /metrics (serving), compliance reports and OpenLineage (lineage). The gateway checks the bearer token
// with keycloak-connect (401 otherwise), then forwards; the subgraph verifies it again, checks the role
// and applies org visibility.
import type { Request, Response } from 'express';
import type Keycloak from 'keycloak-connect';
import { Pool } from 'undici';
import { createLogger } from '../lib/logger.js';

const log = createLogger('gateway');
const MAX_BODY = 64 * 1024 * 1024;
const FORWARDED = ['authorization', 'content-type', 'accept', 'inference-header-content-length'];
// Back to the client: the binary tensor extension's header length travels with the body it describes;
// compliance reports carry their own Content-Security-Policy.
const RETURNED = [
  'content-type', 'retry-after', 'inference-header-content-length', 'www-authenticate', 'content-security-policy', 'cache-control',
];

function readBody(req: Request): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error(`request body larger than ${MAX_BODY} bytes`), { status: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface ProxyOptions {
  authenticate: boolean;
  /** Methods accepted; others get 405 (default: all). */
  methods?: string[];
}

export function subgraphProxy(name: string, url: string, keycloak: Keycloak.Keycloak, options: ProxyOptions) {
  const pool = new Pool(new URL(url).origin, { connections: 64, keepAliveTimeout: 30_000 });
  const handler = async (req: Request, res: Response): Promise<void> => {
    if (options.methods && !options.methods.includes(req.method)) {
      res.status(405).set('Allow', options.methods.join(', ')).json({ error: `${req.originalUrl} accepts ${options.methods.join(', ')}` });
      return;
    }
    if (options.authenticate) {
      try {
        await keycloak.getGrant(req, res);
      } catch {
        res.status(401).set('WWW-Authenticate', 'Bearer realm="plinth"').json({ error: 'missing, invalid or expired bearer token' });
        return;
      }
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    let body: Buffer | undefined;
    try {
      body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    } catch (error) {
      res.status((error as { status?: number }).status ?? 400).json({ error: (error as Error).message });
      return;
    }
    try {
      const upstream = await pool.request({ path: req.originalUrl, method: req.method as 'GET' | 'POST', headers, body });
      res.status(upstream.statusCode);
      for (const name of RETURNED) {
        const value = upstream.headers[name];
        if (typeof value === 'string') res.setHeader(name, value);
      }
      res.end(Buffer.from(await upstream.body.arrayBuffer()));
    } catch (error) {
      log.error(`${name} subgraph unreachable: ${(error as Error).message}`);
      res.status(502).json({ error: `the ${name} subgraph is unreachable` });
    }
  };
  return Object.assign(handler, { close: () => pool.close() });
}
