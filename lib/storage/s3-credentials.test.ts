// Which credentials the S3 store and imports sign with: AWS_* when set; the launcher's generated file only
// for a custom endpoint (it is a local s3proxy's key, never offered to AWS); else the SDK's own chain.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';

const home = mkdtempSync(join(tmpdir(), 'plinth-s3-credentials-'));
process.env.PLINTH_HOME = home;
const { config, paths } = await import('../config.js');

const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'PLINTH_S3_ENDPOINT', 'PLINTH_IMPORT_S3_ENDPOINT'];
const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
beforeEach(() => {
  for (const n of names) delete process.env[n];
});
after(() => {
  for (const [n, v] of Object.entries(saved)) if (v !== undefined) process.env[n] = v;
  rmSync(home, { recursive: true, force: true });
});

describe('S3 credentials', () => {
  const file = { accessKeyId: 'PLFILEKEY', secretAccessKey: 'file-secret' };
  mkdirSync(dirname(paths.s3CredentialsFile), { recursive: true });
  writeFileSync(paths.s3CredentialsFile, JSON.stringify(file), { mode: 0o600 });

  it('AWS itself (no endpoint): the SDK chain decides, the launcher file is not offered', () => {
    assert.equal(config.store.s3Credentials, undefined);
    assert.equal(config.imports.s3Credentials, undefined);
  });

  it('a custom endpoint without AWS_* variables: the launcher file', () => {
    process.env.PLINTH_S3_ENDPOINT = 'http://127.0.0.1:7480';
    assert.deepEqual(config.store.s3Credentials, file);
    // Imports default to the store's endpoint, and so to the same key.
    assert.equal(config.imports.s3Endpoint, 'http://127.0.0.1:7480');
    assert.deepEqual(config.imports.s3Credentials, file);
  });

  it('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY win over the file', () => {
    process.env.PLINTH_S3_ENDPOINT = 'http://127.0.0.1:7480';
    process.env.AWS_ACCESS_KEY_ID = 'ENVKEY';
    process.env.AWS_SECRET_ACCESS_KEY = 'env-secret';
    assert.deepEqual(config.store.s3Credentials, { accessKeyId: 'ENVKEY', secretAccessKey: 'env-secret' });
  });

  it('an import endpoint of its own', () => {
    process.env.PLINTH_IMPORT_S3_ENDPOINT = 'http://127.0.0.1:9999';
    assert.equal(config.imports.s3Endpoint, 'http://127.0.0.1:9999');
    assert.equal(config.store.s3Endpoint, undefined);
    assert.deepEqual(config.imports.s3Credentials, file);
    assert.equal(config.store.s3Credentials, undefined);
  });
});
