// deployment activities: the I/O behind the deployment workflows; idempotent, keyed by workflow id + activity.
import type { ActivityDeps } from '../activities.js';

export function createDeploymentActivities(_deps: ActivityDeps) {
  return {};
}
