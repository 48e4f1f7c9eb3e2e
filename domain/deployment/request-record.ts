// The listable record of a deployment request: a (:DeploymentRequest {id: workflowId}) node owned by the
// serving side. requestDeployment creates it (with its audit event) so the request lists at once; the
// workflow keeps its step current through an idempotent activity (workflows/deployment/activities.ts), and
// the serving subgraph reads it for deploymentRequests(state, first, after) without asking Temporal per row.
// Steps only move forward: every write carries the workflow's sequence number and is applied only when it
// is larger than the one stored, so a retried or late activity never rewinds the record.
// This module holds the only Cypher for the node, so one module decides its shape.
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit, writeWorkflowAuditOnce } from '../../lib/graph/audit.js';
import { config } from '../../lib/config.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { viewerScope } from '../../lib/graph/visibility.js';
import type { KeysetPage } from '../../lib/subgraph/connection.js';
import type { Keyset } from '../../lib/subgraph/cursor.js';
import { mayApprove } from './health.js';
import type { DeploymentDecision, DeploymentRequestInput, DeploymentStep } from './shared.js';

const DB = { database: config.neo4j.database };
const READ = { ...DB, routing: neo4j.routing.READ };

/** The coarse states the inbox filters by; each covers several workflow steps. */
export type DeploymentRequestState = 'AWAITING_APPROVAL' | 'IN_PROGRESS' | 'FINISHED';

export const STEPS_OF_STATE: Record<DeploymentRequestState, DeploymentStep[]> = {
  AWAITING_APPROVAL: ['VALIDATING', 'AWAITING_APPROVAL'],
  IN_PROGRESS: ['DEPLOYING_CANARY', 'WATCHING_CANARY', 'PROMOTING', 'ROLLING_BACK'],
  FINISHED: ['PROMOTED', 'ROLLED_BACK', 'REJECTED', 'FAILED', 'CANCELLED'],
};

export const stateOfStep = (step: DeploymentStep): DeploymentRequestState =>
  (Object.keys(STEPS_OF_STATE) as DeploymentRequestState[]).find((s) => STEPS_OF_STATE[s].includes(step))!;

export interface RequestRecordEntry {
  workflowId: string;
  requestId: string;
  serviceId: string;
  modelVersionId: string;
  acceleratorId: string;
  requestedBy: string;
  requestedBySub: string;
  canaryWeight: number;
  windowSeconds: number;
  createdAt: string;
  updatedAt: string;
  step: DeploymentStep;
  state: DeploymentRequestState;
  seq: number;
  /** promoted, rolled-back, rejected, invalid, cancelled (or approved while it runs); null while undecided. */
  outcome: string | null;
  outcomeReason: string | null;
  /** The approver who approved or rejected it, or the person who cancelled it. */
  decidedBy: string | null;
  decisionComment: string | null;
  canaryDeploymentId: string | null;
  /** Each step the record moved to, with when: the request's timeline. */
  timeline: { step: DeploymentStep; at: string }[];
}

const PROJECTION = `{workflowId: n.id, requestId: n.requestId, serviceId: n.serviceId, modelVersionId: n.modelVersionId,
  acceleratorId: n.acceleratorId, requestedBy: n.requestedBy, requestedBySub: n.requestedBySub,
  canaryWeight: n.canaryWeight, windowSeconds: n.windowSeconds, createdAt: toString(n.createdAt),
  updatedAt: toString(n.updatedAt), step: n.step, state: n.state, seq: n.seq, outcome: n.outcome,
  outcomeReason: n.outcomeReason, decidedBy: n.decidedBy, decisionComment: n.decisionComment,
  canaryDeploymentId: n.canaryDeploymentId,
  timeline: [i IN range(0, size(n.timelineSteps) - 1) | {step: n.timelineSteps[i], at: toString(n.timelineAt[i])}]}`;

const toEntry = (raw: Record<string, unknown>): RequestRecordEntry => ({
  ...(raw as unknown as RequestRecordEntry),
  canaryWeight: Number(raw.canaryWeight),
  windowSeconds: Number(raw.windowSeconds),
  seq: Number(raw.seq),
});

