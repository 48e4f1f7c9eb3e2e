// workflows/worker.ts as a real child process, and SIGKILL for it: the worker-crash and chaos tests'
// way of losing a worker mid-workflow.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workerPlan } from '../../workflows/worker.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const workerPath = fileURLToPath(new URL('../../workflows/worker.ts', import.meta.url));

/**
 * Starts workflows/worker.ts as a child process and resolves once it polls its task queue(s): env picks the
 * role and queues as for `npm start` (PLINTH_WORKER_ROLE, PLINTH_TASK_QUEUE, PLINTH_COMPUTE_TASK_QUEUE).
 */
export async function spawnWorker(env: Record<string, string>, children?: Set<ChildProcess>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children?.add(child);
  let output = '';
  const workers = workerPlan({ ...process.env, ...env }).length;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the worker did not start polling within 90 s:\n${output}`)),
      90_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('worker polling task queue').length > workers) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code ?? signal}) before polling:\n${output}`));
    });
  });
  return child;
}

export const alive = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/** SIGKILL: no shutdown, no draining, no chance to finish an activity or flush anything. */
export async function killWorker(child: ChildProcess): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(child.pid!, 'SIGKILL');
  await exited;
  assert.equal(child.signalCode, 'SIGKILL');
}
