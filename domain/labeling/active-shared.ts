// Payload types and constants shared by the active-learning workflow (workflows/labeling), its activities,
// the GraphQL resolvers and tests. No I/O: workflow code imports this file.
import { defineSignal } from '@temporalio/workflow';

/** How the learner picks the next batch from the open pool (domain/labeling/active/). */
export const AL_STRATEGIES = ['LEAST_CONFIDENCE', 'MARGIN', 'ENTROPY', 'RANDOM'] as const;
export type AlStrategy = (typeof AL_STRATEGIES)[number];

export const AL_STOP_REASONS = ['BUDGET', 'POOL_EMPTY', 'PLATEAU', 'CANCELLED', 'FAILED'] as const;
export type AlStopReason = (typeof AL_STOP_REASONS)[number];

export type AlRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

/** Who asked: taken from the verified token at the GraphQL mutation, never from a signal. */
export interface AlRequester {
  sub: string;
  username: string;
  org: string;
}

export interface ActiveLearningSettings {
  strategy: AlStrategy;
  /** Add a k-center diversity term among the most uncertain candidates. */
  diversity: boolean;
  /** Tasks the learner asks for per round (the random baseline asks for as many). */
  batchSize: number;
  /** The most labels the active learner may train on, its seed batch included. */
  budget: number;
  /** Stop when accuracy gained less than `epsilon` over the last `rounds` rounds. */
  plateau: { rounds: number; epsilon: number };
  /** Items labeled once, at the start, to measure both learners on (never trained on). */
  evalSize: number;
  /** Who labels each batch (usernames): its tasks are shared round-robin, the project's overlap each. */
  annotators: string[];
  seed: number;
}

export interface ActiveLearningInput extends ActiveLearningSettings {
  /** The ActiveLearningRun node's id. */
  alRunId: string;
  projectId: string;
  requestedBy: AlRequester;
  /** Queues: the training and scoring run on compute, the rest beside the workflow (domain/temporal/shared.ts). */
  computeQueue: string;
  /** How often the workflow checks a batch's progress without a nudge, in seconds. */
  checkIntervalSeconds: number;
}

/** Task ids each learner has chosen so far; carried from round to round (and across continue-as-new). */
export interface AlChosen {
  evaluation: string[];
  active: string[];
  baseline: string[];
}

/** What one trainAndScore gives back: measurements on the evaluation set and the next picks. */
export interface AlScore {
  /** Labels each learner trained on this round (0 in the seed round). */
  activeLabels: number;
  baselineLabels: number;
  /** Accuracy on the evaluation set; null in the seed round (nothing to train on yet). */
  accuracy: number | null;
  baselineAccuracy: number | null;
  evaluated: number;
  /** The pool the active learner chose from, before its picks. */
  pool: number;
  /** New task ids: the evaluation set (seed round only), the active picks and the random baseline's picks. */
  evaluationBatch: string[];
  activeBatch: string[];
  baselineBatch: string[];
}

/** One round as recorded on the run. */
export interface AlRound {
  round: number;
  labels: number;
  baselineLabels: number;
  accuracy: number | null;
  baselineAccuracy: number | null;
  evaluated: number;
  pool: number;
  /** Every task sent to annotators after this round (union of the three batches); empty on the last. */
  batch: string[];
  activeBatch: string[];
  baselineBatch: string[];
  /** Set on the round that ended the run. */
  stopReason: AlStopReason | null;
}

/** How a run ended, as the last activity records it. */
export type AlOutcome = { stopReason: AlStopReason } | { error: string } | { cancelled: true };

export interface ActiveLearningResult {
  alRunId: string;
  rounds: number;
  stopReason: AlStopReason;
  labels: number;
  accuracy: number | null;
  baselineAccuracy: number | null;
  workflowId: string;
  runId: string;
}

/** Carried into a continued run so a long loop keeps a short history. */
export interface AlCarried {
  round: number;
  chosen: AlChosen;
  accuracies: number[];
  /** The batch sent and still being waited for, if any. */
  waiting: string[];
}

/**
 * A nudge: "labels of this project were accepted, check the batch now". No payload: the workflow reads
 * the graph, never a signal's word; a lost nudge only delays the periodic check.
 */
export const labelsAcceptedSignal = defineSignal('labelsAccepted');

/** The stopping rule: budget first, then an empty pool, then a plateau of the active learner's accuracy. */
export function stopReason(
  settings: Pick<ActiveLearningSettings, 'budget' | 'plateau'>,
  score: Pick<AlScore, 'activeLabels' | 'activeBatch'>,
  accuracies: number[],
): AlStopReason | null {
  if (score.activeLabels >= settings.budget) return 'BUDGET';
  if (score.activeBatch.length === 0) return 'POOL_EMPTY';
  const { rounds, epsilon } = settings.plateau;
  if (rounds > 0 && accuracies.length > rounds) {
    const recent = accuracies.slice(-(rounds + 1));
    const gain = Math.max(...recent.slice(1)) - recent[0]!;
    if (gain < epsilon) return 'PLATEAU';
  }
  return null;
}
