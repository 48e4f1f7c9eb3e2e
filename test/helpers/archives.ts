// Image collections for tests: real images of known sizes in every format Plinth reads (PNG, JPEG, GIF
// and WebP rendered by @napi-rs/canvas, BMP written by hand), packed into ZIP archives by the seed's
// writer (scripts/seed/zip.ts, byte by byte, so a test can also write what no zip tool would: "../"
// names, a lying size, a bad checksum) and tar archives written by tar-stream.
import { createCanvas } from '@napi-rs/canvas';
import tar from 'tar-stream';

export { zip, type ZipEntry } from '../../scripts/seed/zip.js';

export type Format = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';

/** A 24-bit BMP (BITMAPINFOHEADER, bottom-up), filled with one colour. */
export function bmp(width: number, height: number, rgb: [number, number, number] = [200, 40, 40]): Buffer {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) pixels.set([rgb[2], rgb[1], rgb[0]], y * stride + x * 3);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14);
  header.writeInt32LE(width, 18);
  header.writeInt32LE(height, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

/** An image of the given size with a little drawn in it (so it compresses like a picture, not a blank). */
export function image(format: Format, width: number, height: number, text = 'Plinth'): Buffer {
  if (format === 'bmp') return bmp(width, height);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#f4f1e8';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#1d4e89';
  ctx.fillRect(2, 2, Math.max(1, width / 3), Math.max(1, height / 3));
  ctx.fillStyle = '#111111';
  ctx.font = `${Math.max(8, Math.floor(height / 4))}px sans-serif`;
  ctx.fillText(text, 4, height / 2);
  switch (format) {
    case 'png':
      return canvas.toBuffer('image/png');
    case 'jpeg':
      return canvas.toBuffer('image/jpeg', 90);
    case 'gif':
      return canvas.toBuffer('image/gif');
    case 'webp':
      return canvas.toBuffer('image/webp', 90);
  }
}

export interface TarEntry {
  name: string;
  data?: Buffer;
  type?: 'file' | 'directory' | 'symlink';
  linkname?: string;
}

/** A ustar archive of the given entries, in order. */
export async function tarball(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const parts: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) parts.push(chunk as Buffer);
  })();
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name: entry.name, type, size: type === 'file' ? entry.data!.length : 0, linkname: entry.linkname },
        type === 'file' ? entry.data! : Buffer.alloc(0),
        (error) => (error ? reject(error) : resolve()),
      ),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(parts);
}

/** The images of a small labelled collection: every format, known sizes and labels. */
export function collection(): {
  files: { name: string; data: Buffer; format: Format; width: number; height: number; label: string | null }[];
  labelsCsv: Buffer;
} {
  const spec: [string, Format, number, number, string | null][] = [
    ['images/cat-1.png', 'png', 64, 48, 'cat'],
    ['images/cat-2.jpg', 'jpeg', 80, 60, 'cat'],
    ['images/dog-1.gif', 'gif', 32, 32, 'dog'],
    ['images/dog-2.webp', 'webp', 50, 40, 'dog'],
    ['images/nameplate, "A".bmp', 'bmp', 21, 13, '铭牌'],
    ['images/unlabelled.png', 'png', 100, 20, null],
  ];
  const files = spec.map(([name, format, width, height, label]) => ({
    name,
    data: image(format, width, height),
    format,
    width,
    height,
    label,
  }));
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const labelsCsv = Buffer.from(
    ['file,label', ...files.filter((f) => f.label !== null).map((f) => `${quote(f.name)},${quote(f.label!)}`)].join(
      '\r\n',
    ) + '\r\n',
  );
  return { files, labelsCsv };
}
