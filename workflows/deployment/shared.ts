// Signals, queries and payload types of the deployment workflow, shared by the workflow, its
// activities, the GraphQL client side and tests.
import { defineQuery, defineSignal } from '@temporalio/workflow';

export interface Person {
  sub: string;
  username: string;
}

export interface Requester extends Person {
  org: string;
}

export interface Approver extends Person {
  roles: string[];
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

export interface DecisionSignal {
  approver: Approver;
  comment: string;
}

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

export const approveSignal = defineSignal<[DecisionSignal]>('approve');
export const rejectSignal = defineSignal<[DecisionSignal]>('reject');
export const statusQuery = defineQuery<DeploymentRequestStatus>('status');

export const DEPLOYMENT_WORKFLOW_PREFIX = 'deploy-';
