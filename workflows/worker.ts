// The Temporal worker: runs Plinth's workflows and activities on the `plinth` task queue.
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Driver } from 'neo4j-driver';
import { config } from '../lib/config.js';
import { closeDriver, getDriver } from '../lib/graph/driver.js';
import { createLogger } from '../lib/logger.js';
import { createActivities } from './activities.js';
import { TASK_QUEUE } from '../domain/temporal/shared.js';
import { nativeConnectionOptions } from '../domain/temporal/temporal-auth.js';

const log = createLogger('worker');

export async function createWorker(
  driver: Driver,
  taskQueue = TASK_QUEUE,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  // A deployed Temporal with its JWT authorizer on gets a service-account token (TEMPORAL_AUTH).
  const { options, keepFresh } = await nativeConnectionOptions();
  const connection = await NativeConnection.connect(options);
  keepFresh(connection);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('./workflows.ts', import.meta.url)),
    activities: createActivities({ driver }),
  });
  return { worker, connection };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const driver = getDriver();
  // PLINTH_TASK_QUEUE lets a test (or a second deployment) run this worker on a queue of its own.
  // The deployment activities reach the hub at GATEWAY_URL (lib/config.ts).
  const taskQueue = process.env.PLINTH_TASK_QUEUE || TASK_QUEUE;
  try {
    const { worker, connection } = await createWorker(driver, taskQueue);
    log.info(`worker polling task queue "${taskQueue}" at ${config.temporal.address}`);
    process.once('SIGINT', () => worker.shutdown());
    process.once('SIGTERM', () => worker.shutdown());
    await worker.run();
    await connection.close();
  } catch (error) {
    log.error(`worker stopped: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await closeDriver();
  }
}
