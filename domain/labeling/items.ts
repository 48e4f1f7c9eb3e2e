// The bytes of one labeling item: a file inside an image collection version. The version is read through
// readVersionBytes (so the archive is the one registered, or the read fails naming both digests; the
// digest of an untouched file is remembered, so this costs a query and a stat after the first read), and
// the file is found by random access: a ZIP's central directory or a tar's headers are indexed once per
// archive and kept for the last few archives, so reading the 1,000th image does not re-read 999 others.
// A ZIP entry's CRC-32 is checked on every read. The content type comes from the bytes, never the name.
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { Driver } from 'neo4j-driver';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { readVersionBytes } from '../datasets/integrity.js';
import { ImageProbe, type ImageFormat } from '../datasets/image-probe.js';
import { isTabular } from '../datasets/formats.js';
import { DataFormatError } from '../datasets/profile.js';
import { decodeBmp } from './bmp.js';
import { tarIndex, type TarEntry } from './tar-index.js';

/** One item is one image: 64 MiB is far above any image worth labeling, and bounds a request's memory. */
export const MAX_ITEM_BYTES = 64 * 1024 * 1024;

export const CONTENT_TYPES: Record<ImageFormat, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
};

export interface ItemBytes {
  bytes: Buffer;
  format: ImageFormat;
  /** From the magic bytes: image/png, image/jpeg, … */
  contentType: string;
  width: number;
  height: number;
}

/** The item is not a file of the version (or the version is not an image collection). */
export class ItemNotFoundError extends Error {
  override readonly name = 'ItemNotFoundError';
}

type Index =
  | { kind: 'zip'; zip: yauzl.ZipFile; entries: Map<string, yauzl.Entry> }
  | { kind: 'tar'; file: FileHandle; entries: Map<string, TarEntry> };

// Keyed by path and digest: the store names a blob by its digest, and a version verified under another
// digest is another archive. Opened once; a handle left open per cached archive (at most CACHED).
const CACHED = 4;
const indexes = new Map<string, Promise<Index>>();

const normalise = (name: string): string => name.replace(/^(\.\/)+/, '');

async function zipIndex(path: string): Promise<Index> {
  const zip = await yauzl.openPromise(path, {
    lazyEntries: true,
    decodeStrings: true,
    validateEntrySizes: true,
    autoClose: false,
  });
  const entries = new Map<string, yauzl.Entry>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = normalise(entry.fileName);
      if (name !== '' && !name.endsWith('/')) entries.set(name, entry);
    }
  } catch (error) {
    zip.close();
    throw error;
  }
  return { kind: 'zip', zip, entries };
}

async function openIndex(path: string, digest: string, format: 'IMAGES_ZIP' | 'IMAGES_TAR'): Promise<Index> {
  const key = `${digest}|${path}`;
  let index = indexes.get(key);
  if (index) {
    indexes.delete(key);
    indexes.set(key, index);
    return index;
  }
  index =
    format === 'IMAGES_ZIP'
      ? zipIndex(path)
      : open(path, 'r').then(async (file) => {
          try {
            return { kind: 'tar' as const, file, entries: await tarIndex(file) };
          } catch (error) {
            await file.close();
            throw error;
          }
        });
  indexes.set(key, index);
  index.catch(() => indexes.delete(key));
  while (indexes.size > CACHED) {
    const [oldest, evicted] = indexes.entries().next().value!;
    indexes.delete(oldest);
    // Closed a little later, so a read that took the handle just before still finishes.
    void evicted
      .then((i) => setTimeout(() => (i.kind === 'zip' ? i.zip.close() : void i.file.close()), 30_000).unref())
      .catch(() => undefined);
  }
  return index;
}

async function readZipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, item: string): Promise<Buffer> {
  const stream: Readable = await zip.openReadStreamPromise(entry);
  const parts: Buffer[] = [];
  let crc = 0;
  for await (const chunk of stream) {
    crc = crc32(chunk as Buffer, crc);
    parts.push(chunk as Buffer);
  }
  if (crc >>> 0 !== entry.crc32 >>> 0)
    throw new DataFormatError(
      `${item}: its bytes do not match the ZIP archive's CRC-32 checksum (the archive is corrupt)`,
    );
  return Buffer.concat(parts);
}

