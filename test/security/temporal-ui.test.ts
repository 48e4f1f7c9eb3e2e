// Issue #12, item 4 (second half): the Temporal UI listed every org's workflow inputs to anyone on the
// host, at http://127.0.0.1:8233, without sign-in. Now it answers only through the gateway's /temporal/,
// to a platform admin who signed in at Keycloak (code flow with PKCE, driven here through Keycloak's
// real login form), and the well-known port is closed.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { config } from '../../lib/config.js';
import { startGateway, type RunningGateway } from '../../gateway/app.js';
import { createPortalClient, deletePortalClient } from '../../scripts/portal-browser.js';

let gateway: RunningGateway;
let origin: string;
let connection: Connection;
let workflowId: string;
const secret = `ui-test-input-${randomUUID()}`;

/** Cookies as a browser keeps them: name → value, set by responses, sent back on the next request. */
class Jar {
  readonly values = new Map<string, string>();
  take(res: Response): string[] {
    const raw = res.headers.getSetCookie();
    for (const line of raw) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0\b/i.test(line) || value === '') this.values.delete(name);
      else this.values.set(name, value);
    }
    return raw;
  }
  header(): string {
    return [...this.values].map(([n, v]) => `${n}=${v}`).join('; ');
  }
}

const decodeHtml = (s: string): string =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"');

/**
 * Opens `path` as a browser would, signs in at Keycloak's login form as `username`, follows the
 * redirect back to the gateway's callback, and returns the gateway's cookie jar and the callback's answer.
 */
