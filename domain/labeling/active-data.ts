// What the active-learning activities read of a labeling project (read-only; CORE's store.ts writes every
// labeling node): the project's settings, the tasks the loop may choose from (open and assigned to nobody,
// or already chosen by this loop) and the accepted labels of those tasks as class indices.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { READ } from '../../lib/graph/asset-store.js';
import { Label } from '../../lib/graph/ontology.js';
import { viewerScope } from '../../lib/graph/visibility.js';
import { badInput, notFound } from '../../lib/subgraph/errors.js';
import type { ActiveLearningSettings } from './active-shared.js';

export interface AlProject {
  id: string;
  taskType: string;
  sourceVersionId: string;
  textColumn: string | null;
  ownerOrgId: string;
  status: string;
  /** The label values in the project's order: a class index is a position here. */
  classes: string[];
}

export interface AlTask {
  taskId: string;
  item: string;
  text: string | null;
  status: string;
  assignees: string[];
  /** The accepted class index, or null while not accepted (or an unknown label). */
  label: number | null;
}

/** The project (null when it does not exist). */
export async function alProject(driver: Driver, projectId: string): Promise<AlProject | null> {
  const { records } = await driver.executeQuery(
    `MATCH (p:${Label.LabelingProject} {id: $projectId})
     RETURN p.id AS id, p.taskType AS taskType, p.sourceVersionId AS sourceVersionId, p.textColumn AS textColumn,
            p.ownerOrgId AS ownerOrgId, p.status AS status, p.labels AS labels`,
    { projectId },
    READ,
  );
  const r = records[0];
  if (!r) return null;
  const labels = JSON.parse((r.get('labels') as string | null) ?? '[]') as { value: string }[];
  return {
    id: r.get('id') as string,
    taskType: r.get('taskType') as string,
    sourceVersionId: r.get('sourceVersionId') as string,
    textColumn: (r.get('textColumn') as string | null) ?? null,
    ownerOrgId: r.get('ownerOrgId') as string,
    status: r.get('status') as string,
    classes: labels.map((l) => l.value),
  };
}

/**
 * The tasks the loop may use: those in `chosen` (whatever their state) and every open task assigned to
 * nobody. Ordered by the task's position in the project (its item order), so the universe, and with it
 * every seeded draw, is the same on a retry and for the same data and seed in another project.
 */
export async function alTasks(
  driver: Driver,
  project: Pick<AlProject, 'id' | 'classes'>,
  chosen: string[],
): Promise<AlTask[]> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask} {projectId: $projectId})
     WHERE t.id IN $chosen OR (t.status = 'OPEN' AND size(coalesce(t.assignees, [])) = 0)
     RETURN t.id AS taskId, t.item AS item, t.text AS text, t.status AS status,
            coalesce(t.assignees, []) AS assignees, t.finalValue AS finalValue
     ORDER BY t.seq, t.id`,
    { projectId: project.id, chosen },
    READ,
  );
  const index = new Map(project.classes.map((c, i) => [c, i]));
  return records.map((r) => {
    const status = r.get('status') as string;
    const finalValue = r.get('finalValue') as string | null;
    let label: number | null = null;
    if (status === 'ACCEPTED' && finalValue) {
      try {
        label = index.get((JSON.parse(finalValue) as { label?: string }).label ?? '') ?? null;
      } catch {
        label = null;
      }
    }
    return {
      taskId: r.get('taskId') as string,
      item: r.get('item') as string,
      text: (r.get('text') as string | null) ?? null,
      status,
      assignees: r.get('assignees') as string[],
      label,
    };
  });
}

/** Those of these tasks not ACCEPTED yet, in the order given (a task that vanished is not waited for). */
export async function alPendingTasks(driver: Driver, projectId: string, taskIds: string[]): Promise<string[]> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask} {projectId: $projectId}) WHERE t.id IN $taskIds AND t.status <> 'ACCEPTED'
     RETURN collect(t.id) AS ids`,
    { projectId, taskIds },
    READ,
  );
  const pending = new Set((records[0]?.get('ids') as string[] | undefined) ?? []);
  return taskIds.filter((id) => pending.has(id));
}

/** Task types a classifier can learn from (boxes and spans have no one class per item). */
export const AL_TASK_TYPES = ['IMAGE_CLASSIFICATION', 'TEXT_CLASSIFICATION'];

/**
 * Whether the actor may start a loop on this project, checked before the run or its workflow exists:
 * the project visible and owned by the actor's org (else NOT_FOUND, as for any project they may not
 * see), ACTIVE, a classification with two labels or more, no other loop running on it (two would fight
 * over one pool), and an open pool (unassigned OPEN tasks) of at least evalSize + batchSize.
 */
export async function assertMayStartActiveLearning(
  driver: Driver,
  actor: Identity,
  projectId: string,
  settings: Pick<ActiveLearningSettings, 'evalSize' | 'batchSize'>,
): Promise<void> {
  const { records } = await driver.executeQuery(
    `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE p.ownerOrgId IN $visibleOrgs
     RETURN p.status AS status, p.taskType AS taskType, p.labels AS labels,
            COUNT { MATCH (t:${Label.LabelTask} {projectId: p.id, status: 'OPEN'})
                    WHERE size(coalesce(t.assignees, [])) = 0 } AS pool,
            COUNT { MATCH (r:${Label.ActiveLearningRun} {projectId: p.id, status: 'RUNNING'}) } AS running`,
    { projectId, ...(await viewerScope(driver, actor)) },
    READ,
  );
  const p = records[0];
  if (!p) throw notFound(`labeling project ${projectId} not found`, 'projectId');
  if (p.get('status') !== 'ACTIVE') throw badInput(`labeling project ${projectId} is ${p.get('status')}`, 'projectId');
  const taskType = p.get('taskType') as string;
  if (!AL_TASK_TYPES.includes(taskType))
    throw badInput(
      `active learning trains a classifier: the project must be ${AL_TASK_TYPES.join(' or ')}, not ${taskType}`,
      'projectId',
    );
  if ((JSON.parse((p.get('labels') as string | null) ?? '[]') as unknown[]).length < 2)
    throw badInput('the project needs at least two labels to learn from', 'projectId');
  if (Number(p.get('running')) > 0)
    throw badInput(`an active-learning run is already running on project ${projectId}; cancel it first`, 'projectId');
  const pool = Number(p.get('pool'));
  const needed = settings.evalSize + settings.batchSize;
  if (pool < needed)
    throw badInput(
      `the project has ${pool} open unassigned task(s); active learning needs at least evalSize + batchSize = ${needed} (create the project with assignAll: false so its tasks wait for the loop)`,
      'input.evalSize',
    );
}
