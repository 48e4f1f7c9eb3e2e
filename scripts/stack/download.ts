// Fetches an artifact once, with a progress bar, and accepts it only if its checksum matches.
// The file is written under a .part name and renamed after verification, so an interrupted or
// corrupted download is never mistaken for a good one.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { mib, progress, say } from './ui.js';

export type HashAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface Expected {
  algorithm: HashAlgorithm;
  /** Hex digest. */
  digest: string;
}

export class ChecksumError extends Error {}

export async function fileDigest(file: string, algorithm: HashAlgorithm): Promise<string> {
  const hash = createHash(algorithm);
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Throws ChecksumError naming both digests when the file does not match. */
export async function verifyChecksum(file: string, expected: Expected): Promise<void> {
  const actual = await fileDigest(file, expected.algorithm);
  // Published .sha1 files sometimes carry "<digest>  <filename>"; only the first word counts.
  const want = expected.digest.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  if (actual !== want) {
    throw new ChecksumError(
      `${expected.algorithm} mismatch for ${file}: expected ${want}, got ${actual}. ` +
        'The download is corrupt or was tampered with; it has been deleted, run the command again.',
    );
  }
}

const exists = async (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );

/** Downloads url to dest unless dest already exists and verifies. Returns dest. */
export async function download(service: string, url: string, dest: string, expected: Expected): Promise<string> {
  if (await exists(dest)) {
    try {
      await verifyChecksum(dest, expected);
      return dest;
    } catch {
      say(service, `cached ${dest} failed verification, downloading again`);
      await rm(dest, { force: true });
    }
  }
  await mkdir(dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  say(service, `downloading ${url}`);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new Error(`GET ${url} failed: HTTP ${response.status} ${response.statusText}`);
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const bar = progress(service, total, mib(total));
  let done = 0;
  const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    done += chunk.length;
    bar.update(done, `${mib(done)} / ${mib(total)}`);
  });
  try {
    await pipeline(body, createWriteStream(part));
  } finally {
    bar.stop();
  }
  try {
    await verifyChecksum(part, expected);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  await rename(part, dest);
  say(service, `downloaded ${mib(done)}, ${expected.algorithm} verified`);
  return dest;
}
