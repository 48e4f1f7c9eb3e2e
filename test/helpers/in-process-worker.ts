// A Temporal worker in the test's own process on a task queue of its own, running Plinth's workflows
// and activities against the hub's driver and gateway: the way the training, AutoML and recipe tests
// run their workflows without competing with any other worker.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { config } from '../../lib/config.js';
import { createActivities } from '../../workflows/activities.js';
import type { Hub } from './hub.js';

export interface InProcessWorker {
  taskQueue: string;
  /** Shuts the worker down, waits for it to finish and closes its connection. */
  stop(): Promise<void>;
}

/** Starts a worker on `${queuePrefix}-<uuid>`; point the client options' taskQueue at the returned one. */
export async function startInProcessWorker(
  hub: Pick<Hub, 'driver' | 'gateway'>,
  queuePrefix: string,
): Promise<InProcessWorker> {
  const taskQueue = `${queuePrefix}-${randomUUID()}`;
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue,
    workflowsPath: fileURLToPath(new URL('../../workflows/workflows.ts', import.meta.url)),
    activities: createActivities({ driver: hub.driver, gatewayUrl: hub.gateway.url }),
  });
  const done = worker.run();
  return {
    taskQueue,
    async stop() {
      worker.shutdown();
      await done;
      await connection.close();
    },
  };
}
