// The deployment workflow's pure rules: four eyes, the traffic split, the canary verdict, and reading
// one deployment's counters from the runtime's Prometheus text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canarySplit, fourEyesProblem, judgeCanary, windowOf } from '../domain/deployment/health.js';
import { parseMetrics } from '../workflows/deployment/hub-client.js';
import { RuntimeMetrics } from '../subgraphs/serving/runtime/metrics.js';

const requester = { sub: 'u-1', username: 'engineer', org: 'hq' };

test('four eyes: the requester and users without the approver role may not decide', () => {
  assert.match(
    fourEyesProblem(requester, { sub: 'u-1', username: 'engineer', roles: ['approver'] })!,
    /four eyes: engineer requested this deployment and may not approve it/,
  );
  // A rejection is refused in its own words, not as an approval.
  assert.match(
    fourEyesProblem(requester, { sub: 'u-1', username: 'engineer', roles: ['approver'] }, 'reject')!,
    /four eyes: engineer requested this deployment and may not reject it$/,
  );
  assert.match(
    fourEyesProblem(requester, { sub: 'u-2', username: 'scientist', roles: ['data-scientist'] })!,
    /approver role/,
  );
  assert.equal(fourEyesProblem(requester, { sub: 'u-3', username: 'approver', roles: ['approver'] }), null);
  assert.equal(fourEyesProblem(requester, { sub: 'u-4', username: 'admin', roles: ['platform-admin'] }), null);
});

test('the canary takes its share and the previous routes keep their proportions of the rest', () => {
  assert.deepEqual(canarySplit([], 'c', 10), [{ deploymentId: 'c', weight: 100 }]);
  assert.deepEqual(canarySplit([{ deploymentId: 'a', weight: 100 }], 'c', 10), [
    { deploymentId: 'a', weight: 90 },
    { deploymentId: 'c', weight: 10 },
  ]);
  const split = canarySplit(
    [
      { deploymentId: 'a', weight: 50 },
      { deploymentId: 'b', weight: 25 },
      { deploymentId: 'x', weight: 25 },
    ],
    'c',
    33,
  );
  assert.equal(
    split.reduce((s, r) => s + r.weight, 0),
    100,
  );
  assert.deepEqual(split.at(-1), { deploymentId: 'c', weight: 33 });
  assert.deepEqual(
    split.map((r) => r.weight),
    [33, 17, 17, 33],
  );
});

test('the verdict: no traffic, errors and slow latency are unhealthy; within thresholds is healthy', () => {
  const m = new RuntimeMetrics();
  const start = parseMetrics(m.render(), 'd1');
  for (let i = 0; i < 99; i++) m.request('d1', 0.002);
  m.request('d1', 0.2, 'INTERNAL');
  m.request('d2', 9);
  const end = parseMetrics(m.render(), 'd1');
  assert.equal(end.requests, 100);
  assert.equal(end.errors, 1);
  const window = windowOf(start, end);
  assert.equal(judgeCanary(window, { maxErrorRate: 0.05, maxP99Ms: 10 }).healthy, true);
  assert.equal(judgeCanary(window, { maxErrorRate: 0.05, maxP99Ms: 10 }).p99Ms, 2.5);
  assert.match(judgeCanary(window, { maxErrorRate: 0, maxP99Ms: 10 }).reason, /error rate/);
  assert.match(judgeCanary(window, { maxErrorRate: 1, maxP99Ms: 0 }).reason, /p99/);
  assert.match(judgeCanary(windowOf(end, end), { maxErrorRate: 1, maxP99Ms: 1e9 }).reason, /no requests/);
});
