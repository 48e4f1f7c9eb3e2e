// Accelerator check: what Plinth's inference runtime does on a host with a GPU, measured against the
// CPU on the same host in the same run. CI hosts have no GPU, so this is a script, not a test: run it on
// a GPU host (`npm run gpu:check -- --out bench/results/gpu-check.json`). On a host without one it still
// runs and shows the CPU fallbacks, which is what the serving subgraph records on such a host.
//
//  1. Provider discovery: the probe the serving process runs at start and writes to its Node.
//  2. Placement: a deployment on an accelerator that asks for ['tensorrt', 'cuda'] (the demo graph's
//     GPU accelerators do), one asking for ['webgpu'], and a CPU one: which EP each got and why, and
//     a logistic regression's predictions on each against a hand computation in float64.
//  3. Dynamic batching on each usable accelerator EP and on the CPU: an MLP at concurrency 64.
//  4. OCR (PP-OCRv4 detection → classification → recognition) over the same image, all stages on each
//     EP and detection alone on each accelerator EP: the text read (and lines that differ from the
//     CPU's), per-stage times.
//
// Usage: npx tsx scripts/gpu-check.ts [--image doc.png] [--threads N] [--seconds 3] [--out file.json]
//        [--require cuda]   exit 1 unless that EP was usable (for a GPU host's own check)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { createOcrPipeline, type OcrResult } from '../subgraphs/serving/ocr/index.js';
import { logisticRegressionModel, mlpModel } from '../domain/models/onnx-builder.js';
import { discoverProviders } from '../subgraphs/serving/runtime/providers.js';
import { InferenceRuntime, type DeploymentStatus } from '../subgraphs/serving/runtime/runtime.js';
import type { JsonTensors } from '../subgraphs/serving/runtime/tensors.js';
import { median, percentile } from './stats.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const THREADS = Number(opt('threads') ?? Math.min(4, cpus().length));
const SECONDS = Number(opt('seconds') ?? 3);
const OUT = opt('out');
const REQUIRE = opt('require');

const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const log = (line: string): void => console.log(line);

// 1. Discovery ------------------------------------------------------------------------------------
const t0 = performance.now();
const discovery = await discoverProviders();
log(
  `providers listed by onnxruntime-node ${ort.env.versions.common}: ${ort
    .listSupportedBackends()
    .map((b) => b.name)
    .join(', ')}`,
);
log(`usable on this host: ${discovery.available.join(', ')} (probed in ${Math.round(performance.now() - t0)} ms)`);
for (const [ep, why] of Object.entries(discovery.unavailable)) log(`  ${ep}: ${why}`);
const accelerated = discovery.available.filter((ep) => ep !== 'cpu');

// 2. Placement and correctness --------------------------------------------------------------------
const runtime = new InferenceRuntime({ providers: discovery });
const sessionOptions = { intraOpNumThreads: THREADS, interOpNumThreads: 1 };
const W = [0.5, -1.25, 2, 0.75];
const B = -0.3;
let seed = 12345;
const rand = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32 - 0.5;
};
const ROWS = 256;
const x = Array.from({ length: ROWS * W.length }, () => r3(rand() * 8));
const expected = Array.from(
  { length: ROWS },
  (_, i) => 1 / (1 + Math.exp(-(W.reduce((s, w, j) => s + w * x[i * W.length + j]!, 0) + B))),
);

const placements: Record<string, string[]> = { gpu: ['tensorrt', 'cuda'], webgpu: ['webgpu'], cpu: [] };
const placed: Record<string, DeploymentStatus & { maxAbsDiffVsHand: number | null }> = {};
for (const [name, requested] of Object.entries(placements)) {
  const status = await runtime.deploy({
    deploymentId: `lr-${name}`,
    modelPath: logisticRegressionModel(W, B),
    requestedProviders: requested,
    sessionOptions,
  });
  let diff: number | null = null;
  if (status.state === 'READY') {
    const out = await runtime.predict(status.deploymentId, {
      x: { dtype: 'float32', shape: [ROWS, W.length], data: x },
    });
    const y = out.y!.data as number[];
    diff = Math.max(...y.map((v, i) => Math.abs(v - expected[i]!)));
  }
  placed[name] = { ...status, maxAbsDiffVsHand: diff };
  log(
    `deployment on [${requested.join(', ') || 'cpu'}]: ${status.state} on ${status.provider}${status.fallbackReason ? ` (fallback: ${status.fallbackReason})` : ''}${diff === null ? '' : `; max |y - hand| ${diff.toExponential(2)}`}`,
  );
}
await runtime.close();