/**
 * The node and its relationships, created once (MERGE by workflow id): by the mutation, or by the workflow's
 * first step when the mutation's write was lost. Fields of the request never change afterwards.
 */
const MERGE_REQUEST = `
  MATCH (s:${Label.Service} {id: $input.serviceId})
  MERGE (n:${Label.DeploymentRequest} {id: $wf})
  ON CREATE SET n.requestId = $input.requestId, n.serviceId = $input.serviceId, n.ownerOrgId = s.ownerOrgId,
    n.modelVersionId = $input.modelVersionId, n.acceleratorId = $input.acceleratorId,
    n.requestedBy = $input.requestedBy.username, n.requestedBySub = $input.requestedBy.sub,
    n.canaryWeight = $input.canaryWeight, n.windowSeconds = $input.windowSeconds,
    n.createdAt = datetime($createdAt), n.updatedAt = datetime($createdAt),
    n.step = 'VALIDATING', n.state = 'AWAITING_APPROVAL', n.seq = 0, n.runId = $run,
    n.timelineSteps = ['VALIDATING'], n.timelineAt = [datetime($createdAt)]
  MERGE (n)-[:${Rel.FOR_SERVICE}]->(s)
  MERGE (u:${Label.User} {id: $input.requestedBy.sub}) ON CREATE SET u.username = $input.requestedBy.username
  MERGE (n)-[:${Rel.REQUESTED_BY}]->(u)
  RETURN n.seq AS seq`;

const params = (
  workflowId: string,
  runId: string,
  input: Omit<DeploymentRequestInput, 'thresholds'>,
  createdAt: string,
) => ({
  wf: workflowId,
  run: runId,
  createdAt,
  input: {
    requestId: input.requestId,
    serviceId: input.serviceId,
    modelVersionId: input.modelVersionId,
    acceleratorId: input.acceleratorId,
    canaryWeight: input.canaryWeight,
    windowSeconds: input.windowSeconds,
    requestedBy: { sub: input.requestedBy.sub, username: input.requestedBy.username },
  },
});

/** requestDeployment's write: the record at VALIDATING and its audit event, in one transaction. */
export async function createRequestRecord(
  driver: Driver,
  actor: Identity,
  workflowId: string,
  runId: string,
  input: DeploymentRequestInput,
  createdAt: string,
): Promise<void> {
  const session = driver.session(DB);
  try {
    await session.executeWrite(async (tx) => {
      const { records } = await tx.run(MERGE_REQUEST, params(workflowId, runId, input, createdAt));
      if (records.length === 0) throw new Error(`service ${input.serviceId} not found`);
      await writeAudit(tx, {
        action: 'deployment-request.create',
        actor,
        targetId: input.serviceId,
        targetLabel: Label.Service,
        after: {
          workflowId,
          requestId: input.requestId,
          modelVersionId: input.modelVersionId,
          acceleratorId: input.acceleratorId,
          canaryWeight: input.canaryWeight,
          windowSeconds: input.windowSeconds,
        },
        workflowId,
        runId,
      });
    });
  } finally {
    await session.close();
  }
}

export interface StepUpdate {
  /** The workflow's count of record writes: a write applies only when larger than the stored one. */
  seq: number;
  step: DeploymentStep;
  /** When the workflow started: the record's createdAt should the mutation's write be missing. */
  createdAt: string;
  decision: DeploymentDecision | null;
  canaryDeploymentId: string | null;
}

const WORKFLOW_ACTOR: Identity = {
  sub: 'plinth-deployment-workflow',
  username: 'deployment-workflow',
  roles: [],
  org: 'hq',
};

/**
 * The workflow's step write (an activity; Temporal may retry it): creates the record when missing, then moves
 * it to `update.step` only when `update.seq` is beyond the stored one, appending the step to the timeline.
 * Audited once per workflow and sequence number, in the same transaction. Returns whether it moved.
 */
