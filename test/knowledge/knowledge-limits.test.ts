// The work one request may ask of the knowledge resolvers, through the gateway with a real Keycloak token:
// a symptom over 100 characters is BAD_USER_INPUT naming symptoms[i]; more than 20 symptoms over all
// aliased faultHandlingPath fields, or more than 10 aliased asks, is refused before any of it runs; the
// largest accepted request (20 symptoms of 100 characters) answers within seconds. Error messages quote
// a user's value (base, orgId) cut to 60 characters; knowledgeSymptoms' prefix is normalised as questions are.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import type { Identity } from '../../lib/auth/identity.js';
import { importKnowledgeBase } from '../../subgraphs/knowledge/kb/import.js';
import { setOrgKnowledgeBase } from '../../subgraphs/knowledge/kb/bases.js';
import { ask } from '../../subgraphs/knowledge/qa/ask.js';

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

test('error messages quote a user value at most 60 characters long', async () => {
  const admin: Identity = { sub: 'kl-admin', username: 'kl-admin', roles: ['platform-admin'], org: 'hq' };
  const long = 'b'.repeat(1_000_000);
  await assert.rejects(
    () => ask(hub.driver, admin, '主变油温过高怎么处理', { base: long }),
    (e: Error) => e.message.includes(`"${'b'.repeat(60)}…"`) && e.message.length < 300,
  );
  await assert.rejects(
    () => setOrgKnowledgeBase(hub.driver, admin, 'o'.repeat(100_000), 'grid'),
    (e: Error) => e.message.includes(`"${'o'.repeat(60)}…"`) && e.message.length < 200,
  );
  // Through the gateway too.
  const res = await gql(
    hub.gateway.url,
    `query A($b: String) { ask(question: "主变油温过高怎么处理", base: $b) { noAnswer } }`,
    {
      token,
      variables: { b: 'c'.repeat(10_000) },
    },
  );
  const err = (res.body.errors as Errors | undefined)?.[0];
  assert.equal(err?.extensions?.code, 'BAD_USER_INPUT');
  assert.ok(err!.message.length < 300, err!.message.slice(0, 100));
});

test('knowledgeSymptoms normalises its prefix as ask does: zero-width characters do not hide a match', async () => {
  const Q = `query S($p: String) { knowledgeSymptoms(prefix: $p, first: 5) { id } }`;
  const plain = await gql<{ knowledgeSymptoms: { id: string }[] }>(hub.gateway.url, Q, {
    token,
    variables: { p: '油温' },
  });
  const hidden = await gql<{ knowledgeSymptoms: { id: string }[] }>(hub.gateway.url, Q, {
    token,
    variables: { p: '\u200b油\u200b温\u202e' },
  });
  assert.equal(hidden.body.errors, undefined, JSON.stringify(hidden.body.errors));
  assert.ok(plain.body.data!.knowledgeSymptoms.length > 0);
  assert.deepEqual(hidden.body.data!.knowledgeSymptoms, plain.body.data!.knowledgeSymptoms);
});
