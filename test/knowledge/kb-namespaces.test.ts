// Several knowledge bases side by side in the real graph: importing or re-importing base B leaves base A's
// nodes and relationships exactly as they were (checksum), an id that belongs to another base is refused
// naming both, a question answers from the base it is asked of only, an org's default base is used when
// the question names none, and the GraphQL surface (knowledgeBases, setOrgKnowledgeBase, ask(base))
// works through the gateway with real Keycloak tokens.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Identity } from '../../lib/auth/identity.js';
import { config } from '../../lib/config.js';
import { knowledgeLabels } from '../../lib/graph/ontology.js';
import { gql, startHub, type Hub } from '../helpers/hub.js';
import { tokenFor } from '../helpers/tokens.js';
import { importKnowledgeBase, KbValidationError, loadBase, removeBase } from '../../subgraphs/knowledge/kb/import.js';
import { setOrgKnowledgeBase } from '../../subgraphs/knowledge/kb/bases.js';
import { ask } from '../../subgraphs/knowledge/qa/ask.js';
import { downstreamTypes } from '../../subgraphs/knowledge/qa/downstream-types.js';
import { tinyBase, writeBaseFiles, type TinyBase } from './kb-fixtures.js';

let hub: Hub;
let a: TinyBase, b: TinyBase;
const model = `t-model-${randomUUID()}`;
const org = `t-org-${randomUUID()}`;
const db = () => ({ database: config.neo4j.database });

/** Shared by both bases: a detector model (an asset, not knowledge) that detects each base's fault. */
const withModel = (files: Record<string, unknown>, faultId: string) => {
  files['assets.json'] = {
    models: [
      {
        id: model,
        name: `test detector ${model}`,
        ownerOrgId: 'hq',
        task: 'classification',
        description: 't',
        detects: [faultId],
      },
    ],
  };
};

before(async () => {
  hub = await startHub();
  a = tinyBase('A', (f) => withModel(f, `${f['kb.json'].id}-fault`));
  b = tinyBase('B', (f) => withModel(f, `${f['kb.json'].id}-fault`));
  await importKnowledgeBase(hub.driver, loadBase(a.dir));
  await hub.driver.executeQuery('CREATE (:Org {id: $org, name: $org})', { org }, db());
});
after(async () => {
  await removeBase(hub.driver, a.id);
  await removeBase(hub.driver, b.id);
  await hub.driver.executeQuery(
    'MATCH (n) WHERE (n:Model OR n:Org) AND n.id IN [$model, $org] DETACH DELETE n',
    { model, org },
    db(),
  );
  await hub.close();
});

/** Every node of the base and every relationship touching one, canonically sorted and hashed. */
async function checksum(base: string): Promise<{ hash: string; nodes: number; rels: number }> {
  const nodes: string[] = [];
  const rels: string[] = [];
  for (const label of [...knowledgeLabels, 'KnowledgeBase']) {
    const n = await hub.driver.executeQuery(
      `MATCH (x:${label}) WHERE x.kb = $base RETURN x.id AS id, labels(x) AS labels, properties(x) AS props`,
      { base },
      db(),
    );
    for (const r of n.records) nodes.push(JSON.stringify([r.get('id'), r.get('labels'), sorted(r.get('props'))]));
    const e = await hub.driver.executeQuery(
      `MATCH (x:${label})-[r]-(y) WHERE x.kb = $base
       RETURN type(r) AS type, startNode(r).id AS from, endNode(r).id AS to, properties(r) AS props`,
      { base },
      db(),
    );
    for (const r of e.records)
      rels.push(JSON.stringify([r.get('type'), r.get('from'), r.get('to'), sorted(r.get('props'))]));
  }
  const all = [...nodes.sort(), '--', ...[...new Set(rels)].sort()].join('\n');
  return { hash: createHash('sha256').update(all).digest('hex'), nodes: nodes.length, rels: new Set(rels).size };
}
const sorted = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));

const dispatcher: Identity = { sub: 't-dispatcher', username: 't-dispatcher', roles: ['dispatcher'], org: 'hq' };

