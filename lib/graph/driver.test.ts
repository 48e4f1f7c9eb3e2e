// readRecords (lib/graph/driver.ts): one auto-commit round trip per read against the real Neo4j (no
// BEGIN/COMMIT on the wire), a syntax error thrown at once, and an unreachable server retried as the
// driver's executeQuery would before the error comes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import neo4j, { type Driver } from 'neo4j-driver';
import { createDriver, readRecords } from './driver.js';

let driver: Driver;
let messages: string[] = [];

before(() => {
  driver = createDriver(undefined, { onMessage: (type) => messages.push(type) });
});

after(() => driver.close());

test('a read is one RUN and PULL, with no BEGIN or COMMIT', async () => {
  await readRecords(driver, 'RETURN 1 AS warm', {});
  messages = [];
  const records = await readRecords(driver, 'UNWIND $xs AS x RETURN x', { xs: [1, 2, 3] });
  assert.deepEqual(
    records.map((r) => r.get('x')),
    [1, 2, 3],
  );
  assert.deepEqual(messages, ['RUN', 'PULL']);
});

test('a query the server refuses as written is not retried', async () => {
  messages = [];
  await assert.rejects(readRecords(driver, 'RETURN nothing that parses', {}), (error: Error & { code?: string }) => {
    assert.match(error.code ?? '', /SyntaxError/);
    return true;
  });
  assert.equal(messages.filter((m) => m === 'RUN').length, 1);
});

test('an unreachable server is retried before its error is thrown', async () => {
  // Accepts each connection and closes it at once: the driver sees the server go away (retryable).
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const closing = createDriver(`bolt://127.0.0.1:${port}`);
  try {
    await assert.rejects(readRecords(closing, 'RETURN 1', {}), (error: Error) => neo4j.isRetriableError(error));
    assert.ok(connections >= 2, `connections tried: ${connections}`);
  } finally {
    await closing.close();
    await new Promise((resolve) => server.close(resolve));
  }
});
