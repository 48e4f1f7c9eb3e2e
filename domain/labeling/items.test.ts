// Item bytes without the stack: the tar index finds every file by offset (ustar prefix, GNU long names,
// pax paths, directories and links left out), a damaged tar is refused, images are recognised by their
// bytes whatever their name, and greyPixels gives the grey values a classifier is trained on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import tar from 'tar-stream';
import { bmp, collection } from '../../test/helpers/archives.js';
import { DataFormatError } from '../datasets/profile.js';
import { greyPixels, ItemNotFoundError, probeImage } from './items.js';
import { tarIndex } from './tar-index.js';

async function pack(
  entries: { name: string; data?: Buffer; type?: 'file' | 'directory' | 'symlink'; pax?: boolean }[],
) {
  const p = tar.pack();
  const parts: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of p) parts.push(chunk as Buffer);
  })();
  for (const e of entries) {
    const type = e.type ?? 'file';
    const data = type === 'file' ? e.data! : Buffer.alloc(0);
    await new Promise<void>((resolve, reject) =>
      p.entry(
        {
          name: e.name,
          type,
          size: data.length,
          linkname: type === 'symlink' ? 'x' : undefined,
          pax: e.pax ? { comment: 'pax' } : undefined,
        },
        data,
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  p.finalize();
  await done;
  return Buffer.concat(parts);
}

async function indexOf(bytes: Buffer) {
  const dir = await mkdtemp(join(tmpdir(), 'plinth-tar-index-'));
  const path = join(dir, 'a.tar');
  await writeFile(path, bytes);
  const file = await open(path, 'r');
  try {
    return await tarIndex(file);
  } finally {
    await file.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('tar index: every file by name and offset; long names, pax and ustar prefixes; no directories or links', async () => {
  const { files } = collection();
  const long = `deep/${'d'.repeat(120)}/${'n'.repeat(90)}.png`; // over 100 characters: prefix or long name
  const chinese = `图片/铭牌-${'长'.repeat(60)}.png`; // over 100 UTF-8 bytes: a pax path
  const entries: { name: string; data?: Buffer; type?: 'file' | 'directory' | 'symlink'; pax?: boolean }[] = [
    { name: 'images/', type: 'directory' as const },
    ...files.map((f) => ({ name: f.name, data: f.data })),
    { name: long, data: files[0]!.data },
    { name: chinese, data: files[1]!.data },
    { name: './dot/slash.bmp', data: bmp(3, 2) },
    { name: 'link.png', type: 'symlink' as const },
    { name: 'with-pax.png', data: files[2]!.data, pax: true },
  ];
  const bytes = await pack(entries);
  const index = await indexOf(bytes);
  const expected = entries.filter((e) => (e.type ?? 'file') === 'file');
  assert.deepEqual([...index.keys()].sort(), expected.map((e) => e.name.replace(/^\.\//, '')).sort());
  for (const e of expected) {
    const at = index.get(e.name.replace(/^\.\//, ''))!;
    assert.equal(at.size, e.data!.length, e.name);
    assert.ok(bytes.subarray(at.offset, at.offset + at.size).equals(e.data!), `${e.name}: bytes at its offset`);
  }
});

test('tar index: an archive cut inside an entry is refused, not read short', async () => {
  const bytes = await pack([{ name: 'a.png', data: Buffer.alloc(5000, 7) }]);
  await assert.rejects(indexOf(bytes.subarray(0, 2048)), (error: Error) => {
    assert.ok(error instanceof DataFormatError);
    assert.match(error.message, /ends inside entry "a\.png"/);
    return true;
  });
});

test('probeImage: the content type comes from the bytes, not the name; a non-image is not an item', () => {
  for (const f of collection().files) {
    const probed = probeImage(f.data, 'x.bin');
    assert.equal(probed.format, f.format);
    assert.equal(probed.contentType, `image/${f.format}`);
    assert.deepEqual([probed.width, probed.height], [f.width, f.height]);
  }
  assert.throws(() => probeImage(Buffer.from('<html><script>alert(1)</script>'), 'evil.png'), ItemNotFoundError);
});

test('greyPixels: size² values in 0..1, row-major, aspect ratio not kept', async () => {
  // Left half black, right half white, on a wide image: each row reads dark then light.
  const canvas = createCanvas(64, 16);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 64, 16);
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, 32, 16);
  const px = await greyPixels(canvas.toBuffer('image/png'));
  assert.equal(px.length, 64);
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      const v = px[row * 8 + col]!;
      assert.ok(v >= 0 && v <= 1);
      if (col < 3) assert.ok(v < 0.1, `row ${row} col ${col}: ${v}`);
      if (col > 4) assert.ok(v > 0.9, `row ${row} col ${col}: ${v}`);
    }
  }
  // A BMP (which sharp cannot read; decoded by bmp.ts) gives what the same pixels give as a PNG.
  const redPng = createCanvas(10, 30);
  const rctx = redPng.getContext('2d');
  rctx.fillStyle = '#ff0000';
  rctx.fillRect(0, 0, 10, 30);
  const fromPng = await greyPixels(redPng.toBuffer('image/png'), 4);
  const fromBmp = await greyPixels(bmp(10, 30, [255, 0, 0]), 4);
  assert.equal(fromBmp.length, 16);
  assert.ok(fromBmp[0]! > 0.2 && fromBmp[0]! < 0.8, String(fromBmp[0]));
  assert.deepEqual([...fromBmp], [...fromPng]);
  await assert.rejects(greyPixels(Buffer.from('not an image')));
});
