// sha256 of local files, remembered while a file is untouched.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

export async function sha256File(path: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: hash.digest('hex'), size };
}

// Hashing a gigabyte on every read would make a row preview cost seconds. A file whose inode, size,
// mtime and ctime are unchanged since it was hashed has not been written: ctime cannot be set back by
// any user-level tool (touch -r sets mtime only), so a changed byte always shows in the key.
const hashed = new Map<string, { digest: string; size: number }>();
const statKey = (s: Awaited<ReturnType<typeof stat>>): string =>
  `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

/** sha256 of a local file, remembered while the file is untouched. */
export async function digestOf(path: string): Promise<{ digest: string; size: number }> {
  const key = `${path}|${statKey(await stat(path))}`;
  const known = hashed.get(key);
  if (known) return known;
  const result = await sha256File(path);
  // Only if the file did not change while it was read.
  if (`${path}|${statKey(await stat(path))}` === key) {
    if (hashed.size > 10_000) hashed.clear();
    hashed.set(key, result);
  }
  return result;
}
