// `npm test`: lint, type-check, schema drift check, then every test (unit and integration) in one run of
// node's test runner against the real Neo4j, Keycloak and Temporal, which the launcher starts if needed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stackUp } from './stack/index.js';

// Each step's time and the whole run's are printed, so the suite's growth shows in every CI log.
const began = performance.now();
const timings: [string, number][] = [];
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function step(title: string, command: string, args: string[]): void {
  console.log(`\n▶ ${title}`);
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const took = performance.now() - start;
  timings.push([title, took]);
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal}) after ${seconds(took)}`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title}: ${seconds(took)}`);
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

const unitDirs = ['lib', 'graph-schema', 'domain', 'subgraphs', 'gateway', 'workflows', 'scripts', 'eslint-rules'];
const dirs = process.argv.includes('--unit') ? unitDirs : [...unitDirs, 'test'];
const files = dirs.flatMap(testsUnder).sort();
step(`tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]);

console.log(`\n${timings.map(([title, ms]) => `  ${title.padEnd(40)} ${seconds(ms)}`).join('\n')}\n  ${'npm test'.padEnd(40)} ${seconds(performance.now() - began)}`);
