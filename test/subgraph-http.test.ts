// A subgraph's GraphQL route over HTTP (lib/subgraph/server.ts): the plain JSON POST every gateway fetch
// is goes through its own short path; everything else through body-parser and Apollo's middleware. Both
// answer alike: the same data, the same refusals (400 for a body that is not a JSON object or array,
// 413 past the limit), and a gzip body or a charset parameter still accepted. Real subgraph, real token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createDriver } from '../lib/graph/driver.js';
import { startSubgraph, SUBGRAPH_MAX_BODY_BYTES, type RunningServer } from '../lib/subgraph/server.js';
import { subgraphs } from '../subgraphs/index.js';
import { tokenFor } from './helpers/tokens.js';

const driver = createDriver();
let server: RunningServer;
let token: string;

before(async () => {
  const compute = subgraphs.find((s) => s.name === 'compute')!;
  server = await startSubgraph({ name: 'compute', schema: compute.schema, driver, port: 0 });
  token = await tokenFor('viewer');
});

after(async () => {
  await server.stop();
  await driver.close();
});

async function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });
  return { status: res.status, json: (await res.json()) as { data?: unknown; errors?: { message: string }[] } };
}

const QUERY = JSON.stringify({ query: '{ __typename }' });

test('a plain JSON POST, with or without a charset, and a gzip one are answered alike', async () => {
  for (const answer of [
    await post(QUERY),
    await post(QUERY, { 'content-type': 'application/json; charset=utf-8' }),
    await post(new Uint8Array(gzipSync(QUERY)), { 'content-encoding': 'gzip' }),
  ])
    assert.deepEqual(answer, { status: 200, json: { data: { __typename: 'Query' } } });
});

test('a body that is not JSON, or JSON that is no object or array, is a 400 naming it', async () => {
  for (const body of ['{"query": ', '"{ __typename }"', '42']) {
    const answer = await post(body);
    assert.equal(answer.status, 400, body);
    assert.equal(answer.json.errors?.[0]?.message, 'request body is not valid JSON', body);
  }
});

test('a chunked body past the limit is a 413 naming the limit', async () => {
  const big = Buffer.alloc(SUBGRAPH_MAX_BODY_BYTES + 1, 0x20);
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    // A stream: no Content-Length, so the limit is enforced while reading.
    body: new Blob([big]).stream(),
    duplex: 'half',
  } as RequestInit);
  assert.equal(res.status, 413);
  const json = (await res.json()) as { errors: { message: string }[] };
  assert.match(json.errors[0]!.message, /larger than the limit of 4194304 bytes/);
});

test('without a token nothing is answered (401), on either path', async () => {
  for (const type of ['application/json', 'application/graphql-response+json']) {
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': type }, body: QUERY });
    assert.equal(res.status, 401, type);
    await res.body?.cancel();
  }
});
