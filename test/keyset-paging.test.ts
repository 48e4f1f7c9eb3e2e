// Keyset paging and lazy counts (issue 13), through the gateway with real Keycloak tokens: list pages seek
// past the last row's (order key, id) instead of counting rows from the start, so a row written between
// two pages neither repeats nor shifts the next one; search pages read the full-text ranking a window at
// a time; totalCount is exact and is counted only when a request selects it.
// The data is written straight into the graph (createdAt chosen, ties included) and removed afterwards.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createDriver } from '../lib/graph/driver.js';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';

const runTag = `k${randomBytes(5).toString('hex')}`;
// Four random CJK characters: bigrams that no other data contains.
const han = (): string =>
  Array.from({ length: 4 }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x51a0))).join('');
const queries: string[] = [];
let hub: Hub;

before(async () => {
  hub = await startHub({ driver: createDriver(undefined, { onQuery: (cypher) => queries.push(cypher) }) });
});

after(async () => {
  await hub.driver.executeQuery('MATCH (d:Dataset) WHERE $tag IN d.tags DETACH DELETE d', { tag: runTag });
  await hub.close();
});

interface Row {
  id: string;
  org: string;
  /** Minutes before now. */
  age: number;
  archived?: boolean;
  sharedWith?: string;
  words?: string;
}

async function write(rows: Row[]): Promise<void> {
  await hub.driver.executeQuery(
    `UNWIND $rows AS r
     MATCH (o:Org {id: r.org})
     CREATE (d:Dataset {id: r.id, name: r.id + ' ' + r.words, description: '', tags: [$tag], tagsText: $tag, ownerOrgId: r.org,
                        createdBy: 'keyset-test', archived: r.archived,
                        createdAt: datetime({epochMillis: toInteger($now - r.age * 60000)})})
     CREATE (d)-[:OWNED_BY]->(o)
     WITH d, r WHERE r.sharedWith IS NOT NULL
     MATCH (s:Org {id: r.sharedWith}) CREATE (d)-[:SHARED_WITH]->(s)`,
    { rows: rows.map((r) => ({ archived: false, sharedWith: null, words: '', ...r })), tag: runTag, now: NOW },
  );
}

const NOW = Date.now();
const id = (name: string): string => `${runTag}-${name}`;

interface Page {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
}

async function datasets(user: string, variables: Record<string, unknown>, withCount = true): Promise<Page> {
  const res = await gql<{ datasets: Page }>(
    hub.gateway.url,
    `query($first: Int, $after: String, $filter: DatasetFilter) {
       datasets(first: $first, after: $after, filter: $filter) { ${withCount ? 'totalCount' : ''} pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`,
    { token: await tokenFor(user), variables },
  );
  assert.ok(res.body.data?.datasets, JSON.stringify(res.body));
  return res.body.data.datasets;
}

async function walk(
  user: string,
  first: number,
  filter: Record<string, unknown>,
): Promise<{ ids: string[]; counts: number[] }> {
  const ids: string[] = [];
  const counts: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await datasets(user, { first, after: cursor, filter });
    ids.push(...page.edges.map((e) => e.node.id));
    counts.push(page.totalCount!);
    if (!page.pageInfo.hasNextPage) return { ids, counts };
    assert.equal(page.edges.length, first, 'a page with more to follow is full');
    cursor = page.pageInfo.endCursor;
  }
  throw new Error('more than 50 pages');
}

