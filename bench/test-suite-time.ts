// `npm test`'s wall time before and after its steps ran side by side (issue #13): the same checks and the same
// test files, run by the old scripts/test.ts's way (one step, then one file, at a time) in a worktree of the
// commit before, and by `npm test -- --no-tests` / `--no-checks <files>` in a worktree of the commit after,
// alternating which goes first each round. Both worktrees are clean checkouts, so other work in progress in
// the main checkout is measured by neither. Writes bench/results/test-suite-time.json.
// Run: git worktree add --detach /tmp/suite-before <before>; git worktree add --detach /tmp/suite-after <after>
//      (node_modules and ui/node_modules symlinked into each), then
//      npx tsx bench/test-suite-time.ts /tmp/suite-before /tmp/suite-after [test rounds=2] [check rounds=1] [unit]
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const [beforeDir, afterDir] = [process.argv[2], process.argv[3]];
if (!beforeDir || !afterDir) throw new Error('usage: test-suite-time.ts <before worktree> <after worktree> [rounds]');
const testRounds = Number(process.argv[4] ?? 2);
const checkRounds = Number(process.argv[5] ?? 1);
/** `unit`: the unit files alone (what runs side by side), written to test-suite-time-unit.json. */
const unitOnly = process.argv[6] === 'unit';

/** Integration files of several kinds: hub only, hub + in-process worker, time-skipping JVM, no hub. */
const integration = [
  'test/gateway-auth.test.ts',
  'test/model-visibility.test.ts',
  'test/search-filters.test.ts',
  'test/compute.test.ts',
  'test/lineage.test.ts',
  'test/keyset-paging.test.ts',
  'test/role-matrix.test.ts',
  'test/labeling.test.ts',
  'test/recipes.test.ts',
  'test/workflow-replay.test.ts',
  'test/temporal-auth.test.ts',
  'test/compose-file.test.ts',
];
const unitDirs = ['lib', 'graph-schema', 'domain', 'subgraphs', 'gateway', 'workflows', 'scripts', 'eslint-rules'];
/** Every unit test file beside the code, as the commit before has them (the same set in both worktrees). */
const unit = unitDirs
  .flatMap((d) =>
    readdirSync(join(beforeDir, d), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'))
      .map((f) => join(d, f)),
  )
  .sort();
const files = unitOnly ? unit : [...unit, ...integration];

interface Run {
  wall: number;
  /** User + system CPU seconds of the command and its children (/usr/bin/time). */
  cpu: number;
  passed: boolean;
  load: number;
}

/** Runs `script` with bash in `cwd` under /usr/bin/time; its whole output goes to `log`. */
function run(cwd: string, script: string, log: string): Run {
  const load = loadavg()[0]!;
  const began = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', 'bash', '-c', script], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const wall = (performance.now() - began) / 1000;
  const cpuLine =
    r.stderr
      .trim()
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('CPU ')) ?? 'CPU 0 0';
  const [, user, system] = cpuLine.split(' ').map(Number);
  writeFileSync(log, `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0) {
    const lines = `${r.stdout}\n${r.stderr}`.split('\n');
    const at = lines.findIndex((l) => /^\s*not ok|✖|error/i.test(l));
    console.log(lines.slice(Math.max(0, at), at + 20).join('\n'));
  }
  return { wall, cpu: user! + system!, passed: r.status === 0, load };
}

const tsx = 'npx tsx';
const node = 'node --import tsx --test --test-force-exit --test-reporter=dot';
const stackAndMigrations = `${tsx} scripts/stack/cli.ts up && ${tsx} graph-schema/cli.ts`;
/** What the old scripts/test.ts ran, one after another. */
const before = {
  checks: [
    'npx eslint .',
    'npx prettier --check .',
    'npx tsc --noEmit -p .',
    'npx tsc --noEmit -p ui',
    `${tsx} scripts/compose.ts --check`,
  ].join(' && '),
  tests: `${stackAndMigrations} && ${node} --test-concurrency=1 ${files.join(' ')}`,
};
const after = {
  checks: `${tsx} scripts/test.ts --no-tests`,
  tests: `${tsx} scripts/test.ts --no-checks ${files.join(' ')}`,
};

const results: Record<'checks' | 'tests', { before: Run[]; after: Run[] }> = {
  checks: { before: [], after: [] },
  tests: { before: [], after: [] },
};
const loadStart = loadavg();
for (const [phase, rounds] of [
  ['tests', testRounds],
  ['checks', checkRounds],
] as const) {
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
    for (const which of order) {
      const log = join(tmpdir(), `test-suite-time-${phase}-${which}-${round + 1}.log`);
      const r = run(which === 'before' ? beforeDir : afterDir, (which === 'before' ? before : after)[phase], log);
      results[phase][which].push(r);
      console.log(
        `${phase} round ${round + 1} ${which}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU, load ${r.load.toFixed(2)} ${r.passed ? 'pass' : `FAIL (${log})`}`,
      );
    }
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const summary = (runs: Run[]) => ({
  runs,
  medianWall: median(runs.map((r) => r.wall)),
  medianCpu: median(runs.map((r) => r.cpu)),
});
const out = {
  what:
    "wall seconds of npm test's checks and of a set of test files: before = the old scripts/test.ts's way (each step, " +
    'then each file, one at a time), after = scripts/test.ts --no-tests / --no-checks <files>; alternating order per round',
  before: beforeDir,
  after: afterDir,
  files: { unit: unit.length, integration: unitOnly ? [] : integration },
  phases: Object.fromEntries(
    Object.entries(results).map(([phase, r]) => {
      const [b, a] = [summary(r.before), summary(r.after)];
      return [phase, { before: b, after: a, wallRatio: a.medianWall / b.medianWall }];
    }),
  ),
  cores: availableParallelism(),
  loadavg: { start: loadStart, end: loadavg() },
  note: "the machine is shared with other helpers running tests and benches; see each run's load (1-minute average at its start)",
};
writeFileSync(`bench/results/test-suite-time${unitOnly ? '-unit' : ''}.json`, `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(Object.fromEntries(Object.entries(out.phases).map(([p, v]) => [p, v.wallRatio]))));
