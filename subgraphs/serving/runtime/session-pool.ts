// N onnxruntime sessions of one model for one deployment, created with the chosen execution provider
// and warmed with one run on zero inputs. Runs borrow an idle session; when all are busy they wait in
// FIFO order (the batcher in front bounds how many can wait).
//
// onnxruntime-node 1.30 executes `session.run` synchronously on the calling thread (the promise resolves
// after the work is done): with `isolation: 'inline'` N sessions never run at once and a run holds up
// the event loop; parallelism comes from intra-op threads only. With `isolation: 'thread'` each session
// lives in its own worker thread (ThreadedSession), so the N sessions run side by side and the event
// loop stays free, for a copy of the inputs and a thread hop per run.
import type * as ort from 'onnxruntime-node';
import { NON_TENSOR, signatureOf, type Signature } from '../../../domain/models/signature.js';
import { InferenceError } from './errors.js';
import { type AppliedRewrite, createSession, prepareModel } from './onnx-rewrite.js';
import { ThreadedSession } from './threaded-session.js';
import { zeros, type OrtTensors } from './tensors.js';

export type PoolState = 'READY' | 'FAILED' | 'CLOSED';

export interface SessionPoolOptions {
  /** Path of the .onnx file (or its bytes). */
  model: string | Uint8Array;
  /** ONNX Runtime EP name: cpu, cuda, tensorrt, ... */
  provider: string;
  /** Number of sessions (≥ 1). */
  size: number;
  /** Extra session options (threads, graph optimization level, ...). */
  sessionOptions?: ort.InferenceSession.SessionOptions;
  /** Run each session once on zero inputs before READY (default true). */
  warm?: boolean;
  /** 'inline' (default): sessions on this thread; 'thread': each session in a worker thread. */
  isolation?: Isolation;
}

export type Isolation = 'inline' | 'thread';

/** What the pool needs of a session; InferenceSession and ThreadedSession both have it. */
interface PoolSession {
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  run(feeds: OrtTensors): Promise<ort.InferenceSession.OnnxValueMapType>;
  release(): Promise<void>;
}

/** Zero inputs for a signature; symbolic or unknown dimensions become 1. */
export function warmupFeeds(signature: Signature): OrtTensors {
  const feeds: OrtTensors = {};
  for (const spec of signature.inputs) {
    if (spec.dtype === NON_TENSOR)
      throw new Error(`input "${spec.name}" is not a tensor; the runtime serves tensor inputs only`);
    feeds[spec.name] = zeros(
      spec.dtype,
      spec.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : 1)),
    );
  }
  return feeds;
}

export class SessionPool {
  state: PoolState = 'FAILED';
  reason: string | null = null;
  /** The model's signature as ONNX Runtime reports it (empty when creation failed). */
  signature: Signature = { inputs: [], outputs: [] };
  /** Completed session runs, warm-up excluded. */
  runs = 0;
  /** Exact graph rewrites applied before loading (onnx-rewrite.ts). */
  rewrites: AppliedRewrite[] = [];
  private sessions: PoolSession[] = [];
  private idle: PoolSession[] = [];
  private waiters: { resolve: (session: PoolSession) => void; reject: (error: Error) => void }[] = [];
  private busy = 0;
  private drained: (() => void) | null = null;

  private constructor(
    readonly provider: string,
    readonly isolation: Isolation,
  ) {}

  /** Never throws: a pool that could not be built is returned FAILED with its reason. */
  static async create(options: SessionPoolOptions): Promise<SessionPool> {
    const pool = new SessionPool(options.provider, options.isolation ?? 'inline');
    const size = Math.max(1, Math.floor(options.size));
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      ...options.sessionOptions,
      executionProviders: [options.provider],
    };
    try {
      const { model, applied } = await prepareModel(options.model);
      pool.rewrites = applied;
      for (let i = 0; i < size; i++) {
        const session: PoolSession =
          pool.isolation === 'thread'
            ? await ThreadedSession.create(model, sessionOptions)
            : await createSession(model, sessionOptions);
        pool.sessions.push(session);
      }
      pool.signature = signatureOf(pool.sessions[0] as unknown as Parameters<typeof signatureOf>[0]);
    } catch (error) {
      pool.reason = `could not create an ONNX Runtime session with ${options.provider}: ${(error as Error).message}`;
      await pool.releaseAll();
      return pool;
    }
    if (options.warm !== false) {
      try {
        const feeds = warmupFeeds(pool.signature);
        for (const session of pool.sessions) await session.run(feeds);
      } catch (error) {
        pool.reason = `warm-up run failed: ${(error as Error).message}`;
        await pool.releaseAll();
        return pool;
      }
    }
    pool.idle = [...pool.sessions];
    pool.state = 'READY';
    return pool;
  }

  get size(): number {
    return this.sessions.length;
  }

  /** Runs on an idle session (waiting for one if all are busy). */
  async run(feeds: OrtTensors): Promise<OrtTensors> {
    if (this.state !== 'READY') throw new InferenceError('UNAVAILABLE', this.reason ?? `session pool is ${this.state}`);
    const session =
      this.idle.pop() ?? (await new Promise<PoolSession>((resolve, reject) => this.waiters.push({ resolve, reject })));
    this.busy++;
    try {
      const out = await session.run(feeds);
      this.runs++;
      return out as OrtTensors;
    } finally {
      this.busy--;
      const next = this.waiters.shift();
      if (next && this.state === 'READY') next.resolve(session);
      else this.idle.push(session);
      if (this.busy === 0 && this.drained) this.drained();
    }
  }

  /** Waits for runs in progress, then releases every session. Idempotent. */
  async close(): Promise<void> {
    if (this.state === 'CLOSED') return;
    const wasReady = this.state === 'READY';
    this.state = 'CLOSED';
    this.reason = 'closed';
    for (const waiter of this.waiters.splice(0))
      waiter.reject(new InferenceError('UNAVAILABLE', 'the deployment is closing'));
    if (wasReady && this.busy > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.releaseAll();
  }

  private async releaseAll(): Promise<void> {
    const sessions = this.sessions;
    this.sessions = [];
    this.idle = [];
    await Promise.allSettled(sessions.map((s) => s.release()));
  }
}
