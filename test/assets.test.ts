// The assets subgraph end to end through the gateway with real Keycloak tokens: datasets and their
// immutable versions, role checks, org visibility (including shares) and full-text search.
// Every test creates its own data tagged with this run's tag, and the `after` hook deletes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';

// One word the analyzer keeps whole (no hyphen), so a search for it finds exactly this run's data.
const runTag = `t${randomBytes(5).toString('hex')}`;
// Four random CJK characters: bigrams no other data contains (a fresh word per test).
const han = (): string =>
  Array.from({ length: 4 }, () => String.fromCodePoint(0x4e00 + Math.floor(Math.random() * 0x51a0))).join('');
let hub: Hub;

before(async () => {
  hub = await startHub();
});

after(async () => {
  await hub.driver.executeQuery(
    `MATCH (d:Dataset) WHERE $tag IN d.tags
     OPTIONAL MATCH (d)-[:HAS_VERSION]->(v:DatasetVersion)
     DETACH DELETE d, v`,
    { tag: runTag },
  );
  await hub.close();
});

type Errors = { message: string; extensions?: { code?: string; field?: string } }[] | undefined;
const code = (errors: Errors): string | undefined => errors?.[0]?.extensions?.code;

async function as<T = Record<string, unknown>>(user: string, query: string, variables?: Record<string, unknown>) {
  return gql<T>(hub.gateway.url, query, { token: await tokenFor(user), variables });
}

const DATASET_FIELDS =
  'id name description tags archived owner { id } sharedWith { id } versions { id version contentHash }';
const REGISTER = `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { ${DATASET_FIELDS} } }`;
const REGISTER_VERSION = `mutation($input: RegisterDatasetVersionInput!) {
  registerDatasetVersion(input: $input) { id datasetId version contentHash schema rowCount storageUri format createdBy
    owner { id } derivedFrom { id version } dataset { id } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateDatasetInput!) { updateDataset(id: $id, input: $input) { ${DATASET_FIELDS} } }`;
const ARCHIVE = `mutation($id: ID!) { archiveDataset(id: $id) { ${DATASET_FIELDS} } }`;
const SHARE = `mutation($id: ID!, $orgId: ID!) { shareDataset(id: $id, orgId: $orgId) { ${DATASET_FIELDS} } }`;
const GET = `query($id: ID!) { dataset(id: $id) { ${DATASET_FIELDS} } }`;
const LIST = `query($filter: DatasetFilter, $first: Int, $after: String) {
  datasets(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name } } } }`;
const SEARCH = `query($q: String!, $kinds: [AssetKind!], $first: Int, $after: String) {
  search(query: $q, kinds: $kinds, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { kind id name score dataset { id name } datasetVersion { id version datasetId } } } } }`;

interface DatasetShape {
  id: string;
  name: string;
  description: string;
  tags: string[];
  archived: boolean;
  owner: { id: string };
  sharedWith: { id: string }[];
  versions: { id: string; version: number; contentHash: string }[];
}
interface Hits {
  search: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        kind: string;
        id: string;
        name: string;
        score: number;
        dataset: { id: string } | null;
        datasetVersion: { id: string; version: number } | null;
      };
    }[];
  };
}

let counter = 0;
const uniqueName = (label: string): string => `${runTag} ${label} ${++counter}`;
const hash = (text: string): string => createHash('sha256').update(text).digest('hex');

async function registerDataset(
  user: string,
  input: { name: string; description?: string; tags?: string[] },
): Promise<DatasetShape> {
  const res = await as<{ registerDataset: DatasetShape }>(user, REGISTER, {
    input: { ...input, tags: [runTag, ...(input.tags ?? [])] },
  });
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.registerDataset;
}

async function registerVersion(user: string, datasetId: string, content: string, derivedFrom: string[] = []) {
  return as<{
    registerDatasetVersion: {
      id: string;
      version: number;
      contentHash: string;
      schema: unknown;
      owner: { id: string };
      derivedFrom: { id: string; version: number }[];
    };
  }>(user, REGISTER_VERSION, {
    input: {
      datasetId,
      contentHash: hash(content),
      schema: {
        columns: [
          { name: 'ts', type: 'timestamp' },
          { name: 'kwh', type: 'double' },
        ],
      },
      rowCount: 1000,
      storageUri: `s3://plinth-test/${runTag}/${content}.parquet`,
      format: 'parquet',
      derivedFrom,
    },
  });
}

