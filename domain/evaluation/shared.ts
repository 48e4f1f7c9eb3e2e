// Payload types of the evaluation workflow (workflows/evaluation), its activities, GraphQL and tests.
// No I/O: workflow code imports this file.
import type { Requester } from '../training/shared.js';

export const EVALUATION_WORKFLOW_PREFIX = 'evaluation-';

/** How an evaluation came about: on the training run's held-out test rows, or on data given later. */
export type EvaluationKind = 'TEST_SPLIT' | 'NEW_DATA';

export interface EvaluationInput {
  /** The Evaluation node, created RUNNING by evaluateModelVersion before the workflow starts. */
  evaluationId: string;
  modelVersionId: string;
  datasetVersionId: string;
  /** The column the model predicts, by the name it had in training. */
  targetColumn: string;
  requestedBy: Requester;
}

export interface EvaluationResult {
  evaluationId: string;
  metrics: Record<string, unknown>;
  rows: number;
  workflowId: string;
  runId: string;
}

/** The measures an evaluation keeps (the task's metrics and the confusion matrix), not the model's own facts. */
const MEASURES = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'rocAuc',
  'ks',
  'macroPrecision',
  'macroRecall',
  'macroF1',
  'confusionMatrix',
  'rmse',
  'mae',
  'r2',
];
export const measuresOf = (metrics: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(MEASURES.filter((k) => metrics[k] !== undefined).map((k) => [k, metrics[k]]));
