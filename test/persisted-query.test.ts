// Issue #13 (FIXES 6): an automatic persisted query whose sha256Hash is not the query's hash was answered
// 400 with code INTERNAL_SERVER_ERROR by the gateway, and as "internal error; reference ..." (logged as an
// error) by a subgraph reached directly. Both now answer 400 with a client error code naming the mismatch.
// Real stack: gateway, subgraphs, Keycloak.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { HASH_MISMATCH, VERSION_UNSUPPORTED } from '../lib/graphql/persisted-query-errors.js';

interface Answer {
  status: number;
  body: {
    data?: { me?: { username: string } };
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

let hub: Hub;
let token: string;

before(async () => {
  hub = await startHub();
  token = await tokenFor('viewer');
});

after(async () => {
  await hub.close();
});

const QUERY = '{ me { username } }';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function post(url: string, persistedQuery: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, extensions: { persistedQuery } }),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

describe('automatic persisted queries', () => {
  for (const [where, url] of [
    ['the gateway', () => hub.gateway.url],
    ['a subgraph reached directly', () => hub.assets.url],
  ] as const) {
    it(`${where}: a hash that is not the query's is 400 ${HASH_MISMATCH}, not an internal error`, async () => {
      const res = await post(url(), { version: 1, sha256Hash: sha256('{ me { id } }') });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      const error = res.body.errors?.[0];
      assert.equal(error?.extensions?.code, HASH_MISMATCH, JSON.stringify(res.body));
      assert.match(error!.message, /sha256Hash is not the SHA-256 of the query/);
      assert.doesNotMatch(error!.message, /internal error/);
    });

    it(`${where}: an unknown version is 400 ${VERSION_UNSUPPORTED}`, async () => {
      const res = await post(url(), { version: 2, sha256Hash: sha256(QUERY) });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.errors?.[0]?.extensions?.code, VERSION_UNSUPPORTED, JSON.stringify(res.body));
    });

    it(`${where}: the query's own hash runs`, async () => {
      const res = await post(url(), { version: 1, sha256Hash: sha256(QUERY) });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.data?.me?.username, 'viewer');
    });
  }
});
