// Worker-thread side of ThreadedSession: one onnxruntime session, runs on request. Outputs go back as
// transferred buffers (no copy).
import { workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { failWorker, serveRequests } from '../../../lib/worker-thread.js';
import { createSession } from './onnx-rewrite.js';

export interface WireTensor {
  type: ort.Tensor.Type;
  dims: readonly number[];
  data: ort.Tensor.DataType;
}
export type SessionThreadRequest = { feeds: Record<string, WireTensor> } | { release: true };
export interface SessionThreadReady {
  inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
}

const { model, options } = workerData as { model: string | Uint8Array; options: ort.InferenceSession.SessionOptions };
let session: ort.InferenceSession;
try {
  session = await createSession(model, options);
} catch (error) {
  failWorker((error as Error).message);
}

serveRequests<SessionThreadRequest>(
  { inputMetadata: session.inputMetadata, outputMetadata: session.outputMetadata } satisfies SessionThreadReady,
  async (request) => {
    if ('release' in request) {
      await session.release();
      return { value: null };
    }
    const feeds = Object.fromEntries(
      Object.entries(request.feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data as never, t.dims)]),
    );
    const outputs: Record<string, WireTensor> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, value] of Object.entries(await session.run(feeds))) {
      const t = value as ort.Tensor;
      outputs[name] = { type: t.type, dims: t.dims, data: t.data };
      if (ArrayBuffer.isView(t.data) && t.data.buffer instanceof ArrayBuffer) transfer.push(t.data.buffer);
    }
    return { value: outputs, transfer };
  },
);
