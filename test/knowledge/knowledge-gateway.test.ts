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

const SYMPTOMS = `query Symptoms($prefix: String, $first: Int) {
  knowledgeSymptoms(prefix: $prefix, first: $first) { id name nameEn kind aliases matched faults }
}`;
interface SymptomHit {
  id: string;
  name: string;
  nameEn: string;
  kind: string;
  aliases: string[];
  matched: string | null;
  faults: number;
}

test('knowledgeSymptoms: Chinese, English, alias and synonym matches, name prefix first, limits enforced', async () => {
  const token = await tokenFor('dispatcher');
  const find = async (prefix: string | null, first?: number): Promise<SymptomHit[]> => {
    const res = await gql<{ knowledgeSymptoms: SymptomHit[] }>(hub.gateway.url, SYMPTOMS, {
      token,
      variables: { prefix, first },
    });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    return res.body.data!.knowledgeSymptoms;
  };
  // Chinese text inside a name: 油温过高告警 contains 油温.
  const zh = await find('油温');
  assert.ok(zh.some((s) => s.id === 'sym-oil-temp-high' && s.matched === '油温过高告警' && s.kind === 'alarm'));
  for (const s of zh) assert.ok([s.name, s.nameEn, ...s.aliases].some((x) => x.toLowerCase().includes('油温')));
  // English, case-insensitive, names that start with the text before those that only contain it.
  const en = await find('OIL TEMP');
  assert.equal(en[0]?.id, 'sym-oil-temp-high');
  // An alias only: 绕温高 is an alias of 绕组温度高.
  const alias = await find('绕温');
  assert.deepEqual(
    alias.map((s) => [s.id, s.matched]),
    [['sym-winding-temp-high', '绕温高']],
  );
  // The synonym table as a second spelling: 六氟化硫 finds the SF6 symptoms.
  const sf6 = await find('六氟化硫');
  assert.ok(sf6.length > 0 && sf6.every((s) => /sf6/i.test([s.name, s.nameEn, ...s.aliases].join(' '))));
  assert.ok(sf6.every((s) => s.faults >= 1));
  // Empty text lists symptoms too; first caps the count; nothing found is an empty list.
  assert.equal((await find(null, 3)).length, 3);
  assert.equal((await find('')).length, 10);
  assert.deepEqual(await find('紫色的烟雾不存在'), []);
  // Lucene/Cypher syntax is only text.
  assert.deepEqual(await find("') DETACH DELETE s //"), []);
  for (const [prefix, first, field] of [
    ['x'.repeat(101), 5, 'prefix'],
    ['油温', 0, 'first'],
    ['油温', 51, 'first'],
  ] as const) {
    const res = await gql(hub.gateway.url, SYMPTOMS, { token, variables: { prefix, first } });
    assert.equal(res.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(res.body));
    assert.match(res.body.errors![0]!.message, new RegExp(field));
  }
});

test('knowledgeSymptoms: refused to a viewer, answered to a compliance officer', async () => {
  const viewer = await gql(hub.gateway.url, SYMPTOMS, {
    token: await tokenFor('viewer'),
    variables: { prefix: '油温' },
  });
  assert.equal(viewer.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(viewer.body));
  const auditor = await gql(hub.gateway.url, SYMPTOMS, {
    token: await tokenFor('auditor'),
    variables: { prefix: '油温' },
  });
  assert.equal(auditor.body.errors, undefined, JSON.stringify(auditor.body.errors));
});

test('safety rules carry their requirement in both languages (answers and fault handling paths)', async () => {
  const token = await tokenFor('dispatcher');
  const res = await gql<{
    ask: { entities: { kind: string; requirement: string | null; requirementEn: string | null }[] };
    faultHandlingPath: {
      candidates: { safetyRules: { requirement: string | null; requirementEn: string | null }[] }[];
    };
  }>(
    hub.gateway.url,
    `query($q: String!, $s: [String!]!) {
      ask(question: $q) { entities { kind requirement requirementEn } }
      faultHandlingPath(symptoms: $s) { candidates { safetyRules { requirement requirementEn } } }
    }`,
    { token, variables: { q: '主变油温过高怎么处理？', s: ['重瓦斯动作信号'] } },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  const rules = res.body.data!.ask.entities.filter((e) => e.kind === 'SafetyRule');
  assert.ok(rules.length > 0);
  for (const r of [...rules, ...res.body.data!.faultHandlingPath.candidates[0]!.safetyRules]) {
    assert.match(r.requirement ?? '', /\p{Script=Han}/u);
    assert.match(r.requirementEn ?? '', /[a-z]{3}/);
  }
  const others = res.body.data!.ask.entities.filter((e) => e.kind !== 'SafetyRule');
  assert.ok(others.every((e) => e.requirement === null && e.requirementEn === null));
});
