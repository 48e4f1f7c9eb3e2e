// The one rule for a service's routes (setServiceRoutes, the store, the deployment workflow, the seed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { routesProblem } from './routes.js';

test('weights summing to 100, or no routes at all, may be written', () => {
  assert.equal(routesProblem([]), null);
  assert.equal(routesProblem([{ deploymentId: 'a', weight: 100 }]), null);
  assert.equal(
    routesProblem([
      { deploymentId: 'a', weight: 90 },
      { deploymentId: 'b', weight: 10 },
      { deploymentId: 'c', weight: 0 },
    ]),
    null,
  );
});

test('the seeded OCR service of old (det, cls, rec at 100 each) is refused, naming the sum and each route', () => {
  const problem = routesProblem([
    { deploymentId: 'det', weight: 100 },
    { deploymentId: 'cls', weight: 100 },
    { deploymentId: 'rec', weight: 100 },
  ]);
  assert.equal(problem, 'route weights must sum to 100, got 300 (det: 100, cls: 100, rec: 100)');
});

test('a lone canary at its share, fractional, negative or duplicate weights are refused', () => {
  assert.match(routesProblem([{ deploymentId: 'canary', weight: 10 }])!, /sum to 100, got 10/);
  assert.match(routesProblem([{ deploymentId: 'a', weight: 99.5 }])!, /integers from 0 to 100, got 99.5/);
  assert.match(routesProblem([{ deploymentId: 'a', weight: -1 }])!, /integers from 0 to 100/);
  assert.match(
    routesProblem([
      { deploymentId: 'a', weight: 50 },
      { deploymentId: 'a', weight: 50 },
    ])!,
    /appears in more than one route/,
  );
  assert.match(
    routesProblem(Array.from({ length: 21 }, (_, i) => ({ deploymentId: `d${i}`, weight: i === 0 ? 100 : 0 })))!,
    /at most 20 routes/,
  );
});