/** A dataset owned by Zhejiang, written straight into the graph (the demo realm has no Zhejiang scientist). */
async function zhejiangDataset(name: string, description = ''): Promise<string> {
  const id = `${runTag}-zj-${++counter}`;
  await hub.driver.executeQuery(
    `MATCH (o:Org {id: 'zhejiang'})
     CREATE (d:Dataset {id: $id, name: $name, description: $description, tags: [$tag], tagsText: $tag, ownerOrgId: 'zhejiang',
                        createdBy: 'test', createdAt: datetime(), archived: false})-[:OWNED_BY]->(o)`,
    { id, name, description, tag: runTag },
  );
  return id;
}

const auditCount = async (targetId: string): Promise<number> =>
  (
    await hub.driver.executeQuery('MATCH (e:AuditEvent {targetId: $targetId}) RETURN count(e) AS n', { targetId })
  ).records[0]!.get('n') as number;

describe('dataset versions', () => {
  test('are numbered 1, 2, … carry the dataset owner, record lineage and are audited', async () => {
    const ds = await registerDataset('scientist', { name: uniqueName('meter readings 电表读数') });
    const v1 = await registerVersion('scientist', ds.id, 'first');
    assert.equal(v1.body.errors, undefined, JSON.stringify(v1.body.errors));
    const v2 = await registerVersion('scientist', ds.id, 'second', [v1.body.data!.registerDatasetVersion.id]);
    assert.equal(v2.body.errors, undefined, JSON.stringify(v2.body.errors));
    const first = v1.body.data!.registerDatasetVersion;
    const second = v2.body.data!.registerDatasetVersion;
    assert.equal(first.version, 1);
    assert.equal(second.version, 2);
    assert.equal(first.contentHash, hash('first'));
    assert.deepEqual(first.schema, {
      columns: [
        { name: 'ts', type: 'timestamp' },
        { name: 'kwh', type: 'double' },
      ],
    });
    assert.equal(second.owner.id, 'hq');
    assert.deepEqual(second.derivedFrom, [{ id: first.id, version: 1 }]);
    const read = await as<{ dataset: DatasetShape }>('viewer', GET, { id: ds.id });
    assert.deepEqual(
      read.body.data!.dataset.versions.map((v) => v.version),
      [1, 2],
    );
    assert.equal(await auditCount(second.id), 1);
  });

  test('are immutable: no mutation changes a version, and the same content is refused', async () => {
    const schema = await as<{ __schema: { mutationType: { fields: { name: string }[] } } }>(
      'viewer',
      '{ __schema { mutationType { fields { name } } } }',
    );
    const versionMutations = schema.body
      .data!.__schema.mutationType.fields.map((f) => f.name)
      .filter((n) => /datasetversion/i.test(n))
      .sort();
    // Both add a new version (an S3 import, an external pointer); none changes one.
    assert.deepEqual(versionMutations, ['importDatasetVersion', 'registerDatasetVersion']);
    const ds = await registerDataset('scientist', { name: uniqueName('immutable') });
    assert.equal((await registerVersion('scientist', ds.id, 'same')).body.errors, undefined);
    const again = await registerVersion('scientist', ds.id, 'same');
    assert.equal(code(again.body.errors), 'BAD_USER_INPUT');
    assert.match(again.body.errors![0]!.message, /version 1/);
  });

  test('bad input and unknown ids are refused without writing', async () => {
    const ds = await registerDataset('scientist', { name: uniqueName('validation') });
    const badHash = await as('scientist', REGISTER_VERSION, {
      input: { datasetId: ds.id, contentHash: 'abc', schema: {}, rowCount: 1, storageUri: 's3://b/k', format: 'CSV' },
    });
    assert.equal(code(badHash.body.errors), 'BAD_USER_INPUT');
    const unknown = await registerVersion('scientist', `${runTag}-missing`, 'x');
    assert.equal(code(unknown.body.errors), 'NOT_FOUND');
    const badParent = await registerVersion('scientist', ds.id, 'y', [`${runTag}-no-such-version`]);
    assert.equal(code(badParent.body.errors), 'NOT_FOUND');
    const read = await as<{ dataset: DatasetShape }>('scientist', GET, { id: ds.id });
    assert.deepEqual(read.body.data!.dataset.versions, []);
  });
});

