// Exact list counts from tallies (issue 13, lib/graph/tally.ts): through the real writers (registration,
// concurrent ones among them, archive, share) and the graph changes no API makes yet but any writer may
// (unarchive, unshare, DETACH DELETE, an owner move re-tallied as the canary's is), every list count
// visiblePage gives equals a plain count of what the viewer may see, the same count query forced to take
// the tallies and forced to take the index too, every tally's degree equals the number of assets its org
// owns, and every share tally's the shares it stands for. The run builds its own org subtree under HQ, so
// other work on the shared graph does not move its counts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Identity } from '../lib/auth/identity.js';
import { NEWEST_FIRST, visiblePage } from '../lib/graph/asset-store.js';
import { createDriver } from '../lib/graph/driver.js';
import { Label, Rel } from '../lib/graph/ontology.js';
import { retally, tallyId, untallyShare } from '../lib/graph/tally.js';
import { clearViewerScopeCache, visibleTo } from '../lib/graph/visibility.js';
import { DatasetStore } from '../subgraphs/assets/repository/dataset-store.js';
import { ModelStore } from '../subgraphs/models/repository/model-store.js';

const tag = `lt${randomBytes(4).toString('hex')}`;
// The last query sent and its parameters, from the driver's log of each RUN message ("RUN <query> <params>
// <metadata>"; a list count's parameters begin with the viewer's scope).
let lastRun = { cypher: '', params: {} as Record<string, unknown> };
const driver = createDriver(undefined, {
  onQuery: (message) => {
    const at = message.indexOf(' {"viewerOrg"');
    if (at < 0) return;
    const rest = message.slice(at + 1);
    const params = rest.slice(0, rest.lastIndexOf(' {'));
    lastRun = { cypher: message.slice(0, at), params: JSON.parse(params) as Record<string, unknown> };
  },
});
// How the count query decides to trust the tallies (lib/graph/asset-store.ts ownedCount).
const TRUSTED = 'WITH nodes = tallied AS trusted';
const SHARES_TRUSTED = 'WITH shares = shareTallied AS sharesTrusted';
const datasets = new DatasetStore(driver);
const models = new ModelStore(driver);
// A province with two city units, and a second province outside its tree.
const root = `${tag}-p`;
const city1 = `${tag}-c1`;
const city2 = `${tag}-c2`;
const other = `${tag}-q`;
const orgs = [root, city1, city2, other];
const KINDS = [Label.Dataset, Label.Model] as const;

const member = (org: string): Identity => ({
  sub: `${tag}-${org}`,
  username: `${tag}-${org}`,
  roles: ['data-scientist'],
  org,
});

before(async () => {
  await driver.executeQuery(
    `MATCH (hq:Org {id: 'hq'})
     CREATE (p:Org {id: $root, name: $root, level: 'province'})-[:PART_OF]->(hq)
     CREATE (:Org {id: $city1, name: $city1, level: 'city'})-[:PART_OF]->(p)
     CREATE (:Org {id: $city2, name: $city2, level: 'city'})-[:PART_OF]->(p)
     CREATE (:Org {id: $other, name: $other, level: 'province'})-[:PART_OF]->(hq)`,
    { root, city1, city2, other },
  );
  clearViewerScopeCache();
});

after(async () => {
  await driver.executeQuery(`MATCH (n) WHERE (n:Dataset OR n:Model) AND n.ownerOrgId IN $orgs DETACH DELETE n`, {
    orgs,
  });
  await driver.executeQuery(`MATCH (t:Tally) WHERE t.orgId IN $orgs DETACH DELETE t`, { orgs });
  await driver.executeQuery(`MATCH (o:Org) WHERE o.id IN $orgs DETACH DELETE o`, { orgs });
  clearViewerScopeCache();
  await driver.close();
});

const registerDataset = (org: string, name: string) =>
  datasets.register(member(org), { name: `${org} ${name}`, tags: [tag] });
const registerModel = (org: string, name: string) =>
  models.register(member(org), { name: `${org} ${name}`, task: 'classification', tags: [tag] });

