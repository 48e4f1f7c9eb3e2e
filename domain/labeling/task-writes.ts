// Writes to a project's tasks by its owners and its workflows: assigning tasks to annotators (a project
// created without assigning, or an active-learning batch) and a model's suggestions (pre-annotation).
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { inWriteTx, int, LOCK } from '../../lib/graph/asset-store.js';
import { writeAudit, writeWorkflowAuditOnce } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import { labelingScope, MANAGES, PROJECT_VISIBLE } from './access.js';
import { checkAnnotators } from './annotators.js';
import { roundRobin } from './project-input.js';
import { projectProjection, taskProjection } from './projections.js';
import { labelClasses, MAX_ANNOTATORS, MAX_TASKS, type LabelingProjectRecord, type LabelTaskRecord } from './shared.js';
import { LabelValueError, parseValue } from './values.js';

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,99}$/i;

/**
 * Assigns tasks (not yet accepted) to annotators, round-robin with the project's overlap, adding to whom
 * they were assigned before; `batch` marks an active-learning round. The actor must manage the project
 * (a workflow acts as its requester). Returns the tasks as updated, in item order.
 */
export async function assignTasks(
  driver: Driver,
  actor: Identity,
  projectId: string,
  taskIds: string[],
  annotators: string[],
  batch?: number,
): Promise<LabelTaskRecord[]> {
  const ids = [...new Set(taskIds)];
  const people = [...new Set(annotators)];
  if (ids.length === 0 || ids.length > MAX_TASKS)
    throw badInput(`taskIds must list 1 to ${MAX_TASKS} tasks`, 'taskIds');
  if (people.length === 0 || people.length > MAX_ANNOTATORS)
    throw badInput(`annotators must list 1 to ${MAX_ANNOTATORS} usernames`, 'annotators');
  const bad = people.find((a) => !USERNAME.test(a));
  if (bad !== undefined) throw badInput(`annotators: "${bad.slice(0, 100)}" is not a username`, 'annotators');
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 0)) throw badInput('batch must be ≥ 0', 'batch');
  const scope = await labelingScope(driver, actor);
  return inWriteTx(driver, async (tx) => {
    const found = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE ${PROJECT_VISIBLE('p')}
       ${LOCK('p')}
       RETURN ${projectProjection('p')} AS project, ${MANAGES('p')} AS manages`,
      { ...scope, projectId },
    );
    const row = found.records[0];
    if (!row) throw notFound(`labeling project ${projectId} not found`, 'projectId');
    if (!row.get('manages'))
      throw forbidden(`${actor.username} may not assign tasks of project ${projectId}: only its owners may`);
    const project = row.get('project') as LabelingProjectRecord;
    if (project.status !== 'ACTIVE') throw badInput(`labeling project ${projectId} is archived`, 'projectId');
    await checkAnnotators(driver, project.ownerOrgId, people);
    const tasks = await tx.run(
      `MATCH (t:${Label.LabelTask}) WHERE t.id IN $ids AND t.projectId = $projectId
       RETURN t.id AS id, t.status AS status, t.assignees AS assignees ORDER BY t.seq`,
      { ids, projectId },
    );
    const known = new Map(tasks.records.map((r) => [r.get('id') as string, r.get('status') as string]));
    const before = new Map(tasks.records.map((r) => [r.get('id') as string, r.get('assignees') as string[]]));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0)
      throw notFound(`task(s) ${missing.slice(0, 5).join(', ')} not found in project ${projectId}`, 'taskIds');
    const accepted = ids.filter((id) => known.get(id) === 'ACCEPTED');
    if (accepted.length > 0)
      throw badInput(
        `task(s) ${accepted.slice(0, 5).join(', ')} are already accepted; they take no annotators`,
        'taskIds',
      );
    const ordered = [...known.keys()];
    const assignees = roundRobin(ordered.length, people, project.overlap);
    // A task takes at most `overlap` annotators: more would be labels nobody asked for, and a task
    // goes IN_REVIEW at `overlap` annotations anyway. Adding past it is refused (nothing written); a
    // wrong assignee is taken off first with unassignLabelTasks.
    const over = ordered.flatMap((id, i) => {
      const had = before.get(id) ?? [];
      const total = new Set([...had, ...assignees[i]!]).size;
      return total > project.overlap ? [`${id} (assigned to ${had.join(', ') || 'nobody'})`] : [];
    });
    if (over.length > 0)
      throw badInput(
        `a task takes at most ${project.overlap} annotator(s) (the project's overlap): task(s) ${over.slice(0, 5).join('; ')} would get more; unassign someone first (unassignLabelTasks)`,
        'annotators',
      );
    const { records } = await tx.run(
      `UNWIND range(0, size($ids) - 1) AS i
       MATCH (t:${Label.LabelTask} {id: $ids[i]})
       SET t.assignees = t.assignees + [a IN $assignees[i] WHERE NOT a IN t.assignees],
           t.batch = coalesce($batch, t.batch)
       WITH t ORDER BY t.seq
       RETURN ${taskProjection('t')} AS task`,
      { ids: ordered, assignees, batch: batch === undefined ? null : int(batch) },
    );
    await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId})
       SET p.annotators = coalesce(p.annotators, []) + [a IN $people WHERE NOT a IN coalesce(p.annotators, [])]`,
      { projectId, people },
    );
    await writeAudit(tx, {
      action: 'labelTask.assign',
      actor,
      targetId: projectId,
      targetLabel: Label.LabelingProject,
      after: { taskIds: ordered, annotators: people, batch: batch ?? null },
    });
    return records.map((r) => r.get('task') as LabelTaskRecord);
  });
}

/**
 * Takes annotators off tasks (not yet accepted) that were assigned to them by mistake. An annotator who
 * already annotated a task keeps it (their annotation stands): refused naming them. A task left with
 * fewer assignees than the overlap, each of whom has annotated, goes IN_REVIEW (as after a submission).
 */
export async function unassignTasks(
  driver: Driver,
  actor: Identity,
  projectId: string,
  taskIds: string[],
  annotators: string[],
): Promise<LabelTaskRecord[]> {
  const ids = [...new Set(taskIds)];
  const people = [...new Set(annotators)];
  if (ids.length === 0 || ids.length > MAX_TASKS)
    throw badInput(`taskIds must list 1 to ${MAX_TASKS} tasks`, 'taskIds');
  if (people.length === 0 || people.length > MAX_ANNOTATORS)
    throw badInput(`annotators must list 1 to ${MAX_ANNOTATORS} usernames`, 'annotators');
  const scope = await labelingScope(driver, actor);
  return inWriteTx(driver, async (tx) => {
    const found = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE ${PROJECT_VISIBLE('p')}
       ${LOCK('p')}
       RETURN ${projectProjection('p')} AS project, ${MANAGES('p')} AS manages`,
      { ...scope, projectId },
    );
    const row = found.records[0];
    if (!row) throw notFound(`labeling project ${projectId} not found`, 'projectId');
    if (!row.get('manages'))
      throw forbidden(`${actor.username} may not unassign tasks of project ${projectId}: only its owners may`);
    const project = row.get('project') as LabelingProjectRecord;
    if (project.status !== 'ACTIVE') throw badInput(`labeling project ${projectId} is archived`, 'projectId');
    const tasks = await tx.run(
      `MATCH (t:${Label.LabelTask}) WHERE t.id IN $ids AND t.projectId = $projectId
       ${LOCK('t')}
       RETURN t.id AS id, t.status AS status,
              [(a:${Label.Annotation})-[:${Rel.ANNOTATES}]->(t) WHERE a.annotator IN $people | a.annotator] AS annotated`,
      { ids, projectId, people },
    );
    const known = new Map(tasks.records.map((r) => [r.get('id') as string, r.toObject()]));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0)
      throw notFound(`task(s) ${missing.slice(0, 5).join(', ')} not found in project ${projectId}`, 'taskIds');
    const accepted = ids.filter((id) => known.get(id)!.status === 'ACCEPTED');
    if (accepted.length > 0)
      throw badInput(
        `task(s) ${accepted.slice(0, 5).join(', ')} are already accepted; their annotators stand`,
        'taskIds',
      );
    const kept = [...known.entries()].flatMap(([id, t]) => (t.annotated as string[]).map((who) => `${who} on ${id}`));
    if (kept.length > 0)
      throw badInput(
        `already annotated, so not unassigned (the annotation stands): ${kept.slice(0, 5).join('; ')}`,
        'annotators',
      );
    const { records } = await tx.run(
      `UNWIND $ids AS id
       MATCH (t:${Label.LabelTask} {id: id})
       SET t.assignees = [a IN t.assignees WHERE NOT a IN $people]
       WITH t, COUNT { (:${Label.Annotation})-[:${Rel.ANNOTATES}]->(t) } AS n
       SET t.status = CASE WHEN t.status = 'OPEN' AND size(t.assignees) > 0
                            AND n >= CASE WHEN size(t.assignees) < $overlap THEN size(t.assignees) ELSE $overlap END
                      THEN 'IN_REVIEW' ELSE t.status END
       WITH t ORDER BY t.seq
       RETURN ${taskProjection('t')} AS task`,
      { ids, people, overlap: project.overlap },
    );
    await writeAudit(tx, {
      action: 'labelTask.unassign',
      actor,
      targetId: projectId,
      targetLabel: Label.LabelingProject,
      after: { taskIds: ids, annotators: people },
    });
    return records.map((r) => r.get('task') as LabelTaskRecord);
  });
}

