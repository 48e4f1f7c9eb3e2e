// Every format a dataset version can have, uploaded through the gateway with a real scientist token
// (issue #14): CSV, TSV, Parquet (written by DuckDB), JSON Lines, and image collections as ZIP and tar
// with a labels file. Each answers 201 with the sha256 of the bytes and the row count DuckDB itself
// counts; its profile, once READY, gives the figures independent DuckDB queries give; its rows page
// through GraphQL and equal the data the test generated. A branch user sees neither profile nor rows of
// an HQ-private version, and sees both once the dataset is shared with the branch. Bytes changed in the
// store make the rows an error naming the version and both digests. The store is a folder of this run.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { blobKey } from '../lib/storage/index.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { collection, image, tarball, zip } from './helpers/archives.js';
import { registerTaggedDataset, removeTaggedDatasets, sha256 } from './helpers/datasets.js';
import { gql, startHub, type GraphQLResponse, type Hub } from './helpers/hub.js';
import { setEnv } from './helpers/s3.js';
import { tokenFor } from './helpers/tokens.js';

const runTag = `t${randomBytes(5).toString('hex')}`;
let hub: Hub;
let origin: string;
let dir: string;
let store: string;
let restoreEnv: () => void;
let duck: DuckDBInstance;
let db: DuckDBConnection;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plinth-formats-'));
  store = join(dir, 'store');
  restoreEnv = setEnv({ PLINTH_STORE: store, PLINTH_S3_ENDPOINT: undefined });
  hub = await startHub();
  origin = new URL(hub.gateway.url).origin;
  duck = await DuckDBInstance.create(':memory:');
  db = await duck.connect();
});

after(async () => {
  await removeTaggedDatasets(hub.driver, runTag);
  await hub.close();
  db.closeSync();
  duck.closeSync();
  restoreEnv();
  await rm(dir, { recursive: true, force: true });
});

async function as<T>(user: string, query: string, variables?: Record<string, unknown>, url = hub.gateway.url) {
  return gql<T>(url, query, { token: await tokenFor(user), variables });
}

const newDataset = (): Promise<string> => registerTaggedDataset(hub.gateway.url, runTag, 'formats');

interface Uploaded {
  id: string;
  contentHash: string;
  rowCount: number;
  format: string;
  profileStatus: string;
}