async function readTarEntry(file: FileHandle, entry: TarEntry): Promise<Buffer> {
  const bytes = Buffer.alloc(entry.size);
  const { bytesRead } = await file.read(bytes, 0, entry.size, entry.offset);
  if (bytesRead !== entry.size) throw new DataFormatError('the tar archive ends inside an entry');
  return bytes;
}

/** What an image's bytes are, from its magic bytes and header; throws ItemNotFoundError for anything else. */
export function probeImage(bytes: Buffer, item: string): Omit<ItemBytes, 'bytes'> {
  const probe = new ImageProbe(item);
  probe.feed(bytes);
  const header = probe.finish();
  if (!header) throw new ItemNotFoundError(`${item} is not an image (PNG, JPEG, GIF, WebP or BMP)`);
  return { ...header, contentType: CONTENT_TYPES[header.format] };
}

/**
 * The bytes of file `item` inside image collection version `versionId`, with its content type and size.
 * `reader` names who read, for the audit event an integrity failure writes. Throws IntegrityError (the
 * archive is not the one registered), ItemNotFoundError (no such image in it), DataFormatError (corrupt).
 */
export async function readItemBytes(
  driver: Driver,
  versionId: string,
  item: string,
  reader = 'labeling',
): Promise<ItemBytes> {
  const version = await readVersionBytes(driver, versionId, reader);
  if (isTabular(version.format))
    throw new ItemNotFoundError(`dataset version ${versionId} is ${version.format}, not an image collection`);
  return readArchiveItem(version.path, version.digest, version.format, item, versionId);
}

/**
 * File `item` of an archive already verified (readVersionBytes; a benchmark's own file): the random-access
 * read readItemBytes makes after its check. `digest` keys the archive's cached index.
 */
export async function readArchiveItem(
  path: string,
  digest: string,
  format: 'IMAGES_ZIP' | 'IMAGES_TAR',
  item: string,
  versionId = 'the archive',
): Promise<ItemBytes> {
  const index = await openIndex(path, digest, format);
  const name = normalise(item);
  const entry = index.entries.get(name);
  if (!entry)
    throw new ItemNotFoundError(
      `${versionId === 'the archive' ? versionId : `dataset version ${versionId}`} has no file "${item}"`,
    );
  const size = index.kind === 'zip' ? (entry as yauzl.Entry).uncompressedSize : (entry as TarEntry).size;
  if (size > MAX_ITEM_BYTES) throw new ItemNotFoundError(`${item} is ${size} bytes, more than an item may be`);
  const bytes =
    index.kind === 'zip'
      ? await readZipEntry(index.zip, entry as yauzl.Entry, name)
      : await readTarEntry(index.file, entry as TarEntry);
  return { bytes, ...probeImage(bytes, name) };
}

/**
 * An image as size×size grey values in 0..1, row-major: greyscale, resized to fill the square (aspect
 * ratio not kept, as a classifier's fixed inputs need), raw. The features px0..px63 of a label version
 * (size 8) and of a classifier's input are computed here, so training and pre-annotation agree.
 */
export async function greyPixels(bytes: Buffer, size = 8): Promise<Float32Array> {
  if (!Number.isInteger(size) || size < 1 || size > 1024) throw new RangeError('size must be an integer 1..1024');
  const input =
    bytes[0] === 0x42 && bytes[1] === 0x4d
      ? (() => {
          const bmp = decodeBmp(bytes);
          return sharp(bmp.data, { raw: { width: bmp.width, height: bmp.height, channels: 3 } });
        })()
      : sharp(bytes, { limitInputPixels: 8192 * 8192 });
  const raw = await input
    .rotate()
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(size, size, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer();
  const out = new Float32Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = raw[i]! / 255;
  return out;
}
