import type { Identity } from '../lib/auth/identity.js';

/** What the gateway knows of a request: the verified caller and the raw token to forward. */
export interface GatewayContext {
  identity: Identity;
  token: string;
  /** The gateway's own warm-up at start (gateway/warm.ts): planned and executed, never sent to a subgraph. */
  warmUp?: boolean;
}
