// edge rollout activities: assignments in the graph and their audit events, written in one transaction
// per step. Idempotent, keyed by workflow id + node + step: a retried step finds its own audit event
// and changes nothing.
import { Context } from '@temporalio/activity';
import type { ManagedTransaction } from 'neo4j-driver';
import type { ActivityDeps } from '../activities.js';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit, writeWorkflowAuditOnce } from '../../lib/graph/audit.js';
import { config } from '../../lib/config.js';
import { verifyStatement } from '../../lib/auth/signed-statement.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { NODE_REPORT_PURPOSE, type CheckedReport, type EdgeAuditStep, type NodeReportBody, type NodeStepInput } from '../../domain/edge/shared.js';

/** Steps nobody in particular takes (pushing, judging reports, rolling back) are audited under this identity. */
export const EDGE_ROLLOUT_ACTOR: Identity = { sub: 'plinth-edge-rollout-workflow', username: 'edge-rollout-workflow', roles: [], org: 'hq' };

function execution(): { workflowId: string; runId: string } {
  const run = Context.current().info.workflowExecution;
  if (!run) throw new Error('edge rollout activities run only inside a workflow');
  return run;
}
const DB = { database: config.neo4j.database };

async function alreadyDone(tx: ManagedTransaction, workflowId: string, action: string, targetId: string): Promise<boolean> {
  const seen = await tx.run(`MATCH (e:${Label.AuditEvent} {workflowId: $wf, action: $action, targetId: $target}) RETURN e.id LIMIT 1`, { wf: workflowId, action, target: targetId });
  return seen.records.length > 0;
}

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
        return { ok: false, reason: `node report refused: ${subject.username} does not hold the ml-engineer role`, claimed: body.edgeNodeId };
      }
      const report = { edgeNodeId: body.edgeNodeId, ok: body.ok, message: body.message, reportedBy: { sub: subject.sub, username: subject.username } };
      return { ok: true, report, nonce };
    },

    /**
     * One step of one node: push records (EdgeNode)-[:ASSIGNED {state: PUSHED}]->(ModelVersion) with the
     * node's current ACTIVE assignment as the one to restore; active makes it ACTIVE (the earlier one
     * REPLACED); failed marks it FAILED; rollback marks it ROLLED_BACK and makes the earlier one ACTIVE
     * again. false when the node or the version does not exist (push only).
     */
    async edgeRolloutNodeStep(input: NodeStepInput): Promise<boolean> {
      const { workflowId, runId } = execution();
      const action = `edge-rollout.${input.step}`;
      const session = driver.session(DB);
      try {
        return await session.executeWrite(async (tx) => {
          if (await alreadyDone(tx, workflowId, action, input.edgeNodeId)) return true;
          const params = { node: input.edgeNodeId, mv: input.modelVersionId, rollout: input.rolloutId, wf: workflowId, run: runId };
          let after: Record<string, unknown>;
          if (input.step === 'push') {
            const { records } = await tx.run(
              `MATCH (n:${Label.EdgeNode} {id: $node}), (mv:${Label.ModelVersion} {id: $mv})
               OPTIONAL MATCH (n)-[p:${Rel.ASSIGNED} {state: 'ACTIVE'}]->(pmv:${Label.ModelVersion}) WHERE p.rolloutId <> $rollout
               WITH n, mv, p, pmv ORDER BY p.at DESC LIMIT 1
               MERGE (n)-[a:${Rel.ASSIGNED} {rolloutId: $rollout}]->(mv)
               ON CREATE SET a.previousRolloutId = p.rolloutId, a.previousModelVersionId = pmv.id
               SET a.state = 'PUSHED', a.at = datetime(), a.workflowId = $wf, a.runId = $run
               RETURN a.previousRolloutId AS previousRolloutId, a.previousModelVersionId AS previousModelVersionId`,
              params,
            );
            if (records.length === 0) return false;
            after = { rolloutId: input.rolloutId, modelVersionId: input.modelVersionId, state: 'PUSHED', previousRolloutId: records[0]!.get('previousRolloutId'), previousModelVersionId: records[0]!.get('previousModelVersionId') };
          } else {
            const target = { active: 'ACTIVE', failed: 'FAILED', rollback: 'ROLLED_BACK' }[input.step];
            const { records } = await tx.run(
              `MATCH (n:${Label.EdgeNode} {id: $node})-[a:${Rel.ASSIGNED} {rolloutId: $rollout}]->(:${Label.ModelVersion} {id: $mv})
               SET a.state = $target, a.at = datetime(), a.runId = $run
               WITH n, a
               OPTIONAL MATCH (n)-[p:${Rel.ASSIGNED} {rolloutId: a.previousRolloutId}]->(:${Label.ModelVersion} {id: a.previousModelVersionId})
               FOREACH (_ IN CASE WHEN p IS NOT NULL AND $target = 'ACTIVE' AND p.state = 'ACTIVE' THEN [1] ELSE [] END |
                 SET p.state = 'REPLACED', p.replacedBy = $rollout, p.at = datetime())
               FOREACH (_ IN CASE WHEN p IS NOT NULL AND $target = 'ROLLED_BACK' AND (p.state = 'ACTIVE' OR p.replacedBy = $rollout) THEN [1] ELSE [] END |
                 SET p.state = 'ACTIVE', p.restoredBy = $rollout, p.at = datetime())
               RETURN a.previousRolloutId AS previousRolloutId, a.previousModelVersionId AS previousModelVersionId`,
              { ...params, target },
            );
            if (records.length === 0) throw new Error(`edge node ${input.edgeNodeId} has no assignment of rollout ${input.rolloutId}`);
            after = { rolloutId: input.rolloutId, modelVersionId: input.modelVersionId, state: target, detail: input.detail };
            if (input.step === 'rollback') after.restored = { rolloutId: records[0]!.get('previousRolloutId'), modelVersionId: records[0]!.get('previousModelVersionId') };
          }
          await writeAudit(tx, { action, actor: EDGE_ROLLOUT_ACTOR, targetId: input.edgeNodeId, targetLabel: Label.EdgeNode, after, workflowId, runId });
          return true;
        });
      } finally {
        await session.close();
      }
    },

    /** Rollout-level events (start, each batch, the end): a retry finds the event with the same action and payload digest and writes nothing. */
    async edgeRolloutAudit(step: EdgeAuditStep): Promise<void> {
      const { workflowId, runId } = execution();
      const actor: Identity = step.actor ? { sub: step.actor.sub, username: step.actor.username, roles: [], org: step.actor.org } : EDGE_ROLLOUT_ACTOR;
      const session = driver.session(DB);
      try {
        await session.executeWrite((tx) =>
          writeWorkflowAuditOnce(tx, { action: step.action, actor, targetId: step.targetId, targetLabel: Label[step.targetLabel], after: step.after, workflowId, runId }),
        );
      } finally {
        await session.close();
      }
    },
  };
}
