// The launcher's s3proxy settings: loopback, signed requests only, and a key generated once into a
// mode-600 file. PLINTH_HOME points at a temp folder before the modules that read it are loaded.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const home = mkdtempSync(join(tmpdir(), 'plinth-s3-home-'));
process.env.PLINTH_HOME = home;
const { ensureS3Credentials, s3proxyProperties } = await import('./s3.js');
const { paths } = await import('../../lib/config.js');

after(() => rmSync(home, { recursive: true, force: true }));

describe('s3proxy settings', () => {
  it('generates the key once, mode 600, and reuses it', async () => {
    const first = await ensureS3Credentials();
    assert.equal(paths.s3CredentialsFile, join(home, 'data', 's3', 'credentials.json'));
    assert.equal(statSync(paths.s3CredentialsFile).mode & 0o777, 0o600);
    assert.match(first.accessKeyId, /^[A-Z0-9]{20}$/);
    assert.ok(first.secretAccessKey.length >= 40);
    assert.deepEqual(await ensureS3Credentials(), first);
  });

  it('listens on loopback and accepts signed requests only, with the filesystem backend', () => {
    const text = s3proxyProperties(7480, { accessKeyId: 'AK', secretAccessKey: 'SK' }, '/d/buckets');
    const props = Object.fromEntries(
      text
        .split('\n')
        .filter((l) => l.includes('=') && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    assert.equal(props['s3proxy.endpoint'], 'http://127.0.0.1:7480');
    assert.equal(props['s3proxy.authorization'], 'aws-v2-or-v4');
    assert.equal(props['s3proxy.identity'], 'AK');
    assert.equal(props['s3proxy.credential'], 'SK');
    assert.equal(props['jclouds.provider'], 'filesystem-nio2');
    assert.equal(props['jclouds.filesystem.basedir'], '/d/buckets');
  });
});
