// The labeling store: the one writer of LabelingProject, LabelTask, Annotation and Suggestion nodes
// (LabelSnapshot: snapshot.ts). Other slices (workflows, snapshot, formats) call these functions and
// never write the nodes themselves. Every write is one transaction with its audit event.
import { randomUUID } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { inWriteTx, int, LOCK, READ } from '../../lib/graph/asset-store.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { tally } from '../../lib/graph/tally.js';
import { viewerScope, visibleTo } from '../../lib/graph/visibility.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import type { KeysetPage } from '../../lib/subgraph/connection.js';
import type { Keyset } from '../../lib/subgraph/cursor.js';
import { labelingScope, MANAGES, PROJECT_VISIBLE } from './access.js';
import { checkAnnotators } from './annotators.js';
import { checkProjectInput, roundRobin, type NewLabelingProject } from './project-input.js';
import { projectProjection } from './projections.js';
import { mayManage, type LabelingProjectRecord } from './shared.js';
import { sourceItems } from './source-items.js';

export { assignTasks, unassignTasks, writeSuggestions } from './task-writes.js';
export {
  acceptedLabels,
  allAnnotations,
  getTask,
  listTasks,
  nextTask,
  openPool,
  progress,
  taskAnnotations,
  taskSuggestion,
} from './tasks.js';
export type { AcceptedLabel, PoolItem, TaskFilter } from './tasks.js';
export { reviewTask, submitAnnotation } from './annotate.js';

export const projectNotFound = (id: string, field = 'projectId') => notFound(`labeling project ${id} not found`, field);

/** A project by id: any (workflows, the snapshot writer) without a viewer, else only if the viewer sees it. */
export async function getProject(
  driver: Driver,
  projectId: string,
  viewer?: Identity,
): Promise<LabelingProjectRecord | null> {
  const scope = viewer ? await labelingScope(driver, viewer) : null;
  const { records } = await driver.executeQuery(
    `MATCH (p:${Label.LabelingProject} {id: $id}) WHERE $all OR ${PROJECT_VISIBLE('p')}
     RETURN ${projectProjection('p')} AS project`,
    {
      id: projectId,
      all: scope === null,
      ...(scope ?? { visibleOrgs: [], viewerOrg: '', username: '', manages: false, annotates: false }),
    },
    READ,
  );
  return (records[0]?.get('project') as LabelingProjectRecord | undefined) ?? null;
}

/** Whether the viewer owns the project's tasks' review (data scientist or admin of its org tree). */
export async function viewerManages(
  driver: Driver,
  viewer: Identity,
  project: LabelingProjectRecord,
): Promise<boolean> {
  if (!mayManage(viewer)) return false;
  return (await viewerScope(driver, viewer)).visibleOrgs.includes(project.ownerOrgId);
}

const LISTED = (p: string): string => `($includeArchived OR ${p}.status = 'ACTIVE')`;

/** Projects the viewer sees, newest first, by keyset (createdAt, id); archived ones only when asked. */
export async function listProjects(
  driver: Driver,
  viewer: Identity,
  page: { first: number; after: Keyset | null },
  includeArchived = false,
): Promise<KeysetPage<LabelingProjectRecord>> {
  const scope = { ...(await labelingScope(driver, viewer)), includeArchived };
  const seek = page.after
    ? '(p.createdAt < datetime($afterKey) OR (p.createdAt = datetime($afterKey) AND p.id > $afterId))'
    : 'true';
  const { records } = await driver.executeQuery(
    `MATCH (p:${Label.LabelingProject}) WHERE ${PROJECT_VISIBLE('p')} AND ${LISTED('p')} AND ${seek}
     WITH p ORDER BY p.createdAt DESC, p.id LIMIT $take
     RETURN ${projectProjection('p')} AS project, toString(p.createdAt) AS key`,
    { ...scope, take: int(page.first + 1), afterKey: page.after?.key ?? null, afterId: page.after?.id ?? null },
    READ,
  );
  const rows = records.map((r) => ({ item: r.get('project') as LabelingProjectRecord, key: r.get('key') as string }));
  const shown = rows.slice(0, page.first);
  return {
    items: shown.map((r) => r.item),
    keys: shown.map((r) => ({ key: r.key, id: r.item.id })),
    hasMore: rows.length > page.first,
    count: async () => {
      const result = await driver.executeQuery(
        `MATCH (p:${Label.LabelingProject}) WHERE ${PROJECT_VISIBLE('p')} AND ${LISTED('p')} RETURN count(p) AS n`,
        scope,
        READ,
      );
      return result.records[0]!.get('n') as number;
    },
  };
}

