// The steps of `npm test` as child processes, each timed. Steps that share nothing (lint, format, type-checks,
// schema drift, the stack) run side by side, as many at a time as the machine has cores: each is one
// single-threaded process, so on two cores two of them take about the time of the longest, not the sum.
import { spawn } from 'node:child_process';

export interface Step {
  title: string;
  command: string;
  args: string[];
  /** Run after this step has passed (e.g. migrations after the stack is up), in the same lane. */
  then?: Step;
}

export interface StepResult {
  title: string;
  ms: number;
  /** Exit status, or the signal's name. */
  status: number | string;
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * One step. Streamed to this terminal when `buffered` is false; otherwise collected and printed whole when it
 * ends, so that the output of steps running side by side is not interleaved line by line.
 */
export function runStep(step: Step, buffered: boolean): Promise<StepResult> {
  if (!buffered) console.log(`\n▶ ${step.title}`);
  const began = performance.now();
  const child = spawn(step.command, step.args, {
    stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    env: process.env,
  });
  const output: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  return new Promise((resolve) => {
    const done = (status: number | string): void => {
      const ms = performance.now() - began;
      if (buffered) {
        console.log(`\n▶ ${step.title}`);
        if (output.length > 0) process.stdout.write(Buffer.concat(output));
      }
      console.log(
        status === 0
          ? `✔ ${step.title}: ${seconds(ms)}`
          : `✖ ${step.title} failed (exit ${status}) after ${seconds(ms)}`,
      );
      resolve({ title: step.title, ms, status });
    };
    child.once('error', (error) => {
      output.push(Buffer.from(`${step.command} could not start: ${error.message}\n`));
      done(error.message);
    });
    child.once('close', (code, signal) => done(code ?? signal ?? 'unknown'));
  });
}

/**
 * Runs `steps` at most `lanes` at a time, in the order given (put the longest first), each step's `then` after
 * it in its lane. Every step runs even when another fails, so one run names every failing check.
 */
export async function runSideBySide(steps: Step[], lanes: number): Promise<StepResult[]> {
  const queue = [...steps];
  const results: StepResult[] = [];
  const buffered = lanes > 1 && steps.length > 1;
  const lane = async (): Promise<void> => {
    for (let step = queue.shift(); step; step = queue.shift()) {
      for (let next: Step | undefined = step; next;) {
        const result = await runStep(next, buffered);
        results.push(result);
        next = result.status === 0 ? next.then : undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, steps.length)) }, lane));
  return results;
}
