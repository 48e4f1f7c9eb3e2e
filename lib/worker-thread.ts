// Worker threads for work that would otherwise hold up a service's event loop (onnxruntime-node runs
// `session.run` synchronously on the calling thread). One small protocol for all of them: the worker
// posts { ready } once (or { failed } and ends), then answers each { id, ...request } with { id, value }
// or { id, error }. The parent side (WorkerClient) matches answers to calls, keeps the process alive
// only while calls are in flight, and fails the calls in flight when the worker dies.
import { Worker, parentPort } from 'node:worker_threads';

type Reply<R, V> =
  | { ready: R }
  | { failed: string }
  | { id: number; value: V }
  | { id: number; error: { name: string; message: string } };

/**
 * Starts a worker thread on a sibling module of the caller (`callerUrl` is its import.meta.url, `name`
 * the module's name without extension). Compiled, the module is a .js file. Run from TypeScript sources
 * under tsx, it is a .ts file, and Node 20 does not carry the tsx loader (given by --import) into
 * worker threads, so a small bootstrap registers tsx in the worker first.
 */
export function startWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const url = new URL(`./${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return new Worker(url, { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export class WorkerClient<V> {
  private nextId = 1;
  private pending = new Map<number, { resolve: (value: V) => void; reject: (error: Error) => void }>();
  /** Why the worker is gone; null while it runs. */
  stopped: string | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly what: string,
    private readonly revive: (error: { name: string; message: string }) => Error,
  ) {
    worker.on('message', (reply: Reply<unknown, V>) => {
      if (!('id' in reply)) return;
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) waiter.reject(this.revive(reply.error));
      else waiter.resolve(reply.value);
    });
    worker.on('error', (error) => this.stop(error.message));
    worker.on('exit', (code) => this.stop(`exited with code ${code}`));
  }

  /**
   * Starts the worker and waits for its { ready } (whose payload it returns) or { failed } (thrown).
   * `revive` turns an error answer back into an Error of the right kind (default: a plain Error).
   */
  static start<R, V>(
    callerUrl: string,
    name: string,
    workerData: unknown,
    what: string,
    revive: (error: { name: string; message: string }) => Error = (e) => new Error(e.message),
  ): Promise<{ client: WorkerClient<V>; ready: R }> {
    return new Promise((resolve, reject) => {
      const worker = startWorker(callerUrl, name, workerData);
      worker.unref();
      const first = (reply: Reply<R, V>): void => {
        worker.off('message', first);
        worker.off('error', failed);
        if ('ready' in reply) resolve({ client: new WorkerClient<V>(worker, what, revive), ready: reply.ready });
        else reject(new Error('failed' in reply ? reply.failed : `${what}: unexpected first message`));
      };
      const failed = (error: Error): void => reject(new Error(`${what} could not start: ${error.message}`));
      worker.on('message', first);
      worker.once('error', failed);
      // A no-op once settled; catches a worker that ends before it says anything.
      worker.once('exit', (code) => reject(new Error(`${what} could not start: exited with code ${code}`)));
    });
  }

  call(request: object, transfer: ArrayBuffer[] = []): Promise<V> {
    if (this.stopped) return Promise.reject(new Error(`${this.what} stopped: ${this.stopped}`));
    const id = this.nextId++;
    return new Promise<V>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Ends the worker; calls in flight fail with `reason`. */
  async terminate(reason = `${this.what} is closed`): Promise<void> {
    this.stop(reason);
    await this.worker.terminate();
  }

  private stop(why: string): void {
    this.stopped ??= why;
    for (const waiter of this.pending.values()) waiter.reject(new Error(`${this.what} stopped: ${why}`));
    this.pending.clear();
  }
}

/**
 * The worker side: posts { ready }, then answers every request with `handle`'s value (and the buffers
 * to transfer with it) or its error.
 */
export function serveRequests<Q>(
  ready: unknown,
  handle: (request: Q) => Promise<{ value: unknown; transfer?: ArrayBuffer[] }>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveRequests runs in a worker thread');
  port.on('message', (request: Q & { id: number }) => {
    handle(request).then(
      ({ value, transfer }) => port.postMessage({ id: request.id, value }, transfer ?? []),
      (error: Error) => port.postMessage({ id: request.id, error: { name: error.name, message: error.message } }),
    );
  });
  port.postMessage({ ready });
}

/** The worker side, when setting up failed: says why and ends the thread. */
export function failWorker(message: string): never {
  parentPort?.postMessage({ failed: message });
  process.exit(0);
}
