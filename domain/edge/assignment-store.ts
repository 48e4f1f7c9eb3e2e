// Edge assignments: (EdgeNode)-[:ASSIGNED {rolloutId, state, ...}]->(ModelVersion), one per node and
// rollout. The edge rollout workflow's activities move them through their states; the compute
// subgraph, which owns EdgeNode, reads them (EdgeNode.assignments). This module holds the only Cypher
// for ASSIGNED, so the states and what each step does to the earlier assignment are decided in one place.
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { config } from '../../lib/config.js';
import { manyEach } from '../../lib/graph/batch.js';
import { modelVersionVisible } from '../../lib/graph/asset-store.js';
import { viewerScope } from '../../lib/graph/visibility.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import type { AssignmentState, NodeStepInput } from './shared.js';

export const ASSIGNMENT_STATES = [
  'PUSHED',
  'ACTIVE',
  'FAILED',
  'ROLLED_BACK',
  'REPLACED',
] as const satisfies readonly AssignmentState[];

async function alreadyDone(
  tx: ManagedTransaction,
  workflowId: string,
  action: string,
  targetId: string,
): Promise<boolean> {
  const seen = await tx.run(
    `MATCH (e:${Label.AuditEvent} {workflowId: $wf, action: $action, targetId: $target}) RETURN e.id LIMIT 1`,
    { wf: workflowId, action, target: targetId },
  );
  return seen.records.length > 0;
}

/**
 * One step of one node, with its audit event (`edge-rollout.<step>`, targeting the edge node) in the
 * same transaction. push records the assignment as PUSHED with the node's current ACTIVE assignment as
 * the one to restore; active makes it ACTIVE (the earlier one REPLACED); failed marks it FAILED;
 * rollback marks it ROLLED_BACK and makes the earlier one ACTIVE again. Idempotent per workflow id +
 * step + node: a repeated step finds its audit event and changes nothing. false when the node or the
 * version does not exist (push only); a later step without its push is an error.
 */
export async function applyNodeStep(
  driver: Driver,
  actor: Identity,
  input: NodeStepInput,
  run: { workflowId: string; runId: string },
): Promise<boolean> {
  const { workflowId, runId } = run;
  const action = `edge-rollout.${input.step}`;
  const session = driver.session({ database: config.neo4j.database });
  try {
    return await session.executeWrite(async (tx) => {
      if (await alreadyDone(tx, workflowId, action, input.edgeNodeId)) return true;
      const params = {
        node: input.edgeNodeId,
        mv: input.modelVersionId,
        rollout: input.rolloutId,
        wf: workflowId,
        run: runId,
      };
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
        after = {
          rolloutId: input.rolloutId,
          modelVersionId: input.modelVersionId,
          state: 'PUSHED',
          previousRolloutId: records[0]!.get('previousRolloutId'),
          previousModelVersionId: records[0]!.get('previousModelVersionId'),
        };
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
        if (records.length === 0)
          throw new Error(`edge node ${input.edgeNodeId} has no assignment of rollout ${input.rolloutId}`);
        after = {
          rolloutId: input.rolloutId,
          modelVersionId: input.modelVersionId,
          state: target,
          detail: input.detail,
        };
        if (input.step === 'rollback')
          after.restored = {
            rolloutId: records[0]!.get('previousRolloutId'),
            modelVersionId: records[0]!.get('previousModelVersionId'),
          };
      }
      await writeAudit(tx, {
        action,
        actor,
        targetId: input.edgeNodeId,
        targetLabel: Label.EdgeNode,
        after,
        workflowId,
        runId,
      });
      return true;
    });
  } finally {
    await session.close();
  }
}

export interface EdgeAssignmentRecord {
  rolloutId: string;
  workflowId: string | null;
  state: AssignmentState;
  at: string;
  modelVersionId: string;
  previousRolloutId: string | null;
}

/**
 * The assignments of each edge node, newest first, in the order of `edgeNodeIds`, one query for all;
 * only those of model versions the viewer may see. The caller has already decided the edge nodes are
 * visible. `state` null: every state.
 */
export async function assignmentsOf(
  driver: Driver,
  viewer: Identity,
  edgeNodeIds: readonly string[],
  state: AssignmentState | null,
): Promise<EdgeAssignmentRecord[][]> {
  if (edgeNodeIds.length === 0) return [];
  return manyEach<EdgeAssignmentRecord>(
    driver,
    edgeNodeIds,
    `MATCH (:${Label.EdgeNode} {id: id})-[a:${Rel.ASSIGNED}]->(mv:${Label.ModelVersion})
     WHERE ($state IS NULL OR a.state = $state) AND a.state IN $states AND ${modelVersionVisible('mv')}
     WITH id, a, mv ORDER BY a.at DESC, a.rolloutId
     RETURN id, {rolloutId: a.rolloutId, workflowId: a.workflowId, state: a.state, at: toString(a.at), modelVersionId: mv.id,
                 previousRolloutId: a.previousRolloutId} AS item`,
    { state, states: [...ASSIGNMENT_STATES], ...(await viewerScope(driver, viewer)) },
  );
}
