// Write transactions of the models subgraph: one per mutation, with its audit event inside.
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { LOCK, READ, inWriteTx } from '../../lib/graph/asset-store.js';
import type { Identity } from '../../lib/auth/identity.js';
import { badInput, forbidden, notFound } from '../../lib/subgraph/errors.js';
import { Label } from '../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../lib/graph/visibility.js';

// The repository kit's read options and write transaction, under the names the models code uses.
export { READ };
export const inWrite = <T>(driver: Driver, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> =>
  inWriteTx(driver, work);

export { isConstraintViolation } from '../../lib/graph/asset-store.js';

/**
 * Loads a model for a change and takes its write lock (the kit's LOCK), so concurrent changes of one
 * model (aliases, version numbers) are serialised; a change also moves its updatedAt. Invisible is reported as not found; visible through
 * a share but owned elsewhere is forbidden: only the owner org and the orgs above it manage a model.
 */
export async function lockManagedModel(
  tx: ManagedTransaction,
  driver: Driver,
  actor: Identity,
  modelId: string,
): Promise<{ ownerOrgId: string; visibleOrgs: string[] }> {
  const scope = await viewerScope(driver, actor);
  const { records } = await tx.run(
    `MATCH (m:${Label.Model} {id: $id}) WHERE ${visibleTo('m')}
     ${LOCK('m')}
     SET m.updatedAt = datetime()
     RETURN m.ownerOrgId AS owner`,
    { id: modelId, ...scope },
  );
  const owner = records[0]?.get('owner') as string | undefined;
  if (owner === undefined) throw notFound(`no model with id "${modelId}"`);
  if (!scope.visibleOrgs.includes(owner))
    throw forbidden(
      `model "${modelId}" is shared with ${actor.org} but owned by ${owner}: only its owner may change it`,
    );
  return { ownerOrgId: owner, visibleOrgs: scope.visibleOrgs };
}

/**
 * Takes a model's write lock and returns its owner org, for work started by a workflow on a model the
 * request already checked (training runs, AutoML studies): no visibility rule here, only existence.
 */
export async function lockModelOwner(tx: ManagedTransaction, modelId: string): Promise<string> {
  const { records } = await tx.run(`MATCH (m:${Label.Model} {id: $id}) ${LOCK('m')} RETURN m.ownerOrgId AS owner`, {
    id: modelId,
  });
  const owner = records[0]?.get('owner') as string | undefined;
  if (owner === undefined) throw new Error(`no model with id "${modelId}"`);
  return owner;
}

export const duplicateName = (name: string, org: string) =>
  badInput(`a model named "${name}" already exists in org ${org}`, 'name');
