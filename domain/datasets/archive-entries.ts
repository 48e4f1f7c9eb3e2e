// The files of a ZIP or tar archive, one at a time, streamed from disk: yauzl reads a zip's central
// directory and inflates one entry at a time; tar-stream walks a tar's headers in order. Nothing holds
// the archive whole. Every name is checked before its bytes are read (no absolute paths, no "..", no
// links), and the archive is refused as a possible zip bomb once its entries would expand past the
// limits: a 40 kB zip can declare petabytes.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { controlCharacterProblem } from '../../lib/subgraph/validate.js';
import { formatBytes } from '../../lib/http/upload.js';
import type { ArchiveFormat } from './formats.js';
import { DataFormatError } from './profile.js';

export interface ArchiveLimits {
  /** Total bytes all entries may expand to (the dataset size limit, PLINTH_MAX_DATASET_BYTES). */
  maxBytes: number;
  /** Entries of any kind, directories included. */
  maxEntries: number;
}

export interface ArchiveFile {
  /** The path inside the archive, without a leading "./". */
  name: string;
  /** Uncompressed bytes, as the archive declares them (and as read: a zip entry that differs is refused). */
  size: number;
  /** The entry's bytes; must be read to the end before the next entry comes. */
  chunks: AsyncIterable<Buffer>;
}

const label = (format: ArchiveFormat): string => (format === 'IMAGES_ZIP' ? 'ZIP' : 'tar');

/** Why an entry name may not be used, or null. Names become rows and labels keys, never paths on disk. */
export function entryNameProblem(name: string): string | null {
  if (name === '') return 'an entry has an empty name';
  const control = controlCharacterProblem(name, 'entry name');
  if (control) return control;
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name))
    return `entry "${name}" has an absolute path: entries must be relative paths inside the archive`;
  if (name.split(/[/\\]/).includes('..'))
    return `entry "${name}" climbs out of the archive with "..": entries must be relative paths inside the archive`;
  return null;
}

const normalise = (name: string): string => name.replace(/^(\.\/)+/, '');

function checkName(name: string): void {
  const problem = entryNameProblem(name);
  if (problem) throw new DataFormatError(problem);
}

function bomb(format: ArchiveFormat, what: string, limits: ArchiveLimits): DataFormatError {
  return new DataFormatError(
    `the ${label(format)} archive ${what} (limits: ${formatBytes(limits.maxBytes)} uncompressed, PLINTH_MAX_DATASET_BYTES, and ${limits.maxEntries.toLocaleString('en')} entries); refused as a possible zip bomb`,
  );
}

// yauzl checks names itself before it hands an entry over; its messages name the rule, not the danger.
function zipError(error: unknown): Error {
  if (error instanceof DataFormatError) return error;
  const message = (error as Error).message ?? String(error);
  const name = /^(?:absolute path|invalid relative path|invalid characters in fileName): (.*)$/s.exec(message)?.[1];
  if (name !== undefined) return new DataFormatError(entryNameProblem(name) ?? `entry "${name}": ${message}`);
  return new DataFormatError(`not a readable ZIP archive: ${message}`);
}

async function* verifiedZipChunks(stream: Readable, name: string, expected: number): AsyncGenerator<Buffer> {
  let crc = 0;
  try {
    for await (const chunk of stream) {
      crc = crc32(chunk as Buffer, crc);
      yield chunk as Buffer;
    }
  } catch (error) {
    // Inflating fails mid-entry (a damaged deflate stream, more bytes than declared): name it as the archive's fault.
    throw zipError(error);
  }
  if (crc >>> 0 !== expected >>> 0)
    throw new DataFormatError(
      `${name}: its bytes do not match the ZIP archive's CRC-32 checksum (the archive is corrupt)`,
    );
}

const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

