// An annotator's submission and a reviewer's decision on one task. Each locks the task's node first, so
// two annotators submitting at once both land (the second sees the first's annotation when it counts
// them) and a review never races a late submission.
import { randomUUID } from 'node:crypto';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { inWriteTx, LOCK } from '../../lib/graph/asset-store.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import { labelingScope, MANAGES, TASK_VISIBLE, type LabelingScope } from './access.js';
import { consensus } from './consensus.js';
import { annotationProjection, projectProjection, taskProjection } from './projections.js';
import {
  labelClasses,
  mayAnnotate,
  type AnnotationRecord,
  type LabelingProjectRecord,
  type LabelTaskRecord,
} from './shared.js';
import { LabelValueError, parseValue } from './values.js';

interface Locked {
  task: LabelTaskRecord;
  project: LabelingProjectRecord;
  manages: boolean;
}

/** The task and its project, the task locked until commit; NOT_FOUND unless the caller sees the task. */
async function lockTask(tx: ManagedTransaction, scope: LabelingScope, taskId: string): Promise<Locked> {
  const { records } = await tx.run(
    `MATCH (t:${Label.LabelTask} {id: $taskId})-[:${Rel.IN_PROJECT}]->(p:${Label.LabelingProject})
     WHERE ${TASK_VISIBLE('t', 'p')}
     ${LOCK('t')}
     RETURN ${taskProjection('t')} AS task, ${projectProjection('p')} AS project, ${MANAGES('p')} AS manages`,
    { ...scope, taskId },
  );
  const row = records[0];
  if (!row) throw notFound(`label task ${taskId} not found`, 'taskId');
  return {
    task: row.get('task') as LabelTaskRecord,
    project: row.get('project') as LabelingProjectRecord,
    manages: row.get('manages') as boolean,
  };
}

function checked(json: string, task: LabelTaskRecord, project: LabelingProjectRecord): string {
  try {
    return parseValue(json, {
      taskType: project.taskType,
      labels: labelClasses(project).map((l) => l.value),
      text: task.text,
    });
  } catch (error) {
    if (error instanceof LabelValueError) throw badInput(error.message, 'value');
    throw error;
  }
}

/**
 * Records the caller's annotation of a task assigned to them (replacing their earlier one until the task
 * is accepted); the task goes IN_REVIEW once it has `overlap` annotations (or one from each assignee,
 * when fewer were assigned).
 */
export async function submitAnnotation(
  driver: Driver,
  actor: Identity,
  taskId: string,
  value: string,
  fromSuggestion = false,
): Promise<AnnotationRecord> {
  const scope = await labelingScope(driver, actor);
  return inWriteTx(driver, async (tx) => {
    const { task, project } = await lockTask(tx, scope, taskId);
    if (!mayAnnotate(actor))
      throw forbidden(`${actor.username} may not annotate: annotators, data scientists and platform admins only`);
    if (!task.assignees.includes(actor.username))
      throw forbidden(`label task ${taskId} is not assigned to ${actor.username}`);
    if (project.status !== 'ACTIVE') throw badInput(`labeling project ${project.id} is archived`, 'taskId');
    if (task.status === 'ACCEPTED')
      throw badInput(`label task ${taskId} is already accepted; its annotations are final`, 'taskId');
    const stored = checked(value, task, project);
    const previous = await tx.run(
      `MATCH (a:${Label.Annotation} {taskId: $taskId}) WHERE a.annotator = $username
       RETURN ${annotationProjection('a')} AS annotation`,
      { taskId, username: actor.username },
    );
    const before = previous.records[0]?.get('annotation') as AnnotationRecord | undefined;
    const { records } = await tx.run(
      before
        ? `MATCH (a:${Label.Annotation} {id: $id})
           SET a.value = $value, a.fromSuggestion = $fromSuggestion, a.submittedAt = datetime()
           RETURN ${annotationProjection('a')} AS annotation`
        : `MATCH (t:${Label.LabelTask} {id: $taskId})
           CREATE (a:${Label.Annotation} {id: $id, taskId: $taskId, value: $value, annotator: $username,
                   fromSuggestion: $fromSuggestion, submittedAt: datetime()})
           CREATE (a)-[:${Rel.ANNOTATES}]->(t)
           RETURN ${annotationProjection('a')} AS annotation`,
      { id: before?.id ?? randomUUID(), taskId, value: stored, fromSuggestion, username: actor.username },
    );
    const annotation = records[0]!.get('annotation') as AnnotationRecord;
    await tx.run(
      `MATCH (t:${Label.LabelTask} {id: $taskId})
       WITH t, COUNT { (:${Label.Annotation})-[:${Rel.ANNOTATES}]->(t) } AS n
       WHERE t.status = 'OPEN' AND n >= CASE WHEN size(t.assignees) < $overlap THEN size(t.assignees) ELSE $overlap END
       SET t.status = 'IN_REVIEW'`,
      { taskId, overlap: project.overlap },
    );
    await writeAudit(tx, {
      action: 'labelTask.annotate',
      actor,
      targetId: annotation.id,
      targetLabel: Label.Annotation,
      ...(before ? { before } : {}),
      after: annotation,
    });
    return annotation;
  });
}

