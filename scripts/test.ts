// `npm test`: lint, type-check, schema drift check, then every test (unit and integration) in one run of
// node's test runner against the real Neo4j, Keycloak, Temporal and s3proxy, which the launcher starts if needed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Each step's time and the whole run's are printed, so the suite's growth shows in every CI log.
const began = performance.now();
const timings: [string, number][] = [];
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** `after` runs whether the step passed or failed (before a failure exits). */
function step(title: string, command: string, args: string[], after?: () => void): void {
  console.log(`\n▶ ${title}`);
  const start = performance.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const took = performance.now() - start;
  timings.push([title, took]);
  after?.();
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal}) after ${seconds(took)}`);
    process.exit(result.status ?? 1);
  }
  console.log(`✔ ${title}: ${seconds(took)}`);
}

const npx = 'npx';
step('lint (eslint)', npx, ['eslint', '.']);
step('format (prettier --check)', npx, ['prettier', '--check', '.']);
step('type-check (tsc --noEmit)', npx, ['tsc', '--noEmit', '-p', '.']);
step('type-check portal (tsc --noEmit -p ui)', npx, ['tsc', '--noEmit', '-p', 'ui']);
step('schema drift (compose:check)', npx, ['tsx', 'scripts/compose.ts', '--check']);

if (!process.argv.includes('--unit')) {
  // In a child process of its own, not here: this process then blocks in spawnSync for the whole run and
  // could not reap a service it had started, so a test that stops Neo4j (test/chaos) would wait for a
  // zombie that stays in its process group. Started by a process that exits, the services are reaped by init.
  step('stack (Neo4j, Keycloak, Temporal, s3proxy)', npx, ['tsx', 'scripts/stack/cli.ts', 'up']);
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

// Each file's wall time (hooks included), recorded by a second reporter beside the usual one (spec on a
// terminal, tap otherwise, as node 20 picks by default) and printed slowest first, failed or not.
const durationsDir = mkdtempSync(join(tmpdir(), 'plinth-test-'));
const durationsFile = join(durationsDir, 'durations.jsonl');
function printFileDurations(): void {
  type Row = { file: string; ms: number; passed: boolean };
  type Failure = { failure: true; file: string; name: string; error: string };
  const records = existsSync(durationsFile)
    ? readFileSync(durationsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Row | Failure)
    : [];
  rmSync(durationsDir, { recursive: true, force: true });
  const failures = records.filter((r): r is Failure => 'failure' in r);
  const rows = records.filter((r): r is Row => !('failure' in r));
  if (failures.length > 0) {
    console.log(`\nFailed tests (${failures.length}):`);
    for (const f of failures) console.log(`  ✖ ${f.file} › ${f.name}\n${f.error.replace(/^/gm, '      ')}`);
  }
  if (rows.length === 0) return;
  rows.sort((a, b) => b.ms - a.ms);
  const top = rows.slice(0, 20);
  const width = Math.max(...top.map((r) => r.file.length), 24);
  const line = (label: string, ms: number, note = '') => `  ${label.padEnd(width)} ${seconds(ms).padStart(8)}${note}`;
  const sum = (list: typeof rows) => list.reduce((n, r) => n + r.ms, 0);
  console.log(`\nTest files by duration (slowest ${top.length} of ${rows.length}):`);
  for (const r of top) console.log(line(r.file, r.ms, r.passed ? '' : '  ✖ failed'));
  if (rows.length > top.length)
    console.log(line(`(${rows.length - top.length} more files)`, sum(rows.slice(top.length))));
  console.log(line(`all ${rows.length} files`, sum(rows)));
}
step(
  `tests (${files.length} files)`,
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=1',
    // A file whose tests are done but whose process stays alive (a leaked timer or socket) must not hang CI.
    '--test-force-exit',
    `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
    '--test-reporter-destination=stdout',
    `--test-reporter=${fileURLToPath(new URL('./test-file-durations.mjs', import.meta.url))}`,
    `--test-reporter-destination=${durationsFile}`,
    ...files,
  ],
  printFileDurations,
);

console.log(
  `\n${timings.map(([title, ms]) => `  ${title.padEnd(40)} ${seconds(ms)}`).join('\n')}\n  ${'npm test'.padEnd(40)} ${seconds(performance.now() - began)}`,
);
