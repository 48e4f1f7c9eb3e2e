// Lists through the share index (issue 13, migration 0017): a branch's page walks the SHARED_WITH edges into
// its org in createdAt order through the (toOrg, kind, createdAt) index when every such edge is keyed, and
// reads the edges as before when one is not. Either way the page holds every visible dataset once, newest
// first. And HQ's exact totalCount, counted as the label's total minus the assets owned outside its orgs,
// equals a plain count of what it may see.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createDriver } from '../lib/graph/driver.js';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { registerTaggedDataset, removeTaggedDatasets } from './helpers/datasets.js';

const runTag = `sh${randomBytes(5).toString('hex')}`;
let hub: Hub;

before(async () => {
  hub = await startHub({ driver: createDriver() });
});

after(async () => {
  await removeTaggedDatasets(hub.driver, runTag);
  await hub.close();
});

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { id: string } }[];
}

async function datasets(user: string, variables: Record<string, unknown>): Promise<Page> {
  const res = await gql<{ datasets: Page }>(
    hub.gateway.url,
    `query($first: Int, $after: String, $filter: DatasetFilter) {
       datasets(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
    { token: await tokenFor(user), variables },
  );
  assert.ok(res.body.data?.datasets, JSON.stringify(res.body));
  return res.body.data.datasets;
}

/** Every id the branch user sees, one dataset a page (so each page starts from a cursor). */
async function walk(user: string): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page = await datasets(user, { first: 1, after, filter: { tag: runTag } });
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return ids;
}

describe('share index', () => {
  test('shares written through the API are keyed; a branch pages them newest first, and a share written without keys too', async () => {
    // Registered one after another by an HQ scientist (outside Jiangsu's tree): createdAt increases.
    const ids: string[] = [];
    for (const label of ['first', 'second', 'third', 'fourth', 'fifth'])
      ids.push(await registerTaggedDataset(hub.gateway.url, runTag, label));
    for (const id of [ids[0], ids[2], ids[3]]) {
      const res = await gql(
        hub.gateway.url,
        'mutation($id: ID!, $orgId: ID!) { shareDataset(id: $id, orgId: $orgId) { id } }',
        { token: await tokenFor('scientist'), variables: { id, orgId: 'jiangsu' } },
      );
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    }
    const keyed = await hub.driver.executeQuery(
      `MATCH (d:Dataset)-[s:SHARED_WITH]->(:Org {id: 'jiangsu'}) WHERE $tag IN d.tags
       RETURN d.id AS id, s.toOrg = 'jiangsu' AND s.kind = 'Dataset' AND s.createdAt = d.createdAt AS keyed`,
      { tag: runTag },
    );
    assert.equal(keyed.records.length, 3);
    for (const r of keyed.records) assert.equal(r.get('keyed'), true, `share of ${r.get('id') as string} is keyed`);

    const newestFirst = (xs: (string | undefined)[]) => [...xs].reverse();
    assert.deepEqual(await walk('scientist.jiangsu'), newestFirst([ids[0], ids[2], ids[3]]));
    assert.equal((await datasets('scientist.jiangsu', { first: 1, filter: { tag: runTag } })).totalCount, 3);

    // A share edge written without the keys (as older code or a hand-made edge would): still visible.
    await hub.driver.executeQuery(
      `MATCH (d:Dataset {id: $id}), (o:Org {id: 'jiangsu'}) CREATE (d)-[:SHARED_WITH]->(o)`,
      { id: ids[4] },
    );
    assert.deepEqual(await walk('scientist.jiangsu'), newestFirst([ids[0], ids[2], ids[3], ids[4]]));
    assert.equal((await datasets('scientist.jiangsu', { first: 1, filter: { tag: runTag } })).totalCount, 4);
  });

  test("HQ's totalCount without filters equals a plain count of the datasets it may see", async () => {
    // Other suites write datasets meanwhile: compare only when the plain count did not move around the request.
    const plain = async (): Promise<number> => {
      const { records } = await hub.driver.executeQuery(
        `MATCH (o:Org)-[:PART_OF*0..]->(:Org {id: 'hq'}) WITH collect(o.id) AS orgs
         MATCH (d:Dataset) WHERE d.ownerOrgId IN orgs AND NOT coalesce(d.archived, false) RETURN count(d) AS n`,
      );
      return records[0]!.get('n') as number;
    };
    let compared = false;
    for (let attempt = 0; attempt < 5 && !compared; attempt++) {
      const before = await plain();
      const counted = (await datasets('viewer', { first: 1 })).totalCount;
      if (before !== (await plain())) continue;
      assert.equal(counted, before);
      compared = true;
    }
    assert.ok(compared, 'the dataset count kept moving; nothing compared');
  });
});
