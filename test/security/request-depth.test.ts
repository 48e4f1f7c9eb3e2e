// Issue #13 (FIXES 3): a variable (even one the operation never uses) or an extension nested 5,000
// levels made the gateway answer 500 "Internal server error" (RangeError: Maximum call stack size
// exceeded). Nesting beyond MAX_JSON_DEPTH is refused with 400 BAD_USER_INPUT naming the place, at the
// gateway and at a subgraph reached directly, for POST bodies and GET query parameters. Real stack.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../lib/http/json-depth.js';

interface Answer {
  status: number;
  body: {
    data?: { me?: { username: string } };
    errors?: { message: string; extensions?: { code?: string; field?: string } }[];
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

/** `[[[ ... ]]]`, `levels` arrays deep, as JSON text (JSON.stringify would itself recurse). */
const nested = (levels: number): string => '['.repeat(levels) + ']'.repeat(levels);

async function post(url: string, body: string): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

async function get(url: string, params: Record<string, string>): Promise<Answer> {
  const res = await fetch(`${url}?${new URLSearchParams(params)}`, {
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const refused = (res: Answer, field: string): void => {
  assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 500));
  const error = res.body.errors?.[0];
  assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(res.body));
  assert.equal(error?.extensions?.field, field);
  assert.match(error!.message, new RegExp(`^${field.replace('.', '\\.')} nests deeper than ${MAX_JSON_DEPTH} levels`));
};

const QUERY = JSON.stringify('{ me { username } }');

describe('deeply nested JSON in a GraphQL request', () => {
  it('counts levels without recursing', () => {
    assert.equal(nestsDeeperThan(JSON.parse(nested(MAX_JSON_DEPTH)), MAX_JSON_DEPTH), false);
    assert.equal(nestsDeeperThan(JSON.parse(nested(MAX_JSON_DEPTH + 1)), MAX_JSON_DEPTH), true);
    assert.equal(nestsDeeperThan(JSON.parse(nested(200_000)), MAX_JSON_DEPTH), true);
    assert.equal(nestsDeeperThan({ a: [{ b: 1 }], c: 'x' }, 2), true);
    assert.equal(nestsDeeperThan({ a: [1, 2], c: { d: 'x' } }, 2), false);
  });

  for (const [where, url] of [
    ['the gateway', () => hub.gateway.url],
    ['a subgraph reached directly', () => hub.assets.url],
  ] as const) {
    it(`${where}: an unused variable or an extension nested 5,000 levels is 400 naming it, not 500`, async () => {
      refused(await post(url(), `{"query":${QUERY},"variables":{"x":${nested(5000)}}}`), 'variables.x');
      refused(await post(url(), `{"query":${QUERY},"extensions":{"deep":${nested(5000)}}}`), 'extensions.deep');
      refused(await get(url(), { query: '{ me { username } }', variables: `{"y":${nested(1000)}}` }), 'variables.y');
      refused(await post(url(), `{"query":${QUERY},"other":${nested(5000)}}`), 'request body');
    });

    it(`${where}: a variable nested ${MAX_JSON_DEPTH} levels still runs`, async () => {
      const res = await post(url(), `{"query":${QUERY},"variables":{"x":${nested(MAX_JSON_DEPTH)}}}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.data?.me?.username, 'viewer');
    });
  }
});
