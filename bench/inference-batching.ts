// Dynamic batching benchmark: one MLP (x [N, in] float32 → y [N, out]) deployed twice in the same
// runtime, once with dynamic batching and once without (same pool size, same intra-op threads). A
// closed loop of `concurrency` clients sends one-row requests through `runtime.predict` (validation,
// conversion, queue, run, split: the whole path). After a warm-up of each, the two alternate in
// rotating order for `rounds` rounds; throughput and p99 latency of every round, their medians and the
// batched/unbatched ratios go to bench/results/inference-batching.json.
// Usage: npx tsx bench/inference-batching.ts [--seconds 3 --rounds 3 --concurrency 64 --sizes 256,1024,1024,16 --threads 1]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { mlpModel } from '../domain/models/onnx-builder.js';
import { InferenceRuntime, type DeploySpec } from '../subgraphs/serving/runtime/runtime.js';
import type { JsonTensors } from '../subgraphs/serving/runtime/tensors.js';
import { median, percentile } from './support.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const seconds = Number(arg('seconds', '3'));
const rounds = Number(arg('rounds', '3'));
const concurrency = Number(arg('concurrency', '64'));
const sizes = arg('sizes', '256,1024,1024,16').split(',').map(Number);
const threads = Number(arg('threads', '1'));
const maxBatchSize = Number(arg('max-batch', '64'));
const maxQueueDelayMs = Number(arg('delay-ms', '2'));

const runtime = new InferenceRuntime({ providers: { available: ['cpu'], unavailable: {} } });
const model = mlpModel(sizes, 7);
const common: Omit<DeploySpec, 'deploymentId' | 'batching'> = {
  modelPath: model,
  poolSize: 1,
  sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1 },
};
const modes = {
  batched: { maxBatchSize, maxQueueDelayMs, maxQueueSize: 4 * concurrency, timeoutMs: 60_000 },
  unbatched: { maxBatchSize: 1, maxQueueDelayMs: 0, maxQueueSize: 4 * concurrency, timeoutMs: 60_000 },
} as const;
type Mode = keyof typeof modes;
for (const [id, batching] of Object.entries(modes)) {
  const status = await runtime.deploy({ ...common, deploymentId: id, batching });
  if (status.state !== 'READY') throw new Error(`${id}: ${status.error}`);
}

const inputs: JsonTensors[] = Array.from({ length: concurrency }, (_, c) => ({
  x: {
    dtype: 'float32',
    shape: [1, sizes[0] as number],
    data: Array.from({ length: sizes[0] as number }, (_, i) => Math.sin(c * 31 + i)),
  },
}));

async function load(
  mode: Mode,
  ms: number,
): Promise<{
  mode: Mode;
  requests: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  runs: number;
  errors: number;
}> {
  const latencies: number[] = [];
  let errors = 0;
  const runsBefore = runtime.runs(mode);
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    inputs.map(async (input) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await runtime.predict(mode, input);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    mode,
    requests: latencies.length,
    throughput: latencies.length / elapsed,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    runs: runtime.runs(mode) - runsBefore,
    errors,
  };
}

console.log(
  `MLP ${sizes.join('→')}, concurrency ${concurrency}, ${rounds} rounds × ${seconds}s, intra-op threads ${threads}`,
);
await load('batched', 1000); // warm-up
await load('unbatched', 1000);
const results: Awaited<ReturnType<typeof load>>[] = [];
for (let round = 0; round < rounds; round++) {
  const order: Mode[] = round % 2 === 0 ? ['batched', 'unbatched'] : ['unbatched', 'batched'];
  for (const mode of order) {
    const r = await load(mode, seconds * 1000);
    results.push(r);
    console.log(
      `round ${round + 1} ${mode.padEnd(9)} ${r.throughput.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  ` +
        `${(r.requests / Math.max(1, r.runs)).toFixed(1)} req/run  errors ${r.errors}`,
    );
  }
}
const summary = (mode: Mode) => {
  const mine = results.filter((r) => r.mode === mode);
  return {
    throughput: median(mine.map((r) => r.throughput)),
    p99Ms: median(mine.map((r) => r.p99Ms)),
    p50Ms: median(mine.map((r) => r.p50Ms)),
  };
};
const batched = summary('batched');
const unbatched = summary('unbatched');
const throughputRatio = batched.throughput / unbatched.throughput;
const out = {
  benchmark: 'inference-batching',
  date: new Date().toISOString(),
  host: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
  config: { sizes, concurrency, seconds, rounds, intraOpNumThreads: threads, poolSize: 1, batched: modes.batched },
  rounds: results,
  median: { batched, unbatched },
  throughputRatio,
  p99Ratio: batched.p99Ms / unbatched.p99Ms,
  targets: { throughputAtLeast3x: throughputRatio >= 3, p99NoWorse: batched.p99Ms <= unbatched.p99Ms },
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/inference-batching.json', `${JSON.stringify(out, null, 2)}\n`);
console.log(
  `median: batched ${batched.throughput.toFixed(0)} req/s p99 ${batched.p99Ms.toFixed(2)} ms; unbatched ${unbatched.throughput.toFixed(0)} req/s p99 ${unbatched.p99Ms.toFixed(2)} ms; ` +
    `throughput ×${throughputRatio.toFixed(2)} → bench/results/inference-batching.json`,
);
await runtime.close();
