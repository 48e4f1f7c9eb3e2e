// Worker-thread side of `createThreadedOcrPipeline`: owns one OCR pipeline and answers requests from
// the parent one at a time. onnxruntime-node runs `session.run` on the calling thread, so running the
// pipeline here keeps a 100+ ms OCR request from stalling the serving subgraph's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { createOcrPipeline, type OcrPipelineOptions } from './index.js';
import type { RgbImage } from './image.js';

export type OcrWorkerRequest = { id: number; image: Uint8Array } | { id: number; pixels: RgbImage };

if (!parentPort) throw new Error('ocr/worker.ts runs as a worker thread');
const port = parentPort;
const pipeline = await createOcrPipeline(workerData as OcrPipelineOptions);
port.on('message', (request: OcrWorkerRequest) => {
  const run = 'image' in request ? pipeline.recognize(request.image) : pipeline.recognizePixels(request.pixels);
  run.then(
    (result) => port.postMessage({ id: request.id, result }),
    (error: Error) => port.postMessage({ id: request.id, error: { name: error.name, message: error.message } }),
  );
});
port.postMessage({ ready: true });
