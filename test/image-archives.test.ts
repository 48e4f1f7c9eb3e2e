// Image collections read by Plinth (domain/datasets/images.ts), without the stack: real images of every
// format in ZIP and tar archives, labels files joined, and every refusal the upload path relies on
// (unsafe names, zip bombs, corrupt archives, labels naming files that are not there, no images).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectArchive } from '../domain/datasets/images.js';
import { ImageProbe } from '../domain/datasets/image-probe.js';
import { DataFormatError } from '../domain/datasets/profile.js';
import type { ArchiveFormat } from '../domain/datasets/formats.js';
import { collection, image, tarball, zip, type ZipEntry } from './helpers/archives.js';

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'plinth-images-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function inspect(bytes: Buffer, format: ArchiveFormat, limits?: { maxBytes: number; maxEntries: number }) {
  const path = join(dir, `a${n++}`);
  await writeFile(path, bytes);
  return inspectArchive(path, format, limits);
}

async function refused(
  bytes: Buffer,
  format: ArchiveFormat,
  pattern: RegExp,
  limits?: { maxBytes: number; maxEntries: number },
) {
  await assert.rejects(inspect(bytes, format, limits), (error: Error) => {
    assert.ok(error instanceof DataFormatError, `${error.name}: ${error.message}`);
    assert.match(error.message, pattern);
    return true;
  });
}

