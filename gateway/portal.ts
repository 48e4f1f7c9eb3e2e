// The portal (ui/dist, built by scripts/portal-build.ts) served at /: hashed assets cached for good and
// sent precompressed (brotli or gzip) when the browser accepts it; any other page path gets index.html,
// so every entity page has a stable URL the app's router resolves. /portal-config.json tells the app
// where Keycloak is, from the server's config, so one build works on localhost, 127.0.0.1 or a real host.
import { existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { config, issuer } from '../lib/config.js';

const DIST = fileURLToPath(new URL('../ui/dist/', import.meta.url));
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
/** Paths that belong to the API: never answered with the app's page. */
const API_PREFIXES = ['/graphql', '/api/', '/v2/', '/metrics', '/temporal', '/health'];

/**
 * Defence in depth for the app's page: scripts only from the portal itself (an injected <script> or
 * inline handler does not run; tokens live in sessionStorage), API calls only to the gateway and
 * Keycloak, never framed (clickjacking of share or approve buttons), no URL leaked in Referer.
 * Styles allow 'unsafe-inline': the component library sets style attributes and <style> tags.
 */
function pageSecurityHeaders(): Record<string, string> {
  const keycloak = new URL(issuer()).origin;
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${keycloak}`,
    `frame-src ${keycloak}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
  };
}

function sendFile(req: express.Request, res: express.Response, file: string, cache: string): void {
  const accepts = String(req.headers['accept-encoding'] ?? '');
  const encoding =
    /\bbr\b/.test(accepts) && existsSync(`${file}.br`)
      ? 'br'
      : /\bgzip\b/.test(accepts) && existsSync(`${file}.gz`)
        ? 'gzip'
        : null;
  res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('cache-control', cache);
  res.setHeader('vary', 'accept-encoding');
  res.setHeader('x-content-type-options', 'nosniff');
  if (encoding) res.setHeader('content-encoding', encoding);
  if (extname(file) === '.html')
    for (const [name, value] of Object.entries(pageSecurityHeaders())) res.setHeader(name, value);
  res.sendFile(encoding ? `${file}.${encoding === 'br' ? 'br' : 'gz'}` : file);
}

/** `clientId`: the OIDC client the app signs in with (default: the configured portal client). */
export function portalRoutes(app: express.Express, clientId = config.keycloak.portalClientId): void {
  app.get('/portal-config.json', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ authority: issuer(), clientId });
  });
  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (API_PREFIXES.some((p) => req.path === p.replace(/\/$/, '') || req.path.startsWith(p))) return next();
    const index = join(DIST, 'index.html');
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send('The portal is not built: run `npm start` (or `npx tsx scripts/portal-build.ts`).');
      return;
    }
    const asset = normalize(join(DIST, decodeURIComponent(req.path)));
    if (asset.startsWith(DIST) && asset !== DIST.replace(/\/$/, '') && existsSync(asset) && statSync(asset).isFile()) {
      const hashed = asset.startsWith(join(DIST, 'assets') + sep);
      return sendFile(req, res, asset, hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    }
    // A page path (no file extension) asked for by a browser gets the app, whose router shows its own
    // "not found"; API clients and missing files get the gateway's JSON 404.
    if (extname(req.path) !== '' || !String(req.headers.accept ?? '').includes('text/html')) return next();
    sendFile(req, res, index, 'no-cache');
  });
}