export async function advanceRequestRecord(
  driver: Driver,
  run: { workflowId: string; runId: string },
  input: DeploymentRequestInput,
  update: StepUpdate,
): Promise<boolean> {
  const d = update.decision;
  // Who approved or rejected stays once set; later outcomes (promoted by the health check) do not replace it.
  // A person who cancelled replaces it: they decided the outcome (the approver's comment goes with them).
  const decided = d && (d.outcome === 'approved' || d.outcome === 'rejected') ? d : null;
  const cancelledBy = d?.outcome === 'cancelled' ? (d.by?.username ?? null) : null;
  const session = driver.session(DB);
  try {
    return await session.executeWrite(async (tx: ManagedTransaction) => {
      const p = params(run.workflowId, run.runId, input, update.createdAt);
      await tx.run(MERGE_REQUEST, p);
      // A workflow id started again (the demo's fixed id, after its earlier run was terminated): the new run's
      // first write starts the record afresh; writes of the earlier run are ignored from then on.
      await tx.run(
        `MATCH (n:${Label.DeploymentRequest} {id: $wf}) WHERE coalesce(n.runId, $run) <> $run AND $seq = 1
         SET n.runId = $run, n.seq = 0, n.step = null, n.timelineSteps = [], n.timelineAt = [],
             n.createdAt = datetime($createdAt), n.modelVersionId = $input.modelVersionId,
             n.acceleratorId = $input.acceleratorId, n.canaryWeight = $input.canaryWeight,
             n.windowSeconds = $input.windowSeconds, n.requestId = $input.requestId,
             n.requestedBy = $input.requestedBy.username, n.requestedBySub = $input.requestedBy.sub,
             n.outcome = null, n.outcomeReason = null, n.decidedBy = null, n.decisionComment = null,
             n.canaryDeploymentId = null`,
        { ...p, seq: neo4j.int(update.seq) },
      );
      const { records } = await tx.run(
        `MATCH (n:${Label.DeploymentRequest} {id: $wf}) WHERE n.seq < $seq AND coalesce(n.runId, $run) = $run
         // The first write repeats the VALIDATING the mutation recorded: the timeline lists each step once.
         WITH n, CASE WHEN n.step = $step THEN [] ELSE [$step] END AS moved
         SET n.timelineSteps = n.timelineSteps + moved,
             n.timelineAt = n.timelineAt + [_ IN moved | datetime()],
             n.seq = $seq, n.step = $step, n.state = $state, n.updatedAt = datetime(),
             n.outcome = $outcome, n.outcomeReason = $reason,
             n.canaryDeploymentId = coalesce($canary, n.canaryDeploymentId),
             n.decidedBy = coalesce($cancelledBy, $decidedBy, n.decidedBy),
             n.decisionComment = CASE WHEN $cancelledBy IS NULL THEN coalesce($comment, n.decisionComment) END
         RETURN n.id AS id`,
        {
          wf: run.workflowId,
          run: run.runId,
          seq: neo4j.int(update.seq),
          step: update.step,
          state: stateOfStep(update.step),
          outcome: d?.outcome ?? null,
          reason: d?.reason ?? null,
          canary: update.canaryDeploymentId,
          decidedBy: decided?.by?.username ?? null,
          comment: decided?.comment ?? null,
          cancelledBy,
        },
      );
      if (records.length === 0) return false;
      await writeWorkflowAuditOnce(tx, {
        action: 'deployment-request.step',
        actor: WORKFLOW_ACTOR,
        targetId: input.serviceId,
        targetLabel: Label.Service,
        after: { seq: update.seq, step: update.step, outcome: d?.outcome ?? null },
        workflowId: run.workflowId,
        runId: run.runId,
      });
      return true;
    });
  } finally {
    await session.close();
  }
}

/** One request's record, when its service is visible to the viewer (null otherwise, alike). */
export async function requestRecord(
  driver: Driver,
  viewer: Identity,
  workflowId: string,
): Promise<RequestRecordEntry | null> {
  const scope = await viewerScope(driver, viewer);
  const { records } = await driver.executeQuery(
    `MATCH (n:${Label.DeploymentRequest} {id: $wf})-[:${Rel.FOR_SERVICE}]->(s:${Label.Service})
     WHERE s.ownerOrgId IN $visibleOrgs OR EXISTS { MATCH (s)-[:${Rel.SHARED_WITH}]->(:${Label.Org} {id: $viewerOrg}) }
     RETURN ${PROJECTION} AS item`,
    { wf: workflowId, ...scope },
    READ,
  );
  const raw = records[0]?.get('item') as Record<string, unknown> | undefined;
  return raw ? toEntry(raw) : null;
}

