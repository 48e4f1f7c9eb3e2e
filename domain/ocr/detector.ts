// The PP-OCR text detector on its own, loaded from a model file (a verified model version's artifact),
// for callers that need boxes, not text: pre-annotation of bounding-box labeling tasks. The serving
// pipeline (subgraphs/serving/ocr) runs the same runDetection on its own session.
import * as ort from 'onnxruntime-node';
import { type DetBox, type DetOptions, DEFAULT_DET_OPTIONS, runDetection } from './det.js';
import { decodeImage } from './image.js';

export interface Detection {
  width: number;
  height: number;
  boxes: DetBox[];
}

export interface TextDetector {
  /** Boxes found in PNG or JPEG bytes (OcrInputError for anything else). */
  detect(image: Uint8Array): Promise<Detection>;
  close(): Promise<void>;
}

export interface TextDetectorOptions {
  sessionOptions?: ort.InferenceSession.SessionOptions;
  det?: Partial<DetOptions>;
}

/** A detector on the ONNX model at `modelPath`; throws when the file is no loadable ONNX model. */
export async function createTextDetector(modelPath: string, options: TextDetectorOptions = {}): Promise<TextDetector> {
  const session = await ort.InferenceSession.create(modelPath, {
    graphOptimizationLevel: 'all',
    ...options.sessionOptions,
  });
  const inputs = session.inputNames;
  if (inputs.length !== 1)
    throw new Error(`a text detector takes one image tensor; this model takes ${inputs.length} inputs`);
  const opts: DetOptions = { ...DEFAULT_DET_OPTIONS, ...options.det };
  return {
    async detect(image) {
      const img = await decodeImage(image);
      return { width: img.width, height: img.height, boxes: await runDetection(session, img, opts) };
    },
    close: () => session.release(),
  };
}