async function* zipFiles(path: string, limits: ArchiveLimits): AsyncGenerator<ArchiveFile> {
  let zip: yauzl.ZipFile;
  try {
    // strictFileNames false: backslashes (from Windows zip tools) read as separators.
    zip = await yauzl.openPromise(path, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true });
  } catch (error) {
    throw zipError(error);
  }
  let stream: Readable | undefined;
  try {
    if (zip.entryCount > limits.maxEntries)
      throw bomb('IMAGES_ZIP', `has ${zip.entryCount.toLocaleString('en')} entries`, limits);
    let total = 0;
    const entries = zip.eachEntry();
    for (;;) {
      let next: IteratorResult<yauzl.Entry>;
      try {
        next = await entries.next();
      } catch (error) {
        throw zipError(error);
      }
      if (next.done) return;
      const entry = next.value;
      checkName(entry.fileName);
      const name = normalise(entry.fileName);
      if (name === '' || name.endsWith('/')) continue; // a directory
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (entry.versionMadeBy >>> 8 === UNIX_HOST && mode === S_IFLNK)
        throw new DataFormatError(`entry "${name}" is a symbolic link: image collections hold files only`);
      if (entry.isEncrypted()) throw new DataFormatError(`entry "${name}" is encrypted: Plinth cannot read it`);
      if (!entry.canDecodeFileData())
        throw new DataFormatError(
          `entry "${name}" uses compression method ${entry.compressionMethod}: only stored (0) and deflate (8) are read`,
        );
      total += entry.uncompressedSize;
      if (total > limits.maxBytes)
        throw bomb('IMAGES_ZIP', `expands to more than ${formatBytes(limits.maxBytes)}`, limits);
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch (error) {
        throw zipError(error);
      }
      const chunks = verifiedZipChunks(stream, name, entry.crc32);
      try {
        yield { name, size: entry.uncompressedSize, chunks };
        // Whatever the reader left unread is read here: the checksum covers every byte.
        for await (const _ of chunks);
      } catch (error) {
        throw zipError(error);
      }
    }
  } finally {
    stream?.destroy();
    zip.close();
  }
}

async function* tarChunks(entry: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* entry;
  } catch (error) {
    if (error instanceof DataFormatError) throw error;
    throw new DataFormatError(`not a readable tar archive: ${(error as Error).message}`);
  }
}

async function* tarFiles(path: string, limits: ArchiveLimits): AsyncGenerator<ArchiveFile> {
  const source = createReadStream(path);
  const extract = tar.extract();
  source.on('error', (error) => extract.destroy(error));
  source.pipe(extract);
  let entries = 0;
  let total = 0;
  try {
    for await (const entry of extract) {
      const { header } = entry;
      entries++;
      if (entries > limits.maxEntries) throw bomb('IMAGES_TAR', `has more than ${limits.maxEntries} entries`, limits);
      checkName(header.name);
      const name = normalise(header.name);
      const type = header.type ?? 'file';
      if (type === 'directory' || name === '' || name === '.') {
        entry.resume();
        continue;
      }
      if (type === 'symlink' || type === 'link')
        throw new DataFormatError(
          `entry "${name}" is a ${type === 'link' ? 'hard' : 'symbolic'} link: image collections hold files only`,
        );
      if (type !== 'file' && type !== 'contiguous-file')
        throw new DataFormatError(`entry "${name}" is a ${type}: image collections hold files only`);
      const size = header.size ?? 0;
      total += size;
      if (total > limits.maxBytes)
        throw bomb('IMAGES_TAR', `expands to more than ${formatBytes(limits.maxBytes)}`, limits);
      yield { name, size, chunks: tarChunks(entry as AsyncIterable<Buffer>) };
      // Unread bytes are skipped: the next header follows them.
      for await (const _ of entry);
    }
  } catch (error) {
    if (error instanceof DataFormatError) throw error;
    throw new DataFormatError(`not a readable tar archive: ${(error as Error).message}`);
  } finally {
    source.destroy();
    extract.destroy();
  }
}

/** The archive's files in their stored order (directories left out). Throws DataFormatError naming the problem. */
export function archiveFiles(path: string, format: ArchiveFormat, limits: ArchiveLimits): AsyncGenerator<ArchiveFile> {
  return format === 'IMAGES_ZIP' ? zipFiles(path, limits) : tarFiles(path, limits);
}
