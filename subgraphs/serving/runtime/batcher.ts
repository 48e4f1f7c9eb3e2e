// Dynamic batching for one deployment. Requests wait in a bounded FIFO queue; when a session is free,
// the oldest request and the queued requests whose inputs share its dtypes and non-batch dimensions
// are concatenated along dimension 0 (up to maxBatchSize rows), run once, and the outputs are split
// back by each request's row count. A batch leaves as soon as it is full, or when its oldest request
// has waited maxQueueDelayMs. A full queue rejects at once with OVERLOADED, so memory stays bounded
// (queue ≤ maxQueueSize requests, in flight ≤ concurrency batches) and nothing waits forever.
import type { Signature } from '../../../domain/models/signature.js';
import { InferenceError, runFailure } from './errors.js';
import { concatRows, splitRows, type OrtTensors } from './tensors.js';

export interface BatchingOptions {
  /** Most rows in one run; 1 disables batching. */
  maxBatchSize: number;
  /** How long the oldest queued request may wait for others to join its batch. */
  maxQueueDelayMs: number;
  /** Most requests waiting (not yet running); beyond it requests fail with OVERLOADED. */
  maxQueueSize: number;
  /** Per-request deadline from submission to answer (0 or absent: none). */
  timeoutMs?: number;
}

export const DEFAULT_BATCHING: BatchingOptions = {
  maxBatchSize: 32,
  maxQueueDelayMs: 2,
  maxQueueSize: 256,
  timeoutMs: 30_000,
};

export interface BatcherOptions extends BatchingOptions {
  /** Whether requests may be concatenated (see `isBatchable`). */
  batchable: boolean;
  /** Most batches running at once (the session pool's size). */
  concurrency: number;
  /** Called once per run with the number of requests and rows it carried. */
  onBatch?: (requests: number, rows: number) => void;
}

/** A model batches along dimension 0 when every input and output has a symbolic first dimension. */
export function isBatchable(signature: Signature): boolean {
  const symbolicFirst = (shape: (number | string)[]): boolean =>
    shape.length > 0 && (typeof shape[0] === 'string' || (typeof shape[0] === 'number' && shape[0] < 0));
  return (
    signature.inputs.length > 0 &&
    signature.outputs.length > 0 &&
    signature.inputs.every((s) => symbolicFirst(s.shape)) &&
    signature.outputs.every((s) => symbolicFirst(s.shape))
  );
}

interface Pending {
  feeds: OrtTensors;
  /** Requests with equal keys can share a run; null: runs alone. */
  key: string | null;
  rows: number;
  enqueuedAt: number;
  resolve: (out: OrtTensors) => void;
  reject: (error: Error) => void;
  settled: boolean;
  timer: ReturnType<typeof setTimeout> | null;
  /** Already waited one event-loop turn for companions while the batcher was idle. */
  coalesced?: boolean;
}

