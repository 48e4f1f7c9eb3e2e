// deployment activities: the I/O behind the deployment workflows; idempotent, keyed by workflow id + activity.
// Effects on the serving runtime go through the gateway's GraphQL as the service account; the request's
// record on its canary (who requested, who approved) through domain/deployment/approval-store.ts, which
// the serving subgraph reads it with; validation reads the request's model version, service and accelerator
// through the gateway too; the route checks through domain/deployment, as requestDeployment does; audit
// events go to the graph directly.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../activities.js';
import type { Identity, Role } from '../../lib/auth/identity.js';
import { writeWorkflowAuditOnce } from '../../lib/graph/audit.js';
import { config } from '../../lib/config.js';
import { Label } from '../../lib/graph/ontology.js';
import { verifyStatement } from '../../lib/auth/signed-statement.js';
import { HubClient } from './hub-client.js';
import {
  canaryName,
  findRequestCanary,
  namePromoted,
  recordDeploymentRequest,
  routesBesideRequest,
  stableRouteProblem,
} from '../../domain/deployment/approval-store.js';
import { routedSignatureProblem } from '../../domain/deployment/signature-fit.js';
import { advanceRequestRecord, type StepUpdate } from '../../domain/deployment/request-record.js';
import {
  DECISION_PURPOSE,
  type AuditStep,
  type CheckedDecision,
  type DecisionBody,
  type DecisionSignal,
  type DeploymentRequestInput,
  type MetricsSample,
  type Route,
} from '../../domain/deployment/shared.js';

/** Steps nobody in particular takes (deploying, watching, promoting) are audited under this identity. */
export const WORKFLOW_ACTOR: Identity = {
  sub: 'plinth-deployment-workflow',
  username: 'deployment-workflow',
  roles: [],
  org: 'hq',
};

export interface CanaryPlacement {
  canaryId: string;
  status: string;
  reason: string | null;
  /** The service's routes before the canary, to restore on roll back. */
  previousRoutes: Route[];
}

function execution(): { workflowId: string; runId: string } {
  const run = Context.current().info.workflowExecution;
  if (!run) throw new Error('deployment activities run only inside a workflow');
  return run;
}
const DB = { database: config.neo4j.database };

/** What validation reads of a request's model version, service and accelerator, in one gateway request. */
const REQUEST_SUBJECTS = `query($mv: ID!, $service: ID!, $acc: ID!) {
  modelVersion(id: $mv) { signature { inputs { name } outputs { name } } metrics }
  service(id: $service) { archived }
  accelerator(id: $acc) { archived }
}`;
interface RequestSubjects {
  modelVersion: { signature: { inputs: unknown[]; outputs: unknown[] }; metrics: unknown } | null;
  service: { archived: boolean } | null;
  accelerator: { archived: boolean } | null;
}

