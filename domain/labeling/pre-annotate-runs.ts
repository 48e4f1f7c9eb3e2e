// The PreAnnotationRun node: one per run of a deployed model over a labeling project's open tasks, written
// only here. Created RUNNING by preAnnotate before its workflow starts; the plan (model version, task
// count) and each chunk's outcome (done, and the failed items with their errors) recorded by the
// workflow's activities, a retried chunk replacing its own record; ended once, SUCCEEDED or FAILED with
// the error. Every write is audited in its transaction. Reads for the GraphQL side live here too.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { inWriteTx, int, LOCK, READ } from '../../lib/graph/asset-store.js';
import { writeAudit, writeWorkflowAuditOnce } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { notFound } from '../../lib/subgraph/errors.js';
import { labelingScope, PROJECT_VISIBLE } from './access.js';
import type { PreChunkResult, PreItemFailure, PreRequester, PreRunStatus } from './pre-annotate-shared.js';

/** The workflow acts for its requester with the role preAnnotate checked before starting it. */
export const preActor = (r: PreRequester): Identity => ({
  sub: r.sub,
  username: r.username,
  org: r.org,
  roles: ['data-scientist'],
});

export interface PreRunRecord {
  id: string;
  projectId: string;
  serviceId: string;
  modelVersionId: string | null;
  workflowId: string;
  runId: string | null;
  status: PreRunStatus;
  total: number | null;
  done: number;
  failedCount: number;
  /** The failed items, at most MAX_LISTED of them. */
  failures: PreItemFailure[];
  error: string | null;
  createdBy: string;
  createdAt: string;
  endedAt: string | null;
}

const MAX_LISTED = 200;

const projection = (r: string): string => `${r} { .id, .projectId, .serviceId, .modelVersionId, .workflowId, .runId,
  .status, .total, .chunks, .error, .createdBy, createdAt: toString(${r}.createdAt), endedAt: toString(${r}.endedAt) }`;

interface Stored extends Omit<PreRunRecord, 'done' | 'failedCount' | 'failures'> {
  chunks: string | null;
}

function fromStored(s: Stored): PreRunRecord {
  const { chunks, ...rest } = s;
  const list = chunks ? (JSON.parse(chunks) as PreChunkResult[]) : [];
  const failures = list.flatMap((c) => c.failed);
  return {
    ...rest,
    total: s.total === null || s.total === undefined ? null : Number(s.total),
    done: list.reduce((n, c) => n + c.done, 0),
    failedCount: failures.length,
    failures: failures.slice(0, MAX_LISTED),
  };
}

export interface Execution {
  workflowId: string;
  runId: string;
}

/** Creates the RUNNING run of a workflow about to start, owned by the project's org. */
export async function createPreRun(
  driver: Driver,
  actor: Identity,
  run: { id: string; projectId: string; serviceId: string; workflowId: string },
): Promise<void> {
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (p:${Label.LabelingProject} {id: $projectId})
       CREATE (r:${Label.PreAnnotationRun} {id: $id, projectId: $projectId, serviceId: $serviceId,
               modelVersionId: null, workflowId: $workflowId, runId: null, status: 'RUNNING', total: null,
               chunks: '[]', error: null, ownerOrgId: p.ownerOrgId, createdBy: $username, createdAt: datetime()})
       MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
       CREATE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)
       RETURN r.id AS id`,
      { ...run, sub: actor.sub, username: actor.username },
    );
    if (records.length === 0) throw notFound(`labeling project ${run.projectId} not found`, 'projectId');
    await writeAudit(tx, {
      action: 'pre-annotation.start',
      actor,
      targetId: run.id,
      targetLabel: Label.PreAnnotationRun,
      after: { projectId: run.projectId, serviceId: run.serviceId, workflowId: run.workflowId },
      workflowId: run.workflowId,
    });
  });
}

/** Records the plan: the model version used (a PROV USED link) and how many tasks the run covers. */
export async function recordPrePlan(
  driver: Driver,
  preRunId: string,
  requestedBy: PreRequester,
  plan: { modelVersionId: string; total: number },
  execution: Execution,
): Promise<void> {
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (r:${Label.PreAnnotationRun} {id: $id}), (v:${Label.ModelVersion} {id: $modelVersionId})
       SET r.modelVersionId = $modelVersionId, r.total = $total, r.runId = coalesce(r.runId, $runId)
       MERGE (r)-[:${Rel.USED}]->(v)
       RETURN r.id AS id`,
      { id: preRunId, modelVersionId: plan.modelVersionId, total: int(plan.total), runId: execution.runId },
    );
    if (records.length === 0) throw notFound(`pre-annotation run ${preRunId} or model version not found`);
    await writeWorkflowAuditOnce(tx, {
      action: 'pre-annotation.plan',
      actor: preActor(requestedBy),
      targetId: preRunId,
      targetLabel: Label.PreAnnotationRun,
      after: plan,
      ...execution,
    });
  });
}

