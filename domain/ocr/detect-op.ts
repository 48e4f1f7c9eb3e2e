// Text detection as a compute-thread op (workflows/compute/ops.ts): images in, boxes out, plain data both
// ways. The ONNX session of a model file is created once per thread and kept (a few per thread at most),
// so a pre-annotation run loads its detector once, not once per image.
import { OcrInputError } from './image.js';
import { createTextDetector, type Detection, type TextDetector } from './detector.js';

const CACHED = 2;
const detectors = new Map<string, Promise<TextDetector>>();

function detectorFor(modelPath: string, threads: number): Promise<TextDetector> {
  const key = `${modelPath}|${threads}`;
  let detector = detectors.get(key);
  if (!detector) {
    // No spin-waiting between ops: a compute worker shares its cores (other activities' threads, other
    // processes), and a spinning pool took 2x the wall time and 1.7x the CPU of a sleeping one with the
    // machine busy (30 rendered images, load ~10 on 2 cores: 11.4 s vs 5.5 s).
    detector = createTextDetector(modelPath, {
      sessionOptions: { intraOpNumThreads: threads, extra: { session: { intra_op: { allow_spinning: '0' } } } },
    });
    detector.catch(() => detectors.delete(key));
    detectors.set(key, detector);
    while (detectors.size > CACHED) {
      const [oldest, evicted] = detectors.entries().next().value!;
      detectors.delete(oldest);
      void evicted.then((d) => d.close()).catch(() => undefined);
    }
  }
  return detector;
}

/** One image's outcome: its boxes, or why it could not be read (a damaged or unsupported image). */
export type DetectOutcome = ({ ok: true } & Detection) | { ok: false; error: string };

/**
 * Detects text in each image with the model at `modelPath` (a verified artifact's local file). An image
 * that cannot be decoded fails alone; a model that cannot load fails the call.
 */
export async function detectText(modelPath: string, images: Uint8Array[], threads = 2): Promise<DetectOutcome[]> {
  const detector = await detectorFor(modelPath, threads);
  const out: DetectOutcome[] = [];
  for (const image of images) {
    try {
      out.push({ ok: true, ...(await detector.detect(image)) });
    } catch (error) {
      if (!(error instanceof OcrInputError)) throw error;
      out.push({ ok: false, error: error.message });
    }
  }
  return out;
}
