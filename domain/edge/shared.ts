// Signals, queries and payload types of the edge rollout workflow, shared by the workflow, its
// activities, the GraphQL client side and tests.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SignedStatement } from '../../lib/auth/signed-statement.js';
import type { Requester } from '../deployment/shared.js';

export interface EdgeRolloutInput {
  rolloutId: string;
  modelVersionId: string;
  /** Pushed in this order, batchSize at a time. */
  edgeNodeIds: string[];
  batchSize: number;
  /** The most failed nodes the rollout tolerates; one more stops it and rolls every pushed node back. */
  failureBudget: number;
  /** How long a batch's nodes have to report after the batch was pushed; a silent node counts as failed. */
  reportTimeoutSeconds: number;
  requestedBy: Requester;
}

/** What an edge box (or its agent) reports after receiving the model version. */
export interface NodeReport {
  edgeNodeId: string;
  ok: boolean;
  message: string;
  /** Who carried the report (the edge agent's service account, or an engineer). */
  reportedBy?: { sub: string; username: string };
}

/** The purpose of the serving subgraph's signed node reports (lib/auth/signed-statement.ts). */
export const NODE_REPORT_PURPOSE = 'plinth.edge-node-report';

/** The body of a signed node report: the statement's subject is who carried it. */
export interface NodeReportBody {
  edgeNodeId: string;
  ok: boolean;
  message: string;
}

/** A nodeReport signal's payload after the verifying activity: the report, or why it is not one. */
export type CheckedReport =
  { ok: true; report: NodeReport; nonce: string } | { ok: false; reason: string; claimed: string | null };

/** A nodeReport signal the rollout did not act on, and why. */
export interface RefusedReport {
  reason: string;
  /** The node the payload named, as claimed (unverified). */
  claimed: string | null;
}

export type EdgeRolloutState = 'PUSHING' | 'AWAITING_REPORTS' | 'ROLLING_BACK' | 'COMPLETED' | 'ROLLED_BACK';

export interface EdgeNodeFailure {
  edgeNodeId: string;
  reason: string;
}

export interface EdgeRolloutStatus {
  rolloutId: string;
  modelVersionId: string;
  requestedBy: Requester;
  edgeNodeIds: string[];
  /** 1-based number of the batch being pushed or last pushed; 0 before the first. */
  batch: number;
  batches: number;
  failureBudget: number;
  /** Every node pushed so far, in push order. */
  pushed: string[];
  active: string[];
  failed: EdgeNodeFailure[];
  rolledBack: string[];
  state: EdgeRolloutState;
  /**
   * Why a rolled-back rollout stopped: each failed node and its reason, against the budget. Absent while
   * running, when completed, and in runs from before it was recorded.
   */
  stopReason?: string;
  /** Unverifiable reports, never acted on; absent in runs from before signed reports. */
  refusedReports?: RefusedReport[];
}

/** The assignment states on (EdgeNode)-[:ASSIGNED]->(ModelVersion). REPLACED: an earlier rollout's, superseded by a newer ACTIVE one. */
export type AssignmentState = 'PUSHED' | 'ACTIVE' | 'FAILED' | 'ROLLED_BACK' | 'REPLACED';

/** One step on one node; the activity is keyed by workflow id + node + step. */
export type NodeStep = 'push' | 'active' | 'failed' | 'rollback';

export interface NodeStepInput {
  step: NodeStep;
  rolloutId: string;
  modelVersionId: string;
  edgeNodeId: string;
  /** Report message or failure reason, recorded in the audit event. */
  detail: string | null;
}

export interface EdgeAuditStep {
  action: string;
  actor: Requester | null;
  targetLabel: 'ModelVersion' | 'EdgeNode';
  targetId: string;
  after: Record<string, unknown>;
}

// A signed statement; runs from before signed reports carried NodeReport and replay unchanged.
export const nodeReportSignal = defineSignal<[SignedStatement | NodeReport]>('nodeReport');
export const edgeRolloutStatusQuery = defineQuery<EdgeRolloutStatus>('status');
/**
 * reportEdgeNodeStatus: a signed node report as a workflow Update. Its validator refuses a report the
 * rollout cannot use (node not in it, not pushed yet, already judged, rollout ended) before it enters
 * history; the answer is the rollout's state after the report was verified and applied (issue #15).
 */
// Arguments: the node the report is for (what the validator judges: the statement's bytes are opaque to
// workflow code) and the signed report, whose verified body must name the same node.
export const nodeReportUpdate = defineUpdate<EdgeRolloutStatus, [edgeNodeId: string, report: SignedStatement]>(
  'reportNode',
);

export const EDGE_ROLLOUT_WORKFLOW_PREFIX = 'edge-rollout-';