/**
 * Creates a project over a source version the actor's org owns and Plinth holds, its label dataset
 * ("<name> labels", whose versions are the accepted snapshots) and one task per item, assigned
 * round-robin (`overlap` distinct annotators each) unless assignAll is false: all in one transaction.
 */
export async function createProject(
  driver: Driver,
  actor: Identity,
  input: NewLabelingProject,
): Promise<LabelingProjectRecord> {
  if (!mayManage(actor))
    throw forbidden(`${actor.username} may not create labeling projects (data scientists and platform admins only)`);
  const checked = checkProjectInput(input);
  const scope = await viewerScope(driver, actor);
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.DatasetVersion} {id: $id}) WHERE ${visibleTo('v')}
     RETURN v.ownerOrgId IN $visibleOrgs AS owned, coalesce(v.integrity, 'UNVERIFIED') AS integrity,
            v.ownerOrgId AS org`,
    { id: checked.sourceVersionId, ...scope },
    READ,
  );
  const version = records[0];
  if (!version) throw notFound(`dataset version ${checked.sourceVersionId} not found`, 'sourceVersionId');
  if (!version.get('owned'))
    throw forbidden(
      `dataset version ${checked.sourceVersionId} is shared with ${actor.org} read-only; only its owner org may label it`,
    );
  const integrity = version.get('integrity') as string;
  if (integrity !== 'VERIFIED')
    throw badInput(
      `dataset version ${checked.sourceVersionId} is ${integrity}; labeling needs a version whose bytes Plinth holds and verified`,
      'sourceVersionId',
    );
  if (checked.assignAll && checked.annotators.length > 0)
    await checkAnnotators(driver, version.get('org') as string, checked.annotators);
  const items = await sourceItems(
    driver,
    checked.sourceVersionId,
    actor.username,
    checked.taskType,
    checked.textColumn,
    checked.maxItems,
  );
  const assignees = checked.assignAll
    ? roundRobin(items.length, checked.annotators, checked.overlap)
    : items.map(() => []);
  const assigned = [...new Set(assignees.flat())];
  const datasetName = `${checked.name} labels`;
  return inWriteTx(
    driver,
    async (tx) => {
      const source = await tx.run(
        `MATCH (v:${Label.DatasetVersion} {id: $id}) ${LOCK('v')} RETURN v.ownerOrgId AS org`,
        { id: checked.sourceVersionId },
      );
      const org = source.records[0]?.get('org') as string | undefined;
      if (!org) throw notFound(`dataset version ${checked.sourceVersionId} not found`, 'sourceVersionId');
      const taken = await tx.run(
        `OPTIONAL MATCH (p:${Label.LabelingProject} {ownerOrgId: $org, name: $name}) WITH count(p) AS projects
         OPTIONAL MATCH (d:${Label.Dataset} {ownerOrgId: $org, name: $datasetName})
         RETURN projects, count(d) AS datasets`,
        { org, name: checked.name, datasetName },
      );
      if ((taken.records[0]!.get('projects') as number) > 0)
        throw badInput(`a labeling project named "${checked.name}" already exists in org ${org}`, 'name');
      if ((taken.records[0]!.get('datasets') as number) > 0)
        throw badInput(
          `a dataset named "${datasetName}" already exists in org ${org}; the project's label dataset needs that name`,
          'name',
        );
      const ids = { project: randomUUID(), dataset: randomUUID() };
      const created = await tx.run(
        `MATCH (v:${Label.DatasetVersion} {id: $sourceVersionId})-[:${Rel.OWNED_BY}]->(o:${Label.Org})
         CREATE (d:${Label.Dataset} {id: $datasetId, name: $datasetName, description: $datasetDescription,
                 tags: ['labels'], tagsText: 'labels', purpose: 'LABELS', ownerOrgId: o.id, createdBy: $actor,
                 createdAt: datetime(), archived: false})
         CREATE (d)-[:${Rel.OWNED_BY}]->(o)
         ${tally('d', Label.Dataset)}
         CREATE (p:${Label.LabelingProject} {id: $projectId, name: $name, description: $description,
                 taskType: $taskType, labels: $labels, textColumn: $textColumn, overlap: $overlap, status: 'ACTIVE',
                 sourceVersionId: $sourceVersionId, labelDatasetId: $datasetId, ownerOrgId: o.id,
                 annotators: $assigned, createdBy: $actor, createdAt: datetime()})
         CREATE (p)-[:${Rel.LABELS}]->(v)
         CREATE (p)-[:${Rel.OWNED_BY}]->(o)
         WITH p, d
         CALL (p) {
           UNWIND range(0, size($items) - 1) AS i
           CREATE (t:${Label.LabelTask} {id: randomUUID(), projectId: p.id, seq: i, item: $items[i].item,
                   text: $items[i].text, status: 'OPEN', batch: 0, assignees: $assignees[i], createdAt: p.createdAt})
           CREATE (t)-[:${Rel.IN_PROJECT}]->(p)
         }
         RETURN ${projectProjection('p')} AS project, d { .id, .name, .ownerOrgId } AS dataset`,
        {
          sourceVersionId: checked.sourceVersionId,
          datasetId: ids.dataset,
          datasetName,
          datasetDescription: `Accepted labels of labeling project "${checked.name}": each version is one accepted snapshot.`,
          projectId: ids.project,
          name: checked.name,
          description: checked.description,
          taskType: checked.taskType,
          labels: JSON.stringify(checked.labels),
          textColumn: checked.textColumn,
          overlap: int(checked.overlap),
          assigned,
          items,
          assignees,
          actor: actor.username,
        },
      );
      const project = created.records[0]!.get('project') as LabelingProjectRecord;
      await writeAudit(tx, {
        action: 'dataset.register',
        actor,
        targetId: ids.dataset,
        targetLabel: Label.Dataset,
        after: created.records[0]!.get('dataset'),
      });
      await writeAudit(tx, {
        action: 'labelingProject.create',
        actor,
        targetId: project.id,
        targetLabel: Label.LabelingProject,
        after: { project, taskCount: items.length, assignAll: checked.assignAll },
      });
      return project;
    },
    () => badInput(`a labeling project or dataset named "${checked.name}" was created concurrently; retry`, 'name'),
  );
}

