// Reads of a project's tasks: keyset pages (by position), one task, the caller's next task, progress,
// the accepted labels and the unassigned pool. Reads for a viewer apply access.ts in the query; the
// ones without a viewer serve workflows and the snapshot writer, which checked the project themselves.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { int, READ } from '../../lib/graph/asset-store.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import type { KeysetPage } from '../../lib/subgraph/connection.js';
import type { Keyset } from '../../lib/subgraph/cursor.js';
import { labelingScope, MANAGES, PROJECT_VISIBLE, TASK_VISIBLE } from './access.js';
import { annotationProjection, suggestionProjection, taskProjection } from './projections.js';
import type {
  AnnotationRecord,
  LabelingProgress,
  LabelTaskRecord,
  LabelTaskStatus,
  SuggestionRecord,
} from './shared.js';

export interface TaskFilter {
  status?: LabelTaskStatus | null;
  /** Only tasks assigned to this username. */
  assignedTo?: string | null;
  first: number;
  after: Keyset | null;
}

const NO_VIEWER = { visibleOrgs: [], viewerOrg: '', username: '', manages: false, annotates: false };

/**
 * A page of the project's tasks in item order. With a viewer, only what they see: all tasks for a
 * manager of the project, the ones assigned to them for an annotator (nothing for anyone else).
 */
export async function listTasks(
  driver: Driver,
  projectId: string,
  filter: TaskFilter,
  viewer?: Identity,
): Promise<KeysetPage<LabelTaskRecord>> {
  const scope = viewer ? await labelingScope(driver, viewer) : NO_VIEWER;
  // The project's visibility is decided once; then each task is the viewer's when they manage the
  // project or it is assigned to them (a project's annotators include every task's assignees).
  const tasksOf = `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE $all OR ${PROJECT_VISIBLE('p')}
    WITH p, $all OR ${MANAGES('p')} AS manages
    MATCH (t:${Label.LabelTask}) WHERE t.projectId = p.id AND (manages OR $username IN t.assignees)
      AND ($status IS NULL OR t.status = $status) AND ($assignedTo IS NULL OR $assignedTo IN t.assignees)`;
  const params = {
    ...scope,
    all: !viewer,
    projectId,
    status: filter.status ?? null,
    assignedTo: filter.assignedTo ?? null,
  };
  const after = filter.after ? Number(filter.after.key) : -1;
  const { records } = await driver.executeQuery(
    `${tasksOf} AND t.seq > $after
     WITH t ORDER BY t.seq LIMIT $take
     RETURN ${taskProjection('t')} AS task`,
    { ...params, after: int(Number.isSafeInteger(after) ? after : -1), take: int(filter.first + 1) },
    READ,
  );
  const rows = records.map((r) => r.get('task') as LabelTaskRecord);
  const shown = rows.slice(0, filter.first);
  return {
    items: shown,
    keys: shown.map((t) => ({ key: String(t.seq), id: t.id })),
    hasMore: rows.length > filter.first,
    count: async () => {
      const result = await driver.executeQuery(`${tasksOf} RETURN count(t) AS n`, params, READ);
      return result.records[0]!.get('n') as number;
    },
  };
}

/** One task the viewer sees, or null. */
export async function getTask(driver: Driver, viewer: Identity, taskId: string): Promise<LabelTaskRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask} {id: $taskId})-[:${Rel.IN_PROJECT}]->(p:${Label.LabelingProject})
     WHERE ${TASK_VISIBLE('t', 'p')}
     RETURN ${taskProjection('t')} AS task`,
    { ...(await labelingScope(driver, viewer)), taskId },
    READ,
  );
  return (records[0]?.get('task') as LabelTaskRecord | undefined) ?? null;
}

/** The viewer's first assigned task (item order) that they have not annotated and is not accepted. */
export async function nextTask(driver: Driver, viewer: Identity, projectId: string): Promise<LabelTaskRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE ${PROJECT_VISIBLE('p')}
     MATCH (t:${Label.LabelTask}) WHERE t.projectId = p.id AND $username IN t.assignees AND t.status <> 'ACCEPTED'
       AND NOT EXISTS { MATCH (a:${Label.Annotation} {taskId: t.id}) WHERE a.annotator = $username }
     WITH t ORDER BY t.seq LIMIT 1
     RETURN ${taskProjection('t')} AS task`,
    { ...(await labelingScope(driver, viewer)), projectId },
    READ,
  );
  return (records[0]?.get('task') as LabelTaskRecord | undefined) ?? null;
}

