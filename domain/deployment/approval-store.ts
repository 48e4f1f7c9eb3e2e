// The record a deployment request leaves on its canary Deployment: the workflow run that asked for it
// (requestWorkflowId, requestRunId, requestId), who requested it (REQUESTED_BY) and who approved it
// (APPROVED_BY). The deployment workflow's activities write it and find their canary and the routes
// around it by it; the serving subgraph, which owns Deployment, reads it (Deployment.request). This
// module holds the only Cypher for those properties and relationships, so one module decides their shape.
import type { Driver } from 'neo4j-driver';
import { config } from '../../lib/config.js';
import { oneEach } from '../../lib/graph/batch.js';
import { writeWorkflowAuditOnce } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { retally } from '../../lib/graph/tally.js';
import type { DecisionSignal, Requester, Route } from './shared.js';

const WRITE = { database: config.neo4j.database };

/** The canary's name, set by createDeployment before the request record exists: how a retry finds it. */
export const canaryName = (workflowId: string): string => `canary ${workflowId}`;

export interface RequestCanary {
  id: string;
  status: string;
  reason: string | null;
}

/** The canary of a request's workflow, by the workflow id it records or by its name (set before that record). */
export async function findRequestCanary(
  driver: Driver,
  workflowId: string,
  modelVersionId: string,
): Promise<RequestCanary | null> {
  const { records } = await driver.executeQuery(
    `MATCH (d:${Label.Deployment})-[:${Rel.SERVES}]->(:${Label.ModelVersion} {id: $mv})
     WHERE d.requestWorkflowId = $wf OR d.name = $name
     RETURN d.id AS id, d.status AS status, d.failureReason AS reason ORDER BY d.createdAt LIMIT 1`,
    { wf: workflowId, name: canaryName(workflowId), mv: modelVersionId },
    WRITE,
  );
  const r = records[0];
  return r
    ? {
        id: r.get('id') as string,
        status: r.get('status') as string,
        reason: (r.get('reason') as string | null) ?? null,
      }
    : null;
}

/** The service's routes other than to this request's own canary: what a roll back restores. */
export async function routesBesideRequest(driver: Driver, serviceId: string, workflowId: string): Promise<Route[]> {
  const { records } = await driver.executeQuery(
    `MATCH (:${Label.Service} {id: $service})-[r:${Rel.ROUTES_TO}]->(d:${Label.Deployment})
     WHERE coalesce(d.requestWorkflowId, '') <> $wf AND d.name <> $name
     RETURN d.id AS deploymentId, r.weight AS weight ORDER BY d.id`,
    { service: serviceId, wf: workflowId, name: canaryName(workflowId) },
    WRITE,
  );
  return records.map((r) => ({ deploymentId: r.get('deploymentId') as string, weight: Number(r.get('weight')) }));
}

export interface RequestRecordInput {
  deploymentId: string;
  /** The service the canary is for: its owner org owns the canary. */
  serviceId: string;
  requestId: string;
  requester: Requester;
  approval: DecisionSignal;
  workflowId: string;
  runId: string;
}

/**
 * Why a canary cannot be requested on the service (null: it can). A canary is a share of the traffic a
 * stable deployment serves: on a service that routes nothing to a READY deployment it would take all of
 * the traffic, not the share asked (issue #15), so such a request is refused with what to do instead.
 */
