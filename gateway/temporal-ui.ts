// The Temporal Web UI at /temporal/, for signed-in platform admins only. The UI lists every org's
// workflow inputs and can signal, cancel and terminate, and the UI server itself checks nobody (the dev
// server's has no auth settings), so the gateway is its door: an OIDC code flow with PKCE against
// Keycloak (the public portal client), the access token verified like any API token, the role checked,
// then an HttpOnly, SameSite=Lax cookie, HMAC-signed with a key generated at first start, that expires
// with the token. Every request re-verifies the token inside it, so an expired token ends the session.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import { Pool } from 'undici';
import { config, paths, realmUrl } from '../lib/config.js';
import { verifyAccessToken } from '../lib/auth/verify-token.js';
import type { Identity } from '../lib/auth/identity.js';
import { createLogger } from '../lib/logger.js';

const log = createLogger('gateway');

export const TEMPORAL_UI_PATH = '/temporal';
const CALLBACK = `${TEMPORAL_UI_PATH}/_auth/callback`;
const SESSION_COOKIE = 'plinth_temporal';
const LOGIN_COOKIE = 'plinth_temporal_login';
const LOGIN_TTL_S = 600;
const REQUIRED_ROLE = 'platform-admin';

/**
 * The cookie key: PLINTH_SESSION_KEY (replicas behind one address share it), else a file created once
 * with mode 600. `wx` makes the first writer win when several processes start at once.
 */
export function sessionKey(): Buffer {
  if (process.env.PLINTH_SESSION_KEY) return Buffer.from(process.env.PLINTH_SESSION_KEY, 'utf8');
  const file = paths.sessionKeyFile;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`${file} holds no usable key (delete it to have a new one generated)`);
  return Buffer.from(key, 'utf8');
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

function sign(key: Buffer, purpose: string, value: string): string {
  // The purpose is part of the MAC, so a login cookie can never pass as a session cookie.
  return `${value}.${createHmac('sha256', key).update(`${purpose}\n${value}`).digest('base64url')}`;
}

