// The catalog's API (issue 16): search's org and status filters, highlight spans, the browse list for an
// empty query with keyset paging, and the org(id) / orgs / children / assetCounts queries, through the
// gateway with real Keycloak tokens. The data is written straight into the graph (a deployment's or a
// version's state is set by workflows the test does not need to run), tagged with this run's tag, and the
// `after` hook deletes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { keyShare } from '../lib/graph/visibility.js';

const runTag = `t${randomBytes(5).toString('hex')}`;
// Four random CJK characters: bigrams no other data contains.
const runHan = Array.from({ length: 4 }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x51a0))).join(
  '',
);
let hub: Hub;

interface Hit {
  kind: string;
  id: string;
  name: string;
  description: string | null;
  archived: boolean;
  status: string | null;
  parentId: string | null;
  ownerOrg: { id: string } | null;
  nameHighlights: { start: number; length: number }[];
  descriptionHighlights: { start: number; length: number }[];
}
interface Hits {
  search: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Hit }[] };
}
const SEARCH = `query($q: String!, $kinds: [AssetKind!], $orgs: [ID!], $statuses: [AssetStatus!], $first: Int, $after: String) {
  search(query: $q, kinds: $kinds, orgs: $orgs, statuses: $statuses, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { kind id name description archived status parentId ownerOrg { id }
      nameHighlights { start length } descriptionHighlights { start length } } } } }`;

async function search(user: string, variables: Record<string, unknown>): Promise<Hits['search']> {
  const res = await gql<Hits>(hub.gateway.url, SEARCH, { token: await tokenFor(user), variables });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.search;
}
const ids = (s: Hits['search']): string[] => s.edges.map((e) => e.node.id);
const id = (name: string): string => `${runTag}-${name}`;

before(async () => {
  hub = await startHub();
  // Oldest first, one second apart, so the browse order is known: newest = the last created.
  const rows: Record<string, unknown>[] = [
    { label: 'Dataset', key: 'hq', org: 'hq', name: `${runHan}变压器巡检 transformer inspection ${runTag}` },
    { label: 'Dataset', key: 'js', org: 'jiangsu', name: `江苏${runHan} Jiangsu feeder loads ${runTag}` },
    { label: 'Dataset', key: 'old', org: 'hq', name: `archived ${runHan} ${runTag}`, archived: true },
    {
      label: 'DatasetVersion',
      key: 'v1',
      org: 'hq',
      name: `${runHan} v1 ${runTag}`,
      integrity: 'TAMPERED',
      datasetId: id('hq'),
    },
    { label: 'Deployment', key: 'ok', org: 'hq', name: `ocr ${runHan} ready ${runTag}`, status: 'READY' },
    { label: 'Deployment', key: 'bad', org: 'hq', name: `ocr ${runHan} failed ${runTag}`, status: 'FAILED' },
  ];
  // Clusters in Qingdao for the browse order: two dated, one without createdAt (older imports have none).
  rows.push(
    { label: 'Cluster', key: 'c-old', org: 'qingdao', name: `cluster old ${runTag}` },
    { label: 'Cluster', key: 'c-new', org: 'qingdao', name: `cluster new ${runTag}` },
  );
  let second = 0;
  for (const row of rows)
    await hub.driver.executeQuery(
      // The label comes from the fixed list above, never from input.
      `CREATE (n:${row.label as string} {id: $id, name: $name, description: $description, tags: [$tag], tagsText: $tag,
         ownerOrgId: $org, createdBy: 'test', createdAt: datetime() + duration({seconds: $second}),
         archived: $archived})
       SET n.integrity = $integrity, n.status = $status, n.datasetId = $datasetId`,
      {
        id: id(row.key as string),
        name: row.name,
        description: `Transformer oil readings, 含${runHan}与 inspection notes`,
        tag: runTag,
        org: row.org,
        second: ++second,
        archived: row.archived ?? false,
        integrity: row.integrity ?? null,
        status: row.status ?? null,
        datasetId: row.datasetId ?? null,
      },
    );
  await hub.driver.executeQuery(
    `CREATE (:Cluster {id: $id, name: $name, description: '', tags: [$tag], tagsText: $tag, ownerOrgId: 'qingdao',
       createdBy: 'test', archived: false})`,
    { id: id('c-undated'), name: `cluster undated ${runTag}`, tag: runTag },
  );
});

after(async () => {
  await hub.driver.executeQuery('MATCH (n) WHERE $tag IN n.tags DETACH DELETE n', { tag: runTag });
  await hub.close();
});