describe('namespaces', () => {
  test('importing and re-importing base B leaves base A exactly as it was', async () => {
    const before = await checksum(a.id);
    assert.ok(before.nodes >= 15 && before.rels >= 15, JSON.stringify(before));
    await importKnowledgeBase(hub.driver, loadBase(b.dir));
    assert.deepEqual(await checksum(a.id), before);
    // B edited: a step dropped, a symptom unlinked, a node removed; then re-imported.
    const edited = b.files['domain.json'];
    edited.procedures[0].steps.pop();
    edited.faultTypes[0].symptoms.pop();
    edited.causes = [];
    edited.faultTypes[0].causes = [];
    writeBaseFiles(b.dir, b.files);
    const summary = await importKnowledgeBase(hub.driver, loadBase(b.dir));
    assert.equal(summary.removed, 2, 'the dropped step and the removed cause');
    assert.deepEqual(await checksum(a.id), before);
    // The shared model still detects A's fault after B's re-import replaced B's DETECTS edges.
    const { records } = await hub.driver.executeQuery(
      'MATCH (:Model {id: $model})-[:DETECTS]->(f:FaultType) RETURN f.id AS id ORDER BY id',
      { model },
      db(),
    );
    assert.deepEqual(
      records.map((r) => r.get('id')),
      [a.at('fault'), b.at('fault')].sort(),
    );
  });

  test('an id that belongs to another base is refused, naming both bases and the place; nothing written', async () => {
    const c = tinyBase('C', (f) => {
      f['domain.json'].causes[0].id = a.at('cause');
      f['domain.json'].faultTypes[0].causes = [a.at('cause')];
    });
    const before = await checksum(a.id);
    await assert.rejects(
      () => importKnowledgeBase(hub.driver, loadBase(c.dir)),
      (e: unknown) =>
        e instanceof KbValidationError &&
        new RegExp(
          `domain\\.json:\\d+:\\d+ causes\\[0\\]\\.id: "${a.at('cause')}" belongs to base "${a.id}", not to base "${c.id}"`,
        ).test(e.message),
    );
    assert.deepEqual(await checksum(a.id), before);
    assert.equal((await checksum(c.id)).nodes, 0);
  });

  test('a question answers from the base it is asked of, and only from it', async () => {
    const q = '测试清水池液位过低怎么处理？';
    const fromA = await ask(hub.driver, dispatcher, q, { base: a.id });
    const fromB = await ask(hub.driver, dispatcher, q, { base: b.id });
    assert.equal(fromA.base.id, a.id);
    assert.equal(fromA.noAnswer, false, fromA.answer);
    assert.equal(fromA.entities[0]?.id, a.at('fault'));
    assert.deepEqual(
      fromA.steps.map((s) => s.text),
      ['A第一步核对液位', 'A第二步只有中文', 'A step three English only'],
    );
    assert.equal(fromB.entities[0]?.id, b.at('fault'));
    assert.deepEqual(
      fromB.steps.map((s) => s.text),
      ['B第一步核对液位', 'B第二步只有中文'],
    );
    const ids = (x: typeof fromA) => [...x.linked, ...x.entities, ...x.evidence.nodes].map((e) => e.id);
    assert.ok(!ids(fromA).some((id) => id.startsWith(b.id)), JSON.stringify(ids(fromA)));
    assert.ok(!ids(fromB).some((id) => id.startsWith(a.id)), JSON.stringify(ids(fromB)));
    // The demo base knows nothing of either.
    const fromGrid = await ask(hub.driver, dispatcher, q, { base: 'grid' });
    assert.equal(fromGrid.base.id, 'grid');
    assert.ok(!ids(fromGrid).some((id) => id.startsWith('t-')), JSON.stringify(ids(fromGrid)));
    // English fallback: a step without English text is given in Chinese, never empty.
    const en = await ask(hub.driver, dispatcher, 'How to handle test clear well level low?', { base: a.id });
    assert.deepEqual(
      en.steps.map((s) => s.textEn),
      ['A step one check the level', 'A第二步只有中文', 'A step three English only'],
    );
  });

  test('an unknown base is BAD_USER_INPUT naming it and the known ones', async () => {
    await assert.rejects(
      () => ask(hub.driver, dispatcher, '测试清水池液位过低怎么处理？', { base: 'nope' }),
      (e: unknown) =>
        e instanceof GraphQLError &&
        e.extensions.code === 'BAD_USER_INPUT' &&
        /unknown knowledge base "nope"; known: .*grid/.test(e.message) &&
        e.message.includes(a.id),
    );
  });

  test("an org's default base answers its members' questions that name none", async () => {
    const member: Identity = { ...dispatcher, org };
    assert.equal((await ask(hub.driver, member, '测试清水池液位过低怎么处理？')).base.id, 'grid');
    const admin: Identity = { sub: 't-admin', username: 't-admin', roles: ['platform-admin'], org: 'hq' };
    await setOrgKnowledgeBase(hub.driver, admin, org, b.id);
    const answer = await ask(hub.driver, member, '测试清水池液位过低怎么处理？');
    assert.equal(answer.base.id, b.id);
    assert.equal(answer.entities[0]?.id, b.at('fault'));
    // Asking for a base still wins over the org's default.
    assert.equal((await ask(hub.driver, member, '测试清水池液位过低怎么处理？', { base: a.id })).base.id, a.id);
  });

  test('type-level downstream: what loses supply when a part of the intake station fails', async () => {
    const reached = await downstreamTypes(hub.driver, a.id, a.at('pump'));
    assert.deepEqual(
      reached.map((d) => [d.type.id, d.hops]),
      [
        [a.at('plant'), 1],
        [a.at('network'), 2],
      ],
    );
    assert.deepEqual(
      reached[0]!.path.map((e) => e.type),
      ['PART_OF', 'SUPPLIES'],
    );
    const answer = await ask(hub.driver, dispatcher, '测试取水泵的下游有哪些设备？', { base: a.id });
    assert.equal(answer.intent, 'DOWNSTREAM', answer.answer);
    assert.deepEqual(
      answer.entities.map((e) => e.id),
      [a.at('plant'), a.at('network')],
    );
    assert.ok(answer.evidence.relationships.some((r) => r.type === 'PART_OF' && r.from === a.at('pump')));
    assert.ok(answer.evidence.relationships.some((r) => r.type === 'SUPPLIES' && r.to === a.at('network')));
  });
});

