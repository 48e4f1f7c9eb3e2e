// What edge rollouts assigned to an edge node: the ASSIGNED edges the edge rollout workflow writes
// through domain/edge/assignment-store.ts, read here through the same module.
import { builder } from '../builder.js';
import { load } from '../repository/loaders.js';
import { ASSIGNMENT_STATES, type EdgeAssignmentRecord } from '../../../domain/edge/assignment-store.js';
import { ModelVersionRef } from './model-version.js';
import { EdgeNodeRef } from './refs.js';

const EdgeAssignmentState = builder.enumType('EdgeAssignmentState', {
  description:
    'PUSHED: sent, not yet reported; ACTIVE: the node serves it; FAILED: the node reported a failure or stayed silent; ' +
    "ROLLED_BACK: its rollout was rolled back; REPLACED: a later rollout's assignment became ACTIVE.",
  values: ASSIGNMENT_STATES,
});

const EdgeAssignment = builder.objectRef<EdgeAssignmentRecord>('EdgeAssignment').implement({
  description: 'A model version assigned to an edge node by an edge rollout.',
  fields: (t) => ({
    rolloutId: t.exposeID('rolloutId'),
    workflowId: t.exposeID('workflowId', {
      nullable: true,
      description: 'The edge rollout workflow that made the assignment.',
    }),
    state: t.field({ type: EdgeAssignmentState, resolve: (a) => a.state }),
    at: t.expose('at', { type: 'DateTime', description: 'When the state last changed.' }),
    modelVersion: t.field({ type: ModelVersionRef, resolve: (a) => ({ id: a.modelVersionId }) }),
    previousRolloutId: t.exposeID('previousRolloutId', {
      nullable: true,
      description: 'The rollout whose assignment a roll back restores.',
    }),
  }),
});

builder.objectFields(EdgeNodeRef, (t) => ({
  assignments: t.field({
    type: [EdgeAssignment],
    description: 'Model versions edge rollouts assigned to this node, newest first; only versions you may see.',
    args: { state: t.arg({ type: EdgeAssignmentState }) },
    resolve: (e, args, ctx) => load.assignmentsOn(ctx, e.id, args.state ?? null),
  }),
  // The node's ACTIVE assignment, newest first: a later rollout's ACTIVE replaces the earlier one, and a
  // roll back makes the one it restores ACTIVE again, so this is what the node runs now.
  activeAssignment: t.field({
    type: EdgeAssignment,
    nullable: true,
    description:
      'The assignment the node runs now (state ACTIVE; the newest if rollouts overlapped); null when it runs none you may see.',
    resolve: async (e, _args, ctx) => (await load.assignmentsOn(ctx, e.id, 'ACTIVE'))[0] ?? null,
  }),
  activeVersion: t.field({
    type: ModelVersionRef,
    nullable: true,
    description:
      'The model version the node runs now, from its ACTIVE edge rollout assignment; null when it runs none you may see.',
    resolve: async (e, _args, ctx) => {
      const active = (await load.assignmentsOn(ctx, e.id, 'ACTIVE'))[0];
      return active ? { id: active.modelVersionId } : null;
    },
  }),
}));
