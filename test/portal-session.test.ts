// Portal sessions in a real browser against the real Keycloak, with 30-second access tokens: silent
// renewal (refresh token) keeps a session alive past the token's lifetime; a session Keycloak ended shows
// the Sign in button once the token expires, or at once when the API refuses the token; sign-out
// (id_token_hint) comes straight back to the portal and stays signed out; both localhost and 127.0.0.1
// sign in; a deep link survives sign-in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { endClientSessions, signIn, startPortal, type PortalHarness } from './helpers/portal.js';

const LIFESPAN = 30;
let portal: PortalHarness;
let renewing: Page;
let sleeper: Page;
let sleeperToken: string;
let ended: Page;
let firstToken: string;
let refreshes = 0;

interface StoredUser {
  access_token: string;
  refresh_token?: string;
  expires_at: number;
}

/** The user oidc-client-ts keeps in sessionStorage (lib/auth.ts). */
async function storedUser(page: Page): Promise<StoredUser | null> {
  const raw = await page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.startsWith('oidc.user:'));
    return key ? sessionStorage.getItem(key) : null;
  });
  return raw ? (JSON.parse(raw) as StoredUser) : null;
}

const expiry = (jwt: string): number =>
  (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as { exp: number }).exp * 1000;

const signInButton = (page: Page) => page.getByRole('button', { name: 'Sign in' });

before(async () => {
  portal = await startPortal({ accessTokenLifespan: LIFESPAN, demoSeed: true });
  // Both long waits (renewal, expiry) run alongside the other tests: sign these two in first.
  ({ page: renewing } = await portal.newPage());
  await signIn(renewing, portal.origin, 'scientist');
  renewing.on('request', (request) => {
    if (
      request.url().endsWith('/protocol/openid-connect/token') &&
      /grant_type=refresh_token/.test(request.postData() ?? '')
    )
      refreshes += 1;
  });
  const user = await storedUser(renewing);
  assert.ok(user?.refresh_token, 'the portal holds a refresh token to renew with');
  firstToken = user.access_token;
  const lifetime = expiry(firstToken) - Date.now();
  assert.ok(lifetime > 0 && lifetime <= LIFESPAN * 1000, `the test's short token lifetime applies (${lifetime} ms)`);

  // A tab that left the portal (a laptop that slept) comes back after its token expired.
  ({ page: sleeper } = await portal.newPage());
  await signIn(sleeper, portal.origin, 'approver');
  sleeperToken = (await storedUser(sleeper))!.access_token;
  await sleeper.goto('about:blank');

  ({ page: ended } = await portal.newPage());
  await signIn(ended, portal.origin, 'viewer');
  assert.equal(await endClientSessions(portal, 'viewer'), 1, 'one Keycloak session of viewer ended');
});
after(async () => {
  await portal?.close();
});

describe('portal sessions', () => {
  test('localhost and 127.0.0.1 both sign in, and a deep link survives sign-in', async () => {
    for (const origin of [portal.origin, portal.localhostOrigin]) {
      const { page } = await portal.newPage();
      await signIn(page, origin, 'dispatcher', '/knowledge?lang=x');
      const url = new URL(page.url());
      assert.equal(url.origin, origin);
      assert.equal(`${url.pathname}${url.search}`, '/knowledge?lang=x');
      await page.getByRole('heading', { level: 1 }).waitFor();
      assert.equal(await page.getByTestId('not-found').count(), 0);
    }
  });

  test('sign-out returns to the landing page without a confirmation page, and a reload stays signed out', async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.origin, 'approver', '/hardware');
    const visited: string[] = [];
    // Redirects (Keycloak's end-session answer is one) are navigation requests, never committed pages.
    page.on('request', (request) => {
      if (request.isNavigationRequest()) visited.push(request.url());
    });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${portal.origin}/`);
    await signInButton(page).waitFor();
    assert.ok(
      visited.some((u) => u.includes('/protocol/openid-connect/logout') && u.includes('id_token_hint=')),
      `sign-out went through Keycloak's end-session endpoint with id_token_hint: ${visited.join(' → ')}`,
    );
    assert.equal(await storedUser(page), null, 'no tokens left in sessionStorage');
    await page.reload();
    await signInButton(page).waitFor();
    assert.equal(await page.getByTestId('viewer').count(), 0);
    // Keycloak's session ended too: signing in again asks for the password.
    await signInButton(page).click();
    await page.locator('#username').waitFor();
  });

  test('a session Keycloak ended is noticed at the next API call, long before the token expires', async () => {
    const { page } = await portal.newPage();
    await signIn(page, portal.origin, 'engineer');
    const token = (await storedUser(page))!.access_token;
    assert.equal(await endClientSessions(portal, 'engineer'), 1);
    // The hub trusts an introspection answer for 5 s (PLINTH_INTROSPECTION_TTL_MS): let it lapse.
    await new Promise((r) => setTimeout(r, 6_000));
    await page.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Hardware' }).click();
    await signInButton(page).waitFor();
    assert.ok(Date.now() < expiry(token), 'signed out by the refused token, not by its expiry');
    await page.getByText('Your session ended. Sign in again to continue.').waitFor();
    assert.equal(await storedUser(page), null);
  });

  test(`silent renewal keeps the session alive past the ${LIFESPAN} s access token`, async () => {
    const wait = expiry(firstToken) + 2_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Client-side navigation to an API-backed page, with whatever token the app holds now.
    const answer = renewing.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST');
    await renewing.getByRole('navigation', { name: 'Navigation' }).getByRole('link', { name: 'Hardware' }).click();
    const res = await answer;
    assert.equal(res.status(), 200);
    const body = (await res.json()) as { errors?: unknown[] };
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    await renewing.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await signInButton(renewing).count(), 0);
    const now = await storedUser(renewing);
    assert.ok(now, 'still signed in');
    assert.notEqual(now.access_token, firstToken, 'the access token was renewed');
    assert.ok(refreshes >= 1, 'renewed with the refresh token (no redirect, no iframe)');
    assert.ok(expiry(now.access_token) > Date.now(), 'the token held now is valid');
    // A reload keeps the renewed session.
    await renewing.reload();
    await renewing.getByTestId('viewer').waitFor();
  });

  test('a tab reopened after its access token expired renews with the refresh token instead of ending', async () => {
    const wait = expiry(sleeperToken) + 2_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await sleeper.goto(`${portal.origin}/hardware`);
    await sleeper.getByTestId('viewer').waitFor();
    assert.equal(await signInButton(sleeper).count(), 0);
    const now = await storedUser(sleeper);
    assert.ok(now && now.access_token !== sleeperToken, 'a new access token');
    assert.ok(expiry(now.access_token) > Date.now());
    assert.equal(new URL(sleeper.url()).pathname, '/hardware');
  });

  test('a session Keycloak ended shows the Sign in button when the token expires, saying why', async () => {
    await signInButton(ended).waitFor({ timeout: (LIFESPAN + 15) * 1000 });
    await ended.getByText('Your session ended. Sign in again to continue.').waitFor();
    assert.equal(await ended.getByTestId('viewer').count(), 0);
    await ended.reload();
    await signInButton(ended).waitFor();
  });
});
