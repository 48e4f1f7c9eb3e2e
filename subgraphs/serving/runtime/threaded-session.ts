// An onnxruntime session in its own worker thread, with the part of InferenceSession's interface the
// session pool uses. onnxruntime-node runs `session.run` synchronously on the calling thread, so a pool
// of plain sessions never runs two requests at once and a slow model holds up the serving process's
// event loop; sessions in threads run side by side (like Triton's model instances) and leave the event
// loop free. The price: inputs are copied to the thread (outputs come back without a copy) and a thread
// hop of a few tens of microseconds per run.
import type * as ort from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import { WorkerClient } from '../../../lib/worker-thread.js';
import type { SessionThreadReady, SessionThreadRequest, WireTensor } from './session-thread.js';
import type { OrtTensors } from './tensors.js';

export class ThreadedSession {
  private constructor(
    private readonly client: WorkerClient<Record<string, WireTensor> | null>,
    readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[],
    readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[],
  ) {}

  /** Resolves once the session is created in its thread; rejects with onnxruntime's reason otherwise. */
  static async create(
    model: string | Uint8Array,
    options: ort.InferenceSession.SessionOptions,
  ): Promise<ThreadedSession> {
    const { client, ready } = await WorkerClient.start<SessionThreadReady, Record<string, WireTensor> | null>(
      import.meta.url,
      'session-thread',
      { model, options },
      'session thread',
    );
    return new ThreadedSession(client, ready.inputMetadata, ready.outputMetadata);
  }

  async run(feeds: OrtTensors): Promise<OrtTensors> {
    // Copied, not transferred: callers may hold on to their inputs (warm-up feeds, retries).
    const wire: Record<string, WireTensor> = {};
    for (const [name, t] of Object.entries(feeds)) wire[name] = { type: t.type, dims: t.dims, data: t.data };
    const outputs = (await this.client.call({ feeds: wire } satisfies SessionThreadRequest)) ?? {};
    const result: OrtTensors = {};
    for (const [name, t] of Object.entries(outputs)) result[name] = new Tensor(t.type, t.data as never, t.dims);
    return result;
  }

  async release(): Promise<void> {
    if (!this.client.stopped)
      await this.client.call({ release: true } satisfies SessionThreadRequest).catch(() => undefined);
    await this.client.terminate();
  }
}
