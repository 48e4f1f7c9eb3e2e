// The Temporal client every workflow's client side shares (training, AutoML, deployment, edge rollout):
// one lazily opened connection per process, reopened after a failed connect.
import { Client, Connection } from '@temporalio/client';
import { config } from '../../lib/config.js';
import { clientConnectionOptions } from './temporal-auth.js';

let connecting: Promise<{ connection: Connection; client: Client }> | undefined;

async function open(): Promise<{ connection: Connection; client: Client }> {
  // A deployed Temporal with its JWT authorizer on gets a service-account token (TEMPORAL_AUTH).
  const connection = await Connection.connect(await clientConnectionOptions());
  return { connection, client: new Client({ connection, namespace: config.temporal.namespace }) };
}

export function temporalClient(): Promise<Client> {
  connecting ??= open();
  connecting.catch(() => (connecting = undefined));
  return connecting.then((c) => c.client);
}

export async function closeTemporalClient(): Promise<void> {
  const open = connecting;
  connecting = undefined;
  if (open) await (await open).connection.close();
}