export interface NewSuggestion {
  taskId: string;
  /** JSON text, checked against the project's task type and labels. */
  value: string;
  /** 0..1 */
  confidence: number;
}

export interface SuggestionProvenance {
  modelVersionId: string;
  serviceId?: string | null;
  workflowId: string;
  runId: string;
  /** Who the workflow acts for (the audit event's actor); a system actor of the project's org otherwise. */
  actor?: Identity;
}

/**
 * Replaces the current suggestion of each task (not accepted) with the model's, in one transaction
 * with one audit event. Idempotent for a retried activity: the same run's suggestions are written again
 * with the same content and the event is written once. Returns how many tasks got a suggestion.
 */
export async function writeSuggestions(
  driver: Driver,
  projectId: string,
  suggestions: NewSuggestion[],
  provenance: SuggestionProvenance,
): Promise<number> {
  if (suggestions.length > MAX_TASKS) throw badInput(`at most ${MAX_TASKS} suggestions at once`, 'suggestions');
  // One current suggestion per task: of two for the same task in one call, the later one stands.
  const dedup = [...new Map(suggestions.map((s) => [s.taskId, s])).values()];
  return inWriteTx(driver, async (tx) => {
    const found = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId}) ${LOCK('p')} RETURN ${projectProjection('p')} AS project`,
      { projectId },
    );
    const project = found.records[0]?.get('project') as LabelingProjectRecord | undefined;
    if (!project) throw notFound(`labeling project ${projectId} not found`, 'projectId');
    const texts = await tx.run(
      `MATCH (t:${Label.LabelTask}) WHERE t.id IN $ids AND t.projectId = $projectId
       RETURN t.id AS id, t.text AS text, t.status AS status`,
      { ids: dedup.map((s) => s.taskId), projectId },
    );
    const tasks = new Map(
      texts.records.map((r) => [r.get('id') as string, r.toObject() as { text: string | null; status: string }]),
    );
    const labels = labelClasses(project).map((l) => l.value);
    const rows = dedup.flatMap((s, i) => {
      const task = tasks.get(s.taskId);
      if (!task) throw notFound(`task ${s.taskId} not found in project ${projectId}`, `suggestions[${i}].taskId`);
      if (!Number.isFinite(s.confidence) || s.confidence < 0 || s.confidence > 1)
        throw badInput(`suggestions[${i}].confidence must be within 0..1, got ${s.confidence}`, 'confidence');
      if (task.status === 'ACCEPTED') return [];
      let value: string;
      try {
        value = parseValue(s.value, { taskType: project.taskType, labels, text: task.text }, `suggestions[${i}].value`);
      } catch (error) {
        if (error instanceof LabelValueError) throw badInput(error.message, 'value');
        throw error;
      }
      return [{ id: randomUUID(), taskId: s.taskId, value, confidence: s.confidence }];
    });
    await tx.run(
      `UNWIND $rows AS row
       MATCH (t:${Label.LabelTask} {id: row.taskId})
       OPTIONAL MATCH (old:${Label.Suggestion} {taskId: row.taskId})
       DETACH DELETE old
       WITH DISTINCT t, row
       CREATE (s:${Label.Suggestion} {id: row.id, taskId: row.taskId, value: row.value, confidence: row.confidence,
               modelVersionId: $modelVersionId, serviceId: $serviceId, workflowId: $workflowId, runId: $runId,
               createdAt: datetime()})
       CREATE (s)-[:${Rel.SUGGESTS}]->(t)`,
      {
        rows,
        modelVersionId: provenance.modelVersionId,
        serviceId: provenance.serviceId ?? null,
        workflowId: provenance.workflowId,
        runId: provenance.runId,
      },
    );
    const actor: Identity = provenance.actor ?? {
      sub: 'plinth-labeling',
      username: 'plinth-labeling',
      org: project.ownerOrgId,
      roles: [],
    };
    await writeWorkflowAuditOnce(tx, {
      action: 'labelTask.suggest',
      actor,
      targetId: projectId,
      targetLabel: Label.LabelingProject,
      after: {
        modelVersionId: provenance.modelVersionId,
        serviceId: provenance.serviceId ?? null,
        tasks: rows.map((r) => r.taskId),
      },
      workflowId: provenance.workflowId,
      runId: provenance.runId,
    });
    return rows.length;
  });
}