async function signIn(path: string, username: string): Promise<{ jar: Jar; callback: Response; setCookies: string[] }> {
  const gatewayJar = new Jar();
  const keycloakJar = new Jar();
  const start = await fetch(`${origin}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });
  assert.equal(start.status, 302, 'a browser without a session is sent to sign in');
  gatewayJar.take(start);
  const authUrl = start.headers.get('location')!;
  assert.ok(
    authUrl.startsWith(`${config.keycloak.publicUrl}/realms/${config.keycloak.realm}/protocol/openid-connect/auth?`),
    authUrl,
  );
  assert.equal(new URL(authUrl).searchParams.get('code_challenge_method'), 'S256');

  const form = await fetch(authUrl, { redirect: 'manual' });
  keycloakJar.take(form);
  const html = await form.text();
  assert.equal(form.status, 200, `Keycloak's login page: ${html.slice(0, 300)}`);
  const action =
    /<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"/.exec(html)?.[1] ?? /action="([^"]+)"/.exec(html)?.[1];
  assert.ok(action, 'Keycloak served its login form');
  const posted = await fetch(decodeHtml(action), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: keycloakJar.header() },
    body: new URLSearchParams({ username, password: 'plinth', credentialId: '' }),
    redirect: 'manual',
  });
  assert.equal(posted.status, 302, `Keycloak accepted ${username}'s password`);
  const back = posted.headers.get('location')!;
  assert.ok(
    back.startsWith(`${origin}/temporal/_auth/callback?`),
    `Keycloak redirects to the gateway's callback: ${back}`,
  );

  const callback = await fetch(back, {
    headers: { accept: 'text/html', cookie: gatewayJar.header() },
    redirect: 'manual',
  });
  const setCookies = gatewayJar.take(callback);
  return { jar: gatewayJar, callback, setCookies };
}

const portalClientId = `plinth-temporal-ui-test-${randomUUID().slice(0, 8)}`;

before(async () => {
  // A workflow whose input is the kind of thing the UI must not show to strangers. No worker polls its
  // task queue, so it waits untouched until the test terminates it.
  connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  workflowId = `temporal-ui-test-${randomUUID()}`;
  await client.workflow.start('uiProbe', {
    taskQueue: `temporal-ui-test-${randomUUID()}`,
    workflowId,
    args: [{ secret }],
  });
  // The realm's portal client redirects to port 4000 only: this gateway signs in with a client of its own.
  gateway = await startGateway({ port: 0, portalClientId });
  origin = new URL(gateway.url).origin;
  await createPortalClient(portalClientId, [origin]);
});

after(async () => {
  await new Client({ connection, namespace: config.temporal.namespace }).workflow
    .getHandle(workflowId)
    .terminate('test done');
  await connection.close();
  await gateway.stop();
  await deletePortalClient(portalClientId);
});

describe('Temporal UI behind sign-in', () => {
  it('the well-known UI port 8233 no longer answers', async () => {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: 8233 });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    assert.equal(open, false, 'something still listens on 127.0.0.1:8233');
  });

  it('the workflow list API through the gateway without a session: 401, and the input is not in it', async () => {
    const res = await fetch(`${origin}/temporal/api/v1/namespaces/${config.temporal.namespace}/workflows`, {
      headers: { accept: 'application/json' },
    });
    const body = await res.text();
    assert.equal(res.status, 401);
    assert.ok(!body.includes(secret));
    assert.match(JSON.parse(body).error as string, /sign in/);
  });

  it('a forged or tampered session cookie is refused', async () => {
    for (const value of ['x.y', 'eyJhbGciOiJSUzI1NiJ9.e30.sig.AAAA', `${'a'.repeat(40)}.${'b'.repeat(43)}`]) {
      const res = await fetch(`${origin}/temporal/api/v1/namespaces`, {
        headers: { accept: 'application/json', cookie: `plinth_temporal=${value}` },
      });
      assert.equal(res.status, 401, value);
    }
  });

  it('a callback without the sign-in it belongs to is refused', async () => {
    const res = await fetch(`${origin}/temporal/_auth/callback?code=made-up&state=made-up`, { redirect: 'manual' });
    assert.equal(res.status, 401);
  });

  it('a platform admin who signs in reaches the UI and its API; the session cookie is HttpOnly, Lax, and ends with the token', async () => {
    const { jar, callback, setCookies } = await signIn(
      `/temporal/namespaces/${config.temporal.namespace}/workflows`,
      'admin',
    );
    assert.equal(callback.status, 302, await callback.clone().text());
    assert.equal(callback.headers.get('location'), `/temporal/namespaces/${config.temporal.namespace}/workflows`);
    const session = setCookies.find((c) => c.startsWith('plinth_temporal='));
    assert.ok(session, 'a session cookie was set');
    assert.match(session, /; HttpOnly/);
    assert.match(session, /; SameSite=Lax/);
    assert.match(session, /; Path=\/temporal/);
    const maxAge = Number(/Max-Age=(\d+)/.exec(session)?.[1]);
    assert.ok(maxAge > 0 && maxAge <= 900, `expires with the access token (15 min), Max-Age=${maxAge}`);

    const page = await fetch(`${origin}/temporal/namespaces/${config.temporal.namespace}/workflows`, {
      headers: { accept: 'text/html', cookie: jar.header() },
    });
    assert.equal(page.status, 200);
    const html = await page.text();
    const asset = /href="(\/temporal\/_app\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, "the UI's page, with its assets under /temporal/");
    // Assets stream through compressed (gzip from the UI server) and arrive intact.
    const script = await fetch(`${origin}${asset}`, { headers: { cookie: jar.header(), 'accept-encoding': 'gzip' } });
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /javascript/);
    assert.match(await script.text(), /\bexport\b/, 'an ES module, decompressed intact');
    const anonymous = await fetch(`${origin}${asset}`);
    assert.equal(anonymous.status, 401, 'assets too need the session');

    const namespaces = await fetch(`${origin}/temporal/api/v1/namespaces`, {
      headers: { accept: 'application/json', cookie: jar.header() },
    });
    assert.equal(namespaces.status, 200);
    const names = ((await namespaces.json()) as { namespaces: { namespaceInfo: { name: string } }[] }).namespaces.map(
      (n) => n.namespaceInfo.name,
    );
    assert.ok(names.includes(config.temporal.namespace), names.join(', '));

    const query = encodeURIComponent(`WorkflowId = '${workflowId}'`);
    const list = await fetch(
      `${origin}/temporal/api/v1/namespaces/${config.temporal.namespace}/workflows?query=${query}`,
      {
        headers: { accept: 'application/json', cookie: jar.header() },
      },
    );
    assert.equal(list.status, 200);
    const executions =
      ((await list.json()) as { executions?: { execution: { workflowId: string } }[] }).executions ?? [];
    assert.deepEqual(
      executions.map((e) => e.execution.workflowId),
      [workflowId],
    );

    // A state-changing call from another origin (another port of this host is the same "site") is refused.
    const crossSite = await fetch(
      `${origin}/temporal/api/v1/namespaces/${config.temporal.namespace}/workflows/${workflowId}/terminate`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: jar.header(), origin: 'http://127.0.0.1:1' },
        body: '{}',
      },
    );
    assert.equal(crossSite.status, 403);
  });

  it('a signed-in user without platform-admin (viewer) gets 403 and no session', async () => {
    const { callback, setCookies } = await signIn('/temporal/', 'viewer');
    assert.equal(callback.status, 403);
    assert.match(((await callback.json()) as { error: string }).error, /platform-admin/);
    assert.ok(!setCookies.some((c) => c.startsWith('plinth_temporal=')), 'no session cookie for a viewer');
  });
});
