// Credentials for Temporal's gRPC, for a deployed Temporal whose JWT authorizer is on
// (docker-compose.yml): with TEMPORAL_AUTH=client-credentials the worker and the hub's clients send a
// Keycloak service-account token as `authorization: Bearer …`, refreshed before it expires. Its
// `permissions` claim (e.g. "default:write") comes from the realm's `temporal` client roles.
// Unset (the dev default), nothing is sent: `temporal server start-dev` authenticates nobody.
import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnection, NativeConnectionOptions } from '@temporalio/worker';
import { config, realmUrl } from '../../lib/config.js';
import { createLogger } from '../../lib/logger.js';

const log = createLogger('temporal-auth');

export interface TemporalCredentials {
  /** The current token (what Connection's `apiKey` function returns on each call). */
  current(): string;
  /** Called with each new token (NativeConnection.setApiKey). */
  onRefresh(listener: (token: string) => void | Promise<void>): void;
  stop(): void;
}

async function fetchToken(): Promise<{ token: string; expiresInS: number }> {
  const clientId = process.env.TEMPORAL_AUTH_CLIENT || config.keycloak.workerClientId;
  const secret = process.env.TEMPORAL_AUTH_CLIENT_SECRET || config.keycloak.workerSecret;
  const res = await fetch(`${realmUrl()}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok)
    throw new Error(
      `Temporal credentials: Keycloak refused client ${clientId}: HTTP ${res.status} ${await res.text()}`,
    );
  const body = (await res.json()) as { access_token: string; expires_in: number };
  return { token: body.access_token, expiresInS: body.expires_in };
}

let shared: { mode: string; credentials: Promise<TemporalCredentials | undefined> } | undefined;

/** One token source per process (per TEMPORAL_AUTH value), or undefined when TEMPORAL_AUTH is unset. */
export function temporalCredentials(): Promise<TemporalCredentials | undefined> {
  const mode = config.temporal.auth;
  if (shared?.mode !== mode) {
    const credentials = createTemporalCredentials();
    const entry = { mode, credentials };
    shared = entry;
    credentials.catch(() => {
      if (shared === entry) shared = undefined;
    });
  }
  return shared.credentials;
}

/** A token source of its own (temporalCredentials() shares one per process). */
export async function createTemporalCredentials(): Promise<TemporalCredentials | undefined> {
  if (config.temporal.auth === '') return undefined;
  if (config.temporal.auth !== 'client-credentials') {
    throw new Error(`TEMPORAL_AUTH must be "client-credentials" or unset, got "${config.temporal.auth}"`);
  }
  let { token, expiresInS } = await fetchToken();
  const listeners: ((token: string) => void | Promise<void>)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const schedule = (delayS: number): void => {
    timer = setTimeout(() => void refresh(), Math.max(5, delayS) * 1000);
    timer.unref(); // a pending refresh never keeps a finished process alive
  };
  const refresh = async (): Promise<void> => {
    try {
      ({ token, expiresInS } = await fetchToken());
      for (const listener of listeners) await listener(token);
      schedule(expiresInS * 0.7);
    } catch (error) {
      // The old token may still be valid for a while: retry soon rather than give up.
      log.warn(`could not refresh the Temporal token: ${(error as Error).message}`);
      schedule(10);
    }
  };
  schedule(expiresInS * 0.7);
  return {
    current: () => token,
    onRefresh: (listener) => void listeners.push(listener),
    stop: () => clearTimeout(timer),
  };
}

/** How domain/temporal/client.ts connects: the address, plus a token per call when TEMPORAL_AUTH is set. */
export async function clientConnectionOptions(): Promise<ConnectionOptions> {
  const credentials = await temporalCredentials();
  return {
    address: config.temporal.address,
    ...(credentials ? { apiKey: credentials.current, tls: config.temporal.tls } : {}),
  };
}

/** How the worker connects; `keepFresh` hands each refreshed token to the open connection. */
export async function nativeConnectionOptions(): Promise<{
  options: NativeConnectionOptions;
  keepFresh(connection: NativeConnection): void;
}> {
  const credentials = await temporalCredentials();
  return {
    options: {
      address: config.temporal.address,
      ...(credentials ? { apiKey: credentials.current(), tls: config.temporal.tls } : {}),
    },
    keepFresh: (connection) => credentials?.onRefresh((token) => connection.setApiKey(token)),
  };
}
