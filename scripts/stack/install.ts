// "Install once" for cache folders: a folder counts as installed only when its marker exists, and
// the marker is written last. Anything else found at that path is a half-finished attempt and is
// removed before trying again.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MARKER = '.plinth-installed';

export const isInstalled = (dir: string): boolean => existsSync(join(dir, MARKER));

export async function installOnce(dir: string, install: (dir: string) => Promise<void>): Promise<void> {
  if (isInstalled(dir)) return;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await install(dir);
  await writeFile(join(dir, MARKER), `${new Date().toISOString()}\n`);
}
