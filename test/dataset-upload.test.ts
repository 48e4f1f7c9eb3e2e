// Uploading dataset versions through the gateway with real Keycloak tokens (issue #14): Plinth computes
// digest, row count, schema and format itself; a failed upload (cut at the limit, killed mid-stream,
// malformed CSV, corrupt Parquet) leaves no version, no node and no bytes. This file points the hub at a
// store folder of its own, so "no bytes" can be checked by listing it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { registerTaggedDataset, removeTaggedDatasets, sha256, storedFiles, versionCount } from './helpers/datasets.js';
import { startHub, gql, type Hub } from './helpers/hub.js';
import { tokenFor } from './helpers/tokens.js';
import { withDuck } from '../domain/datasets/duck.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { readVersionBytes } from '../domain/datasets/integrity.js';

const runTag = `t${randomBytes(5).toString('hex')}`;
let hub: Hub;
let storeDir: string;
let work: string;
const savedStore = process.env.PLINTH_STORE;

before(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'plinth-store-'));
  work = await mkdtemp(join(tmpdir(), 'plinth-upload-'));
  process.env.PLINTH_STORE = storeDir;
  hub = await startHub();
});

after(async () => {
  await removeTaggedDatasets(hub.driver, runTag);
  await hub.close();
  if (savedStore === undefined) delete process.env.PLINTH_STORE;
  else process.env.PLINTH_STORE = savedStore;
  delete process.env.PLINTH_MAX_DATASET_BYTES;
  await rm(storeDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

const newDataset = (user = 'scientist'): Promise<string> =>
  registerTaggedDataset(hub.gateway.url, runTag, 'upload', user);

const uploadUrl = (datasetId: string, query = ''): string =>
  new URL(`/api/datasets/${encodeURIComponent(datasetId)}/versions${query}`, hub.gateway.url).href;

async function upload(
  datasetId: string,
  body: Buffer | string,
  options: { user?: string | null; query?: string; contentType?: string; encoding?: string } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'text/csv' };
  if (options.encoding) headers['content-encoding'] = options.encoding;
  if (options.user !== null) headers.authorization = `Bearer ${await tokenFor(options.user ?? 'scientist')}`;
  const res = await fetch(uploadUrl(datasetId, options.query), {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const errorOf = (json: Record<string, unknown>): { message: string; code: string } => {
  const error = (json.errors as { message: string; extensions: { code: string } }[])[0]!;
  return { message: error.message, code: error.extensions.code };
};

/** The three things a failed upload must not leave: a version, a node with its digest, stored bytes. */
async function assertNothingLeft(datasetId: string, digest: string): Promise<void> {
  assert.equal(await versionCount(hub.driver, datasetId), 0, 'no version');
  const { records } = await hub.driver.executeQuery(`MATCH (n {contentHash: $digest}) RETURN count(n) AS n`, {
    digest,
  });
  assert.equal(Number(records[0]!.get('n')), 0, 'no node with that digest');
  const left = (await storedFiles(storeDir)).filter((f) => f.includes(digest) || f.includes(`${storeDir}/tmp/`));
  assert.deepEqual(left, [], 'no bytes in the store, no temp file');
}

function csv(rows: number): string {
  const lines = ['meter,region,kwh,reading_at'];
  for (let i = 0; i < rows; i++)
    lines.push(`M${i % 7},${['north', 'south', ''][i % 3]},${i % 5 === 0 ? '' : (i * 0.25).toFixed(2)},2026-01-01`);
  return lines.join('\n') + '\n';
}

describe('POST /api/datasets/:id/versions', () => {
  test('a CSV: 201 with the digest, row count, schema and format Plinth computed; the bytes held once', async () => {
    const datasetId = await newDataset();
    const body = csv(1000);
    const res = await upload(datasetId, body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.contentHash, sha256(body));
    assert.equal(res.json.rowCount, 1000);
    assert.equal(res.json.format, 'CSV');
    assert.equal(res.json.integrity, 'VERIFIED');
    assert.equal(res.json.origin, 'UPLOAD');
    assert.equal(res.json.size, Buffer.byteLength(body));
    assert.equal(res.json.createdBy, 'scientist');
    const columns = (res.json.schema as { columns: { name: string; type: string }[] }).columns;
    assert.deepEqual(
      columns.map((c) => c.name),
      ['meter', 'region', 'kwh', 'reading_at'],
    );
    assert.equal(columns[2]!.type, 'DOUBLE');
    assert.equal(columns[3]!.type, 'DATE');
    // DuckDB's own count of the same bytes, read independently.
    const file = join(work, 'same.csv');
    await writeFile(file, body);
    const count = await withDuck(async (db) =>
      Number((await db.runAndReadAll(`SELECT count(*) FROM read_csv('${file}')`)).getRows()[0]![0]),
    );
    assert.equal(res.json.rowCount, count);
    const stored = (await storedFiles(storeDir)).filter((f) => f.endsWith(sha256(body)));
    assert.equal(stored.length, 1);
    assert.equal(sha256(await readFile(stored[0]!)), sha256(body));

    // The same bytes into another dataset: a second version, the same single blob.
    const other = await newDataset();
    const again = await upload(other, body);
    assert.equal(again.status, 201);
    assert.equal((await storedFiles(storeDir)).filter((f) => f.endsWith(sha256(body))).length, 1);
    // The same bytes twice into one dataset: refused, naming the version that has them.
    const twice = await upload(datasetId, body);
    assert.equal(twice.status, 400);
    assert.match(errorOf(twice.json).message, /version 1 of dataset .* already has content/);

    // The profile follows in the background, visible through GraphQL.
    await profilesSettled();
    const read = await gql<{ datasetVersion: { profileStatus: string; integrity: string } }>(
      hub.gateway.url,
      `query($id: ID!) { datasetVersion(id: $id) { profileStatus integrity } }`,
      { token: await tokenFor('scientist'), variables: { id: res.json.id } },
    );
    assert.deepEqual(read.body.data?.datasetVersion, { profileStatus: 'READY', integrity: 'VERIFIED' });
  });

  test('a wide table (600 columns): checked and profiled in groups of columns', async () => {
    const datasetId = await newDataset();
    const header = Array.from({ length: 600 }, (_, i) => `c${i}`).join(',');
    const rows = Array.from({ length: 30 }, (_, r) => Array.from({ length: 600 }, (_, i) => r * i).join(','));
    const body = [header, ...rows].join('\n') + '\n';
    const res = await upload(datasetId, body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    assert.equal(res.json.rowCount, 30);
    assert.equal((res.json.schema as { columns: unknown[] }).columns.length, 600);
    await profilesSettled();
    const read = await gql<{ datasetVersion: { profileStatus: string; profileError: string | null } }>(
      hub.gateway.url,
      `query($id: ID!) { datasetVersion(id: $id) { profileStatus profileError } }`,
      { token: await tokenFor('scientist'), variables: { id: res.json.id } },
    );
    assert.deepEqual(read.body.data?.datasetVersion, { profileStatus: 'READY', profileError: null });
  });

  test('who may upload: no token 401, viewer 403, another org 404, unknown format 415', async () => {
    const datasetId = await newDataset();
    const body = csv(3);
    assert.equal((await upload(datasetId, body, { user: null })).status, 401);
    const viewer = await upload(datasetId, body, { user: 'viewer' });
    assert.equal(viewer.status, 403);
    assert.match(errorOf(viewer.json).message, /may not add dataset versions/);
    const branch = await upload(datasetId, body, { user: 'scientist.jiangsu' });
    assert.equal(branch.status, 404, JSON.stringify(branch.json));
    const unknown = await upload(datasetId, body, { contentType: 'application/x-excel' });
    assert.equal(unknown.status, 415);
    assert.match(errorOf(unknown.json).message, /unsupported Content-Type "application\/x-excel"/);
    const unsaid = await upload(datasetId, body, { contentType: 'application/octet-stream' });
    assert.equal(unsaid.status, 400);
    assert.match(errorOf(unsaid.json).message, /cannot tell CSV, TSV and JSON Lines apart/);
    await assertNothingLeft(datasetId, sha256(body));
  });

  test('a malformed CSV: 400 naming the line; nothing left', async () => {
    const datasetId = await newDataset();
    const body = csv(3000).replace('\nM3,', '\nM3,"unterminated,');
    const res = await upload(datasetId, body);
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.equal(
      errorOf(res.json).message,
      'not a readable CSV file: CSV error on line 5: Value with unterminated quote found.',
    );
    await assertNothingLeft(datasetId, sha256(body));
  });

  test('a corrupt Parquet file: 400; nothing left; a body that is not what it claims: 400', async () => {
    const datasetId = await newDataset();
    const good = join(work, 'good.parquet');
    await withDuck((db) =>
      db.run(`COPY (SELECT range AS id, range * 2.5 AS x FROM range(5000)) TO '${good}' (FORMAT parquet)`),
    );
    const bytes = await readFile(good);
    const corrupt = Buffer.from(bytes);
    corrupt.fill(0x5a, 64, corrupt.length - 64);
    const res = await upload(datasetId, corrupt, { query: '?format=parquet', contentType: 'application/octet-stream' });
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.match(errorOf(res.json).message, /^not a readable PARQUET file: /);
    await assertNothingLeft(datasetId, sha256(corrupt));
    // Pages damaged, footer intact: the counts alone would come from the footer's statistics.
    const pages = Buffer.from(bytes);
    for (let i = 200; i < 3000; i++) pages[i] = pages[i]! ^ 0xff;
    const damaged = await upload(datasetId, pages, { query: '?format=parquet' });
    assert.equal(damaged.status, 400, JSON.stringify(damaged.json));
    assert.match(errorOf(damaged.json).message, /^not a readable PARQUET file: /);
    await assertNothingLeft(datasetId, sha256(pages));
    const claimed = await upload(datasetId, bytes, { contentType: 'text/csv' });
    assert.equal(claimed.status, 400);
    assert.equal(errorOf(claimed.json).message, 'the body is a Parquet file but the request says CSV');
    await assertNothingLeft(datasetId, sha256(bytes));
    const ok = await upload(datasetId, bytes, { query: '?format=parquet' });
    assert.equal(ok.status, 201, JSON.stringify(ok.json));
    assert.equal(ok.json.rowCount, 5000);
    assert.equal(ok.json.format, 'PARQUET');
  });

  test('cut at the size limit while streaming (no Content-Length): 413; nothing left', async () => {
    const datasetId = await newDataset();
    process.env.PLINTH_MAX_DATASET_BYTES = String(64 * 1024);
    try {
      const body = csv(20_000);
      assert.ok(Buffer.byteLength(body) > 64 * 1024);
      // A stream body goes out chunked: the limit can only be enforced while reading.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const bytes = Buffer.from(body);
          for (let i = 0; i < bytes.length; i += 16 * 1024) controller.enqueue(bytes.subarray(i, i + 16 * 1024));
          controller.close();
        },
      });
      const res = await fetch(uploadUrl(datasetId), {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${await tokenFor('scientist')}` },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      assert.equal(res.status, 413);
      assert.match(
        ((await res.json()) as { errors: { message: string }[] }).errors[0]!.message,
        /dataset version larger than the limit of 64 KiB|larger than the limit/,
      );
      await assertNothingLeft(datasetId, sha256(body));
    } finally {
      delete process.env.PLINTH_MAX_DATASET_BYTES;
    }
  });

  test('archiving a dataset keeps its bytes: still stored, still read and verified', async () => {
    const datasetId = await newDataset();
    const body = csv(50);
    const res = await upload(datasetId, body);
    assert.equal(res.status, 201);
    const archived = await gql<{ archiveDataset: { archived: boolean } }>(
      hub.gateway.url,
      `mutation($id: ID!) { archiveDataset(id: $id) { archived } }`,
      { token: await tokenFor('scientist'), variables: { id: datasetId } },
    );
    assert.equal(archived.body.data?.archiveDataset.archived, true);
    const bytes = await readVersionBytes(hub.driver, res.json.id as string, 'test');
    assert.equal(bytes.digest, sha256(body));
    assert.equal(sha256(await readFile(bytes.path)), sha256(body));
    // An archived dataset takes no new versions, and says so before any byte is received.
    const late = await upload(datasetId, csv(51));
    assert.equal(late.status, 400);
    assert.match(errorOf(late.json).message, /is archived; it takes no new versions/);
  });

  test('a compressed body: 415, not decoded and hashed as something else', async () => {
    const datasetId = await newDataset();
    const res = await upload(datasetId, gzipSync(csv(10)), { contentType: 'text/csv', encoding: 'gzip' });
    assert.equal(res.status, 415);
    assert.match(errorOf(res.json).message, /Content-Encoding "gzip" is not accepted/);
    assert.equal(await versionCount(hub.driver, datasetId), 0);
  });

  test('an upload that stops sending: 408 after the idle limit; nothing left', async () => {
    const datasetId = await newDataset();
    process.env.PLINTH_UPLOAD_IDLE_S = '1';
    try {
      const target = new URL(uploadUrl(datasetId));
      const part = Buffer.from(csv(100));
      const token = await tokenFor('scientist');
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: {
              'content-type': 'text/csv',
              authorization: `Bearer ${token}`,
              'content-length': part.length * 2,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
            req.destroy();
          },
        );
        req.on('error', reject);
        req.write(part); // and then nothing more
      });
      assert.equal(status, 408);
      await assertNothingLeft(datasetId, sha256(part));
    } finally {
      delete process.env.PLINTH_UPLOAD_IDLE_S;
    }
  });

  test('killed mid-stream by the client: nothing left', async () => {
    const datasetId = await newDataset();
    const token = await tokenFor('scientist');
    const target = new URL(uploadUrl(datasetId));
    const part = Buffer.from(csv(5_000));
    await new Promise<void>((resolve) => {
      const req = httpRequest({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}`, 'content-length': part.length * 4 },
      });
      req.on('error', () => resolve());
      req.write(part, () => setTimeout(() => req.destroy(), 300));
    });
    // The subgraph notices the abort and removes its temp file.
    const inFlight = async () => (await storedFiles(storeDir)).filter((f) => f.includes(`${storeDir}/tmp/`)).length;
    for (let i = 0; i < 50 && (await inFlight()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    await assertNothingLeft(datasetId, sha256(part));
  });
});
