// Each node's place in a rollout, derived from the workflow's lists (pushed, active, failed, rolledBack).
export type NodeState = 'PENDING' | 'PUSHED' | 'ACTIVE' | 'FAILED' | 'ROLLED_BACK';

export const RUNNING = new Set(['PUSHING', 'AWAITING_REPORTS', 'ROLLING_BACK']);

// Filled badges with white text at ≥ 4.5:1 (axe), as the serving pages' status badges.
export const STATE_COLORS: Record<NodeState, string> = {
  PENDING: 'gray.7',
  PUSHED: 'blue.9',
  ACTIVE: '#1b5e20',
  FAILED: 'red.9',
  ROLLED_BACK: 'violet.9',
};

export interface NodeProgress {
  id: string;
  state: NodeState;
  /** The node's failure message (its report, or why it counted as failed). */
  message: string | null;
  /** A failed node that the rollback also reverted. */
  rolledBackToo: boolean;
}

/** In push order; a failure wins over the rollback that followed it, whose mark is kept beside. */
export function nodeStates(r: {
  edgeNodeIds: string[];
  pushed: string[];
  active: string[];
  failed: { edgeNodeId: string; reason: string }[];
  rolledBack: string[];
}): NodeProgress[] {
  const failed = new Map(r.failed.map((x) => [x.edgeNodeId, x.reason]));
  const active = new Set(r.active);
  const pushed = new Set(r.pushed);
  const rolledBack = new Set(r.rolledBack);
  return r.edgeNodeIds.map((id) => {
    const reason = failed.get(id);
    const state: NodeState =
      reason !== undefined
        ? 'FAILED'
        : rolledBack.has(id)
          ? 'ROLLED_BACK'
          : active.has(id)
            ? 'ACTIVE'
            : pushed.has(id)
              ? 'PUSHED'
              : 'PENDING';
    return { id, state, message: reason ?? null, rolledBackToo: reason !== undefined && rolledBack.has(id) };
  });
}
