// The work one request may ask of the knowledge resolvers, through the gateway with a real Keycloak token:
// a symptom over 100 characters is BAD_USER_INPUT naming symptoms[i]; more than 20 symptoms over all
// aliased faultHandlingPath fields, or more than 10 aliased asks, is refused before any of it runs; the
// largest accepted request (20 symptoms of 100 characters) answers within seconds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { importKnowledgeBase } from '../../subgraphs/knowledge/kb/import.js';

let hub: Hub;
let token: string;
before(async () => {
  hub = await startHub();
  await importKnowledgeBase(hub.driver);
  token = await tokenFor('dispatcher');
});
after(() => hub.close());

type Errors = { message: string; extensions?: { code?: string; field?: string } }[];
const PATH = `query P($s: [String!]!) { faultHandlingPath(symptoms: $s) { unrecognized candidates { fault { id } } } }`;

test('a symptom over 100 characters is refused naming symptoms[i], not the question', async () => {
  const res = await gql(hub.gateway.url, PATH, { token, variables: { s: ['油温高', '油'.repeat(101)] } });
  const err = (res.body.errors as Errors | undefined)?.[0];
  assert.equal(err?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(res.body));
  assert.equal(err?.extensions?.field, 'symptoms[1]');
  assert.match(err!.message, /symptoms\[1\] is 101 characters; at most 100/);
  assert.ok(err!.message.length < 200, 'the symptom is not echoed');
});

test('aliased faultHandlingPath fields share one budget of 20 symptoms', async () => {
  const fields = Array.from({ length: 3 }, (_, i) => `p${i}: faultHandlingPath(symptoms: $s) { unrecognized }`);
  const query = `query P($s: [String!]!) { ${fields.join(' ')} }`;
  const s = Array.from({ length: 10 }, () => '油温高');
  const res = await gql(hub.gateway.url, query, { token, variables: { s } });
  const errs = (res.body.errors as Errors | undefined) ?? [];
  assert.ok(
    errs.some((e) => e.extensions?.code === 'BAD_USER_INPUT' && /at most 20 symptoms over all/.test(e.message)),
    JSON.stringify(res.body),
  );
  // Two fields of ten fit.
  const ok = await gql(hub.gateway.url, `query P($s: [String!]!) { ${fields.slice(0, 2).join(' ')} }`, {
    token,
    variables: { s },
  });
  assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body.errors));
});

test('more than 10 aliased asks in one request are refused', async () => {
  const asks = Array.from({ length: 11 }, (_, i) => `a${i}: ask(question: "主变油温过高怎么处理") { noAnswer }`);
  const res = await gql(hub.gateway.url, `{ ${asks.join(' ')} }`, { token });
  const errs = (res.body.errors as Errors | undefined) ?? [];
  assert.ok(
    errs.some((e) => /at most 10 questions/.test(e.message)),
    JSON.stringify(res.body).slice(0, 500),
  );
});

test('the largest accepted request, 20 symptoms of 100 characters, answers within 5 s', async () => {
  const s = Array.from({ length: 20 }, (_, i) =>
    `主变油温过高并且轻瓦斯告警${i}`.padEnd(100, '冷却器全停油位异常绕组温度高'),
  );
  const t0 = Date.now();
  const res = await gql(hub.gateway.url, PATH, { token, variables: { s } });
  const ms = Date.now() - t0;
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  assert.ok(ms < 5000, `${ms} ms`);
});
