// OCR throughput benchmark: PP-OCRv4 text detection images/s on onnxruntime-node versus the same model on
// Python onnxruntime (PyPI, same version as onnxruntime-node, installed into a venv under
// ~/.cache/plinth/venv on first run), same thread settings and the very same preprocessed input tensor,
// measured in alternating rounds in one run. Both sides run the detector as Plinth loads it (the exact
// Resize rewrite of runtime/onnx-rewrite.ts); the file as shipped runs on both sides as a reference.
// Also reports the full Node pipeline (decode → det → cls →
// rec) on the same document image. Writes bench/results/ocr-throughput.json.
// Usage: npx tsx bench/ocr-throughput.ts [--rounds 40 --iters 8 --warm-each 1 --threads 2 --no-python] [--save-image doc.png]
//        [--image doc.png] use this image instead of rendering one (no canvas needed)
//        [--python /path/to/python] a Python that already has onnxruntime (same version) and numpy
//        [--out file.json] (default bench/results/ocr-throughput.json)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import * as ort from 'onnxruntime-node';
import { MODEL_FILES, createOcrPipeline, decodeImage, defaultModelsDir } from '../subgraphs/serving/ocr/index.js';
import { DEFAULT_DET_OPTIONS, detPreprocess } from '../domain/ocr/det.js';
import { prepareModel } from '../subgraphs/serving/runtime/onnx-rewrite.js';
import { renderContractPage } from '../scripts/fixtures/ocr-document.js';
import { median } from './support.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const ROUNDS = opt('rounds', 40);
const ITERS = opt('iters', 8);
const THREADS = opt('threads', 2);
const WARM_EACH = opt('warm-each', 1);
const WITH_PYTHON = !argv.includes('--no-python');
const ORT_VERSION = (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
const VENV = join(homedir(), '.cache', 'plinth', 'venv');
const GIVEN_PYTHON = argv.includes('--python') ? argv[argv.indexOf('--python') + 1] : undefined;
const PY = GIVEN_PYTHON ?? join(VENV, 'bin', 'python');
const OUT = argv.includes('--out') ? argv[argv.indexOf('--out') + 1]! : 'bench/results/ocr-throughput.json';
const IMAGE = argv.includes('--image') ? argv[argv.indexOf('--image') + 1] : undefined;

const r2 = (x: number): number => Math.round(x * 100) / 100;

function ensureVenv(): void {
  const have = spawnSync(PY, ['-c', 'import onnxruntime, numpy; print(onnxruntime.__version__)'], { encoding: 'utf8' });
  if (have.status === 0 && have.stdout.trim() === ORT_VERSION) return;
  if (GIVEN_PYTHON)
    throw new Error(
      `${GIVEN_PYTHON} needs onnxruntime==${ORT_VERSION} and numpy (it has: ${have.stdout.trim() || have.stderr.trim()})`,
    );
  console.log(`setting up ${VENV} with onnxruntime==${ORT_VERSION} (PyPI)…`);
  mkdirSync(join(homedir(), '.cache', 'plinth'), { recursive: true });
  if (!existsSync(PY)) {
    const mk = spawnSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
    if (mk.status !== 0) throw new Error('python3 -m venv failed (apt-get install -y python3-venv?)');
  }
  const pip = spawnSync(
    PY,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `onnxruntime==${ORT_VERSION}`, 'numpy'],
    { stdio: 'inherit' },
  );
  if (pip.status !== 0) throw new Error('pip install onnxruntime failed');
}

// The Python side: loads the model once, then answers "run N" with per-round wall time measured in Python.
const PY_WORKER = String.raw`
import json, sys, time
import numpy as np
import onnxruntime as ort
model, data, shape, threads, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
so = ort.SessionOptions()
so.intra_op_num_threads = threads
so.inter_op_num_threads = 1
so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
sess = ort.InferenceSession(model, so, providers=["CPUExecutionProvider"])
x = np.fromfile(data, dtype="<f4").reshape(shape)
name = sess.get_inputs()[0].name
y = sess.run(None, {name: x})[0]
y.astype("<f4").tofile(out)
print(json.dumps({"ready": True, "version": ort.__version__, "python": sys.version.split()[0]}), flush=True)
for line in sys.stdin:
    n = int(line.split()[1])
    t = time.perf_counter()
    for _ in range(n):
        sess.run(None, {name: x})
    print(json.dumps({"seconds": time.perf_counter() - t}), flush=True)
`;

