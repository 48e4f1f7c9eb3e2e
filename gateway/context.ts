import type { Identity } from '../lib/auth/identity.js';

/** What the gateway knows of a request: the verified caller and the raw token to forward. */
export interface GatewayContext {
  identity: Identity;
  token: string;
}