/** What a viewer at `org` may see of `label`, counted plainly (every candidate is owned by the run's orgs). */
async function plainCount(
  label: string,
  org: string,
  includeArchived: boolean,
  ownerOrgs: string[] | null,
): Promise<number> {
  const tree = await driver.executeQuery(
    `MATCH (o:Org)-[:PART_OF*0..]->(:Org {id: $org}) RETURN collect(o.id) AS visibleOrgs`,
    { org },
  );
  const { records } = await driver.executeQuery(
    `MATCH (n:${label}) WHERE n.ownerOrgId IN $orgs AND ${visibleTo('n')}
       AND ($includeArchived OR NOT coalesce(n.archived, false)) AND ($ownerOrgs IS NULL OR n.ownerOrgId IN $ownerOrgs)
     RETURN count(n) AS n`,
    {
      viewerOrg: org,
      visibleOrgs: tree.records[0]!.get('visibleOrgs') as string[],
      orgs,
      includeArchived,
      ownerOrgs,
    },
  );
  return records[0]!.get('n') as number;
}

/** Every list count equals the plain count, and every tally of the run's orgs its org's assets. */
async function assertCounts(step: string): Promise<void> {
  for (const label of KINDS) {
    const kind = { label, what: label, projection: 'n {.id}', action: label, order: NEWEST_FIRST };
    // The owner filter (datasets' ownerOrgIds) too: the owned and the shared part each honour it.
    const filters = [null, [other], [city1, other]];
    for (const org of orgs)
      for (const [includeArchived, ownerOrgs] of [false, true].flatMap((a) => filters.map((f) => [a, f] as const))) {
        const page = await visiblePage(driver, member(org), kind, {
          first: 2,
          after: null,
          includeArchived,
          ownerOrgs,
        });
        const what = `${step}: ${label} count for ${org}${includeArchived ? ' with archived' : ''}${ownerOrgs ? ` owned by ${ownerOrgs.join(', ')}` : ''}`;
        const plain = await plainCount(label, org, includeArchived, ownerOrgs);
        assert.equal(await page.count(), plain, what);
        // The count takes the tallies only while no other writer on the shared graph has left a node of
        // the kind untallied; both ways, each forced, count the same.
        const counted = lastRun;
        assert.ok(counted.cypher.includes(TRUSTED), `${what}: the last query is the count`);
        assert.ok(counted.cypher.includes(SHARES_TRUSTED), `${what}: the count query reads the share tallies`);
        for (const way of ['true', 'false'])
          assert.equal(
            (
              await driver.executeQuery(
                counted.cypher
                  .replace(TRUSTED, `WITH ${way} AS trusted`)
                  .replace(SHARES_TRUSTED, `WITH ${way} AS sharesTrusted`),
                counted.params,
              )
            ).records[0]!.get('total'),
            plain,
            `${what}, ${way === 'true' ? 'from the tallies' : 'from the index'}`,
          );
      }
    const { records } = await driver.executeQuery(
      `UNWIND $orgs AS org
       OPTIONAL MATCH (t:Tally {id: $kind + '@' + org})
       RETURN org, COUNT { (t)<-[:${Rel.TALLIED_IN}]-() } AS tallied,
              COUNT { MATCH (n:${label}) WHERE n.ownerOrgId = org } AS owned,
              COUNT { MATCH (n:${label})-[:${Rel.TALLIED_IN}]->(t) WHERE n.ownerOrgId <> org } AS misplaced`,
      { orgs, kind: label },
    );
    const shares = await driver.executeQuery(
      `MATCH (n:${label})-[:${Rel.SHARED_WITH}]->(o:Org) WHERE n.ownerOrgId IN $orgs
       WITH o.id AS org, n.ownerOrgId AS owner, count(n) AS shared
       OPTIONAL MATCH (t:Tally {id: $kind + '>' + org + '<' + owner})
       RETURN org, owner, shared, COUNT { (t)<-[:${Rel.SHARE_TALLIED_IN}]-() } AS tallied
       UNION
       MATCH (n:${label})-[:${Rel.SHARE_TALLIED_IN}]->(t:Tally) WHERE n.ownerOrgId IN $orgs
         AND NOT EXISTS { (n)-[:${Rel.SHARED_WITH}]->(:Org {id: t.orgId}) }
       RETURN t.orgId AS org, n.ownerOrgId AS owner, 0 AS shared, count(n) AS tallied`,
      { orgs, kind: label },
    );
    for (const r of shares.records)
      assert.equal(
        r.get('tallied'),
        r.get('shared'),
        `${step}: share tally of ${label} owned by ${r.get('owner') as string} shared with ${r.get('org') as string}`,
      );
    for (const r of records) {
      const org = r.get('org') as string;
      assert.equal(r.get('tallied'), r.get('owned'), `${step}: tally ${tallyId(label, org)}`);
      assert.equal(r.get('misplaced'), 0, `${step}: tally ${tallyId(label, org)} holds another org's assets`);
    }
  }
}

