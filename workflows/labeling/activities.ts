// Active-learning activities: the I/O behind activeLearningWorkflow. alTrainAndScore is a compute activity
// (features read from the verified source version, the training and scoring in a compute thread); the
// rest are short graph reads and writes on the orchestration queue. All idempotent: a retried round reads
// the same graph and draws with the same seed, so it picks the same batch; assigning a batch again
// assigns the same annotators; a recorded round is replaced, an ended run stays ended.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ActivityDeps } from '../activities.js';
import { compute } from '../compute/pool.js';
import { IntegrityError } from '../../domain/datasets/integrity.js';
import { TrainingFileError } from '../../domain/datasets/training-file.js';
import { DataFormatError } from '../../domain/datasets/profile.js';
import { itemFeatures, type FeatureItem } from '../../domain/labeling/features.js';
import { ItemNotFoundError } from '../../domain/labeling/items.js';
import {
  AL_TASK_TYPES,
  alProject,
  alTasks,
  alPendingTasks,
  type AlProject,
} from '../../domain/labeling/active-data.js';
import { alActor, finishAlRun, markAlRunStarted, recordAlRound } from '../../domain/labeling/active-run-store.js';
import { assignTasks } from '../../domain/labeling/store.js';
import type {
  ActiveLearningInput,
  AlChosen,
  AlOutcome,
  AlRound,
  AlScore,
} from '../../domain/labeling/active-shared.js';

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw ApplicationFailure.nonRetryable('active-learning activities run inside a workflow', 'NoWorkflow');
  return wf;
}

/** The project or its data is at fault: retrying cannot help, and the message is what the user reads. */
const inputError = (message: string) => ApplicationFailure.nonRetryable(message, 'ActiveLearningInputError');

function userFault(error: unknown): unknown {
  const known =
    error instanceof TrainingFileError ||
    error instanceof IntegrityError ||
    error instanceof DataFormatError ||
    error instanceof ItemNotFoundError ||
    error instanceof RangeError;
  return known ? inputError((error as Error).message) : error;
}

// An image's features are decoded once per worker: a version's bytes never change (its id is its digest's
// record), and every round scores the whole pool again.
const IMAGE_CACHE_MAX = 50_000;
const imageCache = new Map<string, number[]>();

async function features(
  driver: ActivityDeps['driver'],
  project: AlProject,
  items: FeatureItem[],
  reader: string,
): Promise<number[][]> {
  if (project.taskType !== 'IMAGE_CLASSIFICATION') return itemFeatures(driver, project, items, reader);
  const key = (it: FeatureItem) => `${project.sourceVersionId}\u0000${it.item}`;
  const missing = items.filter((it) => !imageCache.has(key(it)));
  const fresh = await itemFeatures(driver, project, missing, reader);
  missing.forEach((it, i) => {
    if (imageCache.size >= IMAGE_CACHE_MAX) imageCache.delete(imageCache.keys().next().value!);
    imageCache.set(key(it), fresh[i]!);
  });
  return items.map((it) => imageCache.get(key(it)) ?? fresh[missing.indexOf(it)]!);
}

export function createActiveLearningComputeActivities({ driver }: ActivityDeps) {
  return {
    /** Features + accepted labels → both learners trained and measured → the next batches (compute thread). */
    async alTrainAndScore(input: ActiveLearningInput, chosen: AlChosen, round: number): Promise<AlScore> {
      const { workflowId } = execution();
      try {
        const project = await alProject(driver, input.projectId);
        if (!project) throw inputError(`labeling project ${input.projectId} no longer exists`);
        if (!AL_TASK_TYPES.includes(project.taskType))
          throw inputError(`active learning needs a classification project, not ${project.taskType}`);
        const ids = [...new Set([...chosen.evaluation, ...chosen.active, ...chosen.baseline])];
        const tasks = await alTasks(driver, project, ids);
        const at = new Map(tasks.map((t, i) => [t.taskId, i]));
        const idx = (list: string[]) => list.flatMap((id) => (at.has(id) ? [at.get(id)!] : []));
        const X = await features(driver, project, tasks, `active learning ${workflowId}`);
        const out = await compute.activeLearningRound({
          X,
          labels: tasks.map((t) => t.label),
          classes: project.classes.length,
          evaluation: idx(chosen.evaluation),
          active: idx(chosen.active),
          baseline: idx(chosen.baseline),
          candidates: tasks.map((_, i) => i),
          round,
          seed: input.seed,
          evalSize: input.evalSize,
          batchSize: input.batchSize,
          budget: input.budget,
          strategy: input.strategy,
          diversity: input.diversity,
        });
        const ids2 = (list: number[]) => list.map((i) => tasks[i]!.taskId);
        return {
          ...out,
          evaluationBatch: ids2(out.evaluationBatch),
          activeBatch: ids2(out.activeBatch),
          baselineBatch: ids2(out.baselineBatch),
        };
      } catch (error) {
        if (error instanceof ApplicationFailure) throw error;
        throw userFault(error);
      }
    },
  };
}

export function createActiveLearningActivities({ driver }: ActivityDeps) {
  return {
    async alStarted(input: ActiveLearningInput): Promise<void> {
      await markAlRunStarted(driver, input.alRunId, execution());
    },

    /**
     * Assigns the batch's tasks to the loop's annotators (round-robin, the project's overlap each), marked
     * with the round as their batch. A pick already ACCEPTED (the other learner's label, reused) needs
     * nobody; assigning again adds no one twice, so a retry is harmless.
     */
    async alSendBatch(input: ActiveLearningInput, taskIds: string[], batch: number): Promise<void> {
      const pending = await alPendingTasks(driver, input.projectId, taskIds);
      if (pending.length === 0) return;
      await assignTasks(driver, alActor(input.requestedBy), input.projectId, pending, input.annotators, batch);
    },

    async alBatchRemaining(input: ActiveLearningInput, taskIds: string[]): Promise<number> {
      return (await alPendingTasks(driver, input.projectId, taskIds)).length;
    },

    async alRecordRound(input: ActiveLearningInput, round: AlRound): Promise<void> {
      await recordAlRound(driver, input, round, execution());
    },

    async alFinish(input: ActiveLearningInput, outcome: AlOutcome): Promise<void> {
      await finishAlRun(driver, input, outcome, execution());
    },
  };
}
