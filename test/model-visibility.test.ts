// A Zhejiang-private model is invisible to scientist.jiangsu by id, by search, in list counts and through
// references resolved across subgraphs — and visible everywhere once it is shared with Jiangsu.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';

// One word the cjk analyzer keeps whole, so search hits only this run's model.
const word = `zjvis${randomUUID().replace(/-/g, '').slice(0, 10)}`;
let hub: Hub;
let modelId: string;
let jiangsu: string;

const see = async () => {
  const byId = await gql<{ model: { id: string } | null }>(hub.gateway.url, `{ model(id: "${modelId}") { id } }`, {
    token: jiangsu,
  });
  const search = await gql<{ search: { totalCount: number } }>(
    hub.gateway.url,
    `{ search(query: "${word}") { totalCount } }`,
    { token: jiangsu },
  );
  const list = await gql<{ models: { totalCount: number } }>(
    hub.gateway.url,
    `{ models(first: 1, filter: {nameContains: "${word}"}) { totalCount } }`,
    { token: jiangsu },
  );
  // An entity reference as the gateway sends it to the owning subgraph (here straight to it, with the same token).
  const reference = await gql<{ _entities: ({ id: string } | null)[] }>(
    hub.subgraphs.models!.url,
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Model { id } } }',
    { token: jiangsu, variables: { r: [{ __typename: 'Model', id: modelId }] } },
  );
  return {
    byId: byId.body.data?.model?.id === modelId,
    search: search.body.data?.search.totalCount ?? -1,
    list: list.body.data?.models.totalCount ?? -1,
    reference: reference.body.data?._entities[0]?.id === modelId,
  };
};

before(async () => {
  hub = await startHub();
  jiangsu = await tokenFor('scientist.jiangsu');
  const created = await gql<{ registerModel: { id: string } }>(
    hub.gateway.url,
    `mutation { registerModel(input: {name: "${word} 变压器故障识别", description: "transformer fault model", task: "classification", ownerOrgId: "zhejiang", tags: ["${word}"]}) { id } }`,
    { token: await tokenFor('admin') },
  );
  assert.equal(created.body.errors, undefined, JSON.stringify(created.body.errors));
  modelId = created.body.data!.registerModel.id;
});

after(async () => {
  await hub.driver.executeQuery('MATCH (m:Model {id: $id}) DETACH DELETE m', { id: modelId });
  await hub.close();
});

test('invisible to another branch by id, search, count and reference; visible after sharing', async () => {
  // Full-text indexes catch up asynchronously.
  await hub.driver.executeQuery('CALL db.awaitIndexes(60)');
  let hq = 0;
  for (let i = 0; i < 20 && hq === 0; i++) {
    const r = await gql<{ search: { totalCount: number } }>(
      hub.gateway.url,
      `{ search(query: "${word}") { totalCount } }`,
      { token: await tokenFor('viewer') },
    );
    hq = r.body.data?.search.totalCount ?? 0;
    if (hq === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  assert.equal(hq, 1, 'HQ sees the branch model in search');
  assert.deepEqual(await see(), { byId: false, search: 0, list: 0, reference: false });

  const shared = await gql(hub.gateway.url, `mutation { shareModel(id: "${modelId}", orgId: "jiangsu") { id } }`, {
    token: await tokenFor('admin'),
  });
  assert.equal(shared.body.errors, undefined, JSON.stringify(shared.body.errors));
  assert.deepEqual(await see(), { byId: true, search: 1, list: 1, reference: true });
});