/**
 * Archives a project (its owners): it leaves labelingProjects unless asked for, and takes no more
 * submissions, reviews, assignments, imports or snapshots; its tasks, labels and snapshots stay readable.
 */
export async function archiveProject(
  driver: Driver,
  actor: Identity,
  projectId: string,
): Promise<LabelingProjectRecord> {
  const scope = await labelingScope(driver, actor);
  return inWriteTx(driver, async (tx) => {
    const found = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE ${PROJECT_VISIBLE('p')}
       ${LOCK('p')}
       RETURN ${projectProjection('p')} AS project, ${MANAGES('p')} AS manages`,
      { ...scope, projectId },
    );
    const row = found.records[0];
    if (!row) throw projectNotFound(projectId);
    if (!row.get('manages'))
      throw forbidden(`${actor.username} may not archive project ${projectId}: only its owners may`);
    const before = row.get('project') as LabelingProjectRecord;
    if (before.status === 'ARCHIVED') throw badInput(`labeling project ${projectId} is already archived`, 'projectId');
    const { records } = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId})
       SET p.status = 'ARCHIVED', p.archivedBy = $actor, p.archivedAt = datetime()
       RETURN ${projectProjection('p')} AS project`,
      { projectId, actor: actor.username },
    );
    const after = records[0]!.get('project') as LabelingProjectRecord;
    await writeAudit(tx, {
      action: 'labelingProject.archive',
      actor,
      targetId: projectId,
      targetLabel: Label.LabelingProject,
      before,
      after,
    });
    return after;
  });
}
