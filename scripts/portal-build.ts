// Builds the portal (ui/, React + Vite) when its sources changed since the last build, and writes a
// brotli and a gzip copy of each text asset beside it, which the gateway serves to browsers that accept
// them (gateway/portal.ts). `npm start` and the browser tests call it; a build takes a few seconds.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
export const portalDist = join(root, 'ui', 'dist');
const digestFile = join(portalDist, '.source-digest');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());

/** Digest of everything the build reads: sources, page, build config and the locked dependency tree. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...filesUnder(join(root, 'ui', 'src')).sort(),
    ...['index.html', 'vite.config.ts', 'package.json'].map((f) => join(root, 'ui', f)),
    join(root, 'package-lock.json'),
  ];
  for (const file of inputs) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

function precompress(): number {
  let count = 0;
  for (const file of filesUnder(portalDist)) {
    if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
    const body = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    count += 1;
  }
  return count;
}

/** Builds ui/dist unless it was built from the sources as they are now. Returns whether it built. */
export function ensurePortalBuilt(log: (line: string) => void = console.log): boolean {
  const digest = sourceDigest();
  if (existsSync(digestFile) && readFileSync(digestFile, 'utf8') === digest) return false;
  log('portal: sources changed since the last build; building ui/ (vite)…');
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(root, 'ui', 'vite.config.ts'),
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0)
    throw new Error(`portal build failed (vite exit ${result.status ?? result.signal}); see above`);
  const files = precompress();
  writeFileSync(digestFile, digest);
  log(`portal: built in ${((performance.now() - started) / 1000).toFixed(1)} s (${files} assets compressed)`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensurePortalBuilt();
