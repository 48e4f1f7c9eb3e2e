// Which workers a worker process runs, from its environment (workflows/worker.ts workerPlan): npm start's
// two roles, the default of both in one process, and a test's single queue running everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerPlan } from './worker.js';

test('PLINTH_WORKER_ROLE picks the queue: orchestration on plinth, compute on plinth-compute', () => {
  assert.deepEqual(workerPlan({ PLINTH_WORKER_ROLE: 'orchestration' }), [
    { role: 'orchestration', taskQueue: 'plinth' },
  ]);
  assert.deepEqual(workerPlan({ PLINTH_WORKER_ROLE: 'compute' }), [{ role: 'compute', taskQueue: 'plinth-compute' }]);
  assert.deepEqual(workerPlan({ PLINTH_WORKER_ROLE: 'compute', PLINTH_COMPUTE_TASK_QUEUE: 'q-c' }), [
    { role: 'compute', taskQueue: 'q-c' },
  ]);
});

test('no role: both workers in one process; PLINTH_TASK_QUEUE alone: everything on that one queue', () => {
  assert.deepEqual(workerPlan({}), [
    { role: 'orchestration', taskQueue: 'plinth' },
    { role: 'compute', taskQueue: 'plinth-compute' },
  ]);
  assert.deepEqual(workerPlan({ PLINTH_TASK_QUEUE: 'test-q' }), [{ role: 'all', taskQueue: 'test-q' }]);
  assert.deepEqual(workerPlan({ PLINTH_TASK_QUEUE: 'o', PLINTH_COMPUTE_TASK_QUEUE: 'c' }), [
    { role: 'orchestration', taskQueue: 'o' },
    { role: 'compute', taskQueue: 'c' },
  ]);
  assert.throws(
    () => workerPlan({ PLINTH_WORKER_ROLE: 'gpu' }),
    /PLINTH_WORKER_ROLE must be orchestration, compute or all/,
  );
});