class PythonRunner {
  private lines: AsyncIterator<string>;
  private constructor(private proc: ReturnType<typeof spawn>) {
    this.lines = createInterface({ input: proc.stdout! })[Symbol.asyncIterator]();
  }
  static async start(args: string[]): Promise<{ runner: PythonRunner; info: { version: string; python: string } }> {
    const proc = spawn(PY, ['-c', PY_WORKER, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    const runner = new PythonRunner(proc);
    const info = JSON.parse(await runner.next()) as { version: string; python: string };
    return { runner, info };
  }
  private async next(): Promise<string> {
    const r = await this.lines.next();
    if (r.done) throw new Error('python worker exited');
    return r.value;
  }
  async run(n: number): Promise<number> {
    this.proc.stdin!.write(`run ${n}\n`);
    return (JSON.parse(await this.next()) as { seconds: number }).seconds;
  }
  stop(): void {
    this.proc.stdin!.end();
  }
}

const png = IMAGE ? readFileSync(IMAGE) : await renderContractPage();
const saveAt = argv.indexOf('--save-image');
if (saveAt >= 0 && argv[saveAt + 1]) {
  writeFileSync(argv[saveAt + 1]!, png);
  console.log(`rendered document written to ${argv[saveAt + 1]}`);
  process.exit(0);
}
const img = await decodeImage(png);
const pre = detPreprocess(img, DEFAULT_DET_OPTIONS.limitSideLen);
const shape = [1, 3, pre.height, pre.width];
const modelPath = join(defaultModelsDir(), MODEL_FILES.det);
const sessionsOptions: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: THREADS,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
};
console.log(
  `document ${img.width}x${img.height} → det input ${pre.width}x${pre.height}; threads ${THREADS}; ${ROUNDS} rounds x ${ITERS} images`,
);

// Plinth loads the detector through prepareModel (an exact Resize rewrite, runtime/onnx-rewrite.ts). The
// target compares it with Python running that same model file; the model as shipped runs on both sides
// too, as a reference.
const prepared = await prepareModel(modelPath);
const work = mkdtempSync(join(tmpdir(), 'plinth-ocr-bench-'));
const plinthModelPath = join(work, 'det-plinth.onnx');
writeFileSync(plinthModelPath, typeof prepared.model === 'string' ? readFileSync(prepared.model) : prepared.model);
console.log(`graph rewrites: ${prepared.applied.map((a) => `${a.node}: ${a.detail}`).join('; ') || 'none'}`);

const det = await ort.InferenceSession.create(plinthModelPath, sessionsOptions);
const detShipped = await ort.InferenceSession.create(modelPath, sessionsOptions);
const feeds = { [det.inputNames[0]!]: new ort.Tensor('float32', pre.tensor, shape) };
const nodeOut = (Object.values(await det.run(feeds))[0] as ort.Tensor).data as Float32Array;
const shippedOut = (Object.values(await detShipped.run(feeds))[0] as ort.Tensor).data as Float32Array;
const rewriteIdentical = nodeOut.length === shippedOut.length && nodeOut.every((v, i) => Object.is(v, shippedOut[i]));
if (!rewriteIdentical)
  throw new Error('the rewritten detector does not give the same probability map as the shipped one');
const nodeRound =
  (session: ort.InferenceSession) =>
  async (n: number): Promise<number> => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await session.run(feeds);
    return (performance.now() - t) / 1000;
  };

type Side = { name: string; run: (n: number) => Promise<number>; ips: number[] };
const sides: Side[] = [{ name: 'node', run: nodeRound(det), ips: [] }];
const pythons: PythonRunner[] = [];
let pyInfo = null as { version: string; python: string } | null;
let maxAbsDiff: number | null = null;
if (WITH_PYTHON) {
  ensureVenv();
  const input = join(work, 'input.f32');
  writeFileSync(input, Buffer.from(pre.tensor.buffer, pre.tensor.byteOffset, pre.tensor.byteLength));
  /** Starts a Python side on `model`; returns its probability map for the input. */
  const startPython = async (model: string, name: string): Promise<Float32Array> => {
    const output = join(work, `${name}.f32`);
    const started = await PythonRunner.start([model, input, JSON.stringify(shape), String(THREADS), output]);
    pyInfo = started.info;
    pythons.push(started.runner);
    sides.push({ name, run: (n) => started.runner.run(n), ips: [] });
    const buf = readFileSync(output);
    return new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
  };
  const pyOut = await startPython(plinthModelPath, 'python');
  if (pyOut.length !== nodeOut.length) throw new Error('python and node outputs differ in size');
  maxAbsDiff = 0;
  for (let i = 0; i < pyOut.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(pyOut[i]! - nodeOut[i]!));
  await startPython(modelPath, 'pythonShipped');
  console.log(
    `python onnxruntime ${pyInfo!.version} (Python ${pyInfo!.python}); max |node - python| on the probability map: ${maxAbsDiff.toExponential(2)}`,
  );
}
sides.push({ name: 'nodeShipped', run: nodeRound(detShipped), ips: [] });

