// Bytes changed or deleted in the store behind Plinth's back (issue #14, "must show"), for the local
// folder and for S3 on the launcher's real s3proxy: a CSV uploaded through the gateway with a real
// scientist token; its stored bytes overwritten; the next read reports TAMPERED naming both digests, the
// version's GraphQL integrity says so and one audit event, written by Plinth's integrity checker, records
// it; the bytes deleted: MISSING, with its event. The hub is started once; PLINTH_STORE is read per call.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { paths } from '../lib/config.js';
import { digestOf } from '../lib/graph/audit.js';
import { blobKey } from '../lib/storage/index.js';
import { IntegrityError, readVersionBytes } from '../domain/datasets/integrity.js';
import { profilesSettled } from '../domain/datasets/profile-job.js';
import {
  auditEvents,
  registerTaggedDataset,
  removeTaggedDatasets,
  sha256,
  tamperableStores,
} from './helpers/datasets.js';
import { gql, startHub, type Hub } from './helpers/hub.js';
import { setEnv } from './helpers/s3.js';
import { tokenFor } from './helpers/tokens.js';

const runTag = `t${randomBytes(5).toString('hex')}`;
let hub: Hub;
const stores = tamperableStores(`integrity-${runTag}`);

before(async () => {
  await stores.open();
  hub = await startHub();
});

after(async () => {
  await removeTaggedDatasets(hub.driver, runTag);
  await hub.close();
  await stores.close();
});

const backends = stores.backends;

const newDataset = (): Promise<string> => registerTaggedDataset(hub.gateway.url, runTag, 'integrity');

async function integrityOverGraphQL(id: string): Promise<string> {
  const res = await gql<{ datasetVersion: { integrity: string } | null }>(
    hub.gateway.url,
    `query($id: ID!) { datasetVersion(id: $id) { integrity } }`,
    { token: await tokenFor('scientist'), variables: { id } },
  );
  assert.equal(res.body.errors, undefined, JSON.stringify(res.body.errors));
  return res.body.data!.datasetVersion!.integrity;
}

const events = (targetId: string, action: string) => auditEvents(hub.driver, targetId, action);

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
      assert.ok(version.storageUri.startsWith(backend.uriPrefix()), version.storageUri);
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