export async function stableRouteProblem(
  driver: Driver,
  serviceId: string,
  canaryWeight: number,
): Promise<string | null> {
  const { records } = await driver.executeQuery(
    `MATCH (s:${Label.Service} {id: $service})
     OPTIONAL MATCH (s)-[r:${Rel.ROUTES_TO}]->(d:${Label.Deployment}) WHERE r.weight > 0 AND d.status = 'READY'
     RETURN s.name AS name, coalesce(s.kind, 'MODEL') AS kind, count(d) AS stable`,
    { service: serviceId },
    WRITE,
  );
  const r = records[0];
  if (!r) return `service ${serviceId} does not exist`;
  const name = r.get('name') as string;
  if (r.get('kind') !== 'MODEL')
    return `service "${name}" is a ${String(r.get('kind'))} service: it runs a fixed pipeline and takes no deployments or canaries`;
  if (Number(r.get('stable')) > 0) return null;
  return (
    `service "${name}" routes no traffic to a READY deployment, so a ${canaryWeight}% canary has no traffic to take a ` +
    `share of (it would take all of it). Route the service to a stable deployment first (createDeployment, then ` +
    `setServiceRoutes at weight 100), then request the canary`
  );
}

/**
 * Names a promoted canary after what it now serves, "<service> · <model> v<version>", in place of the
 * "canary <workflow id>" it was created under; the workflow id stays on it (requestWorkflowId). Audited
 * once per workflow. Returns the name.
 */
export async function namePromoted(
  driver: Driver,
  input: { deploymentId: string; serviceId: string; workflowId: string; runId: string },
): Promise<string> {
  const session = driver.session(WRITE);
  try {
    return await session.executeWrite(async (tx) => {
      const { records } = await tx.run(
        `MATCH (d:${Label.Deployment} {id: $id})-[:${Rel.SERVES}]->(mv:${Label.ModelVersion})<-[:${Rel.HAS_VERSION}]-(m:${Label.Model})
         MATCH (s:${Label.Service} {id: $service})
         WITH d, d.name AS before, s.name + ' · ' + m.name + ' v' + toString(mv.version) AS name
         SET d.name = name, d.updatedAt = datetime()
         RETURN before, name`,
        { id: input.deploymentId, service: input.serviceId },
      );
      const r = records[0];
      if (!r) throw new Error(`deployment ${input.deploymentId} or service ${input.serviceId} not found`);
      const name = r.get('name') as string;
      await writeWorkflowAuditOnce(tx, {
        action: 'deployment.rename',
        actor: WORKFLOW_IDENTITY,
        targetId: input.deploymentId,
        targetLabel: Label.Deployment,
        before: { name: r.get('before') as string },
        after: { name, reason: 'promoted' },
        workflowId: input.workflowId,
        runId: input.runId,
      });
      return name;
    });
  } finally {
    await session.close();
  }
}

const WORKFLOW_IDENTITY = { sub: 'plinth-deployment-workflow', username: 'deployment-workflow', roles: [], org: 'hq' };

/**
 * Records the request on its canary: idempotent (one REQUESTED_BY, one APPROVED_BY per workflow id;
 * a retry only refreshes the run id and comment). The canary's creator is the engineer who requested it
 * (from the verified token at request time, carried in the workflow input), not the worker's service
 * account that called createDeployment for them. One transaction with its audit event.
 */
