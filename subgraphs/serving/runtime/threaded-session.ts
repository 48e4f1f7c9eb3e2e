// An onnxruntime session in its own worker thread, with the part of InferenceSession's interface the
// session pool uses. onnxruntime-node runs `session.run` synchronously on the calling thread, so a pool
// of plain sessions never runs two requests at once and a slow model holds up the serving process's
// event loop; sessions in threads run side by side (like Triton's model instances) and leave the event
// loop free. The price: inputs are copied to the thread (outputs come back without a copy) and a thread
// hop of a few tens of microseconds per run.
import type { Worker } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';
import { startWorker } from '../../../lib/worker-thread.js';
import type { SessionThreadReply, WireTensor } from './session-thread.js';
import { Tensor } from 'onnxruntime-node';
import type { OrtTensors } from './tensors.js';

export class ThreadedSession {
  private nextId = 1;
  private pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private dead: string | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[],
    readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[],
  ) {
    worker.on('message', (reply: SessionThreadReply) => {
      if (!('id' in reply)) return;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) waiter.reject(new Error(reply.error));
      else if ('outputs' in reply) waiter.resolve(reply.outputs);
      else waiter.resolve(undefined);
    });
    const stop = (why: string): void => {
      this.dead ??= why;
      for (const waiter of this.pending.values()) waiter.reject(new Error(`session thread stopped: ${why}`));
      this.pending.clear();
    };
    worker.on('error', (error) => stop(error.message));
    worker.on('exit', (code) => stop(`exited with code ${code}`));
  }

  /** Resolves once the session is created in its thread; rejects with onnxruntime's reason otherwise. */
  static create(model: string | Uint8Array, options: ort.InferenceSession.SessionOptions): Promise<ThreadedSession> {
    return new Promise((resolve, reject) => {
      const worker = startWorker(import.meta.url, 'session-thread', { model, options });
      const first = (reply: SessionThreadReply): void => {
        worker.off('message', first);
        worker.unref();
        if ('ready' in reply) resolve(new ThreadedSession(worker, reply.inputMetadata, reply.outputMetadata));
        else reject(new Error('failed' in reply ? reply.failed : 'unexpected reply from the session thread'));
      };
      worker.on('message', first);
      worker.once('error', reject);
    });
  }

  private call<T>(message: object, transfer: ArrayBuffer[] = []): Promise<T> {
    if (this.dead) return Promise.reject(new Error(`session thread stopped: ${this.dead}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.ref();
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  async run(feeds: OrtTensors): Promise<OrtTensors> {
    // Copied, not transferred: callers may hold on to their inputs (warm-up feeds, retries).
    const wire: Record<string, WireTensor> = {};
    for (const [name, t] of Object.entries(feeds)) wire[name] = { type: t.type, dims: t.dims, data: t.data };
    const outputs = await this.call<Record<string, WireTensor>>({ feeds: wire });
    const result: OrtTensors = {};
    for (const [name, t] of Object.entries(outputs)) result[name] = new Tensor(t.type, t.data as never, t.dims);
    return result;
  }

  async release(): Promise<void> {
    if (!this.dead) await this.call({ release: true }).catch(() => undefined);
    await this.worker.terminate();
  }
}
