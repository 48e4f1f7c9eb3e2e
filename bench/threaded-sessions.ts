// Two runs at once through a pool of two ONNX Runtime sessions: inline (on the calling thread, taking turns)
// against isolation 'thread' (a worker thread each, side by side), in alternating rounds so that load from
// other processes falls on both alike. Prints and writes bench/results/threaded-sessions.json:
// one run, a pair, and the longest event-loop stall during a pair, for each; the pair ratio is the figure.
//   npx tsx bench/threaded-sessions.ts [--rounds 15]
import { writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { mlpModel } from '../domain/models/onnx-builder.js';
import { seededRandom } from '../domain/random.js';
import { SessionPool } from '../subgraphs/serving/runtime/session-pool.js';
import { longestStall } from '../scripts/stall.js';
import { benchArgs, median } from './support.js';

const { num } = benchArgs();
const rounds = num('rounds', 15);
const model = mlpModel([512, 2048, 2048, 8], 9);
const random = seededRandom(3);
const x = new ort.Tensor(
  'float32',
  Float32Array.from({ length: 256 * 512 }, () => random() - 0.5),
  [256, 512],
);
const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const pools = {
  inline: await SessionPool.create({ model, provider: 'cpu', size: 2, sessionOptions }),
  thread: await SessionPool.create({ model, provider: 'cpu', size: 2, sessionOptions, isolation: 'thread' }),
};
const series = () => ({ single: [] as number[], pair: [] as number[], stall: [] as number[] });
const figures = { inline: series(), thread: series() };

for (const pool of Object.values(pools)) for (let i = 0; i < 3; i++) await pool.run({ x }); // warm-up
for (let round = 0; round < rounds; round++) {
  for (const kind of round % 2 === 0 ? (['inline', 'thread'] as const) : (['thread', 'inline'] as const)) {
    const pool = pools[kind];
    let t = performance.now();
    await pool.run({ x });
    figures[kind].single.push(performance.now() - t);
    t = performance.now();
    const held = await longestStall(() => Promise.all([pool.run({ x }), pool.run({ x })]));
    figures[kind].pair.push(performance.now() - t);
    figures[kind].stall.push(held.stall);
  }
  process.stdout.write(`\rround ${round + 1}/${rounds}`);
}
await Promise.all([pools.inline.close(), pools.thread.close()]);

const summary = Object.fromEntries(
  Object.entries(figures).map(([kind, f]) => [
    kind,
    { singleMs: median(f.single), pairMs: median(f.pair), longestStallMs: median(f.stall) },
  ]),
) as Record<'inline' | 'thread', { singleMs: number; pairMs: number; longestStallMs: number }>;
const result = {
  date: new Date().toISOString(),
  rounds,
  model: 'MLP 512-2048-2048-8, batch 256, one intra-op thread per session',
  ...summary,
  threadPairOverInlinePair: summary.thread.pairMs / summary.inline.pairMs,
};
console.log(`\n${JSON.stringify(result, null, 2)}`);
writeFileSync(new URL('./results/threaded-sessions.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
