// The trivial workflow of bench/workflow-throughput.ts: one activity, no timers, so the figure is
// Temporal's own per-workflow cost (start, two workflow tasks, one activity task, completion).
import { proxyActivities } from '@temporalio/workflow';

const { bump } = proxyActivities<{ bump(n: number): Promise<number> }>({ startToCloseTimeout: '30 seconds' });

export async function trivialWorkflow(n: number): Promise<number> {
  return bump(n);
}
