// One compute thread (./pool.ts starts them): answers { op, args } with the op's value, so a long ml.js
// training holds this thread, never the worker's event loop.
import { serveRequests } from '../../lib/worker-thread.js';
import { computeOps, type ComputeOp } from './ops.js';

serveRequests<{ op: ComputeOp; args: unknown[] }>(null, async ({ op, args }) => {
  const fn = computeOps[op] as ((...a: unknown[]) => unknown) | undefined;
  if (typeof fn !== 'function') throw new Error(`unknown compute op "${String(op)}"`);
  // Awaited: an async op (text detection) answers with its value, not a promise.
  return { value: await fn(...args) };
});
