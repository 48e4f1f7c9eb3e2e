// Why a run failed and what it did: RunError and RunLogEntry, shared by TrainingRun, AutoML trials and
// studies, and Evaluation (domain/runs/shared.ts).
import { builder } from '../builder.js';
import { RUN_ERROR_CODES, type RunError, type RunLogEntry } from '../../../domain/runs/shared.js';

const RunErrorCode = builder.enumType('RunErrorCode', {
  description:
    'BAD_INPUT: the request or the data cannot be trained/evaluated as asked (a missing target column, too few classes, ...). DATA_INTEGRITY: the dataset bytes are not what Plinth recorded (TAMPERED, MISSING) or were never verified. ONNX_MISMATCH: the exported model does not answer like the trained one. WORKER_LOST: the worker stopped answering and the retries ran out. INTERNAL: anything else.',
  values: RUN_ERROR_CODES,
});

export const RunErrorRef = builder.objectRef<RunError>('RunError').implement({
  description: 'Why a run failed: where, a stable code, and a message that says what happened and what to do.',
  fields: (t) => ({
    step: t.exposeString('step', { description: 'The step it failed at: load, split, train, evaluate, export, ...' }),
    code: t.field({ type: RunErrorCode, resolve: (e) => e.code }),
    message: t.exposeString('message'),
  }),
});

const RunLogLevel = builder.enumType('RunLogLevel', { values: ['INFO', 'WARN', 'ERROR'] as const });

export const RunLogEntryRef = builder.objectRef<RunLogEntry>('RunLogEntry').implement({
  description:
    'One entry of a run log, written by the step as it ran (a retried step replaces its own entries): what it read, dropped, imputed, measured or why it failed.',
  fields: (t) => ({
    time: t.expose('time', { type: 'DateTime' }),
    step: t.exposeString('step'),
    level: t.field({ type: RunLogLevel, resolve: (e) => e.level }),
    message: t.exposeString('message'),
    counts: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The numbers behind the message (rows, columns, metrics).',
      resolve: (e) => e.counts,
    }),
  }),
});