function unsign(key: Buffer, purpose: string, signed: string | undefined): string | undefined {
  if (!signed) return undefined;
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(sign(key, purpose, value).slice(dot + 1));
  const given = Buffer.from(signed.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}

function cookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

function cookie(name: string, value: string, path: string, maxAgeS: number, secure: boolean): string {
  return `${name}=${value}; Path=${path}; Max-Age=${Math.max(0, Math.floor(maxAgeS))}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

const wantsHtml = (req: Request): boolean => (req.headers.accept ?? '').includes('text/html');

/** Only a path under /temporal/ of this gateway: never a client-chosen host (no open redirect). */
function safeReturnPath(raw: string | undefined): string {
  if (!raw || !raw.startsWith(`${TEMPORAL_UI_PATH}/`) || raw.startsWith('//') || raw.includes('\\'))
    return `${TEMPORAL_UI_PATH}/`;
  return raw;
}

/** Request headers the UI server needs; never our cookies or the client's own credentials. */
const FORWARDED = [
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'x-csrf-token',
  'if-none-match',
  'if-modified-since',
  'caller-type',
];
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'trailer',
  'te',
]);

export interface TemporalUiOptions {
  /** The UI server (served under the same /temporal public path). */
  uiUrl: () => string;
  /** The origin browsers use for this gateway, for the sign-in redirect. */
  publicOrigin: (req: Request) => string;
  /** Send the admin's token to the UI server, which passes it to Temporal's JWT authorizer (deployed). */
  forwardToken?: boolean;
  /** The public OIDC client to sign in with (default: the portal's). */
  clientId?: string;
}

export function temporalUi(options: TemporalUiOptions) {
  const key = sessionKey();
  let pool: { origin: string; pool: Pool } | undefined;
  const upstream = (): Pool => {
    const origin = new URL(options.uiUrl()).origin;
    if (pool?.origin !== origin) {
      void pool?.pool.close();
      pool = { origin, pool: new Pool(origin, { connections: 16, keepAliveTimeout: 30_000 }) };
    }
    return pool.pool;
  };
  const secure = (req: Request): boolean => options.publicOrigin(req).startsWith('https:');

  function refuse(req: Request, res: Response, status: 401 | 403, message: string): void {
    res.status(status).set('Cache-Control', 'no-store');
    if (status === 401) res.set('WWW-Authenticate', 'Bearer realm="plinth"');
    res.json({ error: message });
  }

  /** Browsers go to Keycloak's sign-in; the PKCE verifier and state ride in a short-lived signed cookie. */
  function startLogin(req: Request, res: Response): void {
    const state = base64url(randomBytes(16));
    const verifier = base64url(randomBytes(32));
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const login = base64url(JSON.stringify({ s: state, v: verifier, r: safeReturnPath(req.originalUrl) }));
    const auth = new URL(`${config.keycloak.publicUrl}/realms/${config.keycloak.realm}/protocol/openid-connect/auth`);
    auth.search = new URLSearchParams({
      client_id: options.clientId ?? config.keycloak.portalClientId,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: `${options.publicOrigin(req)}${CALLBACK}`,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    res
      .status(302)
      .set('Cache-Control', 'no-store')
      .set(
        'Set-Cookie',
        cookie(LOGIN_COOKIE, sign(key, 'login', login), `${TEMPORAL_UI_PATH}/_auth`, LOGIN_TTL_S, secure(req)),
      )
      .set('Location', auth.toString())
      .end();
  }

  async function callback(req: Request, res: Response): Promise<void> {
    const signed = unsign(key, 'login', cookies(req.headers.cookie).get(LOGIN_COOKIE));
    const login = signed
      ? (JSON.parse(Buffer.from(signed, 'base64url').toString('utf8')) as { s: string; v: string; r: string })
      : undefined;
    const { code, state, error } = req.query as Record<string, string | undefined>;
    if (error) return refuse(req, res, 401, `sign-in failed at Keycloak: ${error}`);
    if (!login || typeof state !== 'string' || state !== login.s || typeof code !== 'string') {
      return refuse(
        req,
        res,
        401,
        'sign-in callback without a matching sign-in attempt (expired, or started elsewhere)',
      );
    }
    const tokenRes = await fetch(`${realmUrl()}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: options.clientId ?? config.keycloak.portalClientId,
        code,
        code_verifier: login.v,
        redirect_uri: `${options.publicOrigin(req)}${CALLBACK}`,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!tokenRes.ok) return refuse(req, res, 401, `Keycloak refused the sign-in code: HTTP ${tokenRes.status}`);
    const { access_token: token } = (await tokenRes.json()) as { access_token?: string };
    let identity: Identity;
    try {
      identity = await verifyAccessToken(token);
    } catch (e) {
      return refuse(req, res, 401, (e as Error).message);
    }
    const clearLogin = cookie(LOGIN_COOKIE, '', `${TEMPORAL_UI_PATH}/_auth`, 0, secure(req));
    if (!identity.roles.includes(REQUIRED_ROLE)) {
      res.set('Set-Cookie', clearLogin);
      return refuse(
        req,
        res,
        403,
        `${identity.username} is signed in but the Temporal UI needs the ${REQUIRED_ROLE} role`,
      );
    }
    const exp = (JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString('utf8')) as { exp: number }).exp;
    log.info(`${identity.username} signed in to the Temporal UI`);
    res
      .status(302)
      .set('Cache-Control', 'no-store')
      .set('Set-Cookie', [
        clearLogin,
        cookie(SESSION_COOKIE, sign(key, 'session', token!), TEMPORAL_UI_PATH, exp - Date.now() / 1000, secure(req)),
      ])
      .set('Location', safeReturnPath(login.r))
      .end();
  }

  /** The session's identity and token, or why there is none. */
  async function session(req: Request): Promise<{ identity: Identity; token: string } | { reason: string }> {
    const token = unsign(key, 'session', cookies(req.headers.cookie).get(SESSION_COOKIE));
    if (!token) return { reason: 'sign in to use the Temporal UI' };
    try {
      return { identity: await verifyAccessToken(token), token };
    } catch (e) {
      return { reason: `sign in again: ${(e as Error).message}` };
    }
  }

  async function proxy(req: Request, res: Response, token: string): Promise<void> {
    // Only the path and query travel: an absolute request-target cannot pick another host.
    const target = new URL(req.originalUrl, 'http://gateway.invalid');
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    // The UI's own CSRF cookie goes along; the session cookie (a bearer token) does not.
    const uiCookies = [...cookies(req.headers.cookie)].filter(
      ([name]) => name !== SESSION_COOKIE && name !== LOGIN_COOKIE,
    );
    if (uiCookies.length) headers.cookie = uiCookies.map(([name, value]) => `${name}=${value}`).join('; ');
    if (options.forwardToken) headers.authorization = `Bearer ${token}`;
    const hasBody = !['GET', 'HEAD'].includes(req.method);
    let ui: Pool;
    try {
      ui = upstream();
    } catch (error) {
      // e.g. no UI port yet: the stack was never started on this machine.
      res.status(503).json({ error: `the Temporal UI is not available: ${(error as Error).message}` });
      return;
    }
    let answer;
    try {
      answer = await ui.request({
        path: `${target.pathname}${target.search}`,
        method: req.method as 'GET',
        headers,
        body: hasBody ? req : undefined,
        headersTimeout: 30_000,
      });
    } catch (error) {
      log.error(`Temporal UI unreachable: ${(error as Error).message}`);
      res.status(502).json({ error: 'the Temporal UI is unreachable' });
      return;
    }
    res.status(answer.statusCode);
    for (const [name, value] of Object.entries(answer.headers as IncomingHttpHeaders)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) res.setHeader(name, value);
    }
    await pipeline(answer.body, res);
  }

  const handler = async (req: Request, res: Response): Promise<void> => {
    if (req.path === '/_auth/callback' && req.method === 'GET') return callback(req, res);
    const current = await session(req);
    if ('reason' in current) {
      if (wantsHtml(req) && req.method === 'GET') return startLogin(req, res);
      return refuse(req, res, 401, current.reason);
    }
    if (!current.identity.roles.includes(REQUIRED_ROLE)) {
      return refuse(
        req,
        res,
        403,
        `the Temporal UI needs the ${REQUIRED_ROLE} role; ${current.identity.username} does not have it`,
      );
    }
    // State-changing calls (signal, cancel, terminate) come from the UI's own pages only: a browser
    // always sends Origin on them, and SameSite=Lax does not stop another port of this host.
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.headers.origin !== options.publicOrigin(req)) {
      return refuse(req, res, 403, `cross-origin ${req.method} to the Temporal UI refused`);
    }
    return proxy(req, res, current.token);
  };
  return Object.assign(handler, { close: async () => pool?.pool.close() });
}