// Warm-up, then alternate the order of the sides each round.
for (const side of sides) await side.run(2);
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? sides : [...sides].reverse();
  for (const side of order) {
    // One untimed image first on each side, so that no timed round pays for waking its threads and
    // refilling caches right after another process ran.
    for (let w = 0; w < WARM_EACH; w++) await side.run(1);
    side.ips.push(ITERS / (await side.run(ITERS)));
  }
  console.log(`round ${r + 1}: ${sides.map((s) => `${s.name} ${r2(s.ips[r]!)}`).join(', ')} img/s`);
}
for (const p of pythons) p.stop();
await det.release();
await detShipped.release();
rmSync(work, { recursive: true, force: true });

// Full pipeline on the same PNG (Node only): decode + det + cls + rec.
const ocr = await createOcrPipeline({ sessionsOptions });
const first = await ocr.recognize(png);
const pipelineRuns = 3;
const tp = performance.now();
const timings: Record<string, number>[] = [];
for (let i = 0; i < pipelineRuns; i++) timings.push({ ...(await ocr.recognize(png)).timingsMs });
const pipelineIps = pipelineRuns / ((performance.now() - tp) / 1000);
await ocr.close();
const stageMs = Object.fromEntries(Object.keys(timings[0]!).map((k) => [k, r2(median(timings.map((t) => t[k]!)))]));
console.log(
  `pipeline: ${r2(pipelineIps)} img/s, ${first.lines.length} lines; median stage ms ${JSON.stringify(stageMs)}`,
);

const series = Object.fromEntries(sides.map((s) => [s.name, s.ips]));
const nodeIps = series.node!;
const pyIps = series.python;
const nodeMed = median(nodeIps);
const pyMed = pyIps ? median(pyIps) : null;
// Ratio of medians, and the median of per-round ratios (each round pairs adjacent Node and Python
// measurements, which cancels much of the noise from other load on a shared machine).
const ratioOf = (a: number[], b: number[] | undefined): number | null =>
  b ? Math.round((median(a) / median(b)) * 1000) / 1000 : null;
const pairedOf = (a: number[], b: number[] | undefined): number | null =>
  b ? Math.round(median(a.map((n, i) => n / b[i]!)) * 1000) / 1000 : null;
const ratio = ratioOf(nodeIps, pyIps);
const pairedRatio = pairedOf(nodeIps, pyIps);
const result = {
  benchmark: 'ocr-throughput',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version },
  settings: {
    rounds: ROUNDS,
    itersPerRound: ITERS,
    untimedPerRound: WARM_EACH,
    threads: THREADS,
    sessionOptions: sessionsOptions,
  },
  target: 'onnxruntime-node detection images/s >= 0.95x Python onnxruntime (same model, input, threads)',
  model: MODEL_FILES.det,
  graphRewrites: prepared.applied,
  image: { width: img.width, height: img.height, detInput: shape },
  versions: {
    onnxruntimeNode: ORT_VERSION,
    onnxruntimePython: pyInfo?.version ?? null,
    python: pyInfo?.python ?? null,
  },
  detection: {
    note: 'node and python run the model as Plinth loads it (the shipped file after the exact Resize rewrite); the probability map is bit-identical to the shipped model',
    nodeImagesPerSecond: nodeIps.map(r2),
    pythonImagesPerSecond: (pyIps ?? []).map(r2),
    nodeMedian: r2(nodeMed),
    pythonMedian: pyMed === null ? null : r2(pyMed),
    ratioNodeOverPython: ratio,
    medianPairedRoundRatio: pairedRatio,
    meetsTarget: ratio === null ? null : ratio >= 0.95,
    maxAbsDiffProbabilityMap: maxAbsDiff,
    rewriteBitIdentical: rewriteIdentical,
  },
  reference: {
    note: 'the model file as shipped, without the rewrite, on both sides',
    nodeShippedImagesPerSecond: series.nodeShipped!.map(r2),
    pythonShippedImagesPerSecond: (series.pythonShipped ?? []).map(r2),
    ratioBothShipped: ratioOf(series.nodeShipped!, series.pythonShipped),
    ratioPlinthOverPythonShipped: ratioOf(nodeIps, series.pythonShipped),
    medianPairedRoundRatioBothShipped: pairedOf(series.nodeShipped!, series.pythonShipped),
  },
  pipeline: {
    imagesPerSecond: r2(pipelineIps),
    lines: first.lines.length,
    medianStageMs: stageMs,
    sample: first.lines.slice(0, 5).map((l) => l.text),
  },
};
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `detection: node ${r2(nodeMed)} img/s, python ${pyMed === null ? '-' : r2(pyMed)} img/s, ratio ${ratio ?? '-'}x (median paired-round ratio ${pairedRatio ?? '-'}x; target >= 0.95x)`,
);
console.log(
  `reference, model as shipped: both sides ${result.reference.ratioBothShipped ?? '-'}x; Plinth over Python on the shipped file ${result.reference.ratioPlinthOverPythonShipped ?? '-'}x`,
);
console.log(`wrote ${OUT}`);
