// Workflow queries with a short deadline. A query is answered by a worker of the workflow's task queue;
// when none answers (every one busy, or none running) Temporal holds the call until the client's deadline,
// which by default is long: `trainingRun.progress` hung 30 s, then reached the user as a bare
// "internal error" (issue #15); a worker known to be gone made Temporal answer "Failed to query Workflow",
// another bare "internal error". Here the wait is queryTimeoutMs(), and the answer a coded error saying
// what happened and what to do (resolvers may fall back to what the graph recorded instead).
import { isGrpcCancelledError, isGrpcDeadlineError, type WorkflowHandle } from '@temporalio/client';
import type { QueryDefinition } from '@temporalio/common';
import { GraphQLError } from 'graphql';
import { temporalClient } from './client.js';

/** How long a query waits for a worker: PLINTH_QUERY_TIMEOUT_MS, default 2 s. */
export const queryTimeoutMs = (): number => {
  const configured = Number(process.env.PLINTH_QUERY_TIMEOUT_MS);
  return Number.isFinite(configured) && configured > 0 ? configured : 2_000;
};

/** No worker of the workflow's task queue answered a query in time; the workflow itself is unaffected. */
export class WorkerBusyError extends GraphQLError {
  constructor(what: string, taskQueue: string, timeoutMs: number) {
    super(
      `${what}: no worker of task queue "${taskQueue}" answered within ${timeoutMs / 1000} s (busy or not running). ` +
        'The workflow is unaffected and goes on; retry in a few seconds. If this persists, check that the ' +
        `"${taskQueue}" worker is running (npm start supervises it).`,
      { extensions: { code: 'WORKER_BUSY', taskQueue, timeoutMs } },
    );
    this.name = 'WorkerBusyError';
  }
}

// Temporal's own words when it knows no worker can answer: no poller on the queue for a while (a worker
// that is down), or the worker that had the workflow cached is gone. Either way a worker is missing.
const NO_WORKER = /no poller seen for task queue recently|sticky worker unavailable/i;

function saysNoWorker(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause)
    if (NO_WORKER.test(e.message) || NO_WORKER.test(String((e as { details?: unknown }).details ?? ''))) return true;
  return false;
}

/**
 * Whether a query's (or an update's) failure is its deadline passing. At the deadline gRPC sometimes reports the call
 * CANCELLED rather than DEADLINE_EXCEEDED (measured: 5 of 16 queries to a queue whose worker was just
 * killed, each after 2.00 s). Nothing else cancels these calls, so a cancellation at the deadline is the
 * same timeout; one well before it is not.
 */
export function isQueryTimeout(error: unknown, deadline: number, now: number): boolean {
  return isGrpcDeadlineError(error) || (isGrpcCancelledError(error) && now >= deadline - 50);
}

/** handle.query(query), waiting at most queryTimeoutMs() for a worker of `taskQueue` to answer it. */
export async function queryWithin<R>(
  handle: WorkflowHandle,
  query: QueryDefinition<R, []>,
  what: string,
  taskQueue: string,
  timeoutMs = queryTimeoutMs(),
): Promise<R> {
  const client = await temporalClient();
  const deadline = Date.now() + timeoutMs;
  try {
    return await client.withDeadline(deadline, () => handle.query(query));
  } catch (error) {
    const timedOut = isQueryTimeout(error, deadline, Date.now());
    if (timedOut || saysNoWorker(error)) throw new WorkerBusyError(what, taskQueue, timeoutMs);
    throw error;
  }
}
