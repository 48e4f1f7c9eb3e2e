// The Temporal workers: orchestration (deployment, approval, canary, edge rollout, graph health) and
// compute (training, AutoML, recipes; CPU-bound work in worker threads, workflows/compute/). See
// domain/temporal/shared.ts for why there are two queues.
//
// Run as a script, PLINTH_WORKER_ROLE picks what this process runs:
//   orchestration  one worker on PLINTH_TASK_QUEUE (default `plinth`)
//   compute        one worker on PLINTH_COMPUTE_TASK_QUEUE (default `plinth-compute`)
//   all (default)  both, in this process. A test that sets PLINTH_TASK_QUEUE alone gets one worker on that
//                  queue running everything (a queue of its own, as before there were two kinds).
// `npm start` runs one process per role under its supervisor (scripts/start.ts).
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Driver } from 'neo4j-driver';
import { config } from '../lib/config.js';
import { closeDriver, getDriver } from '../lib/graph/driver.js';
import { createLogger } from '../lib/logger.js';
import { createActivities, createComputeActivities, createOrchestrationActivities } from './activities.js';
import { computeThreads } from './compute/pool.js';
import { COMPUTE_TASK_QUEUE, ORCHESTRATION_TASK_QUEUE } from '../domain/temporal/shared.js';
import { nativeConnectionOptions } from '../domain/temporal/temporal-auth.js';

const log = createLogger('worker');

export type WorkerRole = 'orchestration' | 'compute' | 'all';

export async function createWorker(
  driver: Driver,
  taskQueue = ORCHESTRATION_TASK_QUEUE,
  role: WorkerRole = 'all',
): Promise<{ worker: Worker; connection: NativeConnection }> {
  // A deployed Temporal with its JWT authorizer on gets a service-account token (TEMPORAL_AUTH).
  const { options, keepFresh } = await nativeConnectionOptions();
  const connection = await NativeConnection.connect(options);
  keepFresh(connection);
  const activities =
    role === 'orchestration'
      ? createOrchestrationActivities({ driver })
      : role === 'compute'
        ? createComputeActivities({ driver })
        : createActivities({ driver });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    activities,
    // A compute worker takes a few activities per thread (the rest wait for one in the pool, heartbeating),
    // leaving a backlog to other compute workers instead of hoarding it.
    ...(role === 'compute' ? { maxConcurrentActivityTaskExecutions: computeThreads() * 2 } : {}),
  });
  return { worker, connection };
}

/** The workers this process runs: role and queue of each, from PLINTH_WORKER_ROLE and the queue variables. */
export function workerPlan(env: NodeJS.ProcessEnv = process.env): { role: WorkerRole; taskQueue: string }[] {
  const role = env.PLINTH_WORKER_ROLE || 'all';
  const orchestration = env.PLINTH_TASK_QUEUE || ORCHESTRATION_TASK_QUEUE;
  const compute = env.PLINTH_COMPUTE_TASK_QUEUE || COMPUTE_TASK_QUEUE;
  if (role === 'orchestration') return [{ role, taskQueue: orchestration }];
  if (role === 'compute') return [{ role, taskQueue: compute }];
  if (role !== 'all') throw new Error(`PLINTH_WORKER_ROLE must be orchestration, compute or all, not "${role}"`);
  if (env.PLINTH_TASK_QUEUE && !env.PLINTH_COMPUTE_TASK_QUEUE) return [{ role: 'all', taskQueue: orchestration }];
  return [
    { role: 'orchestration', taskQueue: orchestration },
    { role: 'compute', taskQueue: compute },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const driver = getDriver();
  // The deployment activities reach the hub at GATEWAY_URL (lib/config.ts).
  try {
    const running = await Promise.all(
      workerPlan().map(async ({ role, taskQueue }) => ({
        role,
        taskQueue,
        ...(await createWorker(driver, taskQueue, role)),
      })),
    );
    const shutdown = () =>
      running.forEach(({ worker }) => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
      });
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    await Promise.all(
      running.map(async ({ role, taskQueue, worker, connection }) => {
        log.info(`worker polling task queue "${taskQueue}" (${role}) at ${config.temporal.address}`);
        try {
          await worker.run();
        } finally {
          // One worker that stops takes the process down with it, so the supervisor restarts both.
          shutdown();
          await connection.close();
        }
      }),
    );
  } catch (error) {
    log.error(`worker stopped: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await closeDriver();
  }
}
