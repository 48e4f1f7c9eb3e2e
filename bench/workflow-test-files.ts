// Wall time of the workflow test files before and after time-skipping (issue #13): each file as it was
// before the change (from git) against the file as it is, alternating which goes first each round, on the
// same machine in the same run. Writes bench/results/workflow-test-files.json.
// Run: npx tsx bench/workflow-test-files.ts [rounds=2]
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** [file, the commit before the change]; the old copy lands beside it (same relative imports), not named *.test.ts. */
const files: [string, string][] = [
  ['test/deployment-workflow.test.ts', '943abb3^'],
  ['test/edge-rollout.test.ts', '943abb3^'],
  ['test/workflow-replay.test.ts', '0fa277e^'],
];
const rounds = Number(process.argv[2] ?? 2);

function run(file: string): { seconds: number; passed: boolean } {
  const began = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  // A failed run's time means nothing: show why it failed.
  if (r.status !== 0) {
    const lines = r.stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('not ok'));
    console.log(lines.slice(Math.max(0, at), at + 14).join('\n'));
  }
  return { seconds: (performance.now() - began) / 1000, passed: r.status === 0 };
}

const loadStart = loadavg();
const olds = files.map(([file, ref]) => {
  const old = file.replace(/\.test\.ts$/, `.before-${ref.replace(/\W/g, '')}.bench.ts`);
  writeFileSync(old, spawnSync('git', ['show', `${ref}:${file}`], { encoding: 'utf8' }).stdout);
  return old;
});
const results: Record<string, { before: number[]; after: number[]; beforePassed: boolean[]; afterPassed: boolean[] }> =
  {};
try {
  // Warm-up: tsx's transform cache and the stack's caches, once for each version of the cheapest file.
  run(olds[2]!);
  run(files[2]![0]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, [file]] of files.entries()) {
      const entry = (results[file] ??= { before: [], after: [], beforePassed: [], afterPassed: [] });
      const order: ['before' | 'after', string][] =
        round % 2 === 0
          ? [
              ['before', olds[i]!],
              ['after', file],
            ]
          : [
              ['after', file],
              ['before', olds[i]!],
            ];
      for (const [which, path] of order) {
        const r = run(path);
        entry[which].push(r.seconds);
        entry[`${which}Passed`].push(r.passed);
        console.log(`round ${round + 1} ${file} ${which}: ${r.seconds.toFixed(1)} s ${r.passed ? 'pass' : 'FAIL'}`);
      }
    }
  }
} finally {
  for (const old of olds) rmSync(old, { force: true });
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const sum = (which: 'before' | 'after') => Object.values(results).reduce((n, r) => n + median(r[which]), 0);
const out = {
  what: 'wall seconds of `node --import tsx --test <file>`, the file before time-skipping (git) vs as it is, alternating order per round',
  rounds,
  files: Object.fromEntries(
    Object.entries(results).map(([f, r]) => [
      f,
      { ...r, medianBefore: median(r.before), medianAfter: median(r.after), ratio: median(r.after) / median(r.before) },
    ]),
  ),
  total: { before: sum('before'), after: sum('after'), ratio: sum('after') / sum('before') },
  loadavg: { start: loadStart, end: loadavg() },
  cores: (await import('node:os')).cpus().length,
  note: 'the machine is shared with other helpers running tests and benches; see loadavg',
};
writeFileSync('bench/results/workflow-test-files.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out.total), 'loadavg', out.loadavg);