describe('dataset mutations', () => {
  test('a duplicate name within the org → BAD_USER_INPUT naming it, on register and on rename', async () => {
    const name = uniqueName('duplicate 重名');
    await registerDataset('scientist', { name });
    const dup = await as('scientist', REGISTER, { input: { name, tags: [runTag] } });
    assert.equal(code(dup.body.errors), 'BAD_USER_INPUT');
    assert.ok(dup.body.errors![0]!.message.includes(name), dup.body.errors![0]!.message);
    const other = await registerDataset('scientist', { name: uniqueName('other') });
    const rename = await as('scientist', UPDATE, { id: other.id, input: { name } });
    assert.equal(code(rename.body.errors), 'BAD_USER_INPUT');
    assert.ok(rename.body.errors![0]!.message.includes(name));
    // The same name in another org is fine.
    const branch = await as('scientist.jiangsu', REGISTER, { input: { name, tags: [runTag] } });
    assert.equal(branch.body.errors, undefined, JSON.stringify(branch.body.errors));
  });

  test('update, archive and share write one audit event each with before and after', async () => {
    const ds = await registerDataset('scientist', { name: uniqueName('lifecycle') });
    const updated = await as<{ updateDataset: DatasetShape }>('scientist', UPDATE, {
      id: ds.id,
      input: { description: '新描述 new description', tags: [runTag, 'grid'] },
    });
    assert.equal(updated.body.errors, undefined, JSON.stringify(updated.body.errors));
    assert.equal(updated.body.data!.updateDataset.description, '新描述 new description');
    assert.deepEqual(updated.body.data!.updateDataset.tags, [runTag, 'grid']);
    const shared = await as<{ shareDataset: DatasetShape }>('scientist', SHARE, { id: ds.id, orgId: 'jiangsu' });
    assert.deepEqual(shared.body.data!.shareDataset.sharedWith, [{ id: 'jiangsu' }]);
    const archived = await as<{ archiveDataset: DatasetShape }>('scientist', ARCHIVE, { id: ds.id });
    assert.equal(archived.body.data!.archiveDataset.archived, true);
    const { records } = await hub.driver.executeQuery(
      'MATCH (e:AuditEvent {targetId: $id}) RETURN e.action AS action, e.beforeDigest AS before, e.afterDigest AS after ORDER BY e.seq',
      { id: ds.id },
    );
    assert.deepEqual(
      records.map((r) => r.get('action')),
      ['dataset.register', 'dataset.update', 'dataset.share', 'dataset.archive'],
    );
    for (const r of records.slice(1)) {
      assert.match(r.get('before') as string, /^[0-9a-f]{64}$/);
      assert.match(r.get('after') as string, /^[0-9a-f]{64}$/);
    }
    // Archived: out of lists unless asked for, and closed to new versions.
    const list = async (includeArchived: boolean) =>
      (
        await as<{ datasets: { totalCount: number } }>('scientist', LIST, {
          filter: { nameContains: ds.name, includeArchived },
        })
      ).body.data!.datasets.totalCount;
    assert.equal(await list(false), 0);
    assert.equal(await list(true), 1);
    assert.equal(code((await registerVersion('scientist', ds.id, 'late')).body.errors), 'BAD_USER_INPUT');
  });

  test('a viewer may not register, update, archive or share: FORBIDDEN, nothing written', async () => {
    const ds = await registerDataset('scientist', { name: uniqueName('guarded') });
    const attempts = [
      await as('viewer', REGISTER, { input: { name: uniqueName('viewer-made'), tags: [runTag] } }),
      await as('viewer', UPDATE, { id: ds.id, input: { description: 'changed' } }),
      await as('viewer', ARCHIVE, { id: ds.id }),
      await as('viewer', SHARE, { id: ds.id, orgId: 'zhejiang' }),
      await registerVersion('viewer', ds.id, 'viewer'),
    ];
    for (const res of attempts) assert.equal(code(res.body.errors), 'FORBIDDEN', JSON.stringify(res.body));
    const read = await as<{ dataset: DatasetShape }>('scientist', GET, { id: ds.id });
    assert.deepEqual(
      {
        description: read.body.data!.dataset.description,
        archived: read.body.data!.dataset.archived,
        sharedWith: read.body.data!.dataset.sharedWith,
        versions: read.body.data!.dataset.versions,
      },
      { description: '', archived: false, sharedWith: [], versions: [] },
    );
    assert.equal(await auditCount(ds.id), 1, 'only the register event');
    const viewerMade = await hub.driver.executeQuery(
      'MATCH (d:Dataset) WHERE d.name STARTS WITH $prefix RETURN count(d) AS n',
      { prefix: `${runTag} viewer-made` },
    );
    assert.equal(viewerMade.records[0]!.get('n'), 0);
  });

  test('unknown or invisible ids → NOT_FOUND; a dataset shared read-only cannot be changed by the receiver', async () => {
    const unknown = await as('scientist', UPDATE, { id: `${runTag}-nope`, input: { description: 'x' } });
    assert.equal(code(unknown.body.errors), 'NOT_FOUND');
    const zj = await zhejiangDataset(uniqueName('zhejiang private'));
    for (const res of [
      await as('scientist.jiangsu', UPDATE, { id: zj, input: { description: 'x' } }),
      await as('scientist.jiangsu', ARCHIVE, { id: zj }),
      await as('scientist.jiangsu', SHARE, { id: zj, orgId: 'jiangsu' }),
      await registerVersion('scientist.jiangsu', zj, 'sneaky'),
    ])
      assert.equal(code(res.body.errors), 'NOT_FOUND', JSON.stringify(res.body));
    assert.equal(code((await as('scientist', SHARE, { id: zj, orgId: 'atlantis' })).body.errors), 'NOT_FOUND');
    await as('scientist', SHARE, { id: zj, orgId: 'jiangsu' });
    const change = await as('scientist.jiangsu', UPDATE, { id: zj, input: { description: 'x' } });
    assert.equal(code(change.body.errors), 'FORBIDDEN');
  });
});

