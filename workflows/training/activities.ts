// training activities: the I/O behind the training workflows; idempotent, keyed by workflow id + activity.
import type { ActivityDeps } from '../activities.js';

export function createTrainingActivities(_deps: ActivityDeps) {
  return {};
}
