// What a test file pays for its in-process hub (scripts/hub.ts, as test/helpers/hub.ts starts it): loading the
// modules of the gateway and six subgraphs, startHub() and close(), each in a fresh process as a test file is
// one. Median of `runs` processes, wall and CPU, with the load. Writes bench/results/hub-startup.json.
// Run: npx tsx bench/hub-startup.ts [runs=5]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const runs = Number(process.argv[2] ?? 5);

/** One process: import, start, close; prints its phases in ms as JSON. */
const child = `
const t0 = performance.now();
const { startHub } = await import('./scripts/hub.ts');
const t1 = performance.now();
const hub = await startHub();
const t2 = performance.now();
await hub.close();
const t3 = performance.now();
const cpu = process.cpuUsage();
console.log(JSON.stringify({ importMs: t1 - t0, startMs: t2 - t1, closeMs: t3 - t2, cpuMs: (cpu.user + cpu.system) / 1000 }));
`;
/** The same process with nothing to load: node and tsx alone, what any test file pays. */
const bare = `const cpu = process.cpuUsage(); console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 }));`;

function measure(source: string): Record<string, number> & { wallMs: number; load: number } {
  const load = loadavg()[0]!;
  const began = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
    encoding: 'utf8',
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  if (r.status !== 0) throw new Error(`the measuring process failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return { ...(JSON.parse(line) as Record<string, number>), wallMs: performance.now() - began, load };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const hub = Array.from({ length: runs }, () => measure(child));
const plain = Array.from({ length: runs }, () => measure(bare));
const med = (rows: Record<string, number>[], key: string) => Math.round(median(rows.map((r) => r[key]!)));
const out = {
  what: 'one fresh node --import tsx process per run: import scripts/hub.ts, startHub(), close(); beside it a process that loads nothing',
  runs,
  hub: {
    medianMs: Object.fromEntries(['importMs', 'startMs', 'closeMs', 'cpuMs', 'wallMs'].map((k) => [k, med(hub, k)])),
    each: hub,
  },
  bare: { medianMs: { cpuMs: med(plain, 'cpuMs'), wallMs: med(plain, 'wallMs') }, each: plain },
  loadavg: loadavg(),
  note: 'the machine is shared with other helpers; CPU milliseconds change less with the load than wall ones',
};
writeFileSync('bench/results/hub-startup.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify({ hub: out.hub.medianMs, bare: out.bare.medianMs, load: out.loadavg }));
