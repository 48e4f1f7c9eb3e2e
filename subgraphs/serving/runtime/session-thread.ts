// Worker-thread side of ThreadedSession: one onnxruntime session, runs on request. Outputs go back as
// transferred buffers (no copy); errors as messages.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

export interface WireTensor {
  type: ort.Tensor.Type;
  dims: readonly number[];
  data: ort.Tensor.DataType;
}
export type SessionThreadRequest = { id: number; feeds: Record<string, WireTensor> } | { id: number; release: true };
export type SessionThreadReply =
  | { ready: true; inputMetadata: readonly ort.InferenceSession.ValueMetadata[]; outputMetadata: readonly ort.InferenceSession.ValueMetadata[] }
  | { failed: string }
  | { id: number; outputs: Record<string, WireTensor> }
  | { id: number; error: string }
  | { id: number; released: true };

if (!parentPort) throw new Error('session-thread.ts runs as a worker thread');
const port = parentPort;
const { model, options } = workerData as { model: string | Uint8Array; options: ort.InferenceSession.SessionOptions };

let session: ort.InferenceSession;
try {
  session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
  port.postMessage({ ready: true, inputMetadata: session.inputMetadata, outputMetadata: session.outputMetadata } satisfies SessionThreadReply);
} catch (error) {
  port.postMessage({ failed: (error as Error).message } satisfies SessionThreadReply);
  process.exit(0);
}

port.on('message', (request: SessionThreadRequest) => {
  if ('release' in request) {
    void session.release().finally(() => port.postMessage({ id: request.id, released: true } satisfies SessionThreadReply));
    return;
  }
  const feeds = Object.fromEntries(Object.entries(request.feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data as never, t.dims)]));
  session.run(feeds).then(
    (out) => {
      const outputs: Record<string, WireTensor> = {};
      const transfer: ArrayBuffer[] = [];
      for (const [name, value] of Object.entries(out)) {
        const t = value as ort.Tensor;
        outputs[name] = { type: t.type, dims: t.dims, data: t.data };
        if (ArrayBuffer.isView(t.data) && t.data.buffer instanceof ArrayBuffer) transfer.push(t.data.buffer);
      }
      port.postMessage({ id: request.id, outputs } satisfies SessionThreadReply, transfer);
    },
    (error: Error) => port.postMessage({ id: request.id, error: error.message } satisfies SessionThreadReply),
  );
});
