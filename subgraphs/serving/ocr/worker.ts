// Worker-thread side of `createThreadedOcrPipeline`: owns one OCR pipeline and answers requests from
// the parent. onnxruntime-node runs `session.run` on the calling thread, so running the pipeline here
// keeps a 100+ ms OCR request from stalling the serving subgraph's event loop.
import { workerData } from 'node:worker_threads';
import { failWorker, serveRequests } from '../../../lib/worker-thread.js';
import { createOcrPipeline, type OcrPipeline, type OcrPipelineOptions } from './index.js';
import type { RgbImage } from '../../../domain/ocr/image.js';

export type OcrWorkerRequest = { image: Uint8Array } | { pixels: RgbImage };

let pipeline: OcrPipeline;
try {
  pipeline = await createOcrPipeline(workerData as OcrPipelineOptions);
} catch (error) {
  failWorker((error as Error).message);
}
serveRequests<OcrWorkerRequest>(true, async (request) => ({
  value: 'image' in request ? await pipeline.recognize(request.image) : await pipeline.recognizePixels(request.pixels),
}));