describe('search filters', () => {
  test('org, status and kind filters narrow the hits; archived only when asked for', async () => {
    const all = await search('scientist', { q: runTag, first: 50 });
    assert.deepEqual(
      ids(all).sort(),
      ['bad', 'c-new', 'c-old', 'c-undated', 'hq', 'js', 'ok', 'v1'].map(id).sort(),
      'archived left out by default',
    );
    assert.equal(all.totalCount, 8);

    const jiangsu = await search('scientist', { q: runTag, orgs: ['jiangsu'] });
    assert.deepEqual(ids(jiangsu), [id('js')]);
    assert.equal(jiangsu.totalCount, 1);
    assert.equal(jiangsu.edges[0]!.node.ownerOrg?.id, 'jiangsu');

    const archived = await search('scientist', { q: runTag, statuses: ['ARCHIVED'] });
    assert.deepEqual(ids(archived), [id('old')]);
    assert.equal(archived.edges[0]!.node.archived, true);
    const both = await search('scientist', { q: runTag, statuses: ['ACTIVE', 'ARCHIVED'], kinds: ['DATASET'] });
    assert.deepEqual(ids(both).sort(), ['hq', 'js', 'old'].map(id).sort());

    const ready = await search('scientist', { q: runTag, statuses: ['READY'] });
    assert.deepEqual(ids(ready), [id('ok')]);
    assert.equal(ready.edges[0]!.node.status, 'READY');
    const tampered = await search('scientist', { q: runHan, statuses: ['TAMPERED', 'FAILED'] });
    assert.deepEqual(ids(tampered).sort(), [id('bad'), id('v1')].sort());
    const version = tampered.edges.find((e) => e.node.kind === 'DATASET_VERSION')!.node;
    assert.equal(version.parentId, id('hq'), 'a version hit names its dataset');
    assert.equal(version.status, 'TAMPERED');
  });

  test('a branch never sees another org’s assets, filtered by that org or not', async () => {
    const mine = await search('scientist.jiangsu', { q: runHan, first: 50 });
    assert.deepEqual(ids(mine), [id('js')]);
    assert.equal((await search('scientist.jiangsu', { q: runHan, orgs: ['hq'] })).totalCount, 0);
    const browse = await search('scientist.jiangsu', { q: '', orgs: ['hq'], first: 50 });
    assert.deepEqual(browse.edges, []);
    assert.equal(browse.totalCount, 0);
  });

  test('highlight spans mark the matched words and Chinese bigrams', async () => {
    const res = await search('scientist', { q: `${runHan.slice(0, 2)} Transformer`, kinds: ['DATASET'], orgs: ['hq'] });
    const hit = res.edges.find((e) => e.node.id === id('hq'))!.node;
    const marked = (text: string, spans: Hit['nameHighlights']): string[] =>
      spans.map((s) => text.slice(s.start, s.start + s.length));
    assert.deepEqual(
      marked(hit.name, hit.nameHighlights),
      [runHan.slice(0, 2), 'transformer'],
      'the bigram, not the run',
    );
    assert.deepEqual(marked(hit.description!, hit.descriptionHighlights), ['Transformer', runHan.slice(0, 2)]);
    const english = await search('scientist', { q: `INSPECTION ${runTag}`, orgs: ['hq'], kinds: ['DATASET'] });
    const same = english.edges.find((e) => e.node.id === id('hq'))!.node;
    assert.deepEqual(marked(same.name, same.nameHighlights), ['inspection', runTag], 'case-insensitive, whole words');
  });

  test('an empty query browses newest first, with keyset paging and a count', async () => {
    const first = await search('scientist', { q: '  ', orgs: ['hq'], kinds: ['DATASET', 'DEPLOYMENT'], first: 2 });
    // Newer demo or test data may also exist for hq: only the relative order of this run's rows is known.
    const mine: string[] = [];
    let page = first;
    for (;;) {
      for (const e of page.edges) {
        assert.equal(e.node.ownerOrg?.id, 'hq');
        assert.deepEqual(e.node.nameHighlights, []);
        if (e.node.id.startsWith(runTag)) mine.push(e.node.id);
      }
      if (!page.pageInfo.hasNextPage || mine.length === 3) break;
      page = await search('scientist', {
        q: '',
        orgs: ['hq'],
        kinds: ['DATASET', 'DEPLOYMENT'],
        first: 2,
        after: page.pageInfo.endCursor,
      });
      assert.equal(page.edges.length > 0, true);
    }
    assert.deepEqual(mine, ['bad', 'ok', 'hq'].map(id), 'newest first across kinds, pages do not repeat');
    assert.ok(first.totalCount >= 3);

    // One at a time through Qingdao's clusters: an asset without createdAt comes last, and paging past it works.
    const clusters: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const one: Hits['search'] = await search('scientist', {
        q: '',
        orgs: ['qingdao'],
        kinds: ['CLUSTER'],
        first: 1,
        after,
      });
      clusters.push(...ids(one));
      if (!one.pageInfo.hasNextPage) break;
      after = one.pageInfo.endCursor;
    }
    assert.equal(new Set(clusters).size, clusters.length, 'no cluster listed twice');
    assert.deepEqual(
      clusters.filter((c) => c.startsWith(runTag)),
      ['c-new', 'c-old', 'c-undated'].map(id),
    );
    const archivedOnly = await search('scientist', { q: '', statuses: ['ARCHIVED'], first: 50 });
    assert.ok(archivedOnly.edges.every((e) => e.node.archived));
    assert.ok(ids(archivedOnly).includes(id('old')));
  });
});

