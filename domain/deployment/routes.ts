// The rule every writer of a service's routes obeys (setServiceRoutes, the deployment workflow through it,
// the demo seed): integer weights 0..100, one route per deployment, summing to 100, or no routes at all.
// Weights that sum to 300 (the seeded OCR service once routed det, cls and rec at 100 each) made one
// service answer with three different models at random (issue #15).
import type { Route } from './shared.js';

export const MAX_ROUTES = 20;

/** Why the routes may not be written (null: they may). */
export function routesProblem(routes: readonly Route[]): string | null {
  if (routes.length > MAX_ROUTES) return `at most ${MAX_ROUTES} routes`;
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.deploymentId)) return `deployment ${route.deploymentId} appears in more than one route`;
    seen.add(route.deploymentId);
    if (!Number.isInteger(route.weight) || route.weight < 0 || route.weight > 100)
      return `route weights must be integers from 0 to 100, got ${route.weight} for deployment ${route.deploymentId}`;
  }
  const sum = routes.reduce((total, r) => total + r.weight, 0);
  if (routes.length > 0 && sum !== 100)
    return `route weights must sum to 100, got ${sum} (${routes.map((r) => `${r.deploymentId}: ${r.weight}`).join(', ')})`;
  return null;
}

/** Kinds of service: MODEL routes its traffic to deployments by weight; OCR_PIPELINE runs det → cls → rec. */
export const SERVICE_KINDS = ['MODEL', 'OCR_PIPELINE'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