/** Records one chunk's outcome, replacing an earlier record of the same chunk (a retried activity). */
export async function recordPreChunk(
  driver: Driver,
  preRunId: string,
  requestedBy: PreRequester,
  chunk: PreChunkResult,
  execution: Execution,
): Promise<void> {
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (r:${Label.PreAnnotationRun} {id: $id}) ${LOCK('r')} RETURN r.chunks AS chunks, r.status AS status`,
      { id: preRunId },
    );
    const found = records[0];
    if (!found) throw notFound(`pre-annotation run ${preRunId} not found`);
    if (found.get('status') !== 'RUNNING') return;
    const chunks = (JSON.parse((found.get('chunks') as string | null) ?? '[]') as PreChunkResult[]).filter(
      (c) => c.index !== chunk.index,
    );
    chunks.push({ ...chunk, failed: chunk.failed.map((f) => ({ ...f, error: f.error.slice(0, 500) })) });
    chunks.sort((a, b) => a.index - b.index);
    await tx.run(`MATCH (r:${Label.PreAnnotationRun} {id: $id}) SET r.chunks = $chunks`, {
      id: preRunId,
      chunks: JSON.stringify(chunks),
    });
    await writeWorkflowAuditOnce(tx, {
      action: 'pre-annotation.chunk',
      actor: preActor(requestedBy),
      targetId: preRunId,
      targetLabel: Label.PreAnnotationRun,
      after: { index: chunk.index, done: chunk.done, failed: chunk.failed.map((f) => f.taskId) },
      ...execution,
    });
  });
}

/** Ends a RUNNING run once; a repeated call (a retried activity) changes nothing. */
export async function finishPreRun(
  driver: Driver,
  preRunId: string,
  requestedBy: PreRequester,
  outcome: { error: string | null },
  execution: Execution,
): Promise<void> {
  const status: PreRunStatus = outcome.error === null ? 'SUCCEEDED' : 'FAILED';
  const error = outcome.error?.slice(0, 2000) ?? null;
  await inWriteTx(driver, async (tx) => {
    const { records } = await tx.run(
      `MATCH (r:${Label.PreAnnotationRun} {id: $id}) WHERE r.status = 'RUNNING'
       SET r.status = $status, r.error = $error, r.endedAt = datetime(), r.runId = coalesce(r.runId, $runId)
       RETURN r.id AS id`,
      { id: preRunId, status, error, runId: execution.runId },
    );
    if (records.length === 0) return;
    await writeAudit(tx, {
      action: `pre-annotation.${status.toLowerCase()}`,
      actor: preActor(requestedBy),
      targetId: preRunId,
      targetLabel: Label.PreAnnotationRun,
      after: { status, error },
      ...execution,
    });
  });
}

/** The runs of a project the viewer sees (a project they see), newest first. */
export async function preRunsOfProject(
  driver: Driver,
  viewer: Identity,
  projectId: string,
  first = 20,
): Promise<PreRunRecord[]> {
  const { records } = await driver.executeQuery(
    `MATCH (p:${Label.LabelingProject} {id: $projectId}) WHERE ${PROJECT_VISIBLE('p')}
     MATCH (r:${Label.PreAnnotationRun} {projectId: $projectId})
     WITH r ORDER BY r.createdAt DESC, r.id LIMIT $first
     RETURN ${projection('r')} AS run`,
    { ...(await labelingScope(driver, viewer)), projectId, first: int(first) },
    READ,
  );
  return records.map((r) => fromStored(r.get('run') as Stored));
}

/** One run, if the viewer sees its project. */
export async function visiblePreRun(driver: Driver, viewer: Identity, preRunId: string): Promise<PreRunRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.PreAnnotationRun} {id: $id})
     MATCH (p:${Label.LabelingProject} {id: r.projectId}) WHERE ${PROJECT_VISIBLE('p')}
     RETURN ${projection('r')} AS run`,
    { ...(await labelingScope(driver, viewer)), id: preRunId },
    READ,
  );
  const run = records[0]?.get('run') as Stored | undefined;
  return run ? fromStored(run) : null;
}
