// `npm test`: lint, type-check, schema drift check, then every test (unit and integration) with node's test
// runner against the real Neo4j, Keycloak, Temporal and s3proxy, which the launcher starts if needed.
//   npm test                        everything
//   npm test -- --unit              checks and the unit tests beside the code; no stack
//   npm test -- --no-checks [files] the tests only (all, or the files named), as the full run would run them
//   npm test -- --no-tests          the checks only
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSideBySide, runStep, seconds, type Step, type StepResult } from './test-steps.js';

// Each step's time and the whole run's are printed, so the suite's growth shows in every CI log.
const began = performance.now();
const timings: StepResult[] = [];
const flags = new Set(process.argv.slice(2).filter((a) => a.startsWith('--')));
const named = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unitOnly = flags.has('--unit');
const checksOnly = flags.has('--no-tests');
// Processes side by side: one per core, at most 4 (a test process with the TypeScript program loaded, as the
// lint tests' is, takes about 1 GB).
const cores = Math.min(availableParallelism(), 4);

function exitOnFailure(results: StepResult[]): void {
  timings.push(...results);
  const failed = results.filter((r) => r.status !== 0);
  if (failed.length === 0) return;
  printTimings();
  console.error(`\n✖ failed: ${failed.map((r) => r.title).join(', ')}`);
  const status = failed.map((r) => r.status).find((s) => typeof s === 'number');
  process.exit(typeof status === 'number' ? status : 1);
}

function printTimings(): void {
  console.log(
    `\n${timings.map((t) => `  ${t.title.padEnd(44)} ${seconds(t.ms)}`).join('\n')}\n  ${'npm test'.padEnd(44)} ${seconds(performance.now() - began)}`,
  );
}

const npx = 'npx';
// The stack in a child process of its own, not here: a process that started services and is busy could not
// reap one that exits, so a test that stops Neo4j (test/chaos) would wait for a zombie in its process group.
// Started by a process that exits, the services are reaped by init.
const stack: Step = {
  title: 'stack (Neo4j, Keycloak, Temporal, s3proxy)',
  command: npx,
  args: ['tsx', 'scripts/stack/cli.ts', 'up'],
  then: { title: 'graph migrations', command: npx, args: ['tsx', 'graph-schema/cli.ts'] },
};
const checks: Step[] = flags.has('--no-checks')
  ? []
  : [
      // Longest first: the type-aware lint takes about as long as all the others together.
      { title: 'lint (eslint)', command: npx, args: ['eslint', '.'] },
      { title: 'type-check (tsc --noEmit)', command: npx, args: ['tsc', '--noEmit', '-p', '.'] },
      { title: 'type-check portal (tsc --noEmit -p ui)', command: npx, args: ['tsc', '--noEmit', '-p', 'ui'] },
      { title: 'format (prettier --check)', command: npx, args: ['prettier', '--check', '.'] },
      { title: 'schema drift (compose:check)', command: npx, args: ['tsx', 'scripts/compose.ts', '--check'] },
    ];
// The stack starts beside the checks (it mostly waits for Neo4j and Keycloak to answer).
const withStack = unitOnly || checksOnly ? checks : [checks[0], stack, ...checks.slice(1)];
exitOnFailure(
  await runSideBySide(
    withStack.filter((s) => s !== undefined),
    cores,
  ),
);
if (checksOnly) {
  printTimings();
  process.exit(0);
}

/** *.test.ts files under a folder (Node 20 has no fs.globSync). */
const testsUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'))
    .map((f) => join(dir, f));

const unitDirs = ['lib', 'graph-schema', 'domain', 'subgraphs', 'gateway', 'workflows', 'scripts', 'eslint-rules'];
const files = named.length > 0 ? named : (unitOnly ? unitDirs : [...unitDirs, 'test']).flatMap(testsUnder).sort();

/**
 * Unit tests beside the code that start no service and use no shared one (Neo4j, Keycloak, Temporal, S3): each
 * works on its own data in memory or in a temporary folder of its own, so they run side by side, one per core.
 * A unit file that reaches a service (its source names the driver, the hub, a Temporal connection or a token)
 * stays one at a time, as do the files named here: they assert on time (a training under 1.5 s, the event
 * loop's stall against a second run, a supervisor's restart windows, zombie reaping), which a neighbour bends.
 */