describe('through the gateway', () => {
  test('knowledgeBases lists the bases with counts; ask(base) answers from it', async () => {
    const token = await tokenFor('dispatcher');
    const list = await gql<{
      knowledgeBases: { id: string; source: string; counts: { label: string; count: number }[] }[];
    }>(
      hub.gateway.url,
      '{ knowledgeBases { id name nameEn description descriptionEn source counts { label count } } }',
      { token },
    );
    assert.equal(list.body.errors, undefined, JSON.stringify(list.body.errors));
    const mine = list.body.data!.knowledgeBases.find((k) => k.id === a.id)!;
    assert.equal(mine.source, 'written by the test');
    assert.equal(mine.counts.find((c) => c.label === 'FaultType')?.count, 1);
    assert.equal(mine.counts.find((c) => c.label === 'Step')?.count, 3);
    assert.ok(list.body.data!.knowledgeBases.some((k) => k.id === 'grid'));
    const res = await gql<{ ask: { base: { id: string; nameEn: string }; entities: { id: string }[] } }>(
      hub.gateway.url,
      'query($q: String!, $base: String) { ask(question: $q, base: $base) { base { id name nameEn } entities { id } } }',
      { token, variables: { q: '测试清水池液位过低怎么处理？', base: a.id } },
    );
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    assert.deepEqual(res.body.data!.ask.base, { id: a.id, name: '测试库 A', nameEn: 'Test base A' });
    assert.equal(res.body.data!.ask.entities[0]?.id, a.at('fault'));
    const bad = await gql(hub.gateway.url, '{ knowledgeSymptoms(prefix: "测试", base: "nope") { id } }', { token });
    assert.equal(bad.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const symptoms = await gql<{ knowledgeSymptoms: { id: string }[] }>(
      hub.gateway.url,
      'query($base: String) { knowledgeSymptoms(prefix: "测试", base: $base) { id } }',
      { token, variables: { base: b.id } },
    );
    assert.deepEqual(
      symptoms.body.data!.knowledgeSymptoms.map((s) => s.id).sort(),
      [b.at('alarm'), b.at('pressure')].sort(),
      "only B's symptoms are offered (the one B's fault no longer lists is still B's node)",
    );
  });

  test('setOrgKnowledgeBase: platform admins only, audited; unknown base refused', async () => {
    const SET =
      'mutation($org: ID!, $base: String) { setOrgKnowledgeBase(orgId: $org, base: $base) { orgId base { id } } }';
    const denied = await gql(hub.gateway.url, SET, {
      token: await tokenFor('dispatcher'),
      variables: { org, base: a.id },
    });
    assert.equal(denied.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', JSON.stringify(denied.body));
    const admin = await tokenFor('admin');
    const unknown = await gql(hub.gateway.url, SET, { token: admin, variables: { org, base: 'nope' } });
    assert.equal(unknown.body.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const ok = await gql<{ setOrgKnowledgeBase: { orgId: string; base: { id: string } | null } }>(
      hub.gateway.url,
      SET,
      { token: admin, variables: { org, base: a.id } },
    );
    assert.equal(ok.body.errors, undefined, JSON.stringify(ok.body.errors));
    assert.deepEqual(ok.body.data!.setOrgKnowledgeBase, { orgId: org, base: { id: a.id } });
    const member: Identity = { ...dispatcher, org };
    assert.equal((await ask(hub.driver, member, '测试清水池液位过低怎么处理？')).base.id, a.id);
    const { records } = await hub.driver.executeQuery(
      `MATCH (e:AuditEvent {action: 'org.knowledgeBase.set', targetId: $org})-[:ACTOR]->(u:User)
       RETURN u.username AS who ORDER BY e.seq`,
      { org },
      db(),
    );
    assert.deepEqual(
      records.map((r) => r.get('who')),
      ['t-admin', 'admin'],
    );
    const cleared = await gql<{ setOrgKnowledgeBase: { base: null } }>(hub.gateway.url, SET, {
      token: admin,
      variables: { org, base: null },
    });
    assert.equal(cleared.body.data!.setOrgKnowledgeBase.base, null);
  });
});
