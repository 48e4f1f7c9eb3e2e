// Bytes changed or deleted in the store behind Plinth's back (issue #14, "must show"), for the local
// folder and for S3 on the launcher's real s3proxy: a CSV uploaded through the gateway with a real
// scientist token; its stored bytes overwritten; the next read reports TAMPERED naming both digests, the
// version's GraphQL integrity says so and one audit event, written by Plinth's integrity checker, records
// it; the bytes deleted: MISSING, with its event. The hub is started once; PLINTH_STORE is read per call.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { config, paths } from '../lib/config.js';
import { digestOf } from '../lib/graph/audit.js';
import { blobKey } from '../lib/storage/index.js';
import { IntegrityError, readVersionBytes } from '../domain/datasets/integrity.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { deletePrefix, s3Admin, s3StoreEnv, setEnv } from './helpers/s3.js';
import { tokenFor } from './helpers/tokens.js';

const runTag = `t${randomBytes(5).toString('hex')}`;
const sha256 = (bytes: string): string => createHash('sha256').update(bytes).digest('hex');
let hub: Hub;
let localRoot: string;
const s3 = s3Admin();
const s3Prefix = `integrity-${runTag}`;

before(async () => {
  localRoot = await mkdtemp(join(tmpdir(), 'plinth-integrity-'));
  hub = await startHub();
});

after(async () => {
  await profilesSettled();
  await hub.driver.executeQuery(
    `MATCH (d:Dataset) WHERE $tag IN d.tags OPTIONAL MATCH (d)-[:HAS_VERSION]->(v:DatasetVersion) DETACH DELETE d, v`,
    { tag: runTag },
  );
  await hub.close();
  await rm(localRoot, { recursive: true, force: true });
  await deletePrefix(s3, config.s3.bucket, `${s3Prefix}/`);
  s3.destroy();
});

interface Backend {
  name: string;
  env(): Record<string, string | undefined>;
  overwrite(digest: string, bytes: string): Promise<void>;
  remove(digest: string): Promise<void>;
}

const backends: Backend[] = [
  {
    name: 'local store',
    env: () => ({ PLINTH_STORE: localRoot, PLINTH_S3_ENDPOINT: undefined }),
    overwrite: (digest, bytes) => writeFile(join(localRoot, blobKey(digest)), bytes),
    remove: (digest) => unlink(join(localRoot, blobKey(digest))),
  },
  {
    name: 'S3 store (s3proxy)',
    env: () => s3StoreEnv(s3Prefix),
    overwrite: async (digest, bytes) => {
      await s3.send(
        new PutObjectCommand({ Bucket: config.s3.bucket, Key: `${s3Prefix}/${blobKey(digest)}`, Body: bytes }),
      );
    },
    remove: async (digest) => {
      await s3.send(new DeleteObjectCommand({ Bucket: config.s3.bucket, Key: `${s3Prefix}/${blobKey(digest)}` }));
    },
  },
];