const { files, labelsCsv } = collection();
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('image collections', () => {
  for (const format of ['IMAGES_ZIP', 'IMAGES_TAR'] as const) {
    test(`${format}: every format's width and height, labels joined, non-images counted`, async () => {
      const entries = [
        ...files.map((f) => ({ name: f.name, data: f.data })),
        { name: 'labels.csv', data: labelsCsv },
        { name: 'README.txt', data: Buffer.from('nameplates, photographed 2026\n') },
        { name: '__MACOSX/images/._cat-1.png', data: Buffer.from([0, 5, 22, 7, 0, 2, 0, 0]) },
      ];
      const bytes =
        format === 'IMAGES_ZIP' ? zip(entries) : await tarball([{ name: 'images/', type: 'directory' }, ...entries]);
      const result = await inspect(bytes, format);
      const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : 1));
      assert.equal(result.rowCount, files.length);
      assert.deepEqual(
        result.images,
        sorted
          .map((f) => ({
            file: f.name,
            label: f.label,
            width: f.width,
            height: f.height,
            format: f.format,
            bytes: f.data.length,
          }))
          .map((r) => ({ ...r })),
      );
      assert.deepEqual(
        result.schema.columns.map((c) => c.name),
        ['file', 'label', 'width', 'height', 'format', 'bytes'],
      );
      const p = result.profile;
      assert.equal(p.kind, 'images');
      assert.equal(p.count, 6);
      assert.deepEqual(p.formats, { png: 2, jpeg: 1, gif: 1, webp: 1, bmp: 1 });
      assert.deepEqual(p.width, { min: 21, max: 100, mean: mean(files.map((f) => f.width)) });
      assert.deepEqual(p.height, { min: 13, max: 60, mean: mean(files.map((f) => f.height)) });
      assert.equal(
        p.bytes.total,
        files.reduce((s, f) => s + f.data.length, 0),
      );
      assert.deepEqual(p.labels, { cat: 2, dog: 2, 铭牌: 1 });
      assert.equal(p.unlabeled, 1);
      assert.deepEqual(p.labelFiles, ['labels.csv']);
      assert.deepEqual(p.otherFiles, { count: 2, examples: ['README.txt', '__MACOSX/images/._cat-1.png'] });
    });
  }

  test('labels.json alone, and agreeing with labels.csv; a conflict between them is refused', async () => {
    const json = Buffer.from(JSON.stringify({ 'images/cat-1.png': 'cat', './images/dog-1.gif': 'dog' }));
    const alone = await inspect(zip([...files, { name: 'labels.json', data: json }]), 'IMAGES_ZIP');
    assert.deepEqual(alone.profile.labels, { cat: 1, dog: 1 });
    assert.equal(alone.profile.unlabeled, 4);
    const both = await inspect(
      zip([...files, { name: 'labels.csv', data: labelsCsv }, { name: 'labels.json', data: json }]),
      'IMAGES_ZIP',
    );
    assert.deepEqual(both.profile.labelFiles, ['labels.csv', 'labels.json']);
    assert.deepEqual(both.profile.labels, { cat: 2, dog: 2, 铭牌: 1 });
    const conflicting = Buffer.from(JSON.stringify({ 'images/cat-1.png': 'dog' }));
    await refused(
      zip([...files, { name: 'labels.csv', data: labelsCsv }, { name: 'labels.json', data: conflicting }]),
      'IMAGES_ZIP',
      /images\/cat-1\.png is labelled both "cat" and "dog"/,
    );
  });

  test('a labels row naming a file that is not in the archive, or is no image, is refused', async () => {
    const extra = Buffer.concat([labelsCsv, Buffer.from('images/cat-9.png,cat\r\n')]);
    await refused(
      zip([...files, { name: 'labels.csv', data: extra }]),
      'IMAGES_ZIP',
      /labels\.csv labels images\/cat-9\.png, which is not in the archive/,
    );
    const readme = Buffer.from('file,label\nREADME.txt,cat\n');
    await refused(
      await tarball([...files, { name: 'README.txt', data: Buffer.from('x') }, { name: 'labels.csv', data: readme }]),
      'IMAGES_TAR',
      /labels README\.txt, which is in the archive but is not an image/,
    );
    await refused(
      zip([...files, { name: 'labels.csv', data: Buffer.from('name,class\na,b\n') }]),
      'IMAGES_ZIP',
      /must have the columns file and label/,
    );
    await refused(
      zip([...files, { name: 'labels.csv', data: Buffer.from('file,label\n"a,b\n') }]),
      'IMAGES_ZIP',
      /quoted field is never closed/,
    );
  });

  test('names that climb out of the archive or are absolute are refused, in ZIP and tar', async () => {
    const png = image('png', 8, 8);
    await refused(
      zip([{ name: '../evil.png', data: png }]),
      'IMAGES_ZIP',
      /"\.\.\/evil\.png" climbs out of the archive/,
    );
    await refused(zip([{ name: 'a/../../evil.png', data: png }]), 'IMAGES_ZIP', /climbs out of the archive/);
    await refused(zip([{ name: '/etc/evil.png', data: png }]), 'IMAGES_ZIP', /"\/etc\/evil\.png" has an absolute path/);
    await refused(zip([{ name: 'C:/evil.png', data: png }]), 'IMAGES_ZIP', /absolute path/);
    await refused(await tarball([{ name: '../evil.png', data: png }]), 'IMAGES_TAR', /climbs out of the archive/);
    await refused(await tarball([{ name: '/etc/evil.png', data: png }]), 'IMAGES_TAR', /absolute path/);
    await refused(
      await tarball([
        { name: 'a.png', data: png },
        { name: 'b.png', type: 'symlink', linkname: '/etc/passwd' },
      ]),
      'IMAGES_TAR',
      /"b\.png" is a symbolic link/,
    );
  });

  test('zip bombs: expanding past the size limit, a size that lies, too many entries', async () => {
    const zeros = Buffer.alloc(3 * 1024 * 1024);
    const bomb = zip([
      { name: 'a.png', data: image('png', 8, 8) },
      { name: 'zeros.bin', data: zeros },
    ]);
    assert.ok(bomb.length < 10_000, `the bomb is small (${bomb.length} bytes)`);
    await refused(bomb, 'IMAGES_ZIP', /expands to more than 1\.0 MiB.*possible zip bomb/, {
      maxBytes: 1024 * 1024,
      maxEntries: 100,
    });
    // The central directory says 100 bytes; inflating gives 3 MiB: yauzl stops at the declared size.
    const liar = zip([
      { name: 'a.png', data: image('png', 8, 8) },
      { name: 'zeros.bin', data: zeros, declaredSize: 100 },
    ]);
    await refused(liar, 'IMAGES_ZIP', /not a readable ZIP archive: too many bytes in the stream/, {
      maxBytes: 1024 * 1024,
      maxEntries: 100,
    });
    const many: ZipEntry[] = Array.from({ length: 6 }, (_, i) => ({ name: `i${i}.png`, data: image('png', 4, 4) }));
    await refused(zip(many), 'IMAGES_ZIP', /has 6 entries.*possible zip bomb/, { maxBytes: 1e9, maxEntries: 5 });
    await refused(await tarball(many), 'IMAGES_TAR', /has more than 5 entries.*possible zip bomb/, {
      maxBytes: 1e9,
      maxEntries: 5,
    });
    // Within the limits, the same collection passes.
    assert.equal((await inspect(zip(many), 'IMAGES_ZIP', { maxBytes: 1e9, maxEntries: 6 })).rowCount, 6);
  });

  test('corrupt archives, damaged images and archives with no image are refused with what is wrong', async () => {
    const good = zip(files);
    await refused(
      good.subarray(0, good.length - 30),
      'IMAGES_ZIP',
      /not a readable ZIP archive: end of central directory record signature not found/i,
    );
    await refused(
      zip([{ name: 'a.png', data: image('png', 8, 8), declaredCrc: 12345 }]),
      'IMAGES_ZIP',
      /a\.png: its bytes do not match the ZIP archive's CRC-32/,
    );
    const tarred = await tarball(files);
    await refused(tarred.subarray(0, 1000), 'IMAGES_TAR', /not a readable tar archive/);
    await refused(
      zip([{ name: 'photo.jpg', data: Buffer.from('not a picture at all, just text') }]),
      'IMAGES_ZIP',
      /photo\.jpg is named like an image but its bytes are not/,
    );
    const png = image('png', 8, 8);
    await refused(
      zip([{ name: 'cut.png', data: png.subarray(0, 12) }]),
      'IMAGES_ZIP',
      /cut\.png starts like a PNG image but its header is cut short/,
    );
    await refused(
      zip([{ name: 'README.md', data: Buffer.from('# hello') }]),
      'IMAGES_ZIP',
      /holds no images .*README\.md/,
    );
    await refused(zip([]), 'IMAGES_ZIP', /holds no images .*it is empty/);
    await refused(
      zip([
        { name: 'a.png', data: png },
        { name: 'a.png', data: png },
      ]),
      'IMAGES_ZIP',
      /two entries named "a\.png"/,
    );
  });
});