export type ReviewDecisionInput = 'ACCEPT' | 'FIX';

/**
 * A reviewer (a manager of the project who did not annotate the task) accepts the task: ACCEPT takes the
 * annotations' consensus (consensus.ts) or the value given; FIX takes the value given. The task is then
 * ACCEPTED with its final value, the decision and the reviewer.
 */
export async function reviewTask(
  driver: Driver,
  actor: Identity,
  taskId: string,
  decision: ReviewDecisionInput,
  value?: string | null,
): Promise<LabelTaskRecord> {
  const scope = await labelingScope(driver, actor);
  return inWriteTx(driver, async (tx) => {
    const { task, project, manages } = await lockTask(tx, scope, taskId);
    if (!manages)
      throw forbidden(
        `${actor.username} may not review tasks of project ${project.id}: data scientists or platform admins of its org review`,
      );
    if (project.status !== 'ACTIVE') throw badInput(`labeling project ${project.id} is archived`, 'taskId');
    // The task is locked (lockTask), so of two concurrent reviews the second sees the first's decision.
    // Accepted labels are final: a second review would silently overwrite the first.
    if (task.status === 'ACCEPTED')
      throw badInput(
        `label task ${taskId} was already reviewed by ${task.reviewedBy ?? 'someone'} (${task.reviewDecision ?? 'ACCEPTED'}); its labels are final`,
        'taskId',
      );
    const annotations = await tx.run(
      `MATCH (a:${Label.Annotation} {taskId: $taskId}) RETURN a.annotator AS annotator, a.value AS value`,
      { taskId },
    );
    const given = annotations.records.map((r) => ({
      annotator: r.get('annotator') as string,
      value: r.get('value') as string,
    }));
    if (given.some((a) => a.annotator === actor.username))
      throw forbidden(
        `${actor.username} annotated label task ${taskId} and may not review it: another reviewer must (separation of duties)`,
      );
    // Only a task with its `overlap` annotations is reviewed: ACCEPT on an OPEN task would take the
    // labels of whoever came first as the answer.
    if (task.status !== 'IN_REVIEW') {
      const needed = Math.max(1, Math.min(project.overlap, task.assignees.length) - given.length);
      throw badInput(
        `label task ${taskId} is ${task.status}: waiting for ${needed} more annotation${needed === 1 ? '' : 's'} (${given.length} of ${project.overlap}) before review`,
        'taskId',
      );
    }
    let finalValue: string;
    if (value !== null && value !== undefined) {
      finalValue = checked(value, task, project);
    } else if (decision === 'FIX') {
      throw badInput('FIX needs the corrected value', 'value');
    } else {
      const agreed = consensus(
        project.taskType,
        given.map((a) => a.value),
      );
      if ('disagreement' in agreed)
        throw badInput(
          `cannot ACCEPT label task ${taskId} without a value: ${agreed.disagreement}; give the value`,
          'value',
        );
      finalValue = agreed.value;
    }
    const { records } = await tx.run(
      `MATCH (t:${Label.LabelTask} {id: $taskId})
       SET t.finalValue = $finalValue, t.reviewDecision = $decision, t.reviewedBy = $username,
           t.reviewedAt = datetime(), t.status = 'ACCEPTED'
       RETURN ${taskProjection('t')} AS task`,
      { taskId, finalValue, decision: decision === 'ACCEPT' ? 'ACCEPTED' : 'FIXED', username: actor.username },
    );
    const after = records[0]!.get('task') as LabelTaskRecord;
    await writeAudit(tx, {
      action: 'labelTask.review',
      actor,
      targetId: taskId,
      targetLabel: Label.LabelTask,
      before: task,
      after,
    });
    return after;
  });
}
