// The OCR pipeline in a worker thread, behind the same `OcrPipeline` interface. Requests queue in the
// worker and run one after another (its sessions already use intra-op threads); the parent's event
// loop stays free for other requests meanwhile. Input errors keep their type (OcrInputError), so
// callers map them to BAD_USER_INPUT as before. A worker that dies fails the requests it held, and
// the next request starts a new one.
import { WorkerClient } from '../../../lib/worker-thread.js';
import { OcrInputError, type RgbImage } from '../../../domain/ocr/image.js';
import type { OcrPipeline, OcrPipelineOptions, OcrResult } from './index.js';
import type { OcrWorkerRequest } from './worker.js';

const revive = (e: { name: string; message: string }): Error =>
  e.name === 'OcrInputError' ? new OcrInputError(e.message) : new Error(e.message);

export async function createThreadedOcrPipeline(options: OcrPipelineOptions = {}): Promise<OcrPipeline> {
  let closed = false;
  const start = async (): Promise<WorkerClient<OcrResult>> =>
    (await WorkerClient.start<true, OcrResult>(import.meta.url, 'worker', options, 'OCR worker', revive)).client;
  // Started now, so that a model that cannot load fails here as createOcrPipeline would.
  let worker: Promise<WorkerClient<OcrResult>> = Promise.resolve(await start());

  const send = async (request: OcrWorkerRequest): Promise<OcrResult> => {
    if (closed) throw new Error('OCR pipeline is closed');
    let client = await worker;
    if (client.stopped) client = await (worker = start());
    return client.call(request);
  };

  return {
    recognize: (image: Uint8Array) => send({ image }),
    recognizePixels: (pixels: RgbImage) => send({ pixels }),
    async close() {
      if (closed) return;
      closed = true;
      const client = await worker.catch(() => null);
      await client?.terminate('OCR pipeline is closed');
    },
  };
}