export async function progress(driver: Driver, projectId: string): Promise<LabelingProgress> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask}) WHERE t.projectId = $projectId
     RETURN count(t) AS total, count(CASE WHEN t.status = 'OPEN' THEN 1 END) AS open,
            count(CASE WHEN t.status = 'IN_REVIEW' THEN 1 END) AS inReview,
            count(CASE WHEN t.status = 'ACCEPTED' THEN 1 END) AS accepted`,
    { projectId },
    READ,
  );
  return records[0]!.toObject() as LabelingProgress;
}

/**
 * A task's annotations as the viewer may see them: all for a manager of the project, only their own
 * for an annotator. `taskId` must be a task the viewer sees (the caller resolved it through getTask or
 * listTasks).
 */
export async function taskAnnotations(driver: Driver, viewer: Identity, taskId: string): Promise<AnnotationRecord[]> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask} {id: $taskId})-[:${Rel.IN_PROJECT}]->(p:${Label.LabelingProject})
     MATCH (a:${Label.Annotation} {taskId: $taskId})
     WHERE ${MANAGES('p')} OR a.annotator = $username
     WITH a ORDER BY a.submittedAt, a.annotator
     RETURN ${annotationProjection('a')} AS annotation`,
    { ...(await labelingScope(driver, viewer)), taskId },
    READ,
  );
  return records.map((r) => r.get('annotation') as AnnotationRecord);
}

/** Every annotation of a task (for the snapshot writer and agreement). */
export async function allAnnotations(driver: Driver, taskIds: string[]): Promise<AnnotationRecord[]> {
  const { records } = await driver.executeQuery(
    `MATCH (a:${Label.Annotation}) WHERE a.taskId IN $taskIds
     WITH a ORDER BY a.taskId, a.submittedAt, a.annotator
     RETURN ${annotationProjection('a')} AS annotation`,
    { taskIds },
    READ,
  );
  return records.map((r) => r.get('annotation') as AnnotationRecord);
}

export async function taskSuggestion(driver: Driver, taskId: string): Promise<SuggestionRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (s:${Label.Suggestion} {taskId: $taskId}) WITH s ORDER BY s.createdAt DESC LIMIT 1
     RETURN ${suggestionProjection('s')} AS suggestion`,
    { taskId },
    READ,
  );
  return (records[0]?.get('suggestion') as SuggestionRecord | undefined) ?? null;
}

export interface AcceptedLabel {
  taskId: string;
  item: string;
  text: string | null;
  /** The reviewed value (canonical JSON text). */
  value: string;
  reviewDecision: string;
  reviewedBy: string;
  /** Who annotated the task. */
  annotators: string[];
}

/** Every accepted task of the project, in item order. */
export async function acceptedLabels(driver: Driver, projectId: string): Promise<AcceptedLabel[]> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask}) WHERE t.projectId = $projectId AND t.status = 'ACCEPTED'
     WITH t ORDER BY t.seq
     RETURN t.id AS taskId, t.item AS item, t.text AS text, t.finalValue AS value,
            t.reviewDecision AS reviewDecision, t.reviewedBy AS reviewedBy,
            [(a:${Label.Annotation})-[:${Rel.ANNOTATES}]->(t) | a.annotator] AS annotators`,
    { projectId },
    READ,
  );
  return records.map((r) => r.toObject() as AcceptedLabel);
}

export interface PoolItem {
  taskId: string;
  item: string;
  text: string | null;
}

/** The unlabeled pool: open tasks assigned to nobody yet (what active learning picks its batches from). */
export async function openPool(driver: Driver, projectId: string): Promise<PoolItem[]> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask}) WHERE t.projectId = $projectId AND t.status = 'OPEN' AND size(t.assignees) = 0
     WITH t ORDER BY t.seq
     RETURN t.id AS taskId, t.item AS item, t.text AS text`,
    { projectId },
    READ,
  );
  return records.map((r) => r.toObject() as PoolItem);
}
