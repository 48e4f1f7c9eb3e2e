// Pre-annotation activities (compute queue). Plan: the project (a BOUNDING_BOX project, still active),
// the text detector the service runs (domain/labeling/pre-annotate-model.ts) and the open tasks. Chunk:
// the model version's artifact read verified, each item's bytes read verified (domain/labeling/items.ts),
// detection in a compute thread (the same domain/ocr code the serving pipeline runs), the suggestions
// written through the labeling store (writeSuggestions: one current suggestion per task, so a retried
// chunk or a second run replaces, never duplicates) and the chunk's outcome recorded on the run. An item
// that cannot be read or decoded fails alone, named with its error; bytes that are not the ones
// registered fail the run.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ActivityDeps } from '../../activities.js';
import { compute } from '../../compute/pool.js';
import { READ } from '../../../lib/graph/asset-store.js';
import { Label } from '../../../lib/graph/ontology.js';
import { IntegrityError } from '../../../domain/integrity.js';
import { DataFormatError } from '../../../domain/datasets/profile.js';
import { readModelArtifact } from '../../../domain/models/artifact-integrity.js';
import { getProject, writeSuggestions } from '../../../domain/labeling/store.js';
import { labelClasses } from '../../../domain/labeling/shared.js';
import { ItemNotFoundError, readItemBytes } from '../../../domain/labeling/items.js';
import { boxSuggestion, textLabel } from '../../../domain/labeling/pre-annotate.js';
import {
  DETECTOR_TASK,
  PreAnnotationModelError,
  serviceDetector,
} from '../../../domain/labeling/pre-annotate-model.js';
import { finishPreRun, preActor, recordPreChunk, recordPrePlan } from '../../../domain/labeling/pre-annotate-runs.js';
import type {
  PreAnnotationInput,
  PreAnnotationPlan,
  PreItemFailure,
} from '../../../domain/labeling/pre-annotate-shared.js';

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw ApplicationFailure.nonRetryable('pre-annotation activities run inside a workflow', 'NoWorkflow');
  return wf;
}

/** A fault of the request (retrying will not help): the run fails with this message. */
const inputError = (message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, 'PreAnnotationInputError');

export function createPreAnnotationActivities({ driver }: ActivityDeps) {
  async function boxProject(projectId: string) {
    const project = await getProject(driver, projectId);
    if (!project) throw inputError(`labeling project ${projectId} no longer exists`);
    if (project.status !== 'ACTIVE') throw inputError(`labeling project ${project.name} is archived`);
    if (project.taskType !== 'BOUNDING_BOX')
      throw inputError(
        `labeling project ${project.name} is ${project.taskType}: a text detector pre-annotates BOUNDING_BOX projects`,
      );
    return project;
  }

  return {
    async preAnnotationPlan(input: PreAnnotationInput): Promise<PreAnnotationPlan> {
      const exec = execution();
      await boxProject(input.projectId);
      let model;
      try {
        model = await serviceDetector(driver, preActor(input.requestedBy), input.serviceId);
      } catch (error) {
        if (error instanceof PreAnnotationModelError) throw inputError(error.message);
        throw error;
      }
      if (!model) throw inputError(`service ${input.serviceId} not found`);
      if (model.modelTask !== DETECTOR_TASK)
        throw inputError(
          `service ${model.serviceName} serves a model with task "${model.modelTask}", not a text detector (${DETECTOR_TASK}): a BOUNDING_BOX project is pre-annotated by one`,
        );
      const { records } = await driver.executeQuery(
        `MATCH (t:${Label.LabelTask} {projectId: $projectId}) WHERE t.status = 'OPEN'
         RETURN t.id AS id ORDER BY t.seq`,
        { projectId: input.projectId },
        READ,
      );
      const taskIds = records.map((r) => r.get('id') as string);
      await recordPrePlan(
        driver,
        input.preRunId,
        input.requestedBy,
        { modelVersionId: model.modelVersionId, total: taskIds.length },
        exec,
      );
      return { modelVersionId: model.modelVersionId, kind: 'TEXT_DETECTOR', taskIds };
    },

    async preAnnotationChunk(
      input: PreAnnotationInput,
      modelVersionId: string,
      index: number,
      taskIds: string[],
    ): Promise<{ done: number; failed: number }> {
      const exec = execution();
      const reader = `pre-annotation ${exec.workflowId}`;
      const project = await boxProject(input.projectId);
      let artifact;
      try {
        artifact = await readModelArtifact(driver, modelVersionId, reader);
      } catch (error) {
        if (error instanceof IntegrityError) throw inputError(error.message);
        throw error;
      }
      const label = textLabel(labelClasses(project));
      // Tasks accepted since the plan take no suggestion; the rest, in the order planned.
      const { records } = await driver.executeQuery(
        `MATCH (t:${Label.LabelTask}) WHERE t.id IN $ids AND t.projectId = $projectId AND t.status <> 'ACCEPTED'
         RETURN t.id AS id, t.item AS item ORDER BY t.seq`,
        { ids: taskIds, projectId: input.projectId },
        READ,
      );
      const tasks = records.map((r) => ({ id: r.get('id') as string, item: r.get('item') as string }));
      const failed: PreItemFailure[] = [];
      const read: { id: string; item: string; bytes: Buffer }[] = [];
      for (const task of tasks) {
        try {
          const { bytes } = await readItemBytes(driver, project.sourceVersionId, task.item, reader);
          read.push({ ...task, bytes });
        } catch (error) {
          if (error instanceof IntegrityError) throw inputError(error.message);
          if (!(error instanceof ItemNotFoundError || error instanceof DataFormatError)) throw error;
          failed.push({ taskId: task.id, item: task.item, error: error.message });
        }
      }
      const outcomes =
        read.length === 0
          ? []
          : await compute.detectText(
              artifact.path,
              read.map((r) => r.bytes),
            );
      const suggestions = outcomes.flatMap((outcome, i) => {
        const task = read[i]!;
        if (!outcome.ok) {
          failed.push({ taskId: task.id, item: task.item, error: outcome.error });
          return [];
        }
        const { value, confidence } = boxSuggestion(outcome, label);
        return [{ taskId: task.id, value, confidence }];
      });
      const written =
        suggestions.length === 0
          ? 0
          : await writeSuggestions(driver, input.projectId, suggestions, {
              modelVersionId,
              serviceId: input.serviceId,
              ...exec,
              actor: preActor(input.requestedBy),
            });
      await recordPreChunk(driver, input.preRunId, input.requestedBy, { index, done: written, failed }, exec);
      return { done: written, failed: failed.length };
    },

    async preAnnotationFinish(input: PreAnnotationInput, error: string | null): Promise<void> {
      await finishPreRun(driver, input.preRunId, input.requestedBy, { error }, execution());
    },
  };
}