export async function recordDeploymentRequest(driver: Driver, input: RequestRecordInput): Promise<void> {
  const { approval } = input;
  const session = driver.session(WRITE);
  try {
    await session.executeWrite(async (tx) => {
      const before = await tx.run(
        `MATCH (d:${Label.Deployment} {id: $id}) RETURN d.createdBy AS createdBy, d.ownerOrgId AS ownerOrgId`,
        { id: input.deploymentId },
      );
      // createDeployment gave the canary to the worker's own org; it belongs to the service's org, so that the
      // people who see the service see the deployment its traffic goes to.
      const owner = await tx.run(
        `MATCH (d:${Label.Deployment} {id: $id}), (:${Label.Service} {id: $service})-[:${Rel.OWNED_BY}]->(o:${Label.Org})
         OPTIONAL MATCH (d)-[old:${Rel.OWNED_BY}]->(:${Label.Org})
         DELETE old
         WITH DISTINCT d, o
         MERGE (d)-[:${Rel.OWNED_BY}]->(o)
         SET d.ownerOrgId = o.id
         ${retally('d', Label.Deployment)}
         RETURN o.id AS org`,
        { id: input.deploymentId, service: input.serviceId },
      );
      const ownerOrgId = owner.records[0]?.get('org') as string | undefined;
      if (!ownerOrgId)
        throw new Error(`service ${input.serviceId} of deployment ${input.deploymentId} has no owner org`);
      await tx.run(
        `MATCH (d:${Label.Deployment} {id: $id})
     SET d.requestWorkflowId = $wf, d.requestRunId = $run, d.requestId = $requestId, d.createdBy = $requester.username,
         d.requestedBy = $requester.username, d.requestedBySub = $requester.sub
     MERGE (r:${Label.User} {id: $requester.sub}) ON CREATE SET r.username = $requester.username
     MERGE (d)-[q:${Rel.REQUESTED_BY}]->(r) SET q.workflowId = $wf, q.requestId = $requestId
     MERGE (u:${Label.User} {id: $approver.sub}) ON CREATE SET u.username = $approver.username
     MERGE (d)-[a:${Rel.APPROVED_BY} {workflowId: $wf}]->(u)
     ON CREATE SET a.at = datetime()
     SET a.comment = $comment, a.runId = $run`,
        {
          id: input.deploymentId,
          wf: input.workflowId,
          run: input.runId,
          requestId: input.requestId,
          requester: { sub: input.requester.sub, username: input.requester.username },
          approver: { sub: approval.approver.sub, username: approval.approver.username },
          comment: approval.comment,
        },
      );
      await writeWorkflowAuditOnce(tx, {
        action: 'deployment.request-recorded',
        actor: { sub: input.requester.sub, username: input.requester.username, roles: [], org: input.requester.org },
        targetId: input.deploymentId,
        targetLabel: Label.Deployment,
        before: {
          createdBy: (before.records[0]?.get('createdBy') as string | null) ?? null,
          ownerOrgId: (before.records[0]?.get('ownerOrgId') as string | null) ?? null,
        },
        after: {
          createdBy: input.requester.username,
          ownerOrgId,
          requestId: input.requestId,
          approvedBy: approval.approver.username,
        },
        workflowId: input.workflowId,
        runId: input.runId,
      });
    });
  } finally {
    await session.close();
  }
}

export interface DeploymentApprovalRecord {
  username: string;
  comment: string;
  at: string;
  workflowId: string;
}

export interface DeploymentRequestRecord {
  requestId: string;
  workflowId: string;
  runId: string | null;
  requestedBy: string;
  approvals: DeploymentApprovalRecord[];
}

/**
 * The request record of each deployment (null for one not created by a deployment request), in the
 * order of `deploymentIds`, one query for all. The caller has already decided the deployments are
 * visible: the record is part of the deployment.
 */
export function requestRecordsOf(
  driver: Driver,
  deploymentIds: readonly string[],
): Promise<(DeploymentRequestRecord | null)[]> {
  return oneEach<DeploymentRequestRecord>(
    driver,
    deploymentIds,
    `MATCH (d:${Label.Deployment} {id: id}) WHERE d.requestWorkflowId IS NOT NULL
     OPTIONAL MATCH (d)-[:${Rel.REQUESTED_BY}]->(r:${Label.User})
     WITH id, d, head(collect(r.username)) AS requester
     OPTIONAL MATCH (d)-[a:${Rel.APPROVED_BY}]->(u:${Label.User})
     WITH id, d, requester, a, u ORDER BY a.at
     WITH id, d, requester, collect(CASE WHEN a IS NULL THEN null ELSE
       {username: coalesce(u.username, u.id), comment: coalesce(a.comment, ''), at: toString(a.at), workflowId: coalesce(a.workflowId, d.requestWorkflowId)} END) AS approvals
     RETURN id, {requestId: coalesce(d.requestId, ''), workflowId: d.requestWorkflowId, runId: d.requestRunId,
                 requestedBy: coalesce(requester, d.requestedBy, ''), approvals: approvals} AS item`,
    {},
  );
}