async function upload(datasetId: string, bytes: Buffer, format: string, user = 'scientist') {
  const res = await fetch(`${origin}/api/datasets/${datasetId}/versions?format=${format}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await tokenFor(user)}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  return { status: res.status, body: (await res.json()) as Uploaded & { errors?: { message: string }[] } };
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

// The data every tabular format carries: integers, text with nulls, commas, quotes and Chinese, doubles
// with nulls, dates. 1,200 rows: three pages of the largest page size.
const ROWS = Array.from({ length: 1200 }, (_, i) => ({
  id: i + 1,
  name: i % 7 === 0 ? null : i % 5 === 0 ? `变压器-${i}, "主"` : `meter-${i % 97}`,
  score: i % 11 === 0 ? null : ((i * 37) % 1000) / 10,
  day: new Date(Date.UTC(2026, 0, 1 + (i % 365))).toISOString().slice(0, 10),
}));
const COLUMNS = ['id', 'name', 'score', 'day'] as const;
const asRow = (r: (typeof ROWS)[number]): unknown[] => [r.id, r.name, r.score, r.day];

const csvField = (v: unknown): string =>
  v === null ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v);
const CSV = Buffer.from(['id,name,score,day', ...ROWS.map((r) => asRow(r).map(csvField).join(','))].join('\n') + '\n');
const TSV = Buffer.from(
  [
    'id\tname\tscore\tday',
    ...ROWS.map((r) =>
      asRow(r)
        .map((v) => (v === null ? '' : String(v)))
        .join('\t'),
    ),
  ].join('\n') + '\n',
);
const JSONL = Buffer.from(ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n');

/** The file as DuckDB reads it on its own, for the independent figures. */
function duckSource(path: string, format: string): string {
  const file = `'${path}'`;
  return format === 'PARQUET'
    ? `read_parquet(${file})`
    : format === 'JSONL'
      ? `read_json(${file}, format = 'newline_delimited')`
      : `read_csv(${file}, header = true, delim = '${format === 'TSV' ? '\t' : ','}')`;
}

const ROWS_QUERY = `query($id: ID!, $first: Int, $after: String) { datasetVersion(id: $id) {
  rows(first: $first, after: $after) { columns rows totalCount endCursor hasNextPage } } }`;
interface RowsPage {
  columns: string[];
  rows: unknown[][];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

async function allRows(
  user: string,
  id: string,
  first: number,
): Promise<{ columns: string[]; rows: unknown[][]; pages: number }> {
  const rows: unknown[][] = [];
  let after: string | null = null;
  let columns: string[] = [];
  let pages = 0;
  for (;;) {
    const res: GraphQLResponse<{ datasetVersion: { rows: RowsPage } }> = await as(user, ROWS_QUERY, {
      id,
      first,
      after,
    });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    const page = res.body.data!.datasetVersion.rows;
    columns = page.columns;
    rows.push(...page.rows);
    pages++;
    if (!page.hasNextPage) return { columns, rows, pages };
    assert.equal(page.rows.length, first);
    after = page.endCursor;
  }
}

interface ColumnProfile {
  name: string;
  count: number;
  nulls: number;
  min: string | number | null;
  max: string | number | null;
  mean: number | null;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('upload of every format through the gateway', () => {
  let parquet: Buffer;
  before(async () => {
    const csvPath = join(dir, 'rows.csv');
    await writeFile(csvPath, CSV);
    const parquetPath = join(dir, 'rows.parquet');
    await db.run(`COPY (SELECT * FROM ${duckSource(csvPath, 'CSV')}) TO '${parquetPath}' (FORMAT parquet)`);
    parquet = await readFile(parquetPath);
  });

  const cases: [string, string, () => Buffer][] = [
    ['csv', 'CSV', () => CSV],
    ['tsv', 'TSV', () => TSV],
    ['parquet', 'PARQUET', () => parquet],
    ['jsonl', 'JSONL', () => JSONL],
  ];
  for (const [param, format, bytesOf] of cases) {
    test(`${format}: 201 with its sha256 and DuckDB's row count; the profile agrees with DuckDB; rows page through`, async () => {
      const bytes = bytesOf();
      const path = join(dir, `independent.${param}`);
      await writeFile(path, bytes);
      const [{ n }] = (await query(`SELECT count(*) AS n FROM ${duckSource(path, format)}`)) as [{ n: bigint }];

      const datasetId = await newDataset();
      const up = await upload(datasetId, bytes, param);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.contentHash, sha256(bytes));
      assert.equal(up.body.rowCount, Number(n));
      assert.equal(up.body.rowCount, ROWS.length);
      assert.equal(up.body.format, format);

      await profilesSettled();
      const got = await as<{
        datasetVersion: {
          profileStatus: string;
          profile: { kind: string; rowCount: number; columns: ColumnProfile[] };
        };
      }>('scientist', 'query($id: ID!) { datasetVersion(id: $id) { profileStatus profile } }', { id: up.body.id });
      assert.equal(got.body.errors, undefined, JSON.stringify(got.body.errors));
      const { profileStatus, profile } = got.body.data!.datasetVersion;
      assert.equal(profileStatus, 'READY');
      assert.equal(profile.kind, 'table');
      assert.equal(profile.rowCount, ROWS.length);
      assert.deepEqual(
        profile.columns.map((c) => c.name),
        [...COLUMNS],
      );
      for (const column of profile.columns) {
        const c = `"${column.name}"`;
        const numeric = column.name === 'id' || column.name === 'score';
        const [truth] = await query(
          `SELECT count(${c}) AS count, count(*) - count(${c}) AS nulls, min(${c})::VARCHAR AS lo, max(${c})::VARCHAR AS hi,
                  ${numeric ? `avg(${c})` : 'NULL'} AS mean FROM ${duckSource(path, format)}`,
        );
        const label = `${format} ${column.name}`;
        assert.equal(column.count, Number(truth!.count), label);
        assert.equal(column.nulls, Number(truth!.nulls), label);
        if (numeric) {
          assert.ok(close(Number(column.min), Number(truth!.lo)), `${label} min ${column.min} vs ${String(truth!.lo)}`);
          assert.ok(close(Number(column.max), Number(truth!.hi)), `${label} max ${column.max} vs ${String(truth!.hi)}`);
          assert.ok(close(column.mean!, Number(truth!.mean)), `${label} mean ${column.mean} vs ${String(truth!.mean)}`);
        } else {
          assert.equal(column.min, truth!.lo, label);
          assert.equal(column.max, truth!.hi, label);
          assert.equal(column.mean, null, label);
        }
      }
      // And against the generator itself, for one column.
      const scores = ROWS.map((r) => r.score).filter((s): s is number => s !== null);
      const score = profile.columns.find((c) => c.name === 'score')!;
      assert.equal(score.nulls, ROWS.length - scores.length);
      assert.ok(close(score.mean!, scores.reduce((a, b) => a + b, 0) / scores.length));

      const read = await allRows('scientist', up.body.id, 500);
      assert.equal(read.pages, 3);
      assert.deepEqual(read.columns, [...COLUMNS]);
      assert.deepEqual(read.rows, ROWS.map(asRow));
    });
  }

  test('rows: pages of 7 join up to the same rows; first outside 1..500 and a foreign cursor are refused', async () => {
    const datasetId = await newDataset();
    const up = await upload(datasetId, CSV.subarray(0, CSV.indexOf('\n', 2000) + 1), 'csv');
    assert.equal(up.status, 201, JSON.stringify(up.body));
    const read = await allRows('scientist', up.body.id, 7);
    assert.equal(read.rows.length, up.body.rowCount);
    assert.equal(read.pages, Math.ceil(up.body.rowCount / 7));
    assert.deepEqual(read.rows, ROWS.slice(0, up.body.rowCount).map(asRow));
    const first = await as<{ datasetVersion: { rows: RowsPage } }>('scientist', ROWS_QUERY, {
      id: up.body.id,
      first: 7,
    });
    assert.equal(first.body.data!.datasetVersion.rows.totalCount, up.body.rowCount);
    for (const bad of [0, 501]) {
      const res = await as('scientist', ROWS_QUERY, { id: up.body.id, first: bad });
      assert.match(res.body.errors?.[0]?.message ?? '', new RegExp(`first must be between 1 and 500, got ${bad}`));
    }
    const foreign = await as('scientist', ROWS_QUERY, { id: up.body.id, after: 'bm9wZQ' });
    assert.match(foreign.body.errors?.[0]?.message ?? '', /is not a cursor this API issued/);
  });

  for (const [param, format] of [
    ['zip', 'IMAGES_ZIP'],
    ['tar', 'IMAGES_TAR'],
  ] as const) {
    test(`${format}: images with labels.csv; 201, profile READY at once with counts, sizes and labels; rows are the files`, async () => {
      const { files, labelsCsv } = collection();
      const entries = [...files.map((f) => ({ name: f.name, data: f.data })), { name: 'labels.csv', data: labelsCsv }];
      const bytes = param === 'zip' ? zip(entries) : await tarball(entries);
      const datasetId = await newDataset();
      const up = await upload(datasetId, bytes, param);
      assert.equal(up.status, 201, JSON.stringify(up.body));
      assert.equal(up.body.contentHash, sha256(bytes));
      assert.equal(up.body.rowCount, files.length);
      assert.equal(up.body.format, format);
      assert.equal(up.body.profileStatus, 'READY');

      const got = await as<{ datasetVersion: { profileStatus: string; profile: Record<string, unknown> } }>(
        'scientist',
        'query($id: ID!) { datasetVersion(id: $id) { profileStatus profile } }',
        { id: up.body.id },
      );
      const profile = got.body.data!.datasetVersion.profile;
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      assert.equal(profile.count, files.length);
      assert.deepEqual(profile.formats, { png: 2, jpeg: 1, gif: 1, webp: 1, bmp: 1 });
      assert.deepEqual(profile.width, {
        min: Math.min(...files.map((f) => f.width)),
        max: Math.max(...files.map((f) => f.width)),
        mean: mean(files.map((f) => f.width)),
      });
      assert.deepEqual(profile.height, {
        min: Math.min(...files.map((f) => f.height)),
        max: Math.max(...files.map((f) => f.height)),
        mean: mean(files.map((f) => f.height)),
      });
      assert.equal(
        (profile.bytes as { total: number }).total,
        files.reduce((s, f) => s + f.data.length, 0),
      );
      assert.deepEqual(profile.labels, { cat: 2, dog: 2, 铭牌: 1 });
      assert.equal(profile.unlabeled, 1);

      const read = await allRows('scientist', up.body.id, 4);
      assert.equal(read.pages, 2);
      assert.deepEqual(read.columns, ['file', 'label', 'width', 'height', 'format', 'bytes']);
      assert.deepEqual(
        read.rows,
        [...files]
          .sort((a, b) => (a.name < b.name ? -1 : 1))
          .map((f) => [f.name, f.label, f.width, f.height, f.format, f.data.length]),
      );
    });
  }

  test('an archive with a "../" name or a zip bomb is refused (400) and leaves no version and no bytes', async () => {
    const datasetId = await newDataset();
    // Every file in the store but its temp folder (where an upload is received, then removed).
    const blobs = async () =>
      (await readdir(store, { recursive: true }).catch(() => [] as string[]))
        .filter((f) => /[0-9a-f]{64}$/.test(f))
        .sort();
    const before = await blobs();
    const traversal = zip([
      { name: 'ok.png', data: image('png', 8, 8) },
      { name: '../../etc/cron.d/x.png', data: image('png', 8, 8) },
    ]);
    const refused = await upload(datasetId, traversal, 'zip');
    assert.equal(refused.status, 400);
    assert.match(
      refused.body.errors?.[0]?.message ?? '',
      /"\.\.\/\.\.\/etc\/cron\.d\/x\.png" climbs out of the archive/,
    );
    // 8 MiB of zeros deflate to a few kB: under a 1 MiB upload limit, far over it expanded.
    const restore = setEnv({ PLINTH_MAX_DATASET_BYTES: String(1024 * 1024) });
    try {
      const bomb = zip([
        { name: 'ok.png', data: image('png', 8, 8) },
        { name: 'zeros.bin', data: Buffer.alloc(8 * 1024 * 1024) },
      ]);
      assert.ok(bomb.length < 1024 * 1024);
      const res = await upload(datasetId, bomb, 'zip');
      assert.equal(res.status, 400);
      assert.match(res.body.errors?.[0]?.message ?? '', /expands to more than 1\.0 MiB.*possible zip bomb/);
    } finally {
      restore();
    }
    const { records } = await hub.driver.executeQuery(
      'MATCH (:Dataset {id: $id})-[:HAS_VERSION]->(v) RETURN count(v) AS n',
      { id: datasetId },
    );
    assert.equal(Number(records[0]!.get('n')), 0);
    assert.deepEqual(await blobs(), before);
    const nodes = await hub.driver.executeQuery('MATCH (v:DatasetVersion {contentHash: $h}) RETURN count(v) AS n', {
      h: sha256(traversal),
    });
    assert.equal(Number(nodes.records[0]!.get('n')), 0);
  });
});