describe('keyset paging with lazy counts', () => {
  before(async () => {
    await write([
      { id: id('js-1'), org: 'jiangsu', age: 1 },
      // Two rows created at the same instant: the id decides their order.
      { id: id('js-2b'), org: 'jiangsu', age: 2 },
      { id: id('js-2a'), org: 'jiangsu', age: 2 },
      { id: id('sz-3'), org: 'suzhou', age: 3 },
      { id: id('zj-4-shared'), org: 'zhejiang', age: 4, sharedWith: 'jiangsu' },
      { id: id('js-5-archived'), org: 'jiangsu', age: 5, archived: true },
      { id: id('zj-6'), org: 'zhejiang', age: 6 },
      { id: id('nj-7'), org: 'nanjing', age: 7 },
      { id: id('js-8'), org: 'jiangsu', age: 8 },
    ]);
  });

  test('datasets page newest first, ties by id: every visible one once, shares in, invisible and archived out, exact totalCount', async () => {
    const jiangsu = [id('js-1'), id('js-2a'), id('js-2b'), id('sz-3'), id('zj-4-shared'), id('nj-7'), id('js-8')];
    for (const first of [1, 2, 3, 100]) {
      const { ids, counts } = await walk('scientist.jiangsu', first, { tag: runTag });
      assert.deepEqual(ids, jiangsu, `pages of ${first}`);
      assert.deepEqual(new Set(counts), new Set([jiangsu.length]), 'totalCount is the same exact number on every page');
    }
    const archivedToo = await walk('scientist.jiangsu', 2, { tag: runTag, includeArchived: true });
    assert.deepEqual(archivedToo.ids, [...jiangsu.slice(0, 5), id('js-5-archived'), ...jiangsu.slice(5)]);
    assert.equal(archivedToo.counts[0], 8);
    // HQ sees every org; the owner filter covers an org and the units below it.
    const hq = await walk('viewer', 4, { tag: runTag });
    assert.deepEqual(hq.ids, [
      id('js-1'),
      id('js-2a'),
      id('js-2b'),
      id('sz-3'),
      id('zj-4-shared'),
      id('zj-6'),
      id('nj-7'),
      id('js-8'),
    ]);
    assert.equal(hq.counts[0], 8);
    const underJiangsu = await walk('viewer', 2, { tag: runTag, ownerOrg: 'jiangsu' });
    assert.deepEqual(underJiangsu.ids, [id('js-1'), id('js-2a'), id('js-2b'), id('sz-3'), id('nj-7'), id('js-8')]);
    assert.equal(underJiangsu.counts[0], 6);
  });

  test('a dataset written between two pages neither repeats a row nor skips one on the next page', async () => {
    const filter = { tag: runTag };
    const page1 = await datasets('scientist.jiangsu', { first: 3, filter });
    assert.deepEqual(
      page1.edges.map((e) => e.node.id),
      [id('js-1'), id('js-2a'), id('js-2b')],
    );
    await write([{ id: id('js-0-newer'), org: 'jiangsu', age: 0 }]);
    try {
      const page2 = await datasets('scientist.jiangsu', { first: 3, after: page1.pageInfo.endCursor, filter });
      // An offset cursor ("the 4th row onwards") would now start at js-2b again: the new row moved it.
      assert.deepEqual(
        page2.edges.map((e) => e.node.id),
        [id('sz-3'), id('zj-4-shared'), id('nj-7')],
      );
      assert.equal(page2.totalCount, 8, 'the count includes the new row');
    } finally {
      await hub.driver.executeQuery('MATCH (d:Dataset {id: $id}) DETACH DELETE d', { id: id('js-0-newer') });
    }
  });

  test('totalCount is counted only when a request selects it', async () => {
    queries.length = 0;
    const without = await datasets('scientist.jiangsu', { first: 2, filter: { tag: runTag } }, false);
    assert.equal(without.edges.length, 2);
    assert.equal(without.totalCount, undefined);
    assert.deepEqual(
      queries.filter((q) => q.includes('count(')),
      [],
      'no counting query for a page without totalCount',
    );
    const withCount = await datasets('scientist.jiangsu', { first: 2, filter: { tag: runTag } });
    assert.equal(withCount.totalCount, 7);
    assert.equal(
      queries.filter((q) => q.includes('count(')).length,
      1,
      'one counting query when totalCount is asked for',
    );
  });

  test('search pages through windows of the ranking for a branch that sees few of the hits', async () => {
    const word = han();
    // 30 hits for HQ; Jiangsu sees 3 of them (its own, and one shared), the first ranked 24th at best.
    const rows: Row[] = Array.from({ length: 30 }, (_, i) => ({
      id: id(`s${String(i).padStart(2, '0')}`),
      org: 'zhejiang',
      age: 10 + i,
      words: word,
    }));
    rows[25]!.org = 'jiangsu';
    rows[27]!.org = 'suzhou';
    rows[29]!.sharedWith = 'jiangsu';
    await write(rows);
    const search = async (user: string, after: string | null, withCount: boolean) => {
      const res = await gql<{ search: Omit<Page, 'edges'> & { edges: { node: { id: string; score: number } }[] } }>(
        hub.gateway.url,
        `query($q: String!, $after: String) { search(query: $q, kinds: [DATASET], first: 1, after: $after) {
           ${withCount ? 'totalCount' : ''} pageInfo { hasNextPage endCursor } edges { cursor node { id score } } } }`,
        { token: await tokenFor(user), variables: { q: word, after } },
      );
      assert.ok(res.body.data?.search, JSON.stringify(res.body));
      return res.body.data.search;
    };
    for (const [user, expected] of [
      ['scientist.jiangsu', 3],
      ['viewer', 30],
    ] as const) {
      const seen: string[] = [];
      const scores: number[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 40; i++) {
        const page = await search(user, cursor, false);
        seen.push(...page.edges.map((e) => e.node.id));
        scores.push(...page.edges.map((e) => e.node.score));
        if (!page.pageInfo.hasNextPage) break;
        cursor = page.pageInfo.endCursor;
      }
      assert.equal(seen.length, expected, `${user} pages through every hit it may see`);
      assert.equal(new Set(seen).size, expected, `${user}: no hit twice`);
      // Each page's scores are Lucene's BM25 against the index statistics of that moment, which other suites'
      // writes move by a percent or so between requests: later pages may score a hair above earlier ones, so
      // "best first" is checked within 2% (a ranking served backwards would differ by far more).
      scores.forEach((score, i) =>
        assert.ok(
          i === 0 || score <= scores[i - 1]! * 1.02,
          `${user}: best match first (hit ${i} scored ${score} after ${scores[i - 1]}): ${scores.join(', ')}`,
        ),
      );
      assert.equal((await search(user, null, true)).totalCount, expected);
    }
    const branchSeen = new Set<string>();
    let cursor: string | null = null;
    for (;;) {
      const page = await search('scientist.jiangsu', cursor, false);
      for (const e of page.edges) branchSeen.add(e.node.id);
      if (!page.pageInfo.hasNextPage) break;
      cursor = page.pageInfo.endCursor;
    }
    assert.deepEqual([...branchSeen].sort(), [rows[25]!.id, rows[27]!.id, rows[29]!.id].sort());
  });
});

