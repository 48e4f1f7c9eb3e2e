// Temporal gRPC credentials (domain/temporal/temporal-auth.ts): unset, nothing is sent (the dev server checks
// nothing); with TEMPORAL_AUTH=client-credentials, every call carries the worker's real Keycloak token,
// whose `permissions` claim is what a deployed Temporal's JWT authorizer reads (docker-compose.yml).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import {
  clientConnectionOptions,
  createTemporalCredentials,
  nativeConnectionOptions,
} from '../domain/temporal/temporal-auth.js';
import { decodeClaims } from './helpers/tokens.js';

const before = process.env.TEMPORAL_AUTH;
after(() => {
  if (before === undefined) delete process.env.TEMPORAL_AUTH;
  else process.env.TEMPORAL_AUTH = before;
});

type Interceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/** Opens a client connection and records the `authorization` metadata of each call it makes. */
async function recordingConnection(): Promise<{ connection: Connection; seen: string[] }> {
  const seen: string[] = [];
  const connection = await Connection.connect({
    ...(await clientConnectionOptions()),
    // A gRPC interceptor sees the metadata as it leaves this process, after the SDK added its own.
    interceptors: [
      (options, nextCall): ReturnType<Interceptor> => {
        const call = nextCall(options);
        const start = call.start.bind(call);
        call.start = (metadata, listener) => {
          seen.push(String(metadata.get('authorization')[0] ?? ''));
          start(metadata, listener);
        };
        return call as ReturnType<Interceptor>;
      },
    ],
  });
  return { connection, seen };
}

describe('Temporal gRPC credentials', () => {
  it('dev default (TEMPORAL_AUTH unset): no token source, calls carry no authorization', async () => {
    delete process.env.TEMPORAL_AUTH;
    assert.equal(await createTemporalCredentials(), undefined);
    const { connection, seen } = await recordingConnection();
    try {
      await connection.workflowService.getSystemInfo({});
      assert.ok(seen.length > 0);
      assert.deepEqual([...new Set(seen)], ['']);
    } finally {
      await connection.close();
    }
  });

  it("client-credentials: the worker's service-account token, with Temporal permissions, on every call", async () => {
    process.env.TEMPORAL_AUTH = 'client-credentials';
    const credentials = await createTemporalCredentials();
    assert.ok(credentials);
    try {
      const claims = decodeClaims(credentials.current());
      assert.equal(claims.preferred_username, 'service-account-plinth-worker');
      assert.deepEqual(
        claims.permissions,
        ['default:write'],
        'the realm maps its Temporal client role into `permissions`',
      );
    } finally {
      credentials.stop();
    }

    const { connection, seen } = await recordingConnection();
    try {
      await connection.workflowService.getSystemInfo({});
      assert.ok(seen.length > 0);
      for (const header of seen) {
        assert.match(header, /^Bearer ey[\w-]+\.[\w-]+\.[\w-]+$/);
        assert.equal(decodeClaims(header.slice('Bearer '.length)).preferred_username, 'service-account-plinth-worker');
      }
    } finally {
      await connection.close();
    }

    // The worker's native (Rust core) connection accepts the same token and can be handed a new one.
    const { options, keepFresh } = await nativeConnectionOptions();
    assert.match(String(options.apiKey), /^ey/);
    const native = await NativeConnection.connect(options);
    try {
      keepFresh(native);
      await native.setApiKey(String(options.apiKey));
    } finally {
      await native.close();
    }
  });

  it('an unknown TEMPORAL_AUTH is an error that names it', async () => {
    process.env.TEMPORAL_AUTH = 'mtls';
    await assert.rejects(
      createTemporalCredentials(),
      /TEMPORAL_AUTH must be "client-credentials" or unset, got "mtls"/,
    );
  });
});