// 3. Dynamic batching per EP ----------------------------------------------------------------------
async function batchingLoad(
  provider: string,
): Promise<{ provider: string; rps: number; p50Ms: number; p99Ms: number; errors: number }> {
  const rt = new InferenceRuntime({ providers: discovery });
  const sizes = [256, 1024, 1024, 16];
  const status = await rt.deploy({
    deploymentId: `mlp-${provider}`,
    modelPath: mlpModel(sizes, 7),
    requestedProviders: [provider],
    batching: { maxBatchSize: 64, maxQueueDelayMs: 2, maxQueueSize: 1024 },
    sessionOptions,
  });
  if (status.state !== 'READY' || status.provider !== provider)
    throw new Error(`mlp on ${provider}: ${status.error ?? status.fallbackReason}`);
  const row: JsonTensors = {
    x: { dtype: 'float32', shape: [1, sizes[0]!], data: Array.from({ length: sizes[0]! }, () => rand()) },
  };
  const run = async (ms: number): Promise<{ latencies: number[]; errors: number }> => {
    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + ms;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (performance.now() < end) {
          const t = performance.now();
          try {
            await rt.predict(status.deploymentId, row);
            latencies.push(performance.now() - t);
          } catch {
            errors++;
          }
        }
      }),
    );
    return { latencies, errors };
  };
  await run(1000);
  const { latencies, errors } = await run(SECONDS * 1000);
  await rt.close();
  latencies.sort((a, b) => a - b);
  return {
    provider,
    rps: Math.round(latencies.length / SECONDS),
    p50Ms: r3(percentile(latencies, 0.5)),
    p99Ms: r3(percentile(latencies, 0.99)),
    errors,
  };
}
const batching = [];
for (const ep of ['cpu', ...accelerated]) {
  try {
    const b = await batchingLoad(ep);
    batching.push(b);
    log(
      `batched MLP at concurrency 64 on ${ep}: ${b.rps} req/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms, errors ${b.errors}`,
    );
  } catch (error) {
    batching.push({ provider: ep, error: (error as Error).message });
    log(`batched MLP on ${ep} failed: ${(error as Error).message}`);
  }
}

// 4. OCR per EP -----------------------------------------------------------------------------------
const imagePath = opt('image');
const png = imagePath
  ? readFileSync(imagePath)
  : await (await import('./fixtures/ocr-document.js')).renderContractPage();
const ocr: Record<string, unknown>[] = [];
let cpuText: string[] | null = null;
// Each EP for the whole pipeline, and each EP for detection alone (the one large, fixed-shape stage)
// with the classifier and recognizer, whose batch shapes vary per image, on the CPU.
const variants: { name: string; det: string; rest: string }[] = [{ name: 'cpu', det: 'cpu', rest: 'cpu' }];
for (const ep of accelerated)
  variants.push({ name: ep, det: ep, rest: ep }, { name: `${ep} det + cpu cls/rec`, det: ep, rest: 'cpu' });
for (const v of variants) {
  try {
    const pipeline = await createOcrPipeline({
      sessionsOptions: { ...sessionOptions, executionProviders: [v.rest] },
      stageSessionOptions: { det: { executionProviders: [v.det] } },
    });
    const first = await pipeline.recognize(png);
    await pipeline.recognize(png);
    const runs: OcrResult['timingsMs'][] = [];
    const t = performance.now();
    for (let i = 0; i < 8; i++) runs.push((await pipeline.recognize(png)).timingsMs);
    const ips = 8 / ((performance.now() - t) / 1000);
    await pipeline.close();
    const text = first.lines.map((l) => l.text);
    cpuText ??= text;
    const stageMs = Object.fromEntries(
      (['decode', 'det', 'cls', 'rec', 'total'] as const).map((k) => [k, r3(median(runs.map((r) => r[k])))]),
    );
    const differing = text.flatMap((line, i) =>
      line === cpuText![i] ? [] : [{ line: i, cpu: cpuText![i] ?? null, here: line }],
    );
    ocr.push({
      variant: v.name,
      det: v.det,
      clsRec: v.rest,
      lines: text.length,
      imagesPerSecond: r3(ips),
      medianStageMs: stageMs,
      linesDifferingFromCpu: differing,
      text,
    });
    log(
      `OCR ${v.name}: ${text.length} lines, ${r3(ips)} img/s, median det ${stageMs.det} ms, cls ${stageMs.cls} ms, rec ${stageMs.rec} ms; lines differing from cpu: ${differing.length}`,
    );
    for (const d of differing.slice(0, 3)) log(`  line ${d.line}: cpu "${d.cpu}" / here "${d.here}"`);
  } catch (error) {
    ocr.push({ variant: v.name, error: (error as Error).message });
    log(`OCR ${v.name} failed: ${(error as Error).message}`);
  }
}

const result = {
  check: 'gpu-check',
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    onnxruntimeNode: ort.env.versions.common,
  },
  settings: { intraOpNumThreads: THREADS, batchingSeconds: SECONDS },
  discovery,
  placement: placed,
  batching,
  ocr,
};
if (OUT) {
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${OUT}`);
}
if (REQUIRE && !discovery.available.includes(REQUIRE)) {
  log(`required provider ${REQUIRE} is not usable here`);
  process.exit(1);
}
