// The asset kit's reads on the walk's path (viewerScope, visibleById, visiblePage and its count) against the
// real Neo4j: each is one auto-commit round trip (RUN and PULL, no BEGIN or COMMIT on the wire, as
// lib/graph/driver.ts readRecords), and they answer what the visibility rule says: the viewer's org and
// the orgs below it, plus what is shared into its org, archived only on request, in order and paged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../auth/identity.js';
import { createDriver } from './driver.js';
import { COMMON, NEWEST_FIRST, visibleById, visiblePage, type AssetKind, type PageArgs } from './asset-store.js';
import { Label } from './ontology.js';
import { clearViewerScopeCache, keyShare, viewerScope } from './visibility.js';

const tag = `kit-${randomUUID().slice(0, 8)}`;
const top = `${tag}-top`;
const city = `${tag}-city`;
const other = `${tag}-other`;
const viewer: Identity = { sub: `${tag}-user`, username: `${tag}-user`, roles: ['viewer'], org: top };
const CLUSTER: AssetKind = { label: Label.Cluster, what: 'cluster', action: 'cluster', projection: `n { ${COMMON} }` };
const NEWEST: AssetKind = { ...CLUSTER, order: NEWEST_FIRST };

let driver: Driver;
/** The Bolt messages the driver wrote since the last reset ("RUN", "PULL", "BEGIN", ...). */
let messages: string[] = [];

before(async () => {
  driver = createDriver(undefined, { onMessage: (type) => messages.push(type) });
  // top ← city; other, outside the tree, shares c into top. Names order a, b, c, e; createdAt puts e first
  // (newest), then a, b, c. The orgs are the test's own, so their clusters are all a page can find.
  await driver.executeQuery(
    `CREATE (t:Org {id: $top, name: $top}), (:Org {id: $city, name: $city})-[:PART_OF]->(t), (:Org {id: $other, name: $other})
     WITH t
     UNWIND [['a', $top, false, 10], ['b', $city, false, 20], ['c', $other, false, 30], ['d', $top, true, 40],
             ['e', $top, false, 5], ['f', $other, false, 50]] AS row
     CREATE (n:${Label.Cluster} {id: $tag + '-' + row[0], name: $tag + ' ' + row[0], ownerOrgId: row[1], archived: row[2],
                                tags: [$tag], createdBy: 'test', createdAt: datetime() - duration({seconds: row[3]})})
     WITH n, t, row WHERE row[0] = 'c'
     CREATE (n)-[s:SHARED_WITH]->(t) ${keyShare('s', 'n', Label.Cluster, 't')}`,
    { tag, top, city, other },
  );
});

after(async () => {
  await driver.executeQuery(
    `MATCH (n) WHERE (n:${Label.Cluster} AND $tag IN n.tags) OR (n:Org AND n.id IN [$top, $city, $other]) DETACH DELETE n`,
    { tag, top, city, other },
  );
  await driver.close();
});

const page = (kind: AssetKind, args: Partial<PageArgs> = {}) =>
  visiblePage<{ id: string }>(driver, viewer, kind, { first: 10, after: null, includeArchived: false, ...args });
const ids = (items: { id: string }[]) => items.map((i) => i.id.slice(tag.length + 1));

test('viewerScope: the org and those below it, in one RUN and PULL', async () => {
  clearViewerScopeCache();
  messages = [];
  const scope = await viewerScope(driver, viewer);
  assert.deepEqual(messages, ['RUN', 'PULL']);
  assert.deepEqual(
    { ...scope, visibleOrgs: [...scope.visibleOrgs].sort() },
    { viewerOrg: top, visibleOrgs: [city, top] },
  );
});

test('visibleById: one round trip; null for what the viewer may not see', async () => {
  await viewerScope(driver, viewer); // cached from here on
  messages = [];
  const found = await visibleById<{ id: string; ownerOrgId: string }>(driver, viewer, CLUSTER, `${tag}-b`);
  assert.deepEqual(messages, ['RUN', 'PULL']);
  assert.equal(found?.ownerOrgId, city);
  assert.equal((await visibleById<{ id: string }>(driver, viewer, CLUSTER, `${tag}-c`))?.id, `${tag}-c`);
  assert.equal(await visibleById(driver, viewer, CLUSTER, `${tag}-f`), null);
});

test('visiblePage and its count: one round trip each, owned below and shared in, archived on request', async () => {
  await viewerScope(driver, viewer);
  messages = [];
  const first = await page(CLUSTER, { first: 2 });
  assert.deepEqual(messages, ['RUN', 'PULL']);
  assert.deepEqual(ids(first.items), ['a', 'b']);
  assert.equal(first.hasMore, true);
  const rest = await page(CLUSTER, { first: 2, after: first.keys[1]! });
  assert.deepEqual(ids(rest.items), ['c', 'e']);
  assert.equal(rest.hasMore, false);
  messages = [];
  assert.equal(await first.count(), 4);
  assert.deepEqual(messages, ['RUN', 'PULL']);
  const archived = await page(CLUSTER, { includeArchived: true });
  assert.deepEqual(ids(archived.items), ['a', 'b', 'c', 'd', 'e']);
  assert.equal(await archived.count(), 5);
});

test('newest first through the share index: the same rows in createdAt order, one round trip', async () => {
  await viewerScope(driver, viewer);
  messages = [];
  const newest = await page(NEWEST, {});
  assert.deepEqual(messages, ['RUN', 'PULL']);
  assert.deepEqual(ids(newest.items), ['e', 'a', 'b', 'c']);
  const second = await page(NEWEST, { first: 1, after: newest.keys[2]! });
  assert.deepEqual(ids(second.items), ['c']);
});
