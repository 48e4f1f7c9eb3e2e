// What a `session.run` costs around the kernels, onnxruntime-node vs Python onnxruntime (same version,
// one intra-op thread, same process layout as bench/ocr-throughput.ts): two one-operator models over a
// tensor the size of the OCR detector's input, [1, 3, 960, 672] float32 (7.7 MB). ReduceSum returns one
// number, so it times the input side; Relu returns the whole tensor, so it adds the output side. In
// Node also Relu into a pre-allocated output (`fetches`). And one kernel that differs between the two
// builds: Resize, floor-nearest, [1, 24, 30, 21] up 8x (as in the PP-OCRv4 detector's neck; a ReduceSum
// after it keeps the output small), as one node and as the three chained 2x nodes Plinth's exact rewrite
// (runtime/onnx-rewrite.ts) makes of it. Runs alternate between the sides in rounds.
// Writes bench/results/ort-binding-overhead.json.
// Usage: npx tsx bench/ort-binding-overhead.ts [--rounds 5 --runs 200]
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as ort from 'onnxruntime-node';
import { encodeModel, resizeModel } from '../domain/models/onnx-builder.js';
import { rewriteNearestUpsampling } from '../subgraphs/serving/runtime/onnx-rewrite.js';
import { median } from './support.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number): number =>
  argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : fallback;
const ROUNDS = opt('rounds', 5);
const RUNS = opt('runs', 200);
const PY = join(homedir(), '.cache', 'plinth', 'venv', 'bin', 'python'); // made by bench/ocr-throughput.ts
const SHAPE = [1, 3, 960, 672];
const ORT_VERSION = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;

const dir = mkdtempSync(join(tmpdir(), 'plinth-ort-overhead-'));
const models = {
  reduceSum: { op: 'ReduceSum', out: [1, 1, 1, 1] },
  relu: { op: 'Relu', out: SHAPE },
} as const;
for (const [name, m] of Object.entries(models)) {
  writeFileSync(
    join(dir, `${name}.onnx`),
    encodeModel({
      inputs: [{ name: 'x', dtype: 'float32', shape: SHAPE }],
      outputs: [{ name: 'y', dtype: 'float32', shape: [...m.out] }],
      nodes: [{ op: m.op, inputs: ['x'], outputs: ['y'] }],
    }),
  );
}
const RESIZE_IN = [1, 24, 30, 21];
const resize8 = resizeModel(RESIZE_IN, [1, 1, 8, 8], { sum: true });
writeFileSync(join(dir, 'resize8.onnx'), resize8);
writeFileSync(join(dir, 'resize8as2x.onnx'), rewriteNearestUpsampling(resize8).bytes);

const PY_WORKER = String.raw`
import json, sys, time
import numpy as np
import onnxruntime as ort
so = ort.SessionOptions(); so.intra_op_num_threads = 1; so.inter_op_num_threads = 1
names = ("reduceSum", "relu", "resize8", "resize8as2x")
sessions = {n: ort.InferenceSession(sys.argv[1] + "/" + n + ".onnx", so, providers=["CPUExecutionProvider"]) for n in names}
inputs = {n: np.full((1, 3, 960, 672) if n in ("reduceSum", "relu") else (1, 24, 30, 21), 0.5, dtype=np.float32) for n in names}
for n, s in sessions.items():
    for _ in range(10): s.run(None, {"x": inputs[n]})
print(json.dumps({"version": ort.__version__}), flush=True)
for line in sys.stdin:
    name, n = line.split(); n = int(n); s = sessions[name]; x = inputs[name]
    t = time.perf_counter()
    for _ in range(n): s.run(None, {"x": x})
    print(json.dumps({"ms": (time.perf_counter() - t) / n * 1000}), flush=True)
`;
const py = spawn(PY, ['-c', PY_WORKER, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: py.stdout })[Symbol.asyncIterator]();
const next = async (): Promise<Record<string, unknown>> =>
  JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
const pyInfo = await next();
const pyRun = async (name: string): Promise<number> => {
  py.stdin.write(`${name} ${RUNS}\n`);
  return (await next()).ms as number;
};

