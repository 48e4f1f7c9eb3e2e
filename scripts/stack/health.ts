// Probes used to decide that a service is up, and a wait loop that gives up early (with the log
// tail) when the process it waits for has died.
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';

export function tcpOpen(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

export async function httpOk(url: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export function logTail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked between probes; when true the wait fails at once. */
  died?: () => boolean;
  log: string;
  service: string;
}

export async function waitHealthy(probe: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (options.died?.()) {
      throw new Error(
        `${options.service} exited during startup. Last lines of ${options.log}:\n${logTail(options.log)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${options.service} did not become healthy within ${Math.round(options.timeoutMs / 1000)}s. ` +
          `Last lines of ${options.log}:\n${logTail(options.log)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 1000));
  }
}
