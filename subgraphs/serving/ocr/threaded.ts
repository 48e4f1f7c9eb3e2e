// The OCR pipeline in a worker thread, behind the same `OcrPipeline` interface. Requests queue in the
// worker and run one after another (its sessions already use intra-op threads); the parent's event
// loop stays free for other requests meanwhile. Input errors keep their type (OcrInputError), so
// callers map them to BAD_USER_INPUT as before. A worker that dies fails the requests it held, and
// the next request starts a new one.
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../../lib/worker-thread.js';
import { OcrInputError, type RgbImage } from './image.js';
import type { OcrPipeline, OcrPipelineOptions, OcrResult } from './index.js';
import type { OcrWorkerRequest } from './worker.js';

type Reply = { ready: true } | { id: number; result: OcrResult } | { id: number; error: { name: string; message: string } };

export async function createThreadedOcrPipeline(options: OcrPipelineOptions = {}): Promise<OcrPipeline> {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve: (r: OcrResult) => void; reject: (e: Error) => void }>();
  let worker: Promise<Worker> | null = null;

  const start = (): Promise<Worker> =>
    new Promise<Worker>((resolve, reject) => {
      const w = startWorker(import.meta.url, 'worker', options);
      // An idle worker must not keep the process alive; one with requests in flight must.
      w.unref();
      let ready = false;
      w.on('message', (reply: Reply) => {
        if ('ready' in reply) {
          ready = true;
          return resolve(w);
        }
        const waiter = pending.get(reply.id);
        if (!waiter) return;
        pending.delete(reply.id);
        if (pending.size === 0) w.unref();
        if ('result' in reply) waiter.resolve(reply.result);
        else waiter.reject(reply.error.name === 'OcrInputError' ? new OcrInputError(reply.error.message) : new Error(reply.error.message));
      });
      const fail = (error: Error): void => {
        worker = null;
        if (!ready) return reject(new Error(`OCR worker could not start: ${error.message}`));
        for (const [id, waiter] of pending) {
          pending.delete(id);
          waiter.reject(new Error(`OCR worker stopped: ${error.message}`));
        }
      };
      w.on('error', fail);
      w.on('exit', (code) => {
        if (!closed) fail(new Error(`exited with code ${code}`));
      });
    });

  const send = async (request: Omit<OcrWorkerRequest, 'id'>): Promise<OcrResult> => {
    if (closed) throw new Error('OCR pipeline is closed');
    worker ??= start();
    const w = await worker;
    const id = nextId++;
    return new Promise<OcrResult>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ ...request, id });
    });
  };

  // Start now, so that a model that cannot load fails here as createOcrPipeline would.
  worker = start();
  await worker;

  return {
    recognize: (image: Uint8Array) => send({ image }),
    recognizePixels: (pixels: RgbImage) => send({ pixels }),
    async close() {
      if (closed) return;
      closed = true;
      const w = await worker?.catch(() => null);
      await w?.terminate();
      for (const waiter of pending.values()) waiter.reject(new Error('OCR pipeline is closed'));
      pending.clear();
    },
  };
}
