// The one ZIP writer (no data descriptors, no zip64): the seed's image collections (entries stored,
// method 0: PNGs are compressed already) and the tests' archives, which may also ask for what no zip
// tool would write (a lying size or checksum) to see Plinth refuse it. A fixed timestamp, and entries
// in the caller's order, so the same files always make the same bytes.
import { crc32, deflateRawSync } from 'node:zlib';

/** 1980-01-01 00:00, the earliest DOS date: no clock reaches the archive. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** General-purpose flag bit 11: names are UTF-8. */
const UTF8 = 0x0800;

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** 'deflate' (default) or 'store'. */
  method?: 'deflate' | 'store';
  /** Declared uncompressed size, when a test wants it to lie. */
  declaredSize?: number;
  /** Declared CRC-32, when a test wants it to lie. */
  declaredCrc?: number;
}

/** A ZIP archive of the given entries, in order. */
export function zip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method === 'store' ? 0 : 8;
    const body = method === 8 ? deflateRawSync(entry.data) : entry.data;
    const crc = (entry.declaredCrc ?? crc32(entry.data)) >>> 0;
    const size = entry.declaredSize ?? entry.data.length;
    // The local header from byte 4 and the central directory's from byte 6 hold the same fields.
    const fields = (header: Buffer, at: number): Buffer => {
      header.writeUInt16LE(20, at); // version needed: 2.0
      header.writeUInt16LE(UTF8, at + 2);
      header.writeUInt16LE(method, at + 4);
      header.writeUInt16LE(DOS_TIME, at + 6);
      header.writeUInt16LE(DOS_DATE, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(body.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
      return header;
    };
    const local = fields(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    parts.push(local, name, body);
    const header = fields(Buffer.alloc(46), 6);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by: 2.0
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** The seed's archives: every entry stored as it is. */
export function zipStored(entries: { name: string; bytes: Buffer }[]): Buffer {
  return zip(entries.map(({ name, bytes }) => ({ name, data: bytes, method: 'store' })));
}
