// Activities do the I/O. They receive their dependencies through createActivities(deps), called by
// the worker, so tests and the worker share one construction path. Two sets, one per task queue
// (domain/temporal/shared.ts): orchestration (deployment, edge rollout, graph health) and compute
// (training, AutoML, recipes); createActivities is both, for a worker that runs everything on one queue.
import { Context } from '@temporalio/activity';
import type { Driver } from 'neo4j-driver';
import type { GraphHealth } from '../domain/temporal/shared.js';
import { createTrainingActivities } from './training/activities.js';
import { createDeploymentActivities } from './deployment/activities.js';
import { createAutoMLActivities } from './automl/activities.js';
import { createEdgeActivities } from './edge/activities.js';
import { createRecipeActivities } from './recipe/activities.js';
import { createEvaluationActivities } from './evaluation/activities.js';
import { createPreAnnotationActivities } from './labeling/pre-annotate/activities.js';
import { createActiveLearningActivities, createActiveLearningComputeActivities } from './labeling/activities.js';

export interface ActivityDeps {
  driver: Driver;
  /** The hub's GraphQL endpoint (the gateway); defaults to the configured gateway. */
  gatewayUrl?: string;
}

/** How often a compute activity heartbeats; its workflow's heartbeatTimeout is COMPUTE_HEARTBEAT_TIMEOUT. */
export const COMPUTE_HEARTBEAT_MS = 2_000;

/**
 * Every compute activity heartbeats while it runs: a long training holds a compute thread, not the event
 * loop, so the heartbeats keep coming, a killed worker's attempt is retried within the heartbeat timeout
 * (not the 10-minute start-to-close), and a cancellation reaches the activity (workflows/compute/pool.ts
 * then stops its thread).
 */
function heartbeating<A extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: A): A {
  const wrapped = Object.entries(activities).map(([name, fn]) => [
    name,
    async (...args: never[]) => {
      let context: Context | undefined;
      try {
        context = Context.current();
      } catch {
        // Called directly (a unit test), not as an activity: nothing to heartbeat to.
      }
      const timer = context && setInterval(() => context.heartbeat(), COMPUTE_HEARTBEAT_MS);
      try {
        return await fn(...args);
      } finally {
        clearInterval(timer);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as A;
}

export function createComputeActivities(deps: ActivityDeps) {
  return heartbeating({
    ...createTrainingActivities(deps),
    ...createAutoMLActivities(deps),
    ...createRecipeActivities(deps),
    ...createEvaluationActivities(deps),
    ...createPreAnnotationActivities(deps),
    ...createActiveLearningComputeActivities(deps),
  });
}

export function createOrchestrationActivities(deps: ActivityDeps) {
  const { driver } = deps;
  return {
    ...createDeploymentActivities(deps),
    ...createEdgeActivities(deps),
    ...createActiveLearningActivities(deps),
    /** Reads the graph's server version and migration ledger: a read-only, naturally idempotent probe. */
    async describeGraph(): Promise<GraphHealth> {
      const components = await driver.executeQuery(
        'CALL dbms.components() YIELD versions RETURN versions[0] AS version',
      );
      const ledger = await driver.executeQuery('MATCH (m:Migration) RETURN count(m) AS applied');
      return {
        neo4jVersion: components.records[0]?.get('version') as string,
        migrationsApplied: ledger.records[0]?.get('applied') as number,
        checkedAt: new Date().toISOString(),
      };
    },
  };
}

export function createActivities(deps: ActivityDeps) {
  return { ...createOrchestrationActivities(deps), ...createComputeActivities(deps) };
}

export type Activities = ReturnType<typeof createActivities>;
