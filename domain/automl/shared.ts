// Payload types and the progress query of the AutoML workflow, its activities, GraphQL and tests.
// No I/O: workflow code imports this file.
import { defineQuery } from '@temporalio/workflow';
import type { Requester, TrainingAlgorithm, TrainingTask } from '../training/shared.js';

export const AUTOML_WORKFLOW_PREFIX = 'automl-';

/** A hyperparameter's range: a number, a list of values, or a (log-)uniform interval, optionally integer. */
export type ParamRange = number | { values: number[] } | { min: number; max: number; log?: boolean; integer?: boolean };

export interface SearchDimension {
  algorithm: TrainingAlgorithm;
  params: Record<string, ParamRange>;
}

export const SEARCH_STRATEGIES = ['random', 'successive-halving'] as const;
export type SearchStrategy = (typeof SEARCH_STRATEGIES)[number];

export interface AutoMLInput {
  datasetVersionId: string;
  modelId: string;
  targetColumn: string;
  task: TrainingTask;
  space: SearchDimension[];
  trials: number;
  concurrency: number;
  /** A metric of the task's evaluation (accuracy, f1, rocAuc, ... rmse, mae, r2), compared on validation data. */
  metric: string;
  strategy: SearchStrategy;
  seed: number;
  /** Held out from everything until the best trial is chosen. */
  testFraction: number;
  /** Of the remaining rows, the share trials are scored on. */
  validationFraction: number;
  requestedBy: Requester;
}

export interface TrialSpec {
  index: number;
  algorithm: TrainingAlgorithm;
  hyperparameters: Record<string, number>;
}

export interface Rung {
  index: number;
  /** Share of the training rows this rung trains on. */
  fraction: number;
}

export interface TrialResult extends TrialSpec {
  trainingRunId: string;
  rung: number;
  fraction: number;
  /** The declared metric on validation data; null when the trial failed or the metric is undefined. */
  score: number | null;
  error: string | null;
}

export interface AutoMLProgress {
  phase: 'searching' | 'finalizing' | 'done' | 'failed';
  rung: number;
  rungs: number;
  completedTrials: number;
  totalTrials: number;
}

export interface AutoMLResult {
  studyId: string;
  bestTrainingRunId: string;
  best: TrialSpec & { validationScore: number };
  testMetrics: Record<string, unknown>;
  modelVersionId: string;
  version: number;
  workflowId: string;
  runId: string;
}

export const automlProgressQuery = defineQuery<AutoMLProgress>('automlProgress');

/** Metrics where lower is better; every other metric is maximised. */
const MINIMISED = new Set(['rmse', 'mae']);
export const lowerIsBetter = (metric: string): boolean => MINIMISED.has(metric);

export const METRICS: Record<TrainingTask, string[]> = {
  binary: ['accuracy', 'precision', 'recall', 'f1', 'rocAuc', 'ks'],
  multiclass: ['accuracy', 'macroPrecision', 'macroRecall', 'macroF1'],
  regression: ['rmse', 'mae', 'r2'],
};

/** The bounds startAutoML takes (and the portal's form offers, through trainingOptions). */
export const AUTOML_LIMITS = {
  trials: { min: 1, max: 64 },
  concurrency: { min: 1, max: 16 },
} as const;

/** Shares held out when the request names none. */
export const AUTOML_DEFAULT_FRACTIONS = { test: 0.2, validation: 0.25 } as const;
