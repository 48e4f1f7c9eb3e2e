// The blob store's contract, run against both backends: a local folder, and S3 on the launcher's real
// s3proxy (npm run stack -- up s3). Each backend is reached the way the hub reaches it, through
// blobStore() and PLINTH_STORE / PLINTH_S3_ENDPOINT; its bytes are changed behind the store's back the
// way they could be in production (a write to the folder, a PutObject with the bucket's credentials).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { config } from '../lib/config.js';
import { BlobMissingError, blobKey, blobStore, fetchBlob, type BlobStore } from '../lib/storage/index.js';
import type { LocalBlobStore } from '../lib/storage/local-store.js';
import { deletePrefix, listKeys, s3Admin, s3StoreEnv, setEnv } from './helpers/s3.js';

const sha256 = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');
const runTag = `blob-store-${randomBytes(5).toString('hex')}`;
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'plinth-blobs-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** A source file for put(): consumed by the store, so a fresh one each time. */
async function source(bytes: string): Promise<{ file: string; digest: string; size: number }> {
  const file = join(work, `${randomBytes(6).toString('hex')}.src`);
  await writeFile(file, bytes);
  return { file, digest: sha256(bytes), size: Buffer.byteLength(bytes) };
}

interface Backend {
  name: 'local' | 's3';
  env(): Record<string, string | undefined>;
  /** The bytes as stored, read past the store. */
  stored(digest: string): Promise<string | undefined>;
  /** When the stored blob was last written (changes only if it is written again). */
  writtenAt(digest: string): Promise<string>;
  /** Replaces the stored bytes with others, as someone with access to the backend could. */
  overwrite(digest: string, bytes: string): Promise<void>;
  /** Every object or file the store holds for this test. */
  everything(): Promise<string[]>;
  cleanup(): Promise<void>;
}

const localRoot = (): string => join(work, 'store');
const localBackend: Backend = {
  name: 'local',
  env: () => ({ PLINTH_STORE: localRoot(), PLINTH_S3_ENDPOINT: undefined }),
  stored: (digest) => readFile(join(localRoot(), blobKey(digest)), 'utf8').catch(() => undefined),
  writtenAt: async (digest) => {
    const s = await stat(join(localRoot(), blobKey(digest)));
    return `${s.ino}:${s.mtimeMs}`;
  },
  overwrite: (digest, bytes) => writeFile(join(localRoot(), blobKey(digest)), bytes),
  everything: async () =>
    (await readdir(localRoot(), { recursive: true, withFileTypes: true }).catch(() => []))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name)),
  cleanup: () => rm(localRoot(), { recursive: true, force: true }),
};

const s3 = s3Admin();
const bucket = config.s3.bucket;
const s3Key = (digest: string): string => `${runTag}/${blobKey(digest)}`;
const s3Backend: Backend = {
  name: 's3',
  env: () => s3StoreEnv(runTag),
  stored: async (digest) => {
    try {
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: s3Key(digest) }));
      return await Body!.transformToString();
    } catch {
      return undefined;
    }
  },
  writtenAt: async (digest) => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: s3Key(digest) }));
    return `${head.ETag}:${head.LastModified?.toISOString()}`;
  },
  overwrite: async (digest, bytes) => {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: s3Key(digest), Body: bytes }));
  },
  everything: () => listKeys(s3, bucket, `${runTag}/`),
  cleanup: () => deletePrefix(s3, bucket, `${runTag}/`),
};

