// Activities do the I/O. They receive their dependencies through createActivities(deps), called by
// the worker, so tests and the worker share one construction path.
import type { Driver } from 'neo4j-driver';
import type { GraphHealth } from '../domain/temporal/shared.js';
import { createTrainingActivities } from './training/activities.js';
import { createDeploymentActivities } from './deployment/activities.js';
import { createAutoMLActivities } from './automl/activities.js';
import { createEdgeActivities } from './edge/activities.js';
import { createRecipeActivities } from './recipe/activities.js';

export interface ActivityDeps {
  driver: Driver;
  /** The hub's GraphQL endpoint (the gateway); defaults to the configured gateway. */
  gatewayUrl?: string;
}

export function createActivities(deps: ActivityDeps) {
  const { driver } = deps;
  return {
    ...createTrainingActivities(deps),
    ...createDeploymentActivities(deps),
    ...createAutoMLActivities(deps),
    ...createEdgeActivities(deps),
    ...createRecipeActivities(deps),
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

export type Activities = ReturnType<typeof createActivities>;
