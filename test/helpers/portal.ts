// Browser tests of the portal: a hub on free ports serving the built portal, a Keycloak client of the
// test's own (redirect URIs for its port, optionally a short access-token lifetime; deleted afterwards),
// and Debian's Chromium driven by playwright-core, signing in through the real Keycloak login form.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { config } from '../../lib/config.js';
import { ensurePortalBuilt } from '../../scripts/portal-build.js';
import { seed } from '../../scripts/seed/index.js';
import { startHub, type Hub } from './hub.js';

export const CHROMIUM = process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function adminToken(): Promise<string> {
  const res = await fetch(`${config.keycloak.url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: config.keycloak.adminPassword,
    }),
  });
  if (!res.ok) throw new Error(`Keycloak admin token: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${config.keycloak.url}/admin/realms/${config.keycloak.realm}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json', ...init.headers },
  });
  if (!res.ok && res.status !== 404)
    throw new Error(`Keycloak admin ${init.method ?? 'GET'} ${path}: HTTP ${res.status}`);
  return res;
}

/**
 * A copy of the realm's portal client (same mappers: org, audience, roles) under a new id, allowed to
 * redirect to `origins`; `accessTokenLifespan` (seconds) overrides the realm's for this client only.
 */
async function createPortalClient(clientId: string, origins: string[], accessTokenLifespan?: number): Promise<void> {
  const [template] = (await (await admin(`/clients?clientId=${config.keycloak.portalClientId}`)).json()) as Record<
    string,
    unknown
  >[];
  if (!template) throw new Error(`realm has no ${config.keycloak.portalClientId} client to copy`);
  const { id: _id, ...rest } = template;
  const mappers = (rest.protocolMappers as Record<string, unknown>[] | undefined)?.map(({ id: _m, ...m }) => m);
  const attributes: Record<string, string> = {
    ...(rest.attributes as Record<string, string>),
    'post.logout.redirect.uris': '+',
  };
  if (accessTokenLifespan) attributes['access.token.lifespan'] = String(accessTokenLifespan);
  await admin('/clients', {
    method: 'POST',
    body: JSON.stringify({
      ...rest,
      clientId,
      name: `Plinth portal (browser test ${clientId})`,
      redirectUris: origins.map((o) => `${o}/*`),
      webOrigins: origins,
      protocolMappers: mappers,
      attributes,
    }),
  });
}

async function deletePortalClient(clientId: string): Promise<void> {
  const [client] = (await (await admin(`/clients?clientId=${clientId}`)).json()) as { id: string }[];
  if (client) await admin(`/clients/${client.id}`, { method: 'DELETE' });
}

export interface PortalHarness {
  hub: Hub;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** The same portal as http://localhost:<port> */
  localhostOrigin: string;
  browser: Browser;
  clientId: string;
  /** A fresh browser context (no cookies, no session) and page. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * `demoSeed`: make sure the demo enterprise (scripts/seed) is in the graph, as `npm start` leaves it
 * (idempotent; the seed is the product's demo state, left in place like the realm's demo users).
 */
export async function startPortal(
  options: { accessTokenLifespan?: number; demoSeed?: boolean } = {},
): Promise<PortalHarness> {
  ensurePortalBuilt(() => undefined);
  const clientId = `plinth-portal-test-${randomUUID().slice(0, 8)}`;
  const hub = await startHub({ portalClientId: clientId });
  if (options.demoSeed) await seed(hub.driver);
  const port = new URL(hub.gateway.url).port;
  const origin = `http://127.0.0.1:${port}`;
  const localhostOrigin = `http://localhost:${port}`;
  await createPortalClient(clientId, [origin, localhostOrigin], options.accessTokenLifespan);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const contexts: BrowserContext[] = [];
  return {
    hub,
    origin,
    localhostOrigin,
    browser,
    clientId,
    newPage: async () => {
      const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      return { context, page: await context.newPage() };
    },
    close: async () => {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close();
      await deletePortalClient(clientId);
      await hub.close();
    },
  };
}

/** Signs in through Keycloak's own login form, starting at `path`; resolves once the app shows the user. */
export async function signIn(page: Page, origin: string, username: string, path = '/'): Promise<void> {
  await page.goto(`${origin}${path}`);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill('plinth');
  await page.locator('#kc-login').click();
  await page.getByTestId('viewer').waitFor({ timeout: 30_000 });
}

/** Saves a screenshot under docs/screenshots/ (linked from the README). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