describe('search totalCount', () => {
  // A word of its own, so the runTag and runHan searches above never see these assets (their `tags` still
  // hold runTag, for the `after` hook). Each count is checked against the hits a full page lists (the
  // page tests visibility per hit; the count reads the viewer's shares once) and against the ids expected.
  const word = `c${randomBytes(5).toString('hex')}`;
  const cid = (key: string): string => `${runTag}-count-${key}`;
  before(async () => {
    const rows: { key: string; label: string; org: string; archived?: boolean; sharedWith?: string }[] = [
      { key: 'hq', label: 'Dataset', org: 'hq' },
      { key: 'hq-old', label: 'Dataset', org: 'hq', archived: true },
      { key: 'hq-model', label: 'Model', org: 'hq' },
      { key: 'js', label: 'Dataset', org: 'jiangsu' },
      { key: 'js-old', label: 'Dataset', org: 'jiangsu', archived: true },
      { key: 'suzhou-model', label: 'Model', org: 'suzhou' },
      { key: 'zj-shared', label: 'Dataset', org: 'zhejiang', sharedWith: 'jiangsu' },
      { key: 'zj-shared-old', label: 'Dataset', org: 'zhejiang', archived: true, sharedWith: 'jiangsu' },
      { key: 'zj', label: 'Dataset', org: 'zhejiang' },
      { key: 'sd-shared-model', label: 'Model', org: 'shandong', sharedWith: 'jiangsu' },
      { key: 'sd-shared-elsewhere', label: 'Model', org: 'shandong', sharedWith: 'zhejiang' },
    ];
    for (const row of rows)
      await hub.driver.executeQuery(
        // The label comes from the fixed list above, never from input.
        `CREATE (n:${row.label} {id: $id, name: $name, description: '', tags: [$tag], tagsText: $word,
           ownerOrgId: $org, createdBy: 'test', createdAt: datetime(), archived: $archived})
         WITH n
         OPTIONAL MATCH (o:Org {id: $sharedWith})
         FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END |
           CREATE (n)-[s:SHARED_WITH]->(o) ${keyShare('s', 'n', row.label, 'o')})`,
        {
          id: cid(row.key),
          name: `${row.key} ${word}`,
          tag: runTag,
          word,
          org: row.org,
          archived: row.archived ?? false,
          sharedWith: row.sharedWith ?? null,
        },
      );
  });

  const cases: { user: string; filters: Record<string, unknown>; expected: string[] }[] = [
    {
      user: 'scientist',
      filters: {},
      expected: ['hq', 'hq-model', 'js', 'suzhou-model', 'zj-shared', 'zj', 'sd-shared-model', 'sd-shared-elsewhere'],
    },
    { user: 'scientist', filters: { statuses: ['ARCHIVED'] }, expected: ['hq-old', 'js-old', 'zj-shared-old'] },
    {
      user: 'scientist',
      filters: { kinds: ['MODEL'] },
      expected: ['hq-model', 'suzhou-model', 'sd-shared-model', 'sd-shared-elsewhere'],
    },
    { user: 'scientist.jiangsu', filters: {}, expected: ['js', 'suzhou-model', 'zj-shared', 'sd-shared-model'] },
    { user: 'scientist.jiangsu', filters: { statuses: ['ARCHIVED'] }, expected: ['js-old', 'zj-shared-old'] },
    {
      user: 'scientist.jiangsu',
      filters: { statuses: ['ACTIVE', 'ARCHIVED'], kinds: ['DATASET'] },
      expected: ['js', 'js-old', 'zj-shared', 'zj-shared-old'],
    },
    { user: 'scientist.jiangsu', filters: { kinds: ['MODEL'] }, expected: ['suzhou-model', 'sd-shared-model'] },
    { user: 'scientist.jiangsu', filters: { orgs: ['zhejiang'] }, expected: ['zj-shared'] },
  ];
  test('equals the visible hits for HQ and for a branch with shares, under archived, kind and org filters', async () => {
    for (const { user, filters, expected } of cases) {
      const res = await search(user, { q: word, first: 50, ...filters });
      const what = `${user} ${JSON.stringify(filters)}`;
      assert.deepEqual(ids(res).sort(), expected.map(cid).sort(), what);
      assert.equal(res.totalCount, res.edges.length, `${what}: totalCount counts the hits a full page lists`);
    }
  });
});

