// Whether a model version takes the inputs a service's callers send: the inputs of the deployments the
// service routes traffic to now. A canary gets a share of those same callers, so a version whose inputs
// differ (named columns where the service takes a tensor x[N,4]) fails each of them with BAD_USER_INPUT
// until someone rolls it back. Read by requestDeployment (refused up front) and by the deployment
// workflow's validate activity (checked again: routes may change while the request waits).
import type { Driver } from 'neo4j-driver';
import { config } from '../../lib/config.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { inputSignatureDifferences, parseSpecs } from '../models/signature.js';

const READ = { database: config.neo4j.database };

/**
 * null when `modelVersionId` takes the inputs of every deployment `serviceId` routes to (weight > 0), or
 * the service routes to none; otherwise the problem, naming the inputs that differ.
 */
export async function routedSignatureProblem(
  driver: Driver,
  serviceId: string,
  modelVersionId: string,
): Promise<string | null> {
  const { records } = await driver.executeQuery(
    `MATCH (mv:${Label.ModelVersion} {id: $mv})
     OPTIONAL MATCH (s:${Label.Service} {id: $service})-[r:${Rel.ROUTES_TO}]->(d:${Label.Deployment})-[:${Rel.SERVES}]->(cur:${Label.ModelVersion})
       WHERE r.weight > 0
     WITH mv, s, d, cur ORDER BY d.id
     RETURN mv.inputs AS inputs, s.name AS service,
            [x IN collect({deployment: d.id, inputs: cur.inputs}) WHERE x.deployment IS NOT NULL] AS routed`,
    { mv: modelVersionId, service: serviceId },
    READ,
  );
  const r = records[0];
  if (!r) return null; // a missing version is validation's other check
  const candidate = parseSpecs(r.get('inputs'));
  for (const route of r.get('routed') as { deployment: string; inputs: unknown }[]) {
    const current = parseSpecs(route.inputs);
    if (current.length === 0) continue; // a version registered before signatures were recorded
    const differences = inputSignatureDifferences(current, candidate);
    if (differences.length > 0)
      return (
        `model version ${modelVersionId} does not take the inputs of service "${String(r.get('service'))}", whose ` +
        `deployment ${route.deployment} serves its callers now, so they would fail on the canary: ${differences.join('; ')}`
      );
  }
  return null;
}
