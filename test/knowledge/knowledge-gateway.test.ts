// Through the gateway with real Keycloak tokens: dispatchers (and compliance officers, and platform
// admins) may ask; viewers, data scientists, ML engineers and approvers get FORBIDDEN.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { importKnowledgeBase } from '../../subgraphs/knowledge/kb/import.js';

let hub: Hub;
before(async () => {
  hub = await startHub();
  await importKnowledgeBase(hub.driver);
});
after(() => hub.close());

const ASK = `query Ask($q: String!, $lang: String) {
  ask(question: $q, language: $lang) {
    intent answer noAnswer confidence language
    entities { id kind name nameEn score }
    steps { order text textEn }
    evidence { nodes { id label } relationships { type from to order } }
  }
}`;

test('a dispatcher asks through the gateway and gets ordered steps with evidence', async () => {
  const res = await gql<{
    ask: {
      intent: string;
      noAnswer: boolean;
      steps: { order: number }[];
      entities: { id: string }[];
      evidence: { relationships: { type: string }[] };
    };
  }>(hub.gateway.url, ASK, { token: await tokenFor('dispatcher'), variables: { q: '主变油温过高怎么处理？' } });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  const a = res.body.data!.ask;
  assert.equal(a.intent, 'HANDLE_FAULT');
  assert.equal(a.noAnswer, false);
  assert.equal(a.entities[0]?.id, 'ft-xfmr-oil-temp-high');
  assert.deepEqual(
    a.steps.map((s) => s.order),
    [1, 2, 3, 4, 5, 6],
  );
  assert.ok(a.evidence.relationships.some((r) => r.type === 'HAS_STEP'));
});

test('faultHandlingPath through the gateway', async () => {
  const res = await gql<{
    faultHandlingPath: {
      candidates: { fault: { id: string }; steps: { order: number }[]; safetyRules: { id: string }[] }[];
    };
  }>(
    hub.gateway.url,
    'query($s: [String!]!) { faultHandlingPath(symptoms: $s) { candidates { fault { id } score steps { order text } safetyRules { id } } unrecognized } }',
    { token: await tokenFor('dispatcher'), variables: { s: ['重瓦斯动作信号', '压力释放阀动作'] } },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  const top = res.body.data!.faultHandlingPath.candidates[0]!;
  assert.equal(top.fault.id, 'ft-buchholz-trip');
  assert.ok(top.steps.length > 0 && top.safetyRules.some((r) => r.id === 'sr-no-forced-energize'));
});

for (const [user, allowed] of [
  ['dispatcher', true],
  ['auditor', true],
  ['admin', true],
  ['viewer', false],
  ['scientist', false],
  ['engineer', false],
  ['approver', false],
] as const) {
  test(`${user} ${allowed ? 'may' : 'may not'} ask`, async () => {
    const res = await gql(hub.gateway.url, ASK, { token: await tokenFor(user), variables: { q: 'SF6压力低怎么处理' } });
    if (allowed) assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    else assert.equal(res.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(res.body));
  });
}

test('hostile input through the gateway: clear errors, no internals', async () => {
  const token = await tokenFor('dispatcher');
  const inj = await gql<{ ask: { noAnswer: boolean } }>(hub.gateway.url, ASK, {
    token,
    variables: { q: "' MATCH (n) DETACH DELETE n //" },
  });
  assert.equal(inj.body.errors, undefined);
  assert.equal(inj.body.data!.ask.noAnswer, true);
  const big = await gql(hub.gateway.url, ASK, { token, variables: { q: 'x'.repeat(100 * 1024) } });
  assert.ok(
    big.status === 413 || big.body.errors?.[0]?.extensions?.code === 'BAD_USER_INPUT',
    `${big.status} ${JSON.stringify(big.body).slice(0, 300)}`,
  );
  const lang = await gql(hub.gateway.url, ASK, { token, variables: { q: '主变油温过高怎么处理', lang: 'fr' } });
  assert.equal(lang.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});
