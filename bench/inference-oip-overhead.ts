// OIP overhead benchmark: the same logistic-regression model called (1) in process with
// `session.run` on a prepared tensor, (2) through `runtime.predict` with JSON tensors (validation,
// conversion, queue), and (3) as a KServe v2 infer over HTTP/1.1 keep-alive to the Express router, one
// request at a time. Blocks of each alternate in rotating order after a warm-up; the p50 of each and
// the difference HTTP p50 − session.run p50 go to bench/results/inference-oip-overhead.json.
// Server and client share one process (sequential requests, so they do not compete).
// Usage: npx tsx bench/inference-oip-overhead.ts [--rounds 5 --block 500]
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import express from 'express';
import * as ort from 'onnxruntime-node';
import { Agent, request } from 'undici';
import { logisticRegressionModel } from '../domain/models/onnx-builder.js';
import { createOipRouter } from '../subgraphs/serving/runtime/oip.js';
import { InferenceRuntime } from '../subgraphs/serving/runtime/runtime.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg('rounds', 5);
const block = arg('block', 500);

const W = [0.5, -1, 2, 0.25];
const model = logisticRegressionModel(W, 0.1);
const sessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const row = [0.3, -1.2, 2.5, 0.7];

const session = await ort.InferenceSession.create(model, sessionOptions);
const tensor = new ort.Tensor('float32', Float32Array.from(row), [1, 4]);

const runtime = new InferenceRuntime({ providers: { available: ['cpu'], unavailable: {} } });
await runtime.deploy({
  deploymentId: 'lr',
  modelPath: model,
  sessionOptions,
  batching: { maxBatchSize: 1, maxQueueDelayMs: 0 },
});
const app = express();
app.use(createOipRouter(runtime, (name) => (name === 'lr' ? 'lr' : null)));
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/models/lr/infer`;
const dispatcher = new Agent({ connections: 1, pipelining: 1, keepAliveTimeout: 60_000 });
const body = JSON.stringify({ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: row }] });

const targets = {
  'session.run': async () => {
    await session.run({ x: tensor });
  },
  'runtime.predict': async () => {
    await runtime.predict('lr', { x: { dtype: 'float32', shape: [1, 4], data: row } });
  },
  'oip-http': async () => {
    const res = await request(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      dispatcher,
    });
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}: ${await res.body.text()}`);
    await res.body.json();
  },
};
type Target = keyof typeof targets;
const names = Object.keys(targets) as Target[];

async function time(target: Target, n: number): Promise<number[]> {
  const fn = targets[target];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}
const quantile = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
};

for (const name of names) await time(name, block); // warm-up
const samples: Record<Target, number[]> = { 'session.run': [], 'runtime.predict': [], 'oip-http': [] };
const perRound: Record<string, number>[] = [];
for (let round = 0; round < rounds; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length] as Target);
  const p50s: Record<string, number> = {};
  for (const name of order) {
    const t = await time(name, block);
    samples[name].push(...t);
    p50s[name] = quantile(t, 0.5);
  }
  perRound.push(p50s);
  console.log(
    `round ${round + 1}: ${names.map((n) => `${n} p50 ${((p50s[n] as number) * 1000).toFixed(0)} µs`).join(', ')}`,
  );
}
const summary = Object.fromEntries(
  names.map((n) => [n, { p50Ms: quantile(samples[n], 0.5), p99Ms: quantile(samples[n], 0.99) }]),
) as Record<Target, { p50Ms: number; p99Ms: number }>;
const overheadMs = summary['oip-http'].p50Ms - summary['session.run'].p50Ms;
const runtimeOverheadMs = summary['runtime.predict'].p50Ms - summary['session.run'].p50Ms;
const result = {
  benchmark: 'inference-oip-overhead',
  date: new Date().toISOString(),
  host: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version },
  config: {
    rounds,
    block,
    model: 'logistic regression x[1,4] float32',
    transport: 'HTTP/1.1 keep-alive, undici client, same process',
  },
  perRoundP50Ms: perRound,
  summary,
  overheadMs,
  runtimeOverheadMs,
  targets: { oipOverheadAtMost1ms: overheadMs <= 1 },
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/inference-oip-overhead.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `p50: session.run ${(summary['session.run'].p50Ms * 1000).toFixed(0)} µs, runtime.predict ${(summary['runtime.predict'].p50Ms * 1000).toFixed(0)} µs, ` +
    `OIP over HTTP ${(summary['oip-http'].p50Ms * 1000).toFixed(0)} µs → overhead ${(overheadMs * 1000).toFixed(0)} µs → bench/results/inference-oip-overhead.json`,
);
await dispatcher.close();
server.close();
await runtime.close();
await session.release();
