// Each demo role can call exactly what it should: every register mutation is tried by every demo user
// through the gateway, and the outcome (allowed or FORBIDDEN) must match the role table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';

const tag = `rm-${randomUUID().slice(0, 8)}`;
let hub: Hub;
before(async () => {
  hub = await startHub();
});
after(async () => {
  await hub.driver.executeQuery(
    'MATCH (n) WHERE (n:Dataset OR n:Model OR n:Cluster OR n:Service) AND $tag IN n.tags DETACH DELETE n',
    { tag },
  );
  await hub.close();
});

const mutations = {
  registerDataset: (n: string) => `mutation { registerDataset(input: {name: "${n}", tags: ["${tag}"]}) { id } }`,
  registerModel: (n: string) =>
    `mutation { registerModel(input: {name: "${n}", task: "classification", tags: ["${tag}"]}) { id } }`,
  registerCluster: (n: string) => `mutation { registerCluster(input: {name: "${n}", tags: ["${tag}"]}) { id } }`,
  registerService: (n: string) => `mutation { registerService(input: {name: "${n}", tags: ["${tag}"]}) { id } }`,
};
type Mutation = keyof typeof mutations;

// Who may register what: data scientists own data and models, ML engineers own services and hardware,
// platform admins everything; approvers, auditors, dispatchers, annotators and viewers only read.
const allowed: Record<string, Mutation[]> = {
  admin: ['registerDataset', 'registerModel', 'registerCluster', 'registerService'],
  scientist: ['registerDataset', 'registerModel'],
  'scientist.jiangsu': ['registerDataset', 'registerModel'],
  engineer: ['registerCluster', 'registerService'],
  approver: [],
  auditor: [],
  dispatcher: [],
  annotator: [],
  viewer: [],
  'viewer.zhejiang': [],
};

for (const [user, may] of Object.entries(allowed)) {
  test(`${user} may call exactly ${may.join(', ') || 'no register mutation'}`, async () => {
    const token = await tokenFor(user);
    for (const mutation of Object.keys(mutations) as Mutation[]) {
      const res = await gql(hub.gateway.url, mutations[mutation](`${tag} ${user} ${mutation}`), { token });
      const code = res.body.errors?.[0]?.extensions?.code;
      if (may.includes(mutation))
        assert.equal(res.body.errors, undefined, `${user} ${mutation}: ${JSON.stringify(res.body.errors)}`);
      else assert.equal(code, 'FORBIDDEN', `${user} ${mutation} should be FORBIDDEN, got ${JSON.stringify(res.body)}`);
    }
    const read = await gql<{ me: { username: string } }>(
      hub.gateway.url,
      '{ me { username } datasets(first: 1) { totalCount } }',
      { token },
    );
    assert.equal(read.body.data?.me.username, user, 'every role can read');
  });
}
