// edge rollout activities: assignments in the graph and their audit events, written in one transaction
// per step by domain/edge/assignment-store.ts (which the compute subgraph reads them with). Idempotent,
// keyed by workflow id + node + step: a retried step finds its own audit event and changes nothing.
import { Context } from '@temporalio/activity';
import type { ActivityDeps } from '../activities.js';
import type { Identity } from '../../lib/auth/identity.js';
import { writeWorkflowAuditOnce } from '../../lib/graph/audit.js';
import { config } from '../../lib/config.js';
import { verifyStatement } from '../../lib/auth/signed-statement.js';
import { Label } from '../../lib/graph/ontology.js';
import { applyNodeStep } from '../../domain/edge/assignment-store.js';
import {
  NODE_REPORT_PURPOSE,
  type CheckedReport,
  type EdgeAuditStep,
  type NodeReportBody,
  type NodeStepInput,
} from '../../domain/edge/shared.js';

/** Steps nobody in particular takes (pushing, judging reports, rolling back) are audited under this identity. */
export const EDGE_ROLLOUT_ACTOR: Identity = {
  sub: 'plinth-edge-rollout-workflow',
  username: 'edge-rollout-workflow',
  roles: [],
  org: 'hq',
};

function execution(): { workflowId: string; runId: string } {
  const run = Context.current().info.workflowExecution;
  if (!run) throw new Error('edge rollout activities run only inside a workflow');
  return run;
}
const DB = { database: config.neo4j.database };

export function createEdgeActivities(deps: ActivityDeps) {
  const { driver } = deps;

  return {
    /**
     * Whether a nodeReport signal is a report at all: a statement signed by the hub (the serving
     * subgraph, after verifying the caller's token and role), addressed to this rollout, fresh.
     * Nothing else of the payload is believed. Reporting is an ml-engineer's right, which an edge
     * agent's service account may hold.
     */
    async edgeVerifyNodeReport(payload: unknown): Promise<CheckedReport> {
      const { workflowId } = execution();
      const raw = payload as { edgeNodeId?: unknown } | null;
      const claimed = typeof raw?.edgeNodeId === 'string' ? raw.edgeNodeId : null;
      const checked = verifyStatement<NodeReportBody>(payload, NODE_REPORT_PURPOSE, workflowId);
      if (!checked.ok) return { ok: false, reason: `unverified node report: ${checked.reason}`, claimed };
      const { subject, body, nonce } = checked.statement;
      if (!subject.roles.includes('ml-engineer') && !subject.roles.includes('platform-admin')) {
        return {
          ok: false,
          reason: `node report refused: ${subject.username} does not hold the ml-engineer role`,
          claimed: body.edgeNodeId,
        };
      }
      const report = {
        edgeNodeId: body.edgeNodeId,
        ok: body.ok,
        message: body.message,
        reportedBy: { sub: subject.sub, username: subject.username },
      };
      return { ok: true, report, nonce };
    },

    /**
     * One step of one node (push, active, failed, rollback) on its ASSIGNED edge, audited in the same
     * transaction: applyNodeStep says what each does. false when the node or the version does not exist (push only).
     */
    async edgeRolloutNodeStep(input: NodeStepInput): Promise<boolean> {
      return applyNodeStep(driver, EDGE_ROLLOUT_ACTOR, input, execution());
    },

    /** Rollout-level events (start, each batch, the end): a retry finds the event with the same action and payload digest and writes nothing. */
    async edgeRolloutAudit(step: EdgeAuditStep): Promise<void> {
      const { workflowId, runId } = execution();
      const actor: Identity = step.actor
        ? { sub: step.actor.sub, username: step.actor.username, roles: [], org: step.actor.org }
        : EDGE_ROLLOUT_ACTOR;
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