async function newDataset(): Promise<string> {
  const res = await gql<{ registerDataset: { id: string } }>(
    hub.gateway.url,
    `mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`,
    {
      token: await tokenFor('scientist'),
      variables: { input: { name: `integrity ${runTag} ${randomBytes(3).toString('hex')}`, tags: [runTag] } },
    },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.registerDataset.id;
}

async function integrityOverGraphQL(id: string): Promise<string> {
  const res = await gql<{ datasetVersion: { integrity: string } | null }>(
    hub.gateway.url,
    `query($id: ID!) { datasetVersion(id: $id) { integrity } }`,
    { token: await tokenFor('scientist'), variables: { id } },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.datasetVersion!.integrity;
}

interface Event {
  actorName: string;
  beforeDigest: string;
  afterDigest: string;
  targets: string[];
}

async function events(versionId: string, action: string): Promise<Event[]> {
  const { records } = await hub.driver.executeQuery(
    `MATCH (e:AuditEvent {targetId: $id, action: $action})
     RETURN e.actorName AS actorName, e.beforeDigest AS beforeDigest, e.afterDigest AS afterDigest,
            [(e)-[:TARGET]->(t) | t.id] AS targets ORDER BY e.seq`,
    { id: versionId, action },
  );
  return records.map((r) => r.toObject() as Event);
}

for (const backend of backends) {
  describe(`integrity of a stored dataset version: ${backend.name}`, () => {
    let restore: () => void;
    before(() => {
      restore = setEnv(backend.env());
    });
    after(() => restore());

    test('overwritten bytes: TAMPERED naming both digests, once in the audit trail; deleted bytes: MISSING', async () => {
      const datasetId = await newDataset();
      const body = `meter,kwh\nM1,${randomBytes(4).readUInt32BE() / 100}\nM2,7.5\n`;
      const res = await fetch(new URL(`/api/datasets/${datasetId}/versions?format=csv`, hub.gateway.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${await tokenFor('scientist')}`, 'content-type': 'text/csv' },
        body,
      });
      const version = (await res.json()) as { id: string; contentHash: string; storageUri: string };
      assert.equal(res.status, 201, JSON.stringify(version));
      const digest = sha256(body);
      assert.equal(version.contentHash, digest);
      assert.ok(
        version.storageUri.startsWith(
          backend.name.startsWith('S3') ? `s3://${config.s3.bucket}/${s3Prefix}/` : 'file://',
        ),
        version.storageUri,
      );
      // The background profile reads the bytes too; let it finish before they change.
      await profilesSettled();
      const read = await readVersionBytes(hub.driver, version.id, 'integrity test');
      assert.equal(read.digest, digest);
      assert.equal(await integrityOverGraphQL(version.id), 'VERIFIED');

      const forged = body.replace('7.5', '75');
      await backend.overwrite(digest, forged);
      for (let i = 0; i < 2; i++) {
        await assert.rejects(readVersionBytes(hub.driver, version.id, 'integrity test'), (error: unknown) => {
          assert.ok(error instanceof IntegrityError, String(error));
          assert.equal(error.integrity, 'TAMPERED');
          assert.ok(error.message.includes(version.id), error.message);
          assert.ok(error.message.includes(digest), `names the registered digest: ${error.message}`);
          assert.ok(error.message.includes(sha256(forged)), `names the digest found: ${error.message}`);
          return true;
        });
      }
      assert.equal(await integrityOverGraphQL(version.id), 'TAMPERED');
      const tampered = await events(version.id, 'datasetVersion.integrity.tampered');
      assert.equal(tampered.length, 1, 'one event per change of state, however often it is read');
      assert.equal(tampered[0]!.actorName, 'plinth-integrity');
      assert.deepEqual(tampered[0]!.targets, [version.id]);
      assert.equal(tampered[0]!.beforeDigest, digestOf({ integrity: 'VERIFIED', contentHash: digest }));
      assert.equal(
        tampered[0]!.afterDigest,
        digestOf({
          integrity: 'TAMPERED',
          contentHash: digest,
          foundDigest: sha256(forged),
          noticedBy: 'integrity test',
        }),
        'the event records both digests',
      );

      await backend.remove(digest);
      await assert.rejects(readVersionBytes(hub.driver, version.id, 'integrity test'), (error: unknown) => {
        assert.ok(error instanceof IntegrityError, String(error));
        assert.equal(error.integrity, 'MISSING');
        assert.match(error.message, new RegExp(`${version.id} is MISSING: no bytes with sha256 ${digest}`));
        return true;
      });
      assert.equal(await integrityOverGraphQL(version.id), 'MISSING');
      const missing = await events(version.id, 'datasetVersion.integrity.missing');
      assert.equal(missing.length, 1);
      assert.equal(missing[0]!.actorName, 'plinth-integrity');
      assert.equal(
        missing[0]!.afterDigest,
        digestOf({ integrity: 'MISSING', contentHash: digest, foundDigest: null, noticedBy: 'integrity test' }),
      );
      // S3 reads leave a downloaded copy in the local cache.
      await rm(join(paths.home, 's3-cache', blobKey(digest)), { force: true });
    });
  });
}
