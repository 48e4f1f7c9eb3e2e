// Where each file of a tar archive lies: one pass over its 512-byte headers (skipping the data by its
// size), so an entry can then be read by offset. tar-stream only streams, which would re-read every
// entry before the one wanted. Names follow ustar (prefix + name), GNU long names ('L') and pax
// extended headers ('x': path, size); global pax headers ('g') are skipped.
import type { FileHandle } from 'node:fs/promises';
import { DataFormatError } from '../datasets/profile.js';

export interface TarEntry {
  /** Byte offset of the entry's data in the archive. */
  offset: number;
  size: number;
}

const BLOCK = 512;

const text = (b: Buffer, start: number, length: number): string => {
  const field = b.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
};

function sizeField(b: Buffer): number {
  // GNU base-256: the high bit of the first byte set, the rest big-endian.
  if (b[124]! & 0x80) {
    let n = b[124]! & 0x7f;
    for (let i = 125; i < 136; i++) n = n * 256 + b[i]!;
    return n;
  }
  const octal = text(b, 124, 12).trim();
  const n = octal === '' ? 0 : parseInt(octal, 8);
  if (!Number.isSafeInteger(n) || n < 0) throw new DataFormatError('a tar header has an unreadable size');
  return n;
}

function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = parseInt(data.toString('latin1', at, space), 10);
    if (!Number.isSafeInteger(length) || length <= 0) break;
    const record = data.toString('utf8', space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

const normalise = (name: string): string => name.replace(/^(\.\/)+/, '');

/** Regular files of the archive by name (without a leading "./"). Throws DataFormatError for a damaged tar. */
export async function tarIndex(file: FileHandle): Promise<Map<string, TarEntry>> {
  const { size: total } = await file.stat();
  const entries = new Map<string, TarEntry>();
  const header = Buffer.alloc(BLOCK);
  let at = 0;
  let longName: string | undefined;
  let pax = new Map<string, string>();
  while (at + BLOCK <= total) {
    const { bytesRead } = await file.read(header, 0, BLOCK, at);
    if (bytesRead < BLOCK) break;
    if (header.every((b) => b === 0)) break; // the end-of-archive blocks
    const type = String.fromCharCode(header[156]! || 0x30);
    let size = sizeField(header);
    const dataAt = at + BLOCK;
    const next = dataAt + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'x' || type === 'g') {
      if (size > 1024 * 1024) throw new DataFormatError('a tar extended header is larger than 1 MiB');
      const data = Buffer.alloc(size);
      await file.read(data, 0, size, dataAt);
      if (type === 'L') longName = text(data, 0, size);
      else if (type === 'x') pax = paxRecords(data);
      at = next;
      continue;
    }
    const paxSize = pax.get('size');
    if (paxSize !== undefined) size = Number(paxSize);
    const ustar = header.toString('latin1', 257, 262) === 'ustar';
    const prefix = ustar ? text(header, 345, 155) : '';
    const name = normalise(
      pax.get('path') ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100)),
    );
    if ((type === '0' || type === '7') && name !== '' && !name.endsWith('/')) {
      if (dataAt + size > total) throw new DataFormatError(`the tar archive ends inside entry "${name}"`);
      entries.set(name, { offset: dataAt, size });
    }
    longName = undefined;
    pax = new Map();
    at = dataAt + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