describe('org visibility of datasets, versions and search', () => {
  test('scientist.jiangsu cannot find a Zhejiang-private dataset by id, search or count, and can once it is shared', async () => {
    const runHan = han();
    const name = uniqueName(`${runHan} 浙江私有 zhejiang private`);
    const id = await zhejiangDataset(name, 'substation meter series 变电站电表');
    const v1 = await registerVersion('scientist', id, 'zj-1'); // HQ is above Zhejiang: the owner side
    assert.equal(v1.body.errors, undefined, JSON.stringify(v1.body.errors));
    const versionId = v1.body.data!.registerDatasetVersion.id;

    const look = async (user: string) => {
      const byId = (await as<{ dataset: DatasetShape | null }>(user, GET, { id })).body.data?.dataset ?? null;
      const version =
        (
          await as<{ datasetVersion: { id: string } | null }>(
            user,
            'query($id: ID!) { datasetVersion(id: $id) { id } }',
            { id: versionId },
          )
        ).body.data?.datasetVersion ?? null;
      const search = (await as<Hits>(user, SEARCH, { q: runHan, first: 50 })).body.data!.search;
      const count = (
        await as<{ datasets: { totalCount: number } }>(user, LIST, {
          filter: { tag: runTag, nameContains: '浙江私有' },
        })
      ).body.data!.datasets.totalCount;
      return { byId, version, search, count };
    };
    const before = await look('scientist.jiangsu');
    assert.equal(before.byId, null);
    assert.equal(before.version, null);
    assert.equal(before.search.totalCount, 0);
    assert.deepEqual(before.search.edges, []);
    assert.equal(before.count, 0);

    // HQ's viewer sees the branch's dataset everywhere; so does Zhejiang's.
    for (const user of ['viewer', 'viewer.zhejiang']) {
      const seen = await look(user);
      assert.equal(seen.byId?.id, id, user);
      assert.equal(seen.version?.id, versionId, user);
      assert.equal(seen.search.totalCount, 2, `${user}: the dataset and its version`);
      assert.equal(seen.count, 1, user);
    }
    const byOwner = await as<{ datasets: { totalCount: number } }>('viewer', LIST, {
      filter: { tag: runTag, ownerOrg: 'zhejiang' },
    });
    assert.ok(byOwner.body.data!.datasets.totalCount >= 1);

    const shared = await as('scientist', SHARE, { id, orgId: 'jiangsu' });
    assert.equal(shared.body.errors, undefined, JSON.stringify(shared.body.errors));
    const v2 = await registerVersion('scientist', id, 'zj-2'); // later versions inherit the share
    const after = await look('scientist.jiangsu');
    assert.equal(after.byId?.id, id);
    assert.deepEqual(
      after.byId?.versions.map((v) => v.version),
      [1, 2],
    );
    assert.equal(after.version?.id, versionId);
    assert.equal(after.search.totalCount, 3);
    assert.ok(after.search.edges.some((e) => e.node.datasetVersion?.id === v2.body.data!.registerDatasetVersion.id));
    assert.equal(after.count, 1);
  });
});