describe('list counts from tallies', () => {
  test('every change that moves an asset in or out of a count keeps counts exact', async () => {
    // Concurrent registrations: several writers add edges to the same tallies at once.
    const made = await Promise.all([
      ...orgs.flatMap((org) => [0, 1, 2].map((i) => registerDataset(org, `d${i}`))),
      ...orgs.flatMap((org) => [0, 1].map((i) => registerModel(org, `m${i}`))),
    ]);
    const ids = (label: string, org: string) =>
      made
        .filter((m) => m.ownerOrgId === org && m.name.includes(label === Label.Dataset ? ' d' : ' m'))
        .map((m) => m.id);
    await assertCounts('created');

    await datasets.archive(member(city1), ids(Label.Dataset, city1)[0]!);
    await datasets.archive(member(other), ids(Label.Dataset, other)[0]!);
    await models.archive(member(root), ids(Label.Model, root)[0]!);
    await assertCounts('archived');

    // Unarchiving: no API yet; any writer only clears the flag.
    await driver.executeQuery(`MATCH (d:Dataset {id: $id}) SET d.archived = false`, {
      id: ids(Label.Dataset, other)[0]!,
    });
    await assertCounts('unarchived');

    // Shares into the province from outside its tree, from inside it (counted once: it is owned there),
    // of an archived dataset, and into a city unit.
    await datasets.share(member(other), ids(Label.Dataset, other)[1]!, root);
    await datasets.share(member(city1), ids(Label.Dataset, city1)[1]!, root);
    await datasets.share(member(city1), ids(Label.Dataset, city1)[0]!, other);
    await datasets.share(member(other), ids(Label.Dataset, other)[2]!, city2);
    await models.share(member(other), ids(Label.Model, other)[0]!, root);
    await assertCounts('shared');

    // Unsharing: no API yet; a writer deletes the edge and its share tally edge.
    await driver.executeQuery(
      `MATCH (d:Dataset {id: $id})-[s:SHARED_WITH]->(o:Org {id: $org}) DELETE s ${untallyShare('d', Label.Dataset, 'o')}`,
      {
        id: ids(Label.Dataset, other)[2]!,
        org: city2,
      },
    );
    await assertCounts('unshared');

    // Deleting, by any writer: the tally edge goes with the node.
    await driver.executeQuery(`MATCH (n) WHERE n.id IN $ids DETACH DELETE n`, {
      ids: [ids(Label.Dataset, city2)[0]!, ids(Label.Model, city1)[0]!],
    });
    await assertCounts('deleted');

    // An owner move, re-tallied as the canary's move to its service's org is (domain/deployment/approval-store.ts).
    for (const [label, id] of [
      [Label.Dataset, ids(Label.Dataset, city2)[1]!],
      // Shared into the province from inside its tree: counted as owned there, then as a share from outside.
      [Label.Dataset, ids(Label.Dataset, city1)[1]!],
      [Label.Model, ids(Label.Model, city2)[0]!],
    ] as const)
      await driver.executeQuery(
        `MATCH (n:${label} {id: $id}), (o:Org {id: $to})
         OPTIONAL MATCH (n)-[old:${Rel.OWNED_BY}]->(:Org) DELETE old
         WITH DISTINCT n, o
         MERGE (n)-[:${Rel.OWNED_BY}]->(o)
         SET n.ownerOrgId = o.id
         ${retally('n', label)}`,
        { id, to: other },
      );
    await assertCounts('moved');
  });
});
