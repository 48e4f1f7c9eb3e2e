// Reads of a labeling project for the snapshot, export and import paths (SNAP): the project as an owner
// sees it, its tasks with their annotations. Visibility by org is decided in the query; only a
// data-scientist or platform-admin of the owning org tree (mayManage) gets past `managedProject`.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { config } from '../../lib/config.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { viewerScope } from '../../lib/graph/visibility.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import type { LabelValue } from './formats/shared.js';
import { labelClasses, mayManage, type LabelClass, type LabelTaskStatus } from './shared.js';
import type { LabelTaskType } from './values.js';

export interface ManagedProject {
  id: string;
  name: string;
  taskType: LabelTaskType;
  labels: LabelClass[];
  textColumn: string | null;
  overlap: number;
  sourceVersionId: string;
  labelDatasetId: string;
  ownerOrgId: string;
  status: 'ACTIVE' | 'ARCHIVED';
}

export interface TaskWithAnnotations {
  id: string;
  item: string;
  text: string | null;
  status: LabelTaskStatus;
  finalValue: LabelValue | null;
  reviewedBy: string | null;
  annotations: Array<{ annotator: string; value: LabelValue }>;
}

const READ = { database: config.neo4j.database, routing: 'READ' as const };

const PROJECT = `p { .id, .name, .taskType, .labels, .textColumn, overlap: toInteger(p.overlap), .sourceVersionId,
  .labelDatasetId, .ownerOrgId, .status }`;

/** The project, for an owner or reviewer: NOT_FOUND when the caller's orgs cannot see it, FORBIDDEN without the role. */
export async function managedProject(driver: Driver, actor: Identity, projectId: string): Promise<ManagedProject> {
  const scope = await viewerScope(driver, actor);
  const { records } = await driver.executeQuery(
    `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE p.ownerOrgId IN $visibleOrgs RETURN ${PROJECT} AS p`,
    { projectId, ...scope },
    READ,
  );
  const found = records[0]?.get('p') as (Omit<ManagedProject, 'labels'> & { labels: string }) | undefined;
  if (!found) throw notFound(`labeling project ${projectId} not found`, 'projectId');
  if (!mayManage(actor))
    throw forbidden(`only a data-scientist or platform-admin of the project's org may do this (project ${projectId})`);
  return { ...found, overlap: Number(found.overlap), labels: labelClasses(found) };
}

/** An archived project takes no writes (imports, snapshots, reviews, assignments, submissions). */
export function assertActive(project: { id: string; status: string }): void {
  if (project.status !== 'ACTIVE')
    throw badInput(`labeling project ${project.id} is archived; it takes no more labels or snapshots`, 'projectId');
}

/** Every task of the project with its annotations (values parsed), in item order. */
export async function projectTasks(
  driver: Driver,
  projectId: string,
  only?: LabelTaskStatus,
): Promise<TaskWithAnnotations[]> {
  const { records } = await driver.executeQuery(
    `MATCH (t:${Label.LabelTask} {projectId: $projectId})-[:${Rel.IN_PROJECT}]->(:${Label.LabelingProject} {id: $projectId})
     WHERE $only IS NULL OR t.status = $only
     RETURN t.id AS id, t.item AS item, t.text AS text, t.status AS status, t.finalValue AS finalValue,
            t.reviewedBy AS reviewedBy,
            [(a:${Label.Annotation})-[:${Rel.ANNOTATES}]->(t) | {annotator: a.annotator, value: a.value}] AS annotations
     ORDER BY t.item`,
    { projectId, only: only ?? null },
    READ,
  );
  return records.map((r) => ({
    id: r.get('id') as string,
    item: r.get('item') as string,
    text: r.get('text') as string | null,
    status: r.get('status') as LabelTaskStatus,
    finalValue: r.get('finalValue') ? (JSON.parse(r.get('finalValue') as string) as LabelValue) : null,
    reviewedBy: r.get('reviewedBy') as string | null,
    annotations: (r.get('annotations') as Array<{ annotator: string; value: string }>)
      .map((a) => ({ annotator: a.annotator, value: JSON.parse(a.value) as LabelValue }))
      .sort((a, b) => a.annotator.localeCompare(b.annotator)),
  }));
}