export function createDeploymentActivities(deps: ActivityDeps) {
  const { driver } = deps;
  const hub = new HubClient(deps.gatewayUrl ?? config.gateway.url);

  return {
    /**
     * Whether an approve or reject signal is a decision at all: a statement signed by the hub, addressed
     * to this workflow, fresh, of the same kind as the signal. Nothing else of the payload is believed.
     * Who may decide (a person, approver or platform-admin, not the requester) is the workflow's next
     * check, fourEyesProblem, on the identity verified here.
     */
    async deploymentVerifyDecision(kind: 'approve' | 'reject' | 'cancel', payload: unknown): Promise<CheckedDecision> {
      const { workflowId } = execution();
      const raw = payload as { approver?: { username?: unknown } } | null;
      const unsignedClaim = typeof raw?.approver?.username === 'string' ? raw.approver.username : null;
      const checked = verifyStatement<DecisionBody>(payload, DECISION_PURPOSE, workflowId);
      if (!checked.ok)
        return { ok: false, reason: `unverified ${kind} signal: ${checked.reason}`, claimed: unsignedClaim };
      const { subject, body, nonce } = checked.statement;
      const refuse = (reason: string): CheckedDecision => ({
        ok: false,
        reason: `${kind} refused: ${reason}`,
        claimed: subject.username,
      });
      if (body.kind !== kind) return refuse(`the statement is a ${body.kind}, sent as a ${kind} signal`);
      const approver = {
        sub: subject.sub,
        username: subject.username,
        roles: subject.roles,
        org: subject.org,
        kind: subject.kind,
      };
      return { ok: true, decision: { approver, comment: body.comment }, nonce };
    },

    /**
     * null when the request may proceed; otherwise the reason it may not. Read-only. The model version,
     * service and accelerator belong to the models, serving and compute subgraphs: they are read through
     * the hub's API, as the worker's service account (ml-engineer at hq) sees them, never from the graph.
     */
    async deploymentValidate(input: DeploymentRequestInput): Promise<string | null> {
      const found = await hub.graphql<RequestSubjects>(REQUEST_SUBJECTS, {
        mv: input.modelVersionId,
        service: input.serviceId,
        acc: input.acceleratorId,
      });
      const version = found.modelVersion;
      if (!version) return `model version ${input.modelVersionId} does not exist`;
      if (!found.service || found.service.archived) return `service ${input.serviceId} does not exist or is archived`;
      if (!found.accelerator || found.accelerator.archived)
        return `accelerator ${input.acceleratorId} does not exist or is archived`;
      if (version.signature.inputs.length === 0 || version.signature.outputs.length === 0) {
        return `model version ${input.modelVersionId} has no signature (inputs and outputs); register it from an ONNX file`;
      }
      const metrics = (version.metrics ?? {}) as Record<string, unknown>;
      const misses = Object.entries(input.requiredMetrics ?? {}).flatMap(([name, min]) => {
        const value = metrics[name];
        if (typeof value !== 'number') return [`metrics.${name} is not recorded (required ≥ ${min})`];
        return value >= min ? [] : [`metrics.${name} = ${value} is below the required ${min}`];
      });
      if (misses.length > 0) return `model version ${input.modelVersionId}: ${misses.join('; ')}`;
      return (
        (await stableRouteProblem(driver, input.serviceId, input.canaryWeight)) ??
        (await routedSignatureProblem(driver, input.serviceId, input.modelVersionId))
      );
    },

    /**
     * Creates the canary (or finds the one this workflow already created) and records who requested and
     * approved it. The canary is keyed by the workflow id, so a retried activity never creates a second.
     */
    async deploymentCanary(input: DeploymentRequestInput, approval: DecisionSignal): Promise<CanaryPlacement> {
      const { workflowId, runId } = execution();
      const name = canaryName(workflowId);
      const find = () => findRequestCanary(driver, workflowId, input.modelVersionId);
      const previousRoutes = await routesBesideRequest(driver, input.serviceId, workflowId);
      let found = await find();
      if (!found) {
        await hub.graphql(`mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`, {
          i: {
            name,
            description: `canary of deployment request ${input.requestId}`,
            modelVersionId: input.modelVersionId,
            acceleratorId: input.acceleratorId,
            tags: ['deployment-request'],
          },
        });
        found = await find();
        if (!found) throw new Error(`canary ${name} was created but cannot be found`);
      }
      await recordDeploymentRequest(driver, {
        deploymentId: found.id,
        serviceId: input.serviceId,
        requestId: input.requestId,
        requester: input.requestedBy,
        approval,
        workflowId,
        runId,
      });
      return { canaryId: found.id, status: found.status, reason: found.reason, previousRoutes };
    },

    /**
     * Moves the request's listable record (domain/deployment/request-record.ts) to the workflow's step; a retry,
     * or a write overtaken by a later one, changes nothing (sequence number). Returns whether it moved.
     */
    async deploymentRecordStep(input: DeploymentRequestInput, update: StepUpdate): Promise<boolean> {
      return advanceRequestRecord(driver, execution(), input, update);
    },

    /** Names the promoted canary after what it now serves: "<service> · <model> v<version>". */
    async deploymentNamePromoted(input: DeploymentRequestInput, deploymentId: string): Promise<string> {
      const { workflowId, runId } = execution();
      return namePromoted(driver, { deploymentId, serviceId: input.serviceId, workflowId, runId });
    },

    /** Stops this workflow's canary when the workflow lost track of it (cancelled while it was being created). */
    async deploymentDiscardCanary(modelVersionId: string): Promise<string | null> {
      const { workflowId } = execution();
      const found = await findRequestCanary(driver, workflowId, modelVersionId);
      if (!found) return null;
      const { id } = found;
      await hub.graphql(`mutation($id: ID!) { stopDeployment(id: $id) { id } }`, { id });
      return id;
    },

    /** Replaces the service's routes: idempotent by nature. */
    async deploymentSetRoutes(serviceId: string, routes: Route[]): Promise<void> {
      await hub.graphql(
        `mutation($s: ID!, $r: [ServiceRouteInput!]!) { setServiceRoutes(serviceId: $s, routes: $r) { id } }`,
        { s: serviceId, r: routes },
      );
    },

    /** The canary's cumulative counters now; the workflow subtracts two samples. */
    async deploymentSampleMetrics(deploymentId: string): Promise<MetricsSample> {
      return hub.metrics(deploymentId);
    },

    /** Stops deployments (stopping a stopped one changes nothing); one still routed by another service is kept. */
    async deploymentStop(ids: string[]): Promise<{ stopped: string[]; kept: { id: string; reason: string }[] }> {
      const stopped: string[] = [];
      const kept: { id: string; reason: string }[] = [];
      for (const id of ids) {
        try {
          await hub.graphql(`mutation($id: ID!) { stopDeployment(id: $id) { id } }`, { id });
          stopped.push(id);
        } catch (error) {
          if ((error as { nonRetryable?: boolean }).nonRetryable) kept.push({ id, reason: (error as Error).message });
          else throw error;
        }
      }
      return { stopped, kept };
    },

    /** One audit event per step: a retry finds the event with the same action and payload digest and writes nothing. */
    async deploymentAudit(step: AuditStep): Promise<void> {
      const { workflowId, runId } = execution();
      const actor: Identity = step.actor
        ? {
            sub: step.actor.sub,
            username: step.actor.username,
            roles: ('roles' in step.actor ? step.actor.roles : []) as Role[],
            org: step.actor.org ?? 'hq',
          }
        : WORKFLOW_ACTOR;
      const session = driver.session(DB);
      try {
        await session.executeWrite((tx) =>
          writeWorkflowAuditOnce(tx, {
            action: step.action,
            actor,
            targetId: step.targetId,
            targetLabel: Label[step.targetLabel],
            after: step.after,
            workflowId,
            runId,
          }),
        );
      } finally {
        await session.close();
      }
    },
  };
}