const opts = { intraOpNumThreads: 1, interOpNumThreads: 1 };
const x = new ort.Tensor('float32', new Float32Array(SHAPE.reduce((a, b) => a * b)).fill(0.5), SHAPE);
const sessions = {
  reduceSum: await ort.InferenceSession.create(join(dir, 'reduceSum.onnx'), opts),
  relu: await ort.InferenceSession.create(join(dir, 'relu.onnx'), opts),
  resize8: await ort.InferenceSession.create(join(dir, 'resize8.onnx'), opts),
  resize8as2x: await ort.InferenceSession.create(join(dir, 'resize8as2x.onnx'), opts),
};
const small = new ort.Tensor('float32', new Float32Array(RESIZE_IN.reduce((a, b) => a * b)).fill(0.5), RESIZE_IN);
const out = { y: new ort.Tensor('float32', new Float32Array(x.size), SHAPE) };
const nodeRun = async (name: keyof typeof sessions | 'reluPrealloc'): Promise<number> => {
  const s = name === 'reluPrealloc' ? sessions.relu : sessions[name];
  const input = name.startsWith('resize') ? small : x;
  const run = name === 'reluPrealloc' ? () => s.run({ x }, out) : () => s.run({ x: input });
  for (let i = 0; i < 10; i++) await run();
  const t = performance.now();
  for (let i = 0; i < RUNS; i++) await run();
  return (performance.now() - t) / RUNS;
};

const series: Record<string, number[]> = {
  nodeReduceSum: [],
  pythonReduceSum: [],
  nodeRelu: [],
  nodeReluPrealloc: [],
  pythonRelu: [],
  nodeResize8: [],
  pythonResize8: [],
  nodeResize8As2x: [],
  pythonResize8As2x: [],
};
for (let r = 0; r < ROUNDS; r++) {
  const steps: [string, () => Promise<number>][] = [
    ['nodeReduceSum', () => nodeRun('reduceSum')],
    ['pythonReduceSum', () => pyRun('reduceSum')],
    ['nodeRelu', () => nodeRun('relu')],
    ['nodeReluPrealloc', () => nodeRun('reluPrealloc')],
    ['pythonRelu', () => pyRun('relu')],
    ['nodeResize8', () => nodeRun('resize8')],
    ['pythonResize8', () => pyRun('resize8')],
    ['nodeResize8As2x', () => nodeRun('resize8as2x')],
    ['pythonResize8As2x', () => pyRun('resize8as2x')],
  ];
  for (const [key, fn] of r % 2 ? steps.reverse() : steps) series[key]!.push(await fn());
}
py.stdin.end();
rmSync(dir, { recursive: true, force: true });
const ms = Object.fromEntries(Object.entries(series).map(([k, v]) => [k, Math.round(median(v) * 1000) / 1000]));
const result = {
  benchmark: 'ort-binding-overhead',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  versions: { onnxruntimeNode: ORT_VERSION, onnxruntimePython: pyInfo.version },
  settings: { rounds: ROUNDS, runsPerRound: RUNS, tensor: SHAPE, intraOpNumThreads: 1 },
  medianMsPerRun: ms,
  resize8xFloorNearest: {
    note: 'Resize [1,24,30,21] up 8x then ReduceSum: one node (generic nearest loop) vs three chained 2x nodes (dedicated 2x kernel)',
    nodeOverPythonOneNode: Math.round((ms.nodeResize8! / ms.pythonResize8!) * 100) / 100,
    nodeOverPythonAs2xChain: Math.round((ms.nodeResize8As2x! / ms.pythonResize8As2x!) * 100) / 100,
  },
  outputSideMs: {
    node: Math.round((ms.nodeRelu! - ms.nodeReduceSum!) * 1000) / 1000,
    python: Math.round((ms.pythonRelu! - ms.pythonReduceSum!) * 1000) / 1000,
  },
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/ort-binding-overhead.json', `${JSON.stringify(result, null, 2)}\n`);
console.log(
  JSON.stringify(result.medianMsPerRun),
  'output side:',
  JSON.stringify(result.outputSideMs),
  'resize 8x:',
  JSON.stringify(result.resize8xFloorNearest),
);
process.exit(0);