describe('search', () => {
  test('ranks name matches first, in Chinese and in English, and filters by kind', async () => {
    const runHan = han();
    const strong = await registerDataset('scientist', {
      name: uniqueName(`${runHan}输电线路巡检图像 transmission line inspection`),
    });
    const weak = await registerDataset('scientist', {
      name: uniqueName('巡检记录 inspection log'),
      description: `含${runHan}输电线路 mentions transmission towers`,
    });
    await registerVersion('scientist', strong.id, 'strong-1');
    for (const q of [runHan, '输电线路', 'transmission', 'Transmission Line']) {
      const res = await as<Hits>('viewer', SEARCH, { q, kinds: ['DATASET'], first: 100 });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      const ids = res.body.data!.search.edges.map((e) => e.node.id);
      assert.ok(ids.includes(strong.id), `${q}: finds the dataset named with it`);
      if (ids.includes(weak.id))
        assert.ok(ids.indexOf(strong.id) < ids.indexOf(weak.id), `${q}: name match ranks above description match`);
      const scores = res.body.data!.search.edges.map((e) => e.node.score);
      assert.deepEqual(
        scores,
        [...scores].sort((a, b) => b - a),
        'best first',
      );
      for (const e of res.body.data!.search.edges) assert.equal(e.node.kind, 'DATASET');
    }
    const mine = await as<Hits>('viewer', SEARCH, { q: runHan, first: 10 });
    const kinds = mine.body.data!.search.edges.map((e) => e.node.kind).sort();
    assert.deepEqual(kinds, ['DATASET', 'DATASET', 'DATASET_VERSION']);
    const versionHit = mine.body.data!.search.edges.find((e) => e.node.kind === 'DATASET_VERSION')!;
    assert.equal(versionHit.node.datasetVersion?.version, 1);
    assert.equal(versionHit.node.dataset, null);
    const versionsOnly = await as<Hits>('viewer', SEARCH, { q: runHan, kinds: ['DATASET_VERSION'] });
    assert.equal(versionsOnly.body.data!.search.totalCount, 1);
  });

  test('pages with cursors; a malformed cursor is BAD_USER_INPUT; an empty query browses', async () => {
    const runHan = han();
    for (let i = 0; i < 3; i++) await registerDataset('scientist', { name: uniqueName(`paging ${runHan}`) });
    const first = await as<Hits>('viewer', SEARCH, { q: `paging ${runHan}`, kinds: ['DATASET'], first: 2 });
    const page1 = first.body.data!.search;
    assert.ok(page1.totalCount >= 3);
    assert.equal(page1.edges.length, 2);
    assert.equal(page1.pageInfo.hasNextPage, true);
    const second = await as<Hits>('viewer', SEARCH, {
      q: `paging ${runHan}`,
      kinds: ['DATASET'],
      first: 2,
      after: page1.pageInfo.endCursor,
    });
    const ids1 = page1.edges.map((e) => e.node.id);
    for (const e of second.body.data!.search.edges) assert.ok(!ids1.includes(e.node.id));
    assert.equal(
      code((await as('viewer', SEARCH, { q: 'x', after: 'bm90LWEtY3Vyc29y' })).body.errors),
      'BAD_USER_INPUT',
    );
    assert.equal(code((await as('viewer', LIST, { after: '!!' })).body.errors), 'BAD_USER_INPUT');
    // An empty query browses (newest first, test/search-filters.test.ts); a search cursor does not page it.
    assert.equal((await as('viewer', SEARCH, { q: '   ' })).body.errors, undefined);
    assert.equal(
      code((await as('viewer', SEARCH, { q: '', after: page1.pageInfo.endCursor })).body.errors),
      'BAD_USER_INPUT',
    );
  });

  test('Lucene special characters and operators are taken literally, never as syntax', async () => {
    const ds = await registerDataset('scientist', { name: uniqueName('a:b (special) "quoted" 100% [x] {y}') });
    for (const q of [
      'a:b OR (',
      '"unbalanced',
      '*',
      '?',
      '\\',
      'AND',
      'OR foo',
      'NOT',
      'name:[a TO',
      '~1',
      '^2',
      'x && y || !z',
      '/regex/',
      '-',
      `${runTag} (special)`,
    ]) {
      const res = await as<Hits>('viewer', SEARCH, { q });
      assert.equal(res.status, 200, q);
      assert.equal(res.body.errors, undefined, `${q}: ${JSON.stringify(res.body.errors)}`);
    }
    const hit = await as<Hits>('viewer', SEARCH, { q: `${runTag} (special)`, kinds: ['DATASET'], first: 100 });
    assert.ok(hit.body.data!.search.edges.some((e) => e.node.id === ds.id));
  });
});

