// Runs (training, AutoML trials, evaluations): why one failed and what it did, in a shape a user can act on: a failure is a step, a stable code and a
// message that says what happened and what to do; the run log is a list of entries per step. No I/O:
// the training, AutoML and evaluation workflows import this file to classify their failures.
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';

export const RUN_ERROR_CODES = ['BAD_INPUT', 'DATA_INTEGRITY', 'ONNX_MISMATCH', 'WORKER_LOST', 'INTERNAL'] as const;
export type RunErrorCode = (typeof RUN_ERROR_CODES)[number];

export interface RunError {
  /** Where it failed: load, split, train, evaluate, export, verify, register, ... */
  step: string;
  code: RunErrorCode;
  message: string;
}

export type RunLogLevel = 'INFO' | 'WARN' | 'ERROR';

export interface RunLogEntry {
  time: string;
  step: string;
  level: RunLogLevel;
  message: string;
  /** Numbers behind the message (rows, columns, metrics), for tools; null when there are none. */
  counts: Record<string, unknown> | null;
}

/** An entry before the store stamps its time. */
export type NewLogEntry = Omit<RunLogEntry, 'time'>;

/** ApplicationFailure types the activities throw, by the code a user sees. */
export const FAILURE_TYPES: Record<string, RunErrorCode> = {
  TrainingInputError: 'BAD_INPUT',
  AutoMLInputError: 'BAD_INPUT',
  EvaluationInputError: 'BAD_INPUT',
  DataIntegrityError: 'DATA_INTEGRITY',
  /** Every trial of an AutoML study failed (each trial's error says why). */
  AutoMLNoTrial: 'BAD_INPUT',
  OnnxMismatch: 'ONNX_MISMATCH',
};

/** What to do about each code, appended to the message. */
export const WHAT_TO_DO: Record<RunErrorCode, string> = {
  BAD_INPUT:
    'Nothing was registered. Fix the request (target column, task, algorithm, hyperparameters) or the data, then start a new run.',
  DATA_INTEGRITY:
    'Nothing was registered. The data cannot be trusted as recorded: upload it again as a new version (or verify it) and use that version.',
  ONNX_MISMATCH:
    'Nothing was registered: the exported ONNX model does not answer like the trained one. Try another algorithm or hyperparameters, and report the run id.',
  WORKER_LOST:
    'The worker running this step stopped answering and the retries ran out. Check that a worker is running (npm start), then start the run again.',
  INTERNAL:
    'Unexpected failure; the server log has details under the workflow id. Start the run again; report the run id if it repeats.',
};

export const runError = (step: string, code: RunErrorCode, what: string): RunError => ({
  step,
  code,
  message: `${what.replace(/[.\s]+$/, '')}. ${WHAT_TO_DO[code]}`,
});

/** A non-retryable activity failure of `type` that names the step it happened at. */
export const stepFailure = (step: string, type: keyof typeof FAILURE_TYPES, message: string): ApplicationFailure =>
  ApplicationFailure.create({ message, type, nonRetryable: true, details: [{ step }] });

/** The failure a workflow caught while at `step`, as a RunError: an activity's type decides the code. */
export function classifyFailure(error: unknown, step: string): RunError {
  const cause = error instanceof ActivityFailure && error.cause ? error.cause : error;
  if (cause instanceof TimeoutFailure)
    return runError(step, 'WORKER_LOST', `step ${step} timed out (${cause.timeoutType ?? 'timeout'}) on every attempt`);
  if (cause instanceof ApplicationFailure) {
    const code = (cause.type && FAILURE_TYPES[cause.type]) || 'INTERNAL';
    // An activity that does several steps names the one it failed at (stepFailure).
    const detail = cause.details?.[0] as { step?: unknown } | undefined;
    return runError(typeof detail?.step === 'string' ? detail.step : step, code, cause.message);
  }
  return runError(step, 'INTERNAL', cause instanceof Error ? cause.message : String(cause));
}

/** What the load step reports (slice B's DataReport, when the loader returns one), read structurally. */
interface LoadedReport {
  droppedColumns?: { name: string; type?: string; reason: string }[];
  droppedRows?: { reason: string; count: number }[];
  columns?: { name: string; kind?: string; missing?: number; imputedWith?: unknown }[];
}
export interface LoadedProfile {
  rows: number;
  usedRows: number;
  columns: { name: string; type: string }[];
  features: string[];
  classes: string[] | null;
  report?: LoadedReport;
}

/** The load step's log: what was read, then a WARN for every column dropped, row left out and value imputed. */
export function loadLogEntries(profile: LoadedProfile, target: string): NewLogEntry[] {
  const entries: NewLogEntry[] = [
    {
      step: 'load',
      level: 'INFO',
      message: `read ${profile.rows} rows; ${profile.usedRows} used with ${profile.features.length} feature column(s) and target "${target}"`,
      counts: {
        rows: profile.rows,
        usedRows: profile.usedRows,
        features: profile.features.length,
        classes: profile.classes?.length ?? null,
      },
    },
  ];
  const warn = (message: string, counts: Record<string, unknown>) =>
    entries.push({ step: 'load', level: 'WARN', message, counts });
  const report = profile.report;
  if (report?.droppedColumns && report.droppedRows) {
    for (const c of report.droppedColumns)
      warn(`column "${c.name}"${c.type ? ` (${c.type})` : ''} dropped: ${c.reason}`, {
        column: c.name,
        droppedColumns: 1,
      });
    for (const r of report.droppedRows) warn(`${r.count} row(s) dropped: ${r.reason}`, { droppedRows: r.count });
    for (const c of report.columns ?? [])
      if ((c.missing ?? 0) > 0)
        warn(`${c.missing} missing value(s) in "${c.name}" imputed with ${JSON.stringify(c.imputedWith)}`, {
          column: c.name,
          imputed: c.missing,
        });
    return entries;
  }
  // A loader without a report: what it left out is still said, from the profile.
  for (const c of profile.columns)
    if (c.name !== target && !profile.features.includes(c.name))
      warn(`column "${c.name}" (${c.type}) not used: only numeric columns are features`, {
        column: c.name,
        droppedColumns: 1,
      });
  const left = profile.rows - profile.usedRows;
  if (left > 0)
    warn(`${left} row(s) left out: a missing value in the target or a feature column`, { droppedRows: left });
  return entries;
}

/** Numbers of a metrics object, for a log entry's counts. */
export const numbersOf = (metrics: Record<string, unknown>): Record<string, number> =>
  Object.fromEntries(
    Object.entries(metrics).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])),
  );