const unitAlone = new Set([
  'subgraphs/knowledge/qa/classifier/classifier.test.ts',
  'subgraphs/serving/runtime/threaded-session.test.ts',
  'scripts/supervisor.test.ts',
  'scripts/stack/process.test.ts',
]);
const reachesService = (file: string): boolean =>
  /createDriver|^import .* from 'neo4j-driver'|startHub|NativeConnection|Connection\.connect|TestWorkflowEnvironment|tokenFor|fetch\(/m.test(
    readFileSync(file, 'utf8'),
  );
const sideBySide = (file: string): boolean =>
  !file.startsWith('test/') && !unitAlone.has(file) && !reachesService(file);
const concurrent = files.filter(sideBySide);
// Integration tests (test/) share the stack and some stop it (test/chaos) or a worker: one at a time.
const serial = files.filter((f) => !sideBySide(f));

// Each file's wall time (hooks included), recorded by a second reporter beside the usual one (spec on a
// terminal, tap otherwise, as node 20 picks by default) and printed slowest first, failed or not.
const durationsDir = mkdtempSync(join(tmpdir(), 'plinth-test-'));
const reporter = fileURLToPath(new URL('./test-file-durations.mjs', import.meta.url));
const testStep = (title: string, list: string[], concurrency: number, destination: string): Step => ({
  title,
  command: process.execPath,
  args: [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    // A file whose tests are done but whose process stays alive (a leaked timer or socket) must not hang CI.
    '--test-force-exit',
    `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
    '--test-reporter-destination=stdout',
    `--test-reporter=${reporter}`,
    `--test-reporter-destination=${join(durationsDir, destination)}`,
    ...list,
  ],
});

function printFileDurations(): void {
  type Row = { file: string; ms: number; passed: boolean };
  type Failure = { failure: true; file: string; name: string; error: string };
  const records = ['side-by-side.jsonl', 'one-at-a-time.jsonl']
    .map((f) => join(durationsDir, f))
    .filter(existsSync)
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line) as Row | Failure);
  rmSync(durationsDir, { recursive: true, force: true });
  const failures = records.filter((r): r is Failure => 'failure' in r);
  const rows = records.filter((r): r is Row => !('failure' in r));
  if (failures.length > 0) {
    console.log(`\nFailed tests (${failures.length}):`);
    for (const f of failures) console.log(`  ✖ ${f.file} › ${f.name}\n${f.error.replace(/^/gm, '      ')}`);
  }
  if (rows.length === 0) return;
  rows.sort((a, b) => b.ms - a.ms);
  // Every file's wall time, for comparisons across runs (e.g. the same files on another day's checkout).
  const keep = process.env.PLINTH_TEST_DURATIONS;
  if (keep) writeFileSync(keep, `${JSON.stringify(rows, null, 1)}\n`);
  const top = rows.slice(0, 20);
  const width = Math.max(...top.map((r) => r.file.length), 24);
  const line = (label: string, ms: number, note = '') => `  ${label.padEnd(width)} ${seconds(ms).padStart(8)}${note}`;
  const sum = (list: typeof rows) => list.reduce((n, r) => n + r.ms, 0);
  console.log(`\nTest files by duration (slowest ${top.length} of ${rows.length}):`);
  for (const r of top) console.log(line(r.file, r.ms, r.passed ? '' : '  ✖ failed'));
  if (rows.length > top.length)
    console.log(line(`(${rows.length - top.length} more files)`, sum(rows.slice(top.length))));
  console.log(line(`all ${rows.length} files, summed`, sum(rows)));
}

const results: StepResult[] = [];
if (concurrent.length > 0)
  results.push(
    await runStep(
      testStep(`unit tests, ${cores} at a time (${concurrent.length} files)`, concurrent, cores, 'side-by-side.jsonl'),
      false,
    ),
  );
if (serial.length > 0)
  results.push(
    await runStep(testStep(`tests, one at a time (${serial.length} files)`, serial, 1, 'one-at-a-time.jsonl'), false),
  );
printFileDurations();
exitOnFailure(results);
printTimings();