describe('search cursors', () => {
  const word = han();
  const other = han();
  before(async () => {
    // Hidden from Jiangsu: Zhejiang's. Visible to it: its own two.
    await write([
      { id: id('c-zj'), org: 'zhejiang', age: 1, words: `${word} ${word}` },
      { id: id('c-js1'), org: 'jiangsu', age: 2, words: word },
      { id: id('c-js2'), org: 'jiangsu', age: 3, words: `${word} ${other}` },
    ]);
  });

  const search = async (user: string, q: string, after: string | null) =>
    gql<{ search: { pageInfo: { endCursor: string | null }; edges: { cursor: string; node: { id: string } }[] } }>(
      hub.gateway.url,
      `query($q: String!, $after: String) { search(query: $q, kinds: [DATASET], first: 1, after: $after) {
         pageInfo { endCursor } edges { cursor node { id } } } }`,
      { token: await tokenFor(user), variables: { q, after } },
    );

  const refusedAfter = (res: Awaited<ReturnType<typeof search>>, what: string): void => {
    assert.equal(res.body.data?.search ?? null, null, `${what}: ${JSON.stringify(res.body)}`);
    const error = res.body.errors?.[0] as
      { extensions?: { code?: string; field?: string }; message: string } | undefined;
    assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', `${what}: ${JSON.stringify(res.body)}`);
    assert.equal(error?.extensions?.field, 'after', what);
    assert.match(error!.message, /\bafter\b/, what);
  };

  test('are opaque, and open only for the viewer and the search they were issued for', async () => {
    const first = await search('scientist.jiangsu', word, null);
    const cursor = first.body.data!.search.pageInfo.endCursor!;
    assert.ok(cursor, JSON.stringify(first.body));
    // The finding: the cursor decoded to hit:<visible>:<rank among all hits, hidden included>.
    assert.doesNotMatch(Buffer.from(cursor, 'base64url').toString('latin1'), /hit:|\d+:\d+/);

    const next = await search('scientist.jiangsu', word, cursor);
    assert.equal(next.body.data?.search.edges.length, 1, JSON.stringify(next.body));
    assert.notEqual(next.body.data!.search.edges[0]!.node.id, first.body.data!.search.edges[0]!.node.id);

    refusedAfter(await search('viewer', word, cursor), 'another user');
    refusedAfter(await search('scientist.jiangsu', `${word} ${other}`, cursor), 'another query');
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 20]! ^= 1;
    refusedAfter(await search('scientist.jiangsu', word, bytes.toString('base64url')), 'a tampered cursor');
    refusedAfter(
      await search('scientist.jiangsu', word, Buffer.from('hit:2:9000').toString('base64url')),
      'a hand-made cursor',
    );
    refusedAfter(await search('scientist.jiangsu', word, 'not a cursor at all'), 'garbage');
  });
});
