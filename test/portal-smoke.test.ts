// The portal signs in through the real Keycloak in Chromium and shows the signed-in user.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signIn, startPortal, type PortalHarness } from './helpers/portal.js';

let portal: PortalHarness;
before(async () => {
  portal = await startPortal();
});
after(async () => {
  await portal?.close();
});

describe('portal sign-in', () => {
  test('scientist signs in on 127.0.0.1 and on localhost, and lands where they asked', async () => {
    for (const origin of [portal.origin, portal.localhostOrigin]) {
      const { page } = await portal.newPage();
      await signIn(page, origin, 'scientist', '/hardware');
      assert.match(await page.getByTestId('viewer').innerText(), /scientist/);
      assert.equal(new URL(page.url()).pathname, '/hardware');
    }
  });
});