describe('image headers', () => {
  const probe = (bytes: Buffer, step: number) => {
    const p = new ImageProbe('x');
    for (let i = 0; i < bytes.length; i += step) p.feed(bytes.subarray(i, i + step));
    return p.finish();
  };

  test('a JPEG frame header after 200 kB of APP segments, fed one byte or 4 kB at a time', () => {
    const jpeg = image('jpeg', 123, 45);
    // SOI, then three APP1/APP2 segments (EXIF, ICC chunks), then the encoder's own segments.
    // A segment's length counts its own two bytes, not the marker: 65,000 here, so 64,998 bytes of body.
    const app = (marker: number) =>
      Buffer.concat([Buffer.from([0xff, marker]), Buffer.from([0xfd, 0xe8]), Buffer.alloc(65000 - 2, 0xff)]);
    const padded = Buffer.concat([jpeg.subarray(0, 2), app(0xe1), app(0xe2), app(0xe2), jpeg.subarray(2)]);
    for (const step of [1, 7, 4096, padded.length])
      assert.deepEqual(probe(padded, step), { format: 'jpeg', width: 123, height: 45 });
  });

  test('WebP lossy (VP8), lossless (VP8L) and extended (VP8X) headers', () => {
    const riff = (chunk: string, body: Buffer) =>
      Buffer.concat([
        Buffer.from('RIFF'),
        Buffer.alloc(4),
        Buffer.from('WEBP'),
        Buffer.from(chunk, 'latin1'),
        Buffer.alloc(4),
        body,
      ]);
    const vp8 = Buffer.alloc(14);
    vp8.set([0x9d, 0x01, 0x2a], 3);
    vp8.writeUInt16LE(321, 6);
    vp8.writeUInt16LE(123, 8);
    assert.deepEqual(probe(riff('VP8 ', vp8), 3), { format: 'webp', width: 321, height: 123 });
    const vp8l = Buffer.alloc(8);
    vp8l[0] = 0x2f;
    vp8l.writeUInt32LE((1000 - 1) | ((750 - 1) << 14), 1);
    assert.deepEqual(probe(riff('VP8L', vp8l), 5), { format: 'webp', width: 1000, height: 750 });
    assert.deepEqual(probe(image('webp', 50, 40), 2), { format: 'webp', width: 50, height: 40 });
  });

  test('not an image: null; an image with a zero side: refused', () => {
    assert.equal(probe(Buffer.from('col1,col2\n1,2\n'), 4), null);
    const gif = image('gif', 4, 4);
    gif.writeUInt16LE(0, 6);
    assert.throws(() => probe(gif, 100), /x is a GIF image of 0x4 pixels/);
    // A PNG header claiming a side past PNG's own limit of 2^31 - 1.
    const png = image('png', 4, 4);
    png.writeUInt32BE(0xffffffff, 16);
    assert.throws(() => probe(png, 100), /x is a PNG image of 4294967295x4 pixels/);
  });
});
