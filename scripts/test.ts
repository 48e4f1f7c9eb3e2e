// `npm test`: lint, type-check, schema drift check, then every test (unit and integration) in one run of
// node's test runner against the real Neo4j, Keycloak and Temporal, which the launcher starts if needed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stackUp } from './stack/index.js';

function step(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const npx = 'npx';
step('lint (eslint)', npx, ['eslint', '.']);
step('type-check (tsc --noEmit)', npx, ['tsc', '--noEmit', '-p', '.']);
step('schema drift (compose:check)', npx, ['tsx', 'scripts/compose.ts', '--check']);

if (!process.argv.includes('--unit')) {
  console.log('\n▶ stack (Neo4j, Keycloak, Temporal)');
  await stackUp();
  step('graph migrations', npx, ['tsx', 'graph-schema/cli.ts']);
}

/** *.test.ts files under a folder (Node 20 has no fs.globSync). */
const testsUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'))
    .map((f) => join(dir, f));

const unitDirs = ['lib', 'subgraphs', 'gateway', 'graph-schema', 'workflows', 'scripts'];
const dirs = process.argv.includes('--unit') ? unitDirs : [...unitDirs, 'test'];
const files = dirs.flatMap(testsUnder).sort();
step(`tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]);