export class Batcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private delayTimer: ReturnType<typeof setTimeout> | null = null;
  private delayDeadline = 0;
  private coalesceScheduled = false;
  private closed: InferenceError | null = null;

  constructor(
    private readonly run: (feeds: OrtTensors) => Promise<OrtTensors>,
    readonly options: BatcherOptions,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  get running(): number {
    return this.inFlight;
  }

  private get batching(): boolean {
    return this.options.batchable && this.options.maxBatchSize > 1;
  }

  submit(feeds: OrtTensors, timeoutMs = this.options.timeoutMs ?? 0): Promise<OrtTensors> {
    if (this.closed) return Promise.reject(this.closed);
    const idle = this.queue.length === 0 && this.inFlight < this.options.concurrency;
    if (!idle && this.queue.length >= this.options.maxQueueSize)
      return Promise.reject(
        new InferenceError(
          'OVERLOADED',
          `the deployment's queue is full (${this.options.maxQueueSize} waiting); retry later`,
        ),
      );
    return new Promise<OrtTensors>((resolve, reject) => {
      const { key, rows } = this.batching ? batchKey(feeds) : { key: null, rows: 0 };
      const pending: Pending = {
        feeds,
        key,
        rows,
        enqueuedAt: performance.now(),
        resolve,
        reject,
        settled: false,
        timer: null,
      };
      if (timeoutMs > 0)
        pending.timer = setTimeout(() => {
          const index = this.queue.indexOf(pending);
          if (index >= 0) this.queue.splice(index, 1);
          settle(
            pending,
            new InferenceError(
              'TIMEOUT',
              `no answer within ${timeoutMs} ms (${index >= 0 ? 'still queued' : 'running'})`,
            ),
          );
        }, timeoutMs);
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Rejects every queued request with `error` and refuses new ones; running batches finish. */
  close(error: InferenceError): void {
    this.closed = error;
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.delayTimer = null;
    for (const pending of this.queue.splice(0)) settle(pending, error);
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.options.concurrency && this.queue.length > 0) {
      const head = this.queue[0] as Pending;
      if (head.key === null) {
        this.queue.shift();
        this.dispatch([head]);
        continue;
      }
      const batch = [head];
      let rows = head.rows;
      for (let i = 1; i < this.queue.length && rows < this.options.maxBatchSize; i++) {
        const candidate = this.queue[i] as Pending;
        if (candidate.key === head.key && rows + candidate.rows <= this.options.maxBatchSize) {
          batch.push(candidate);
          rows += candidate.rows;
        }
      }
      if (rows < this.options.maxBatchSize) {
        if (this.inFlight === 0) {
          // Idle: waiting out maxQueueDelayMs would only add latency. Wait one turn of the event loop
          // instead, so requests that arrived in the same I/O phase still ride together; under load
          // the queue fills while sessions run, and full batches leave as soon as one is free.
          if (!this.coalesceScheduled && !head.coalesced) {
            this.coalesceScheduled = true;
            for (const p of this.queue) p.coalesced = true;
            setImmediate(() => {
              this.coalesceScheduled = false;
              this.pump();
            });
            return;
          }
          if (this.coalesceScheduled) return;
        } else {
          const deadline = head.enqueuedAt + this.options.maxQueueDelayMs;
          if (performance.now() < deadline) {
            this.armDelay(deadline);
            return;
          }
        }
      }
      const taken = new Set(batch);
      this.queue = this.queue.filter((p) => !taken.has(p));
      this.dispatch(batch);
    }
  }

  private armDelay(deadline: number): void {
    if (this.delayTimer && this.delayDeadline <= deadline) return;
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.delayDeadline = deadline;
    this.delayTimer = setTimeout(
      () => {
        this.delayTimer = null;
        this.pump();
      },
      Math.max(0, deadline - performance.now()),
    );
  }

  private dispatch(batch: Pending[]): void {
    this.inFlight++;
    void this.execute(batch).finally(() => {
      this.inFlight--;
      this.pump();
    });
  }

  private async execute(batch: Pending[]): Promise<void> {
    const live = batch.filter((p) => !p.settled); // a request may have timed out meanwhile
    if (live.length === 0) return;
    const first = live[0] as Pending;
    let out: OrtTensors;
    try {
      const feeds: OrtTensors = {};
      if (live.length === 1) Object.assign(feeds, first.feeds);
      else
        for (const name of Object.keys(first.feeds))
          feeds[name] = concatRows(live.map((p) => p.feeds[name] as OrtTensors[string]));
      const rows =
        live.length === 1 && first.key === null ? leadingRows(first.feeds) : live.reduce((n, p) => n + p.rows, 0);
      this.options.onBatch?.(live.length, rows);
      out = await this.run(feeds);
    } catch (error) {
      const failure = error instanceof InferenceError ? error : runFailure(error as Error);
      for (const p of live) settle(p, failure);
      return;
    }
    if (live.length === 1) {
      settle(first, null, out);
      return;
    }
    try {
      const rowCounts = live.map((p) => p.rows);
      const pieces: OrtTensors[] = live.map(() => ({}));
      for (const [name, tensor] of Object.entries(out))
        splitRows(tensor, rowCounts).forEach((piece, i) => ((pieces[i] as OrtTensors)[name] = piece));
      live.forEach((p, i) => settle(p, null, pieces[i]));
    } catch (error) {
      const failure = new InferenceError(
        'INTERNAL',
        `cannot split the batched outputs by request: ${(error as Error).message}`,
      );
      for (const p of live) settle(p, failure);
    }
  }
}

function settle(p: Pending, error: Error | null, out?: OrtTensors): void {
  if (p.settled) return;
  p.settled = true;
  if (p.timer) clearTimeout(p.timer);
  p.feeds = {}; // drop references to the request's data as soon as it is answered
  if (error) p.reject(error);
  else p.resolve(out as OrtTensors);
}

function leadingRows(feeds: OrtTensors): number {
  const first = Object.values(feeds)[0];
  return first && first.dims.length > 0 ? (first.dims[0] ?? 1) : 1;
}

/** Requests batch together when their inputs agree on names, dtypes and every dimension but the first. */
function batchKey(feeds: OrtTensors): { key: string | null; rows: number } {
  const names = Object.keys(feeds).sort();
  let rows = -1;
  const parts: string[] = [];
  for (const name of names) {
    const t = feeds[name] as OrtTensors[string];
    if (t.dims.length === 0) return { key: null, rows: 0 };
    const r = t.dims[0] as number;
    if (rows !== -1 && r !== rows) return { key: null, rows: 0 }; // inputs disagree on rows: cannot split
    rows = r;
    parts.push(`${name}:${t.type}:${t.dims.slice(1).join('x')}`);
  }
  if (rows <= 0) return { key: null, rows: 0 };
  return { key: parts.join('|'), rows };
}
