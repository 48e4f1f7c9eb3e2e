import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChecksumError, download, verifyChecksum } from './download.js';

const payload = Buffer.from('plinth '.repeat(10_000));
const sha512 = createHash('sha512').update(payload).digest('hex');
const sha1 = createHash('sha1').update(payload).digest('hex');

describe('checksums and downloads', () => {
  let dir: string;
  let server: Server;
  let base: string;
  /** What the server sends: the real payload, or a corrupted copy. */
  let corrupt = false;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plinth-download-'));
    server = createServer((_req, res) => {
      const body = Buffer.from(payload);
      if (corrupt) body[100] = body[100]! ^ 0xff;
      res.writeHead(200, { 'content-length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a file whose digest matches, including "digest  filename" .sha1 files', async () => {
    const file = join(dir, 'good.bin');
    writeFileSync(file, payload);
    await verifyChecksum(file, { algorithm: 'sha512', digest: sha512 });
    await verifyChecksum(file, { algorithm: 'sha1', digest: `${sha1}  good.bin\n` });
  });

  it('rejects a corrupted file', async () => {
    const file = join(dir, 'bad.bin');
    const bytes = Buffer.from(payload);
    bytes[0] = 0;
    writeFileSync(file, bytes);
    await assert.rejects(verifyChecksum(file, { algorithm: 'sha512', digest: sha512 }), ChecksumError);
  });

  it('downloads and verifies, leaving the file only when it matches', async () => {
    const dest = join(dir, 'fetched.bin');
    corrupt = true;
    await assert.rejects(download('test', `${base}/a`, dest, { algorithm: 'sha512', digest: sha512 }), ChecksumError);
    assert.equal(existsSync(dest), false);
    assert.equal(existsSync(`${dest}.part`), false);

    corrupt = false;
    assert.equal(await download('test', `${base}/a`, dest, { algorithm: 'sha512', digest: sha512 }), dest);
    await verifyChecksum(dest, { algorithm: 'sha512', digest: sha512 });
  });

  it('replaces a cached file that no longer verifies', async () => {
    const dest = join(dir, 'cached.bin');
    writeFileSync(dest, 'truncated');
    await download('test', `${base}/b`, dest, { algorithm: 'sha1', digest: sha1 });
    await verifyChecksum(dest, { algorithm: 'sha1', digest: sha1 });
  });
});
