// Runs a short-lived tool (mvn, go, tar, java -version) and returns its output, or throws with
// the tail of its output so the user sees why it failed.
import { spawn } from 'node:child_process';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with each complete output line (stdout and stderr), e.g. to drive a progress bar. */
  onLine?: (line: string) => void;
  timeoutMs?: number;
}

export interface ExecResult {
  code: number;
  output: string;
}

/** Resolves with the exit code; rejects only when the program cannot be started (ENOENT). */
export function execCapture(cmd: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    let output = '';
    let pending = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      output += text;
      if (!options.onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

export async function execOrThrow(cmd: string, args: string[], options: ExecOptions = {}): Promise<string> {
  const result = await execCapture(cmd, args, options);
  if (result.code !== 0) {
    const tail = result.output.trim().split('\n').slice(-25).join('\n');
    throw new Error(`\`${cmd} ${args.join(' ')}\` exited with code ${result.code}:\n${tail}`);
  }
  return result.output;
}
