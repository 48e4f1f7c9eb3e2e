// The Temporal client every workflow's client side shares (training, AutoML, deployment, edge rollout):
// one lazily opened connection per process, reopened after a failed connect.
import { Client, Connection } from '@temporalio/client';
import { config } from '../lib/config.js';

let connecting: Promise<{ connection: Connection; client: Client }> | undefined;

export function temporalClient(): Promise<Client> {
  connecting ??= Connection.connect({ address: config.temporal.address }).then((connection) => ({
    connection,
    client: new Client({ connection, namespace: config.temporal.namespace }),
  }));
  connecting.catch(() => (connecting = undefined));
  return connecting.then((c) => c.client);
}

export async function closeTemporalClient(): Promise<void> {
  const open = connecting;
  connecting = undefined;
  if (open) await (await open).connection.close();
}
