// CPU-bound activity work off the worker's event loop: a small pool of worker threads (./thread.ts) that
// run ./ops.ts. ml.js training is synchronous and can take minutes; on the event loop it stopped the
// worker answering queries, heartbeating and starting other activities (issue #15: a progress query hung
// 30 s, an edge rollout took 44.6 s instead of 1.1 s). In a thread, only that thread is busy.
//
// Inside an activity, a call follows the activity's cancellation (delivered through its heartbeats): the
// thread running it is terminated (and replaced on demand), so a cancelled or timed-out attempt does not
// keep a core busy.
import { availableParallelism } from 'node:os';
import { Context } from '@temporalio/activity';
import { WorkerClient } from '../../lib/worker-thread.js';
import type { ComputeOp, ComputeOps } from './ops.js';

/** Threads per worker process: PLINTH_COMPUTE_THREADS, else one core is left for the event loops. */
export const computeThreads = (): number => {
  const configured = Number(process.env.PLINTH_COMPUTE_THREADS);
  if (Number.isInteger(configured) && configured > 0) return configured;
  return Math.max(1, Math.min(4, availableParallelism() - 1));
};

type Client = WorkerClient<unknown>;

class ComputePool {
  private readonly idle: Client[] = [];
  private readonly waiting: ((client: Client | null) => void)[] = [];
  private live = 0;

  constructor(private readonly size: number) {}

  async run(op: ComputeOp, args: unknown[]): Promise<unknown> {
    const signal = activitySignal();
    signal?.throwIfAborted();
    const client = await this.acquire();
    const abort = (): void => void client.terminate(`the activity was cancelled`);
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return await client.call({ op, args });
    } catch (error) {
      // A cancelled activity answers with Temporal's cancellation, not the thread's end.
      if (signal?.aborted) throw signal.reason;
      throw error;
    } finally {
      signal?.removeEventListener('abort', abort);
      this.release(client);
    }
  }

  private async acquire(): Promise<Client> {
    const ready = this.idle.pop();
    if (ready) return ready;
    if (this.live < this.size) {
      this.live++;
      try {
        return (await WorkerClient.start<null, unknown>(import.meta.url, 'thread', null, 'compute thread')).client;
      } catch (error) {
        this.live--;
        this.waiting.shift()?.(null);
        throw error;
      }
    }
    const client = await new Promise<Client | null>((resolve) => this.waiting.push(resolve));
    return client ?? this.acquire();
  }

  private release(client: Client): void {
    if (client.stopped) {
      // Terminated (cancelled) or crashed: its slot starts a fresh thread for the next caller.
      this.live--;
      this.waiting.shift()?.(null);
      return;
    }
    const next = this.waiting.shift();
    if (next) next(client);
    else this.idle.push(client);
  }
}

/** The running activity's cancellation signal; none outside an activity (a bench, a unit test). */
function activitySignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

let pool: ComputePool | undefined;

function inThread<K extends ComputeOp>(op: K, ...args: Parameters<ComputeOps[K]>): Promise<ReturnType<ComputeOps[K]>> {
  pool ??= new ComputePool(computeThreads());
  return pool.run(op, args) as Promise<ReturnType<ComputeOps[K]>>;
}

/** ./ops.ts's functions, each run in a compute thread: same arguments, the value as a promise. */
export const compute = {
  train: (...args: Parameters<ComputeOps['train']>) => inThread('train', ...args),
  predict: (...args: Parameters<ComputeOps['predict']>) => inThread('predict', ...args),
  toOnnx: (...args: Parameters<ComputeOps['toOnnx']>) => inThread('toOnnx', ...args),
  activeLearningRound: (...args: Parameters<ComputeOps['activeLearningRound']>) =>
    inThread('activeLearningRound', ...args),
  detectText: (...args: Parameters<ComputeOps['detectText']>) => inThread('detectText', ...args),
};
