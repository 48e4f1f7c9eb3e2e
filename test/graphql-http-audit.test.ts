// The GraphQL-over-HTTP conformance audits of graphql-http, run against the gateway with a real token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAudits } from 'graphql-http';
import { startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';

let hub: Hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub.close();
});

test('every MUST and SHOULD audit of graphql-http passes through the gateway', async () => {
  const token = await tokenFor('viewer');
  const audits = serverAudits({
    url: hub.gateway.url,
    fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', `Bearer ${token}`);
      return fetch(input, { ...init, headers });
    },
  });
  const results = await Promise.all(audits.map(async (audit) => ({ audit, result: await audit.fn() })));
  const required = results.filter((r) => /^(MUST|SHOULD) /.test(r.audit.name));
  const failed = results.filter((r) => r.result.status !== 'ok');
  console.log(
    `graphql-http audits: ${results.length - failed.length}/${results.length} passed; MUST and SHOULD: ${required.length - required.filter((r) => r.result.status !== 'ok').length}/${required.length}`,
  );
  for (const f of failed)
    console.log(`  ${f.result.status}: ${f.audit.name}: ${f.result.status === 'ok' ? '' : f.result.reason}`);
  assert.deepEqual(
    required.filter((r) => r.result.status !== 'ok').map((r) => r.audit.name),
    [],
  );
});
