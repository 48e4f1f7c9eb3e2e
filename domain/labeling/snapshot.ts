// An accepted snapshot of a project's labels becomes an immutable DatasetVersion of the project's label
// dataset, DERIVED_FROM the source version, made by a LabelSnapshot: a PROV activity that USED the
// source and is ASSOCIATED_WITH each annotator and reviewer (role on the relationship). The bytes are a
// CSV training reads (label-table.ts); they go through the same ingest path as an upload (DuckDB reads
// them, Plinth computes digest, row count and profile), and the snapshot is written in the version's
// own transaction, so a version never exists without the record of who labeled it.
import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { config } from '../../lib/config.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { badInput } from '../../lib/subgraph/errors.js';
import { blobStore, sha256File } from '../../lib/storage/index.js';
import { ingestDatasetFile } from '../datasets/ingest.js';
import type { DatasetVersionRecord } from '../datasets/versions.js';
import { projectAgreement, type AgreementFigure } from './agreement.js';
import { labelTable } from './label-table.js';
import { assertActive, managedProject, projectTasks } from './project-read.js';

export interface LabelSnapshotRecord {
  id: string;
  projectId: string;
  versionId: string;
  taskCount: number;
  annotators: string[];
  reviewers: string[];
  /** JSON text: the AgreementFigure over the snapshot's tasks. */
  agreement: string;
  createdBy: string;
  createdAt: string;
  ownerOrgId: string;
}

export const snapshotProjection = (alias: string): string => `${alias} { .id, .projectId, .versionId,
  taskCount: toInteger(${alias}.taskCount), .annotators, .reviewers, .agreement, .createdBy,
  createdAt: toString(${alias}.createdAt), .ownerOrgId }`;

/** The User node of each username: the one an audit event made (keyed by the Keycloak subject), else a new one. */
async function agentsOf(tx: ManagedTransaction, usernames: string[]): Promise<void> {
  await tx.run(
    `UNWIND $usernames AS name
     CALL { WITH name OPTIONAL MATCH (u:${Label.User} {username: name}) RETURN count(u) AS n }
     WITH name, n WHERE n = 0
     CREATE (:${Label.User} {id: 'username:' + name, username: name})`,
    { usernames },
  );
}

export async function acceptLabelSnapshot(
  driver: Driver,
  actor: Identity,
  projectId: string,
): Promise<{ snapshot: LabelSnapshotRecord; version: DatasetVersionRecord }> {
  const project = await managedProject(driver, actor, projectId);
  assertActive(project);
  const tasks = await projectTasks(driver, projectId, 'ACCEPTED');
  if (tasks.length === 0)
    throw badInput(`project ${projectId} has no accepted task yet: review at least one before a snapshot`, 'projectId');
  const table = await labelTable(driver, project, tasks);
  const store = blobStore();
  await mkdir(store.tempDir(), { recursive: true });
  const file = join(store.tempDir(), `labels-${projectId}-${randomUUID()}.csv`);
  await writeFile(file, table.csv);
  const { digest, size } = await sha256File(file);
  // The same labels as an earlier snapshot: refused before ingest, and again if a concurrent snapshot of
  // the same labels registered its version in between (registerDatasetVersion then refuses the same
  // content, holding the dataset's lock): both callers get the one clear message.
  const unchanged = async (): Promise<GraphQLError | null> => {
    const same = await driver.executeQuery(
      `MATCH (:${Label.Dataset} {id: $datasetId})-[:${Rel.HAS_VERSION}]->(v:${Label.DatasetVersion} {contentHash: $digest})
       RETURN v.version AS version`,
      { datasetId: project.labelDatasetId, digest },
    );
    if (!same.records[0]) return null;
    return badInput(
      `the accepted labels of project ${projectId} are unchanged since snapshot version ${Number(same.records[0].get('version'))} (same content sha256:${digest}); accept more tasks first`,
      'projectId',
    );
  };
  try {
    const refusal = await unchanged();
    if (refusal) throw refusal;
  } catch (error) {
    // ingestDatasetFile consumes the file; before it is called, the file is this function's to remove.
    await rm(file, { force: true });
    throw error;
  }
  const annotators = [...new Set(tasks.flatMap((t) => t.annotations.map((a) => a.annotator)))].sort();
  const reviewers = [...new Set(tasks.flatMap((t) => (t.reviewedBy ? [t.reviewedBy] : [])))].sort();
  const agreement: AgreementFigure = projectAgreement(
    project.taskType,
    tasks.map((t) => ({ taskId: t.id, annotations: t.annotations })),
  );
  let snapshot: LabelSnapshotRecord | undefined;
  let version: DatasetVersionRecord;
  try {
    version = await ingestDatasetFile(driver, actor, {
      datasetId: project.labelDatasetId,
      file,
      digest,
      size,
      declared: 'CSV',
      origin: 'LABELS',
      derivedFrom: [project.sourceVersionId],
      alongside: async (tx, created) => {
        await agentsOf(tx, [...annotators, ...reviewers]);
        const agents = [
          ...annotators.map((username) => ({ username, role: 'annotator' })),
          ...reviewers.map((username) => ({ username, role: 'reviewer' })),
        ];
        const { records } = await tx.run(
          `MATCH (v:${Label.DatasetVersion} {id: $versionId}), (src:${Label.DatasetVersion} {id: $sourceId})
           CREATE (s:${Label.LabelSnapshot} {id: $id, projectId: $projectId, versionId: $versionId, taskCount: $taskCount,
                   annotators: $annotators, reviewers: $reviewers, agreement: $agreement, createdBy: $actor,
                   createdAt: datetime(), ownerOrgId: v.ownerOrgId})
           CREATE (s)-[:${Rel.USED}]->(src)
           CREATE (v)-[:${Rel.PRODUCED_BY}]->(s)
           WITH s
           CALL { WITH s UNWIND $agents AS agent
                  CALL { WITH agent MATCH (u:${Label.User} {username: agent.username}) RETURN u ORDER BY u.id LIMIT 1 }
                  CREATE (s)-[:${Rel.ASSOCIATED_WITH} {role: agent.role}]->(u) }
           RETURN ${snapshotProjection('s')} AS s`,
          {
            id: randomUUID(),
            projectId,
            versionId: created.id,
            sourceId: project.sourceVersionId,
            taskCount: tasks.length,
            annotators,
            reviewers,
            agreement: JSON.stringify(agreement),
            actor: actor.username,
            agents,
          },
        );
        snapshot = records[0]!.get('s') as LabelSnapshotRecord;
        await writeAudit(tx, {
          action: 'labeling.snapshot',
          actor,
          targetId: snapshot.id,
          targetLabel: Label.LabelSnapshot,
          after: { ...snapshot, contentHash: digest, rowCount: created.rowCount },
        });
      },
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.field === 'contentHash') throw (await unchanged()) ?? error;
    throw error;
  }
  return { snapshot: { ...snapshot!, taskCount: Number(snapshot!.taskCount) }, version };
}

/** A project's snapshots, newest first (visibility: the caller already sees the project). */
export async function projectSnapshots(driver: Driver, projectId: string): Promise<LabelSnapshotRecord[]> {
  const { records } = await driver.executeQuery(
    `MATCH (s:${Label.LabelSnapshot} {projectId: $projectId}) RETURN ${snapshotProjection('s')} AS s ORDER BY s.createdAt DESC`,
    { projectId },
    { database: config.neo4j.database, routing: 'READ' },
  );
  return records.map((r) => {
    const s = r.get('s') as LabelSnapshotRecord;
    return { ...s, taskCount: Number(s.taskCount) };
  });
}
