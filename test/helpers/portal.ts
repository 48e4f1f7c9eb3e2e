// Browser tests of the portal: the harness lives in scripts/portal-browser.ts (the portal benches use it
// too, and bench/ may not import test/).
export {
  CHROMIUM,
  apiQuery,
  endClientSessions,
  screenshot,
  signIn,
  startPortal,
  userToken,
  type PortalClientOptions,
  type PortalHarness,
} from '../../scripts/portal-browser.js';
