// Keeps the hub's processes running: one that exits without being asked to is started again after a
// back-off that doubles on each quick crash (so a process that dies at start does not spin a core) and
// resets once it has stayed up a while. The others keep serving meanwhile (issue #12: one `kill -9`ed
// subgraph used to stop the whole hub). stop() ends them all: SIGTERM, then SIGKILL after a grace period.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export interface ProcessSpec {
  /** Short name used in log prefixes and events. */
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface SupervisorOptions {
  /** First restart delay; doubles per consecutive quick crash. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A process that ran at least this long before exiting counts as healthy: its next restart is quick again. */
  resetAfterMs?: number;
  /** SIGTERM → SIGKILL grace period in stop(). */
  stopGraceMs?: number;
  /** Where supervisor messages go (default: stderr). */
  log?: (line: string) => void;
  /** Each line a child prints, with its name; default: prefixed onto this process's stdout/stderr. */
  output?: (name: string, line: string, stream: 'stdout' | 'stderr') => void;
}

export interface SupervisedProcess {
  readonly name: string;
  /** The current child (replaced on each restart). */
  readonly child: ChildProcess;
  readonly pid: number | undefined;
  /** Restarts so far. */
  readonly restarts: number;
}

export interface ExitEvent {
  name: string;
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
  uptimeMs: number;
  /** Delay before the restart; undefined while stopping. */
  restartInMs?: number;
}

export interface SpawnEvent {
  name: string;
  pid: number | undefined;
  restarts: number;
}

interface Entry {
  spec: ProcessSpec;
  child: ChildProcess;
  startedAt: number;
  restarts: number;
  /** Crashes in a row, each before resetAfterMs of uptime: the back-off exponent. */
  quickCrashes: number;
  timer?: NodeJS.Timeout;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;

/** Emits 'spawn' (SpawnEvent) on every start and restart, 'exit' (ExitEvent) on every exit. */
export class Supervisor extends EventEmitter {
  private readonly entries = new Map<string, Entry>();
  private stopping = false;
  private readonly opts: Required<Omit<SupervisorOptions, 'output'>> & Pick<SupervisorOptions, 'output'>;

  constructor(options: SupervisorOptions = {}) {
    super();
    this.opts = {
      initialDelayMs: options.initialDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      resetAfterMs: options.resetAfterMs ?? 30_000,
      stopGraceMs: options.stopGraceMs ?? 5_000,
      log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
      output: options.output,
    };
  }

  /** Starts a process under supervision. */
  start(spec: ProcessSpec): SupervisedProcess {
    if (this.stopping) throw new Error(`supervisor is stopping; not starting ${spec.name}`);
    if (this.entries.has(spec.name)) throw new Error(`a process named "${spec.name}" is already supervised`);
    const entry: Entry = { spec, child: this.spawn(spec), startedAt: Date.now(), restarts: 0, quickCrashes: 0 };
    this.entries.set(spec.name, entry);
    this.watch(entry);
    return this.view(entry);
  }

  get(name: string): SupervisedProcess | undefined {
    const entry = this.entries.get(name);
    return entry && this.view(entry);
  }

  list(): SupervisedProcess[] {
    return [...this.entries.values()].map((e) => this.view(e));
  }

  /** Resolves on the next (re)start of `name` (for tests and tools waiting out a restart). */
  nextSpawn(name: string, timeoutMs = 60_000): Promise<SpawnEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('spawn', onSpawn);
        reject(new Error(`${name} was not restarted within ${seconds(timeoutMs)}`));
      }, timeoutMs);
      const onSpawn = (event: SpawnEvent): void => {
        if (event.name !== name) return;
        clearTimeout(timer);
        this.off('spawn', onSpawn);
        resolve(event);
      };
      this.on('spawn', onSpawn);
    });
  }

  /** SIGTERM to every process, SIGKILL to those still running after the grace period; no restarts. */
  async stop(): Promise<void> {
    this.stopping = true;
    const running = [...this.entries.values()].filter((e) => {
      clearTimeout(e.timer);
      return e.child.exitCode === null && e.child.signalCode === null;
    });
    await Promise.all(
      running.map(async ({ child }) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.stopGraceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private view(entry: Entry): SupervisedProcess {
    return {
      name: entry.spec.name,
      child: entry.child,
      pid: entry.child.pid,
      restarts: entry.restarts,
    };
  }

  private spawn(spec: ProcessSpec): ChildProcess {
    const child = spawn(spec.command, [...spec.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: spec.env ?? process.env,
      cwd: spec.cwd,
    });
    const prefix = `[${spec.name}]`.padEnd(10);
    const pipe = (stream: NodeJS.ReadableStream, kind: 'stdout' | 'stderr'): void => {
      let buffered = '';
      stream.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (this.opts.output) this.opts.output(spec.name, line, kind);
          else (kind === 'stdout' ? process.stdout : process.stderr).write(`${prefix} ${line}\n`);
        }
      });
    };
    pipe(child.stdout!, 'stdout');
    pipe(child.stderr!, 'stderr');
    return child;
  }

  private watch(entry: Entry): void {
    const { child } = entry;
    const name = entry.spec.name;
    // 'error' fires when the command cannot be spawned at all; 'exit' may not follow, so handle both once.
    let handled = false;
    const onGone = (code: number | null, signal: NodeJS.Signals | null, reason?: string): void => {
      if (handled) return;
      handled = true;
      const uptimeMs = Date.now() - entry.startedAt;
      if (this.stopping) {
        this.emit('exit', { name, pid: child.pid, code, signal, uptimeMs } satisfies ExitEvent);
        return;
      }
      if (uptimeMs >= this.opts.resetAfterMs) entry.quickCrashes = 0;
      const restartInMs = Math.min(this.opts.maxDelayMs, this.opts.initialDelayMs * 2 ** entry.quickCrashes);
      entry.quickCrashes += 1;
      this.opts.log(
        `[supervisor] ${name} (pid ${child.pid ?? '-'}) ${reason ?? `exited (${signal ?? `code ${code}`})`} after ${seconds(uptimeMs)}; ` +
          `restarting in ${seconds(restartInMs)} (restart ${entry.restarts + 1}${entry.quickCrashes > 1 ? `, ${entry.quickCrashes} quick crashes in a row` : ''})`,
      );
      this.emit('exit', { name, pid: child.pid, code, signal, uptimeMs, restartInMs } satisfies ExitEvent);
      entry.timer = setTimeout(() => {
        if (this.stopping) return;
        entry.restarts += 1;
        entry.startedAt = Date.now();
        entry.child = this.spawn(entry.spec);
        this.watch(entry);
      }, restartInMs);
    };
    child.once('exit', (code, signal) => onGone(code, signal));
    child.once('error', (error) => onGone(null, null, `could not be started (${error.message})`));
    this.emit('spawn', { name, pid: child.pid, restarts: entry.restarts } satisfies SpawnEvent);
  }
}