describe('who sees profiles and rows', () => {
  const VERSION = `query($id: ID!) { datasetVersion(id: $id) { id profile rows(first: 2) { totalCount rows } } }`;
  const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
    ... on DatasetVersion { id profile rows(first: 2) { totalCount rows } } } }`;
  let datasetId: string;
  let versionId: string;

  before(async () => {
    datasetId = await newDataset();
    const up = await upload(datasetId, CSV, 'csv');
    assert.equal(up.status, 201, JSON.stringify(up.body));
    versionId = up.body.id;
    await profilesSettled();
  });

  test('a branch user sees neither profile nor rows of an HQ-private version, through the gateway or the subgraph', async () => {
    // HQ itself sees both: the queries below can fail.
    const hq = await as<{ datasetVersion: { profile: unknown; rows: { totalCount: number; rows: unknown[][] } } }>(
      'scientist',
      VERSION,
      { id: versionId },
    );
    assert.equal(hq.body.errors, undefined, JSON.stringify(hq.body.errors));
    assert.notEqual(hq.body.data!.datasetVersion.profile, null);
    assert.deepEqual(hq.body.data!.datasetVersion.rows.rows, ROWS.slice(0, 2).map(asRow));

    for (const user of ['scientist.jiangsu', 'viewer.zhejiang']) {
      const res = await as<{ datasetVersion: unknown }>(user, VERSION, { id: versionId });
      assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
      assert.equal(res.body.data!.datasetVersion, null, user);
      const viaDataset = await as<{ dataset: unknown }>(
        user,
        'query($id: ID!) { dataset(id: $id) { versions { profile rows { totalCount } } } }',
        { id: datasetId },
      );
      assert.equal(viaDataset.body.data!.dataset, null, user);
      // An entity reference, as another subgraph's field would make one, asked of the assets subgraph itself.
      const direct = await as<{ _entities: unknown[] }>(
        user,
        ENTITIES,
        { reps: [{ __typename: 'DatasetVersion', id: versionId }] },
        hub.assets.url,
      );
      assert.equal(direct.body.errors, undefined, JSON.stringify(direct.body.errors));
      assert.deepEqual(direct.body.data!._entities, [null], user);
    }
  });

  test('shared with the branch, the same version shows its profile and rows to scientist.jiangsu', async () => {
    const share = await as(
      'scientist',
      'mutation($id: ID!, $orgId: ID!) { shareDataset(id: $id, orgId: $orgId) { id } }',
      { id: datasetId, orgId: 'jiangsu' },
    );
    assert.equal(share.body.errors, undefined, JSON.stringify(share.body.errors));
    const res = await as<{
      datasetVersion: { profile: { rowCount: number }; rows: { totalCount: number; rows: unknown[][] } };
    }>('scientist.jiangsu', VERSION, { id: versionId });
    assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
    assert.equal(res.body.data!.datasetVersion.profile.rowCount, ROWS.length);
    assert.equal(res.body.data!.datasetVersion.rows.totalCount, ROWS.length);
    assert.deepEqual(res.body.data!.datasetVersion.rows.rows, ROWS.slice(0, 2).map(asRow));
    // Zhejiang still sees nothing.
    const other = await as<{ datasetVersion: unknown }>('viewer.zhejiang', VERSION, { id: versionId });
    assert.equal(other.body.data!.datasetVersion, null);
  });

  test('bytes changed in the store: rows is an error naming the version and both digests', async () => {
    const tamperedDataset = await newDataset();
    const bytes = Buffer.from('a,b\n1,2\n3,4\n');
    const up = await upload(tamperedDataset, bytes, 'csv');
    assert.equal(up.status, 201, JSON.stringify(up.body));
    await profilesSettled();
    const changed = Buffer.from('a,b\n1,2\n3,5\n');
    await writeFile(join(store, blobKey(up.body.contentHash)), changed);
    const res = await as<{ datasetVersion: { rows: unknown } }>('scientist', ROWS_QUERY, { id: up.body.id, first: 5 });
    const error = res.body.errors?.[0];
    assert.ok(error, 'an error');
    assert.equal(error.extensions?.code, 'DATA_INTEGRITY');
    assert.match(error.message, new RegExp(`dataset version ${up.body.id} is TAMPERED`));
    assert.ok(error.message.includes(sha256(bytes)) && error.message.includes(sha256(changed)), error.message);
    assert.equal(res.body.data?.datasetVersion?.rows ?? null, null);
  });
});