describe('datasets filters', () => {
  test('nameContains, tag and ownerOrg narrow the list; totalCount counts only what matches', async () => {
    const extra = `x${runTag}`;
    const a = await registerDataset('scientist', { name: uniqueName('Alpha 负荷'), tags: [extra] });
    await registerDataset('scientist', { name: uniqueName('Beta 负荷') });
    const j = await registerDataset('scientist.jiangsu', { name: uniqueName('Gamma 负荷') });
    const ids = async (filter: Record<string, unknown>, user = 'viewer') => {
      const res = await as<{ datasets: { totalCount: number; edges: { node: { id: string } }[] } }>(user, LIST, {
        filter: { tag: runTag, ...filter },
        first: 100,
      });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      return res.body.data!.datasets;
    };
    assert.deepEqual(
      (await ids({ nameContains: 'alpha 负' })).edges.map((e) => e.node.id),
      [a.id],
    );
    assert.deepEqual(
      (await ids({ tag: extra })).edges.map((e) => e.node.id),
      [a.id],
    );
    const jiangsu = await ids({ ownerOrg: 'jiangsu', nameContains: '负荷' });
    assert.deepEqual(
      jiangsu.edges.map((e) => e.node.id),
      [j.id],
    );
    assert.equal(jiangsu.totalCount, 1);
    // Jiangsu sees its own, not HQ's.
    assert.deepEqual(
      (await ids({ nameContains: '负荷' }, 'scientist.jiangsu')).edges.map((e) => e.node.id),
      [j.id],
    );
  });

  test('nameContains is capped like search (200), and an empty ownerOrg is refused as for models', async () => {
    // Both lists refuse alike: BAD_USER_INPUT naming the field (datasets took a 1.9 MB nameContains, and "").
    const MODELS = `query($filter: ModelFilter) { models(first: 5, filter: $filter) { edges { node { id } } } }`;
    for (const [query, filter, field] of [
      [LIST, { nameContains: 'x'.repeat(201) }, 'nameContains'],
      [LIST, { ownerOrg: '' }, 'ownerOrg'],
      [LIST, { tag: 't'.repeat(65) }, 'tag'],
      [MODELS, { nameContains: 'x'.repeat(201) }, 'nameContains'],
      [MODELS, { ownerOrg: '' }, 'ownerOrg'],
    ] as const) {
      const res = await as(`viewer`, query, { filter });
      const error = res.body.errors?.[0] as { message: string; extensions?: { code?: string; field?: string } };
      assert.equal(error?.extensions?.code, 'BAD_USER_INPUT', `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(error.extensions?.field, field);
      assert.match(error.message, new RegExp(`^${field} must be 1 to \\d+ characters`));
    }
    const atLimit = await as('viewer', LIST, { filter: { nameContains: 'x'.repeat(200) } });
    assert.equal(atLimit.body.errors, undefined, JSON.stringify(atLimit.body.errors));
  });
});