describe('orgs', () => {
  const ORG = `query($id: ID!) { org(id: $id) { id name level parent { id } children { id } assetCounts { kind count } } }`;
  const org = async (user: string, orgId: string) =>
    (
      await gql<{
        org: {
          id: string;
          level: string;
          parent: { id: string } | null;
          children: { id: string }[];
          assetCounts: { kind: string; count: number }[];
        } | null;
      }>(hub.gateway.url, ORG, { token: await tokenFor(user), variables: { id: orgId } })
    ).body;

  test('a branch sees its own org, its children and its parent, not a sibling', async () => {
    // Orgs that share an asset with Jiangsu are visible to it too (an asset page names its owner).
    const { records } = await hub.driver.executeQuery(
      `MATCH (a)-[:SHARED_WITH]->(:Org {id: 'jiangsu'}) RETURN collect(DISTINCT a.ownerOrgId) AS owners`,
    );
    const sharers = records[0]!.get('owners') as string[];
    const js = await org('scientist.jiangsu', 'jiangsu');
    assert.equal(js.errors, undefined, JSON.stringify(js.errors));
    assert.equal(js.data!.org!.parent?.id, 'hq');
    assert.deepEqual(js.data!.org!.children.map((c) => c.id).sort(), ['nanjing', 'suzhou']);
    assert.ok(js.data!.org!.assetCounts.some((c) => c.kind === 'DATASET' && c.count >= 1));
    for (const sibling of ['zhejiang', 'shandong', 'qingdao'])
      assert.equal(
        (await org('scientist.jiangsu', sibling)).data!.org?.id ?? null,
        sharers.includes(sibling) ? sibling : null,
      );
    assert.equal((await org('scientist.jiangsu', 'no-such-org')).data!.org, null);
    const hq = await org('scientist.jiangsu', 'hq');
    const provinces = ['jiangsu', ...sharers.filter((o) => ['zhejiang', 'shandong'].includes(o))].sort();
    assert.deepEqual(hq.data!.org!.children.map((c) => c.id).sort(), provinces, 'other branches hidden');
    const { records: shared } = await hub.driver.executeQuery(
      `MATCH (a {ownerOrgId: 'hq'})-[:SHARED_WITH]->(:Org {id: 'jiangsu'}) RETURN count(a) AS n`,
    );
    const hqCount = hq.data!.org!.assetCounts.reduce((sum, c) => sum + c.count, 0);
    assert.ok(hqCount <= (shared[0]!.get('n') as number), 'only HQ assets shared with Jiangsu are counted');
    const list = await gql<{ orgs: { id: string }[] }>(hub.gateway.url, '{ orgs { id } }', {
      token: await tokenFor('scientist.jiangsu'),
    });
    assert.deepEqual(
      list.body.data!.orgs.map((o) => o.id).sort(),
      [...new Set(['hq', 'jiangsu', 'nanjing', 'suzhou', ...sharers])].sort(),
    );
  });

  test('HQ counts what each org owns, per kind, the archived left out', async () => {
    const hq = await org('scientist', 'hq');
    assert.ok(hq.data!.org!.children.length >= 3);
    const counts = Object.fromEntries(hq.data!.org!.assetCounts.map((c) => [c.kind, c.count]));
    const { records } = await hub.driver.executeQuery(
      `MATCH (n:Dataset {ownerOrgId: 'hq'}) WHERE NOT coalesce(n.archived, false) RETURN count(n) AS n`,
    );
    assert.equal(counts.DATASET, records[0]!.get('n'));
    assert.ok((counts.DEPLOYMENT ?? 0) >= 2);
  });
});
