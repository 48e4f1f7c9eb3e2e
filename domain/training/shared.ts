// Payload types, the progress query and the test-only hooks shared by the training workflow, its
// activities, the GraphQL resolver and tests. No I/O: workflow code imports this file.
import { defineQuery } from '@temporalio/workflow';

export type TrainingTask = 'binary' | 'multiclass' | 'regression';
export type TrainingAlgorithm = 'logistic-regression' | 'cart' | 'random-forest' | 'gradient-boosted-trees';

export interface Requester {
  sub: string;
  username: string;
  org: string;
}

export interface TrainingInput {
  datasetVersionId: string;
  targetColumn: string;
  task: TrainingTask;
  algorithm: TrainingAlgorithm;
  /**
   * logistic-regression: numSteps, learningRate; cart: maxDepth, minNumSamples, gainThreshold; random-forest: those of cart
   * and nEstimators, maxFeatures (share of columns per split), seed (default: the split seed); gradient-boosted-trees:
   * maxDepth, minNumSamples, nEstimators, learningRate, subsample (share of rows per tree), seed.
   */
  hyperparameters: Record<string, number>;
  split: { test: number };
  seed: number;
  requestedBy: Requester;
  modelId: string;
}

export interface TrainingProgress {
  step: TrainingStep;
  percent: number;
}

export const TRAINING_STEPS = [
  'start',
  'load',
  'split',
  'train',
  'evaluate',
  'export',
  'verify',
  'register',
  'done',
  'failed',
] as const;
export type TrainingStep = (typeof TRAINING_STEPS)[number];

export const progressQuery = defineQuery<TrainingProgress>('progress');

/** Hyperparameter read only by the workflow (a durable timer after training): lets tests stop a worker mid-run. */
export const TEST_DELAY_AFTER_TRAIN_MS = 'testDelayAfterTrainMs';

/**
 * Hyperparameter for the chaos test: the train activity's first attempt holds this long (heartbeating)
 * before training, and the workflow gives that activity a short heartbeat timeout, so a worker killed
 * while the activity is in progress is noticed in seconds and another worker retries it.
 */
export const TEST_HOLD_IN_TRAIN_MS = 'testHoldInTrainMs';

/**
 * ONNX probabilities (or predictions) may differ from the library's by at most this much; a prediction
 * above 1 in magnitude by this share of it (onnxDeviation).
 */
export const ONNX_TOLERANCE = 1e-5;

/**
 * How far ONNX Runtime's outputs (row-major, `expected[0].length` per row) are from the library's: the
 * largest absolute difference, and the largest difference scaled by the expected value's magnitude where
 * that exceeds 1. A tree's leaves are float32 in ONNX (about 7 significant digits), so a regression target
 * in the thousands cannot agree to 1e-5 absolutely: loan amounts near 6,000 differed by 3.9e-4 and every
 * such run failed at verify. Probabilities (at most 1) are compared absolutely, as before.
 */
export function onnxDeviation(
  expected: number[][],
  actual: ArrayLike<number>,
): { maxAbsDiff: number; maxScaledDiff: number } {
  const width = expected[0]?.length ?? 0;
  let maxAbsDiff = 0;
  let maxScaledDiff = 0;
  expected.forEach((row, i) =>
    row.forEach((v, k) => {
      const diff = Math.abs(v - actual[i * width + k]!);
      // NaN (a missing output) must fail, not vanish in Math.max.
      const scaled = diff / Math.max(1, Math.abs(v));
      maxAbsDiff = Number.isNaN(diff) ? Number.NaN : Math.max(maxAbsDiff, diff);
      maxScaledDiff = Number.isNaN(scaled) ? Number.NaN : Math.max(maxScaledDiff, scaled);
    }),
  );
  return { maxAbsDiff, maxScaledDiff };
}

export interface ColumnProfile {
  name: string;
  type: string;
  count: number;
  nullPercent: number;
  min: string | null;
  max: string | null;
  mean: number | null;
  std: number | null;
  approxUnique: number;
}

export interface DataProfile {
  rows: number;
  usedRows: number;
  columns: ColumnProfile[];
  features: string[];
  /** Class labels in index order (classification), null for regression. */
  classes: string[] | null;
  /** What the load did to the table: every column used, dropped or imputed and every row left out. */
  report: DataReport;
}

/** A column the model takes: one ONNX input of that name, shape [N, 1]. */
export interface DataColumnUsed {
  name: string;
  /** The column's type in the table (DuckDB's name). */
  type: string;
  /** numeric: a float32 input, imputed with the train mean; categorical: a string input, one-hot encoded. */
  kind: 'numeric' | 'categorical';
  dtype: 'float32' | 'string';
  /** Rows (of those used) with no value in this column: each got `imputedWith`. */
  missing: number;
  /** The train split's mean (numeric) or most frequent category; the model puts it in for a missing value. */
  imputedWith: number | string;
  /** categorical: the train split's categories, one feature each; any other value encodes as all zeros. */
  categories?: string[];
}

export interface DataColumnDropped {
  name: string;
  type: string;
  /** Why the column is not a model input, e.g. "every value is missing". */
  reason: string;
}

export interface DataRowsDropped {
  reason: string;
  count: number;
}

/** The data report of a training run (or AutoML study): returned by the load step, kept in the metrics as `dataReport`. */
export interface DataReport {
  target: string;
  /** Rows in the table, and rows trained and tested on. */
  rows: number;
  usedRows: number;
  columns: DataColumnUsed[];
  droppedColumns: DataColumnDropped[];
  droppedRows: DataRowsDropped[];
  /** One sentence per dropped column, dropped-row reason and imputed column: for a run log's warnings. */
  warnings: string[];
}

export interface SplitSummary {
  train: number;
  test: number;
}

export type Metrics = Record<string, unknown>;

export interface VerifyResult {
  maxAbsDiff: number;
  labelAgreement: number | null;
  rows: number;
}

export interface ExportResult {
  path: string;
  digest: string;
  size: number;
}

export interface RegisteredModel {
  modelVersionId: string;
  version: number;
  artifactDigest: string;
  /** False when the activity found the version a previous attempt registered. */
  created: boolean;
}

export interface TrainingResult extends RegisteredModel {
  trainingRunId: string;
  workflowId: string;
  runId: string;
  metrics: Metrics;
}