/**
 * Requests on services the viewer may see, newest first (createdAt, then workflow id), keyset paged: for each
 * visible org the (ownerOrgId, createdAt) index is walked in order and stops after `first + 1`; services
 * shared with the viewer's org add theirs. `states` null: every state. Requests whose service is gone are left out.
 */
export async function listRequestRecords(
  driver: Driver,
  viewer: Identity,
  args: { states: DeploymentRequestState[] | null; first: number; after: Keyset | null },
): Promise<KeysetPage<RequestRecordEntry>> {
  const scope = await viewerScope(driver, viewer);
  // A request whose service was deleted is not listed (deploymentRequest(workflowId) finds none for it either, and
  // no one may see a service that is gone); checked inside each seek, before its LIMIT, so pages stay full.
  const filter = `($states IS NULL OR n.state IN $states) AND EXISTS { (n)-[:${Rel.FOR_SERVICE}]->(:${Label.Service}) }`;
  const seek = args.after
    ? 'n.createdAt <= datetime($afterKey) AND (n.createdAt < datetime($afterKey) OR n.id > $afterId)'
    : 'n.createdAt IS NOT NULL';
  const sort = 'n.createdAt DESC, n.id';
  const p = {
    ...scope,
    states: args.states,
    take: neo4j.int(args.first + 1),
    afterKey: args.after?.key ?? null,
    afterId: args.after?.id ?? null,
  };
  const { records } = await driver.executeQuery(
    `CALL () {
       UNWIND $visibleOrgs AS org
       CALL (org) {
         MATCH (n:${Label.DeploymentRequest}) WHERE n.ownerOrgId = org AND ${seek} AND ${filter}
         RETURN n ORDER BY n.ownerOrgId DESC, ${sort} LIMIT $take
       }
       RETURN n
       UNION
       MATCH (:${Label.Org} {id: $viewerOrg})<-[:${Rel.SHARED_WITH}]-(s:${Label.Service})<-[:${Rel.FOR_SERVICE}]-(n:${Label.DeploymentRequest})
       WHERE NOT n.ownerOrgId IN $visibleOrgs AND ${seek} AND ${filter}
       RETURN n ORDER BY ${sort} LIMIT $take
     }
     WITH n ORDER BY ${sort} LIMIT $take
     RETURN ${PROJECTION} AS item`,
    p,
    READ,
  );
  const rows = records.map((r) => toEntry(r.get('item') as Record<string, unknown>));
  const items = rows.slice(0, args.first);
  const count = async (): Promise<number> => {
    const res = await driver.executeQuery(
      `CALL () {
         MATCH (n:${Label.DeploymentRequest}) WHERE n.ownerOrgId IN $visibleOrgs AND ${filter} RETURN n
         UNION
         MATCH (:${Label.Org} {id: $viewerOrg})<-[:${Rel.SHARED_WITH}]-(:${Label.Service})<-[:${Rel.FOR_SERVICE}]-(n:${Label.DeploymentRequest})
         WHERE ${filter} RETURN n
       }
       RETURN count(n) AS c`,
      { ...scope, states: args.states },
      READ,
    );
    return Number(res.records[0]?.get('c') ?? 0);
  };
  return {
    items,
    keys: items.map((e) => ({ key: e.createdAt, id: e.workflowId })),
    hasMore: rows.length > args.first,
    count,
  };
}

/** The hints a list shows without asking Temporal: the viewer's own request, and whether they may decide it. */
export function viewerHints(entry: RequestRecordEntry, viewer: Identity): { mine: boolean; canDecide: boolean } {
  const mine = entry.requestedBySub === viewer.sub;
  const canDecide =
    !mine && viewer.kind !== 'service' && mayApprove(viewer.roles) && entry.state === 'AWAITING_APPROVAL';
  return { mine, canDecide };
}
