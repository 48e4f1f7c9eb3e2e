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
  classifierFacts,
  serviceModel,
} from '../../../domain/labeling/pre-annotate-model.js';
import {
  ClassifierContractError,
  createClassifier,
  imageItemFeatures,
  type FeatureValue,
} from '../../../domain/labeling/pre-annotate-classify.js';
import { versionRows } from '../../../domain/datasets/rows.js';
import { finishPreRun, preActor, recordPreChunk, recordPrePlan } from '../../../domain/labeling/pre-annotate-runs.js';
import type {
  PreAnnotationInput,
  PreAnnotationPlan,
  PreItemFailure,
  PreModelKind,
} from '../../../domain/labeling/pre-annotate-shared.js';
import type { LabelingProjectRecord } from '../../../domain/labeling/shared.js';

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw ApplicationFailure.nonRetryable('pre-annotation activities run inside a workflow', 'NoWorkflow');
  return wf;
}

/** A fault of the request (retrying will not help): the run fails with this message. */
const inputError = (message: string): ApplicationFailure =>
  ApplicationFailure.nonRetryable(message, 'PreAnnotationInputError');

export function createPreAnnotationActivities({ driver }: ActivityDeps) {
  async function activeProject(projectId: string): Promise<LabelingProjectRecord> {
    const project = await getProject(driver, projectId);
    if (!project) throw inputError(`labeling project ${projectId} no longer exists`);
    if (project.status !== 'ACTIVE') throw inputError(`labeling project ${project.name} is archived`);
    if (project.taskType === 'ENTITY_SPAN')
      throw inputError(`labeling project ${project.name} is ENTITY_SPAN: no model pre-annotates spans`);
    return project;
  }

  /** A classifier on the verified artifact, its contract checked; the caller closes it. */
  async function loadClassifier(modelVersionId: string, reader: string) {
    let artifact;
    try {
      artifact = await readModelArtifact(driver, modelVersionId, reader);
      return await createClassifier(artifact.path, await classifierFacts(driver, modelVersionId));
    } catch (error) {
      if (error instanceof IntegrityError || error instanceof ClassifierContractError) throw inputError(error.message);
      throw error;
    }
  }

  /** Suggestions of a classifier for these tasks: the top class if it is a project label, else a failure. */
  async function classifyChunk(
    project: LabelingProjectRecord,
    modelVersionId: string,
    taskIds: string[],
    reader: string,
  ): Promise<{ done: { taskId: string; value: string; confidence: number }[]; failed: PreItemFailure[] }> {
    const tasks = await pendingTasks(project.id, taskIds);
    const labels = new Set(labelClasses(project).map((l) => l.value));
    const classifier = await loadClassifier(modelVersionId, reader);
    const done: { taskId: string; value: string; confidence: number }[] = [];
    const failed: PreItemFailure[] = [];
    try {
      for (const task of tasks) {
        try {
          let features: Record<string, FeatureValue>;
          if (project.taskType === 'IMAGE_CLASSIFICATION') {
            features = await imageItemFeatures(
              await readItemBytes(driver, project.sourceVersionId, task.item, reader),
              task.item,
            );
          } else {
            const row = Number(task.item);
            const page = await versionRows(driver, project.sourceVersionId, reader, { offset: row, limit: 1 });
            const values = page.rows[0];
            if (!Number.isInteger(row) || !values) throw new ItemNotFoundError(`row ${task.item} is not in the table`);
            features = Object.fromEntries(page.columns.map((c, i) => [c, values[i] as FeatureValue]));
          }
          const { label, confidence } = await classifier.classify(features);
          if (!labels.has(label))
            throw new ClassifierContractError(`the model's class "${label}" is not a label of project ${project.name}`);
          done.push({
            taskId: task.id,
            value: JSON.stringify({ label }),
            confidence: Math.round(confidence * 10_000) / 10_000,
          });
        } catch (error) {
          if (error instanceof IntegrityError) throw inputError(error.message);
          if (!(
            error instanceof ItemNotFoundError ||
            error instanceof DataFormatError ||
            error instanceof ClassifierContractError
          ))
            throw error;
          failed.push({ taskId: task.id, item: task.item, error: error.message });
        }
      }
    } finally {
      await classifier.close();
    }
    return { done, failed };
  }

  /** Tasks of the chunk not accepted since the plan, in item order. */
  async function pendingTasks(projectId: string, taskIds: string[]): Promise<{ id: string; item: string }[]> {
    const { records } = await driver.executeQuery(
      `MATCH (t:${Label.LabelTask}) WHERE t.id IN $ids AND t.projectId = $projectId AND t.status <> 'ACCEPTED'
       RETURN t.id AS id, t.item AS item ORDER BY t.seq`,
      { ids: taskIds, projectId },
      READ,
    );
    return records.map((r) => ({ id: r.get('id') as string, item: r.get('item') as string }));
  }

  return {
    async preAnnotationPlan(input: PreAnnotationInput): Promise<PreAnnotationPlan> {
      const exec = execution();
      const project = await activeProject(input.projectId);
      let model;
      try {
        model = await serviceModel(driver, preActor(input.requestedBy), input.serviceId);
      } catch (error) {
        if (error instanceof PreAnnotationModelError) throw inputError(error.message);
        throw error;
      }
      if (!model) throw inputError(`service ${input.serviceId} not found`);
      const kind: PreModelKind = model.modelTask === DETECTOR_TASK ? 'TEXT_DETECTOR' : 'CLASSIFIER';
      if ((kind === 'TEXT_DETECTOR') !== (project.taskType === 'BOUNDING_BOX'))
        throw inputError(
          kind === 'TEXT_DETECTOR'
            ? `service ${model.serviceName} runs a text detector, which suggests boxes, not ${project.taskType} labels`
            : `service ${model.serviceName} serves a model with task "${model.modelTask}", not a text detector (${DETECTOR_TASK}), which a BOUNDING_BOX project needs`,
        );
      // A classifier's contract is checked before any task is touched.
      if (kind === 'CLASSIFIER')
        await (await loadClassifier(model.modelVersionId, `pre-annotation ${exec.workflowId}`)).close();
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
      return { modelVersionId: model.modelVersionId, kind, taskIds };
    },

    async preAnnotationChunk(
      input: PreAnnotationInput,
      plan: Pick<PreAnnotationPlan, 'modelVersionId' | 'kind'>,
      index: number,
      taskIds: string[],
    ): Promise<{ done: number; failed: number }> {
      const exec = execution();
      const reader = `pre-annotation ${exec.workflowId}`;
      const project = await activeProject(input.projectId);
      const { modelVersionId } = plan;
      if (plan.kind === 'CLASSIFIER') {
        const { done, failed } = await classifyChunk(project, modelVersionId, taskIds, reader);
        const written =
          done.length === 0
            ? 0
            : await writeSuggestions(driver, input.projectId, done, {
                modelVersionId,
                serviceId: input.serviceId,
                ...exec,
                actor: preActor(input.requestedBy),
              });
        await recordPreChunk(driver, input.preRunId, input.requestedBy, { index, done: written, failed }, exec);
        return { done: written, failed: failed.length };
      }
      let artifact;
      try {
        artifact = await readModelArtifact(driver, modelVersionId, reader);
      } catch (error) {
        if (error instanceof IntegrityError) throw inputError(error.message);
        throw error;
      }
      const label = textLabel(labelClasses(project));
      const tasks = await pendingTasks(input.projectId, taskIds);
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