for (const backend of [localBackend, s3Backend]) {
  describe(`blob store contract: ${backend.name}`, () => {
    let restore: () => void;
    let store: BlobStore;
    const cached: string[] = [];
    before(() => {
      restore = setEnv(backend.env());
      store = blobStore();
    });
    after(async () => {
      await backend.cleanup();
      // S3 reads leave downloaded copies in the local cache: this test's go too.
      for (const file of cached) await rm(file, { force: true });
      restore();
    });
    const localFile = async (digest: string): Promise<string> => {
      const file = await store.localFile(digest);
      if (backend.name === 's3') cached.push(file);
      return file;
    };

    test('blobStore() is this backend', () => {
      assert.equal(store.kind, backend.name);
      const digest = sha256('x');
      assert.equal(
        store.uri(digest),
        backend.name === 's3'
          ? `s3://${bucket}/${runTag}/sha256/${digest.slice(0, 2)}/${digest}`
          : `file://${localRoot()}/sha256/${digest.slice(0, 2)}/${digest}`,
      );
    });

    test('put is idempotent: the same digest twice is stored once, created false the second time', async () => {
      const bytes = `meter,kwh\nM1,${randomBytes(4).toString('hex')}\n`;
      const first = await source(bytes);
      assert.equal(await store.has(first.digest), false);
      assert.deepEqual(await store.put(first.file, first.digest, first.size), { created: true });
      assert.equal(existsSync(first.file), false, 'the source file is consumed');
      assert.equal(await backend.stored(first.digest), bytes);
      const written = await backend.writtenAt(first.digest);
      // Later than the first write's timestamp resolution (S3: one second), so a second write would show.
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const second = await source(bytes);
      assert.deepEqual(await store.put(second.file, second.digest, second.size), { created: false });
      assert.equal(existsSync(second.file), false, 'consumed even when not stored');
      assert.equal(await backend.writtenAt(first.digest), written, 'not written a second time');
      const held = (await backend.everything()).filter((f) => f.includes(first.digest));
      assert.equal(held.length, 1, `one copy: ${held.join(', ')}`);
    });

    test('has, read, localFile and remove; BlobMissingError once removed', async () => {
      const bytes = `a,b\n${randomBytes(8).toString('hex')},2\n`;
      const { file, digest, size } = await source(bytes);
      await store.put(file, digest, size);
      assert.equal(await store.has(digest), true);
      assert.equal(await text(await store.read(digest)), bytes);
      assert.equal(await readFile(await localFile(digest), 'utf8'), bytes);
      const verified = await fetchBlob(digest, store);
      assert.deepEqual({ actual: verified.actual, size: verified.size }, { actual: digest, size });

      await store.remove(digest);
      assert.equal(await store.has(digest), false);
      assert.equal(await backend.stored(digest), undefined);
      await assert.rejects(store.read(digest), (e: unknown) => e instanceof BlobMissingError && e.digest === digest);
      await assert.rejects(localFile(digest), BlobMissingError);
      await assert.rejects(fetchBlob(digest, store), BlobMissingError);
      await store.remove(digest); // absent is fine
      const other = sha256(randomBytes(16));
      await assert.rejects(store.read(other), BlobMissingError);
    });

    test('fetchBlob reports the digest the bytes hash to now when they were overwritten in the backend', async () => {
      const bytes = `id,v\n1,${randomBytes(8).toString('hex')}\n`;
      const { file, digest, size } = await source(bytes);
      await store.put(file, digest, size);
      assert.equal((await fetchBlob(digest, store)).actual, digest);
      if (backend.name === 's3') cached.push(await store.localFile(digest));
      const forged = 'id,v\n1,forged\n';
      await backend.overwrite(digest, forged);
      const now = await fetchBlob(digest, store);
      assert.equal(now.actual, sha256(forged));
      assert.notEqual(now.actual, digest);
      assert.equal(now.size, Buffer.byteLength(forged));
    });

    test("putting the same bytes again repairs a blob that was changed behind Plinth's back", async () => {
      const bytes = `id,v\n1,${randomBytes(8).toString('hex')}\n`;
      const first = await source(bytes);
      await store.put(first.file, first.digest, first.size);
      if (backend.name === 's3') cached.push(await store.localFile(first.digest));
      await backend.overwrite(first.digest, 'id,v\n1,forged\n');
      assert.notEqual((await fetchBlob(first.digest, store)).actual, first.digest);
      const again = await source(bytes);
      assert.deepEqual(await store.put(again.file, again.digest, again.size), { created: false });
      assert.equal(await backend.stored(first.digest), bytes);
      assert.equal((await fetchBlob(first.digest, store)).actual, first.digest);
    });

    if (backend.name === 's3') {
      test('S3: the server refuses bytes that do not hash to the digest put() names (ChecksumSHA256)', async () => {
        const { file, size } = await source('a,b\n1,2\n');
        const claimed = sha256(randomBytes(16));
        await assert.rejects(store.put(file, claimed, size), /BadDigest|checksum|digest/i);
        assert.equal(await store.has(claimed), false, 'nothing stored under the wrong digest');
        assert.equal(existsSync(file), false);
      });
    } else {
      test('local: the blob is a file under <root>/sha256/<aa>/<digest>, nothing else left behind', async () => {
        const bytes = `k\n${randomBytes(8).toString('hex')}\n`;
        const { file, digest, size } = await source(bytes);
        await store.put(file, digest, size);
        const path = (store as LocalBlobStore).path(digest);
        assert.equal(path, join(localRoot(), 'sha256', digest.slice(0, 2), digest));
        assert.deepEqual(
          (await backend.everything()).filter((f) => f.endsWith('.partial')),
          [],
          'no staging files',
        );
      });
    }
  });
}
