// Unit tests: how a workflow's caught failure becomes a RunError, what the load step logs, and how a
// retried step's log entries replace the previous attempt's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ActivityFailure, ApplicationFailure, RetryState, TimeoutFailure } from '@temporalio/common';
import { classifyFailure, loadLogEntries, stepFailure, WHAT_TO_DO } from './shared.js';
import { replaceEntries } from './log-store.js';

const activityFailure = (cause: Error) =>
  new ActivityFailure('activity failed', 'trainingTrain', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', cause);

test('an activity failure type decides the code; the message says what to do', () => {
  const cases: [string, string][] = [
    ['TrainingInputError', 'BAD_INPUT'],
    ['DataIntegrityError', 'DATA_INTEGRITY'],
    ['OnnxMismatch', 'ONNX_MISMATCH'],
    ['SomethingElse', 'INTERNAL'],
  ];
  for (const [type, code] of cases) {
    const error = classifyFailure(activityFailure(ApplicationFailure.nonRetryable('it broke.', type)), 'verify');
    assert.deepEqual(
      error,
      { step: 'verify', code, message: `it broke. ${WHAT_TO_DO[code as keyof typeof WHAT_TO_DO]}` },
      type,
    );
  }
});

test('a timed-out activity is WORKER_LOST; a failure naming its step keeps it; anything else is INTERNAL', () => {
  const lost = classifyFailure(activityFailure(new TimeoutFailure('timeout', undefined, 1 as never)), 'train');
  assert.equal(lost.code, 'WORKER_LOST');
  assert.equal(lost.step, 'train');
  assert.match(lost.message, /Check that a worker is running/);
  const named = classifyFailure(activityFailure(stepFailure('load', 'EvaluationInputError', 'no column "y"')), 'score');
  assert.deepEqual([named.step, named.code], ['load', 'BAD_INPUT']);
  assert.equal(classifyFailure(new Error('boom'), 'export').code, 'INTERNAL');
});

test('the load step warns about every dropped column and row, from the data report or, without one, the profile', () => {
  const profile = {
    rows: 10,
    usedRows: 8,
    columns: [
      { name: 'a', type: 'DOUBLE' },
      { name: 'note', type: 'VARCHAR' },
      { name: 'y', type: 'BIGINT' },
    ],
    features: ['a'],
    classes: ['0', '1'],
  };
  const plain = loadLogEntries(profile, 'y');
  assert.deepEqual(
    plain.map((e) => [e.level, e.counts?.droppedRows ?? e.counts?.droppedColumns ?? null]),
    [
      ['INFO', null],
      ['WARN', 1],
      ['WARN', 2],
    ],
  );
  assert.match(plain[1]!.message, /column "note" \(VARCHAR\) not used/);
  const reported = loadLogEntries(
    {
      ...profile,
      report: {
        droppedColumns: [{ name: 'id', type: 'BIGINT', reason: 'an id-like column' }],
        droppedRows: [{ reason: 'no value in the target column "y"', count: 2 }],
        columns: [{ name: 'a', missing: 3, imputedWith: 0.5 }],
      },
    },
    'y',
  );
  assert.deepEqual(
    reported.slice(1).map((e) => e.message),
    [
      'column "id" (BIGINT) dropped: an id-like column',
      '2 row(s) dropped: no value in the target column "y"',
      '3 missing value(s) in "a" imputed with 0.5',
    ],
  );
});

test('a retried step replaces its own entries in place; a new step goes last', () => {
  const entry = (step: string, message: string) => ({ step, level: 'INFO' as const, message, counts: null });
  let log = replaceEntries([], 'start', [entry('start', 's')], 't1');
  log = replaceEntries(log, 'load', [entry('load', 'l1'), entry('load', 'w1')], 't2');
  log = replaceEntries(log, 'split', [entry('split', 'p')], 't3');
  log = replaceEntries(log, 'load', [entry('load', 'l2')], 't4');
  assert.deepEqual(
    log.map((e) => [e.key, e.message, e.time]),
    [
      ['start', 's', 't1'],
      ['load', 'l2', 't4'],
      ['split', 'p', 't3'],
    ],
  );
});
