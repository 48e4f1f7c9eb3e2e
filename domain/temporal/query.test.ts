import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServiceError } from '@temporalio/client';
import { isQueryTimeout } from './query.js';

/** A failed query as the client hands it over: ServiceError("Failed to query Workflow") caused by gRPC's error. */
function failedQuery(code: number, details: string): ServiceError {
  const grpc = Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
  return new ServiceError('Failed to query Workflow', { cause: grpc });
}

const DEADLINE_EXCEEDED = 4;
const CANCELLED = 1;
const FAILED_PRECONDITION = 9;

test('a query past its deadline is a timeout whether gRPC says DEADLINE_EXCEEDED or CANCELLED', () => {
  const deadline = 10_000;
  assert.equal(
    isQueryTimeout(failedQuery(DEADLINE_EXCEEDED, 'Deadline exceeded after 2.000s'), deadline, 10_002),
    true,
  );
  assert.equal(isQueryTimeout(failedQuery(CANCELLED, 'Call cancelled'), deadline, 10_002), true);
});

test('a cancellation well before the deadline, or another failure, is not a timeout', () => {
  const deadline = 10_000;
  assert.equal(isQueryTimeout(failedQuery(CANCELLED, 'Call cancelled'), deadline, 8_000), false);
  assert.equal(
    isQueryTimeout(failedQuery(FAILED_PRECONDITION, 'Workflow task in failed state'), deadline, 10_002),
    false,
  );
  assert.equal(isQueryTimeout(new Error('boom'), deadline, 10_002), false);
});
