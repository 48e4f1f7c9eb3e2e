// Pure rules of the deployment workflow (no I/O): the four-eyes check, the traffic split and the
// canary's health over its window. Shared by the workflow and unit tests.
import type { Approver, CanaryHealth, CanaryThresholds, MetricsSample, Requester, Route } from './shared.js';

/** Platform admins hold every role, as in the subgraphs' scope checks. */
export const mayApprove = (roles: string[]): boolean => roles.includes('approver') || roles.includes('platform-admin');

/** null when the approver may decide; otherwise why not (worded for the decision: approve or reject). */
export function fourEyesProblem(
  requester: Requester,
  approver: Approver,
  decision: 'approve' | 'reject' = 'approve',
): string | null {
  if (approver.kind === 'service')
    return `four eyes: ${approver.username} is a service account; only a person may approve or reject`;
  if (approver.sub === requester.sub)
    return `four eyes: ${approver.username} requested this deployment and may not ${decision} it`;
  if (!mayApprove(approver.roles)) return `four eyes: ${approver.username} does not hold the approver role`;
  return null;
}

/** The canary at `weight`%, the previous routes scaled to the rest (largest remainders keep the sum at 100). */
export function canarySplit(previous: Route[], canaryId: string, weight: number): Route[] {
  const others = previous.filter((r) => r.deploymentId !== canaryId && r.weight > 0);
  const total = others.reduce((s, r) => s + r.weight, 0);
  if (total === 0) return [{ deploymentId: canaryId, weight: 100 }];
  const rest = 100 - weight;
  const exact = others.map((r) => (r.weight * rest) / total);
  const floors = exact.map(Math.floor);
  let missing = rest - floors.reduce((s, w) => s + w, 0);
  const order = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (missing <= 0) break;
    floors[i]!++;
    missing--;
  }
  return [
    ...others.map((r, i) => ({ deploymentId: r.deploymentId, weight: floors[i]! })),
    { deploymentId: canaryId, weight },
  ];
}

/** Counters over the window: the end sample minus the start sample. */
export function windowOf(start: MetricsSample, end: MetricsSample): MetricsSample {
  const before = new Map(start.latencyBuckets);
  return {
    requests: end.requests - start.requests,
    errors: end.errors - start.errors,
    latencyBuckets: end.latencyBuckets.map(([le, n]) => [le, n - (before.get(le) ?? 0)]),
  };
}

export function judgeCanary(window: MetricsSample, thresholds: CanaryThresholds): CanaryHealth {
  const { requests, errors } = window;
  if (requests <= 0)
    return {
      requests: 0,
      errors: 0,
      errorRate: 0,
      p99Ms: null,
      healthy: false,
      reason: 'no requests reached the canary during the window',
    };
  const errorRate = errors / requests;
  const target = Math.ceil(requests * 0.99);
  const bucket = window.latencyBuckets.find(([, n]) => n >= target);
  // Beyond the largest bucket the histogram knows no bound.
  const p99Ms = bucket ? bucket[0] * 1000 : Number.POSITIVE_INFINITY;
  const problems: string[] = [];
  if (errorRate > thresholds.maxErrorRate)
    problems.push(`error rate ${errorRate.toFixed(4)} > ${thresholds.maxErrorRate}`);
  if (p99Ms > thresholds.maxP99Ms)
    problems.push(`p99 up to ${p99Ms} ms (latency bucket) exceeds the ${thresholds.maxP99Ms} ms limit`);
  const healthy = problems.length === 0;
  return {
    requests,
    errors,
    errorRate,
    p99Ms: Number.isFinite(p99Ms) ? p99Ms : null,
    healthy,
    reason: healthy
      ? `${requests} requests, error rate ${errorRate.toFixed(4)}, p99 ≤ ${p99Ms} ms`
      : problems.join('; '),
  };
}
