// The portal in a real browser: a hub on free ports serving the built portal, a Keycloak client of the
// caller's own (redirect URIs for its port, optionally a short access-token lifetime; deleted afterwards),
// and Debian's Chromium driven by playwright-core, signing in through the real Keycloak login form.
// Browser tests (test/helpers/portal.ts re-exports this) and the portal benches use it; it lives in
// scripts/ because bench/ may not import test/.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { config } from '../lib/config.js';
import { startHub, type Hub } from './hub.js';
import { ensurePortalBuilt } from './portal-build.js';
import { seed } from './seed/index.js';
import { demoUserToken, keycloakAdminToken } from './keycloak-tokens.js';

export const CHROMIUM = process.env.PLINTH_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${config.keycloak.url}/admin/realms/${config.keycloak.realm}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${await keycloakAdminToken()}`,
      'content-type': 'application/json',
      ...init.headers,
    },
  });
  if (!res.ok && res.status !== 404)
    throw new Error(`Keycloak admin ${init.method ?? 'GET'} ${path}: HTTP ${res.status}`);
  return res;
}

export interface PortalClientOptions {
  /** Seconds; overrides the realm's access-token lifetime for this client only. */
  accessTokenLifespan?: number;
  /** Seconds; overrides the realm's refresh-token ("client session") idle and max lifetime for this client. */
  clientSessionLifespan?: number;
}

/**
 * A copy of the realm's portal client (same mappers: org, audience, roles) under a new id, allowed to
 * redirect to `origins`.
 */
export async function createPortalClient(
  clientId: string,
  origins: string[],
  options: PortalClientOptions = {},
): Promise<void> {
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
  if (options.accessTokenLifespan) attributes['access.token.lifespan'] = String(options.accessTokenLifespan);
  if (options.clientSessionLifespan) {
    attributes['client.session.idle.timeout'] = String(options.clientSessionLifespan);
    attributes['client.session.max.lifespan'] = String(options.clientSessionLifespan);
  }
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

export async function deletePortalClient(clientId: string): Promise<void> {
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
  /** A fresh browser context (no cookies, no session) and page, 1280×800, English. */
  newPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * `demoSeed`: make sure the demo enterprise (scripts/seed) is in the graph, as `npm start` leaves it
 * (idempotent; the seed is the product's demo state, left in place like the realm's demo users).
 */
export async function startPortal(options: PortalClientOptions & { demoSeed?: boolean } = {}): Promise<PortalHarness> {
  ensurePortalBuilt(() => undefined);
  const clientId = `plinth-portal-test-${randomUUID().slice(0, 8)}`;
  const hub = await startHub({ portalClientId: clientId });
  if (options.demoSeed) await seed(hub.driver);
  const port = new URL(hub.gateway.url).port;
  const origin = `http://127.0.0.1:${port}`;
  const localhostOrigin = `http://localhost:${port}`;
  await createPortalClient(clientId, [origin, localhostOrigin], options);
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

/**
 * Ends, in Keycloak, `username`'s sessions that signed in to this harness's client (as an administrator
 * or an idle timeout would), leaving the user's other sessions (other tests, the CLI) alone. Returns how many.
 */
export async function endClientSessions(portal: Pick<PortalHarness, 'clientId'>, username: string): Promise<number> {
  const [user] = (await (await admin(`/users?username=${encodeURIComponent(username)}&exact=true`)).json()) as {
    id: string;
  }[];
  if (!user) throw new Error(`no Keycloak user ${username}`);
  const sessions = (await (await admin(`/users/${user.id}/sessions`)).json()) as {
    id: string;
    clients: Record<string, string>;
  }[];
  const ours = sessions.filter((s) => Object.values(s.clients).includes(portal.clientId));
  for (const s of ours) await admin(`/sessions/${s.id}`, { method: 'DELETE' });
  return ours.length;
}

/** An access token for a demo user (password `plinth`) through the CLI client, for API calls beside the browser. */
export const userToken = (username: string): Promise<string> => demoUserToken(username);

/** A GraphQL request to the harness's gateway as `username`; throws on errors. */
export async function apiQuery<T>(
  portal: Pick<PortalHarness, 'hub'>,
  username: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const res = await fetch(portal.hub.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await userToken(username)}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Saves a screenshot of the viewport (1280×800: small PNGs for the README) under docs/screenshots/.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
