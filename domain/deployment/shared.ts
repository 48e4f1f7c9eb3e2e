// Signals, queries and payload types of the deployment workflow, shared by the workflow, its
// activities, the GraphQL client side and tests.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SignedStatement } from '../../lib/auth/signed-statement.js';

export interface Person {
  sub: string;
  username: string;
}

export interface Requester extends Person {
  org: string;
}

export interface Approver extends Person {
  roles: string[];
  org?: string;
  /** Set from a verified token; absent in histories from before signed decisions. */
  kind?: 'user' | 'service';
}

export interface CanaryThresholds {
  /** Largest share of failed canary requests in the window, 0..1. */
  maxErrorRate: number;
  /** Largest 99th-percentile canary latency in the window, in milliseconds. */
  maxP99Ms: number;
}

export interface DeploymentRequestInput {
  requestId: string;
  serviceId: string;
  modelVersionId: string;
  acceleratorId: string;
  /** Percent of the service's traffic sent to the canary, 1..50. */
  canaryWeight: number;
  windowSeconds: number;
  thresholds: CanaryThresholds;
  /** Minimums the model version's registered metrics must meet, e.g. {auc: 0.75}. */
  requiredMetrics?: Record<string, number>;
  requestedBy: Requester;
}

/** A decision as the workflow acts on it (and as unsigned signals carried it before signed decisions). */
export interface DecisionSignal {
  approver: Approver;
  comment: string;
}

/** The purpose of the serving subgraph's signed decision statements (lib/auth/signed-statement.ts). */
export const DECISION_PURPOSE = 'plinth.deployment-decision';

/** The body of a signed decision: the statement's subject is the approver. */
export interface DecisionBody {
  kind: 'approve' | 'reject' | 'cancel';
  comment: string;
}

/** What the approve and reject signals carry: a signed statement. Anything else is refused. */
export type DecisionPayload = SignedStatement;

/** A signal's payload after the verifying activity: the decision, or why it is not one. */
export type CheckedDecision =
  { ok: true; decision: DecisionSignal; nonce: string } | { ok: false; reason: string; claimed: string | null };

export interface ApprovalAttempt {
  kind: 'approve' | 'reject';
  approver: Person;
  comment: string;
  accepted: boolean;
  /** Why an attempt was refused. */
  reason: string | null;
}

export type DeploymentStep =
  | 'VALIDATING'
  | 'AWAITING_APPROVAL'
  | 'DEPLOYING_CANARY'
  | 'WATCHING_CANARY'
  | 'PROMOTING'
  | 'ROLLING_BACK'
  | 'PROMOTED'
  | 'ROLLED_BACK'
  | 'REJECTED'
  | 'FAILED'
  | 'CANCELLED';

export interface DeploymentDecision {
  outcome: 'approved' | 'rejected' | 'invalid' | 'promoted' | 'rolled-back' | 'cancelled';
  by: Person | null;
  comment: string | null;
  reason: string | null;
}

export interface CanaryHealth {
  requests: number;
  errors: number;
  errorRate: number;
  /** Upper bound of the histogram bucket holding the 99th percentile; null without requests. */
  p99Ms: number | null;
  healthy: boolean;
  reason: string;
}

export interface DeploymentRequestStatus {
  step: DeploymentStep;
  requestedBy: Requester;
  serviceId: string;
  modelVersionId: string;
  approvals: ApprovalAttempt[];
  decision: DeploymentDecision | null;
  canaryDeploymentId: string | null;
  health: CanaryHealth | null;
}

export interface Route {
  deploymentId: string;
  weight: number;
}

/** Cumulative counters of one deployment as /metrics exposes them. */
export interface MetricsSample {
  requests: number;
  errors: number;
  /** [upper bound in seconds, cumulative count], ascending; +Inf excluded. */
  latencyBuckets: [number, number][];
}

/** A step's audit: the workflow hands over a deterministic payload, so a retried activity finds its own event. */
export interface AuditStep {
  action: string;
  actor: Requester | (Approver & { org?: string }) | null;
  targetLabel: 'Service' | 'Deployment' | 'ModelVersion';
  targetId: string;
  after: Record<string, unknown>;
}

// Histories from before signed decisions carry DecisionSignal; the workflow replays those unchanged.
export const approveSignal = defineSignal<[DecisionPayload | DecisionSignal]>('approve');
export const rejectSignal = defineSignal<[DecisionPayload | DecisionSignal]>('reject');
export const statusQuery = defineQuery<DeploymentRequestStatus>('status');
/**
 * approveDeployment and rejectDeployment: a workflow Update, so the caller's answer is the request's state
 * after the workflow verified and applied (or refused) the decision, not the state from before it.
 */
export const decideUpdate = defineUpdate<DeploymentRequestStatus, ['approve' | 'reject', DecisionPayload]>('decide');
/** Who stopped a request: a signed statement (kind 'cancel') sent just before Temporal's cancel, which carries no sender. */
export const cancelledBySignal = defineSignal<[DecisionPayload]>('cancelledBy');

/** Who decided an outcome nobody signed for: the canary's health check, or the workflow itself (a failure). */
export const HEALTH_CHECK: Person = { sub: 'plinth-deployment-health-check', username: 'health-check' };
export const DEPLOYMENT_SYSTEM: Person = { sub: 'plinth-deployment-workflow', username: 'deployment-workflow' };

export const DEPLOYMENT_WORKFLOW_PREFIX = 'deploy-';
