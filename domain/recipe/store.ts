// The Recipe node of a recipe run: created once per workflow id (by startRecipe before the workflow
// starts, or by the workflow's first activity), completed by its last, which links the derived version
// to it. Reads for the assets subgraph's GraphQL live here too, beside the one writer.
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { inWriteTx, LOCK, READ } from '../../lib/graph/asset-store.js';
import { writeAudit } from '../../lib/graph/audit.js';
import { Label, Rel } from '../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../lib/graph/visibility.js';
import { notFound } from '../../lib/subgraph/errors.js';
import { assertMayAddDatasetVersion, versionProjection, type DatasetVersionRecord } from '../datasets/versions.js';
import type { RecipeInput, RecipeRequester, RecipeStatus } from './shared.js';

/** The workflow acts for its requester with the role runRecipe checked before starting it. */
export const recipeActor = (r: RecipeRequester): Identity => ({
  sub: r.sub,
  username: r.username,
  org: r.org,
  roles: ['data-scientist'],
});

export interface RecipeRecord {
  id: string;
  name: string;
  /** JSON text as stored. */
  steps: string;
  sql: string | null;
  inputs: string[];
  targetDatasetId: string;
  status: RecipeStatus;
  error: string | null;
  versionId: string | null;
  workflowId: string;
  runId: string | null;
  ownerOrgId: string;
  createdBy: string;
  createdAt: string;
  endedAt: string | null;
}

const projection = (r: string): string => `${r} { .id, .name, .steps, .sql, .inputs, .targetDatasetId, .status,
  .error, .versionId, .workflowId, .runId, .ownerOrgId, .createdBy, createdAt: toString(${r}.createdAt),
  endedAt: toString(${r}.endedAt) }`;

/** Throws NOT_FOUND naming the input versions the actor may not see (or that do not exist). */
export async function assertInputsVisible(driver: Driver, actor: Identity, ids: string[]): Promise<void> {
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.DatasetVersion}) WHERE v.id IN $ids AND ${visibleTo('v')} RETURN collect(v.id) AS ids`,
    { ids, ...(await viewerScope(driver, actor)) },
    READ,
  );
  const visible = new Set(records[0]!.get('ids') as string[]);
  const missing = ids.filter((id) => !visible.has(id));
  if (missing.length > 0) throw notFound(`dataset version(s) ${missing.join(', ')} not found`, 'inputs');
}

async function byWorkflowId(driver: Driver, workflowId: string): Promise<RecipeRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.Recipe} {workflowId: $workflowId}) RETURN ${projection('r')} AS recipe`,
    { workflowId },
    READ,
  );
  return (records[0]?.get('recipe') as RecipeRecord | undefined) ?? null;
}

/**
 * Returns the recipe of this workflow id, creating it (RUNNING, USED its inputs, ASSOCIATED_WITH its
 * requester) when absent: the requester's org must own the target dataset and see every input.
 */
export async function ensureRecipe(
  driver: Driver,
  input: RecipeInput,
  workflowId: string,
  runId: string | null,
): Promise<RecipeRecord> {
  const known = await byWorkflowId(driver, workflowId);
  if (known && (known.runId || !runId)) return known;
  const actor = recipeActor(input.requestedBy);
  if (!known) {
    await assertMayAddDatasetVersion(driver, actor, input.targetDatasetId);
    await assertInputsVisible(driver, actor, input.inputs);
  }
  return inWriteTx(driver, async (tx) => {
    // The target dataset's row is locked first, so two callers for one workflow id serialise here.
    await tx.run(`MATCH (d:${Label.Dataset} {id: $id}) ${LOCK('d')}`, { id: input.targetDatasetId });
    const found = await tx.run(
      `MATCH (r:${Label.Recipe} {workflowId: $workflowId}) SET r.runId = coalesce(r.runId, $runId)
       RETURN ${projection('r')} AS recipe`,
      { workflowId, runId },
    );
    if (found.records[0]) return found.records[0].get('recipe') as RecipeRecord;
    const { records } = await tx.run(
      `MATCH (d:${Label.Dataset} {id: $datasetId})
       CREATE (r:${Label.Recipe} {id: $id, name: $name, steps: $steps, sql: null, inputs: $inputs,
               targetDatasetId: $datasetId, status: 'RUNNING', workflowId: $workflowId, runId: $runId,
               ownerOrgId: d.ownerOrgId, createdBy: $username, createdAt: datetime()})
       MERGE (u:${Label.User} {id: $sub}) ON CREATE SET u.username = $username
       CREATE (r)-[:${Rel.ASSOCIATED_WITH}]->(u)
       WITH r
       CALL { WITH r UNWIND range(0, size($inputs) - 1) AS i
              MATCH (v:${Label.DatasetVersion} {id: $inputs[i]}) CREATE (r)-[:${Rel.USED} {position: i}]->(v) }
       RETURN ${projection('r')} AS recipe`,
      {
        id: input.recipeId,
        name: input.name,
        steps: JSON.stringify(input.steps),
        inputs: input.inputs,
        datasetId: input.targetDatasetId,
        workflowId,
        runId,
        sub: actor.sub,
        username: actor.username,
      },
    );
    const created = records[0]?.get('recipe') as RecipeRecord | undefined;
    if (!created) throw notFound(`dataset ${input.targetDatasetId} not found`, 'targetDatasetId');
    await writeAudit(tx, {
      action: 'recipe.start',
      actor,
      targetId: created.id,
      targetLabel: Label.Recipe,
      after: { workflowId, inputs: input.inputs, targetDatasetId: input.targetDatasetId, steps: input.steps },
      workflowId,
      ...(runId ? { runId } : {}),
    });
    return created;
  });
}

/**
 * Sets the outcome once: SUCCEEDED with the version (linked PRODUCED_BY, its SQL copied onto the recipe)
 * or FAILED with the error a user reads in recipeRun. A repeated call (a retried activity) changes nothing.
 */
export async function completeRecipe(
  driver: Driver,
  input: RecipeInput,
  outcome: { versionId: string } | { error: string },
  execution: { workflowId: string; runId: string },
): Promise<void> {
  await inWriteTx(driver, async (tx) => {
    const succeeded = 'versionId' in outcome;
    const { records } = await tx.run(
      `MATCH (r:${Label.Recipe} {id: $id}) WHERE r.status = 'RUNNING'
       OPTIONAL MATCH (v:${Label.DatasetVersion} {id: $versionId})
       SET r.status = $status, r.error = $error, r.versionId = v.id, r.sql = v.sql, r.endedAt = datetime()
       FOREACH (_ IN CASE WHEN v IS NULL THEN [] ELSE [1] END | MERGE (v)-[:${Rel.PRODUCED_BY}]->(r))
       RETURN r.id AS id`,
      {
        id: input.recipeId,
        status: succeeded ? 'SUCCEEDED' : 'FAILED',
        error: succeeded ? null : outcome.error,
        versionId: succeeded ? outcome.versionId : null,
      },
    );
    if (records.length === 0) return;
    await writeAudit(tx, {
      action: succeeded ? 'recipe.succeed' : 'recipe.fail',
      actor: recipeActor(input.requestedBy),
      targetId: input.recipeId,
      targetLabel: Label.Recipe,
      after: outcome,
      workflowId: execution.workflowId,
      runId: execution.runId,
    });
  });
}

/** The version a workflow registered, if any: how a retried activity avoids registering a second one. */
export async function versionOfWorkflow(driver: Driver, workflowId: string): Promise<DatasetVersionRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.DatasetVersion} {workflowId: $workflowId}) RETURN ${versionProjection('v')} AS version`,
    { workflowId },
    READ,
  );
  return (records[0]?.get('version') as DatasetVersionRecord | undefined) ?? null;
}

/** A recipe run the viewer may see (its target dataset's org rule), by workflow id. */
export async function visibleRecipeByWorkflowId(
  driver: Driver,
  viewer: Identity,
  workflowId: string,
): Promise<RecipeRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (r:${Label.Recipe} {workflowId: $workflowId}) WHERE ${visibleTo('r')} RETURN ${projection('r')} AS recipe`,
    { workflowId, ...(await viewerScope(driver, viewer)) },
    READ,
  );
  return (records[0]?.get('recipe') as RecipeRecord | undefined) ?? null;
}

/** The recipe that produced a version; callers have checked the version is visible (its recipe is then too). */
export async function recipeOfVersion(driver: Driver, versionId: string): Promise<RecipeRecord | null> {
  const { records } = await driver.executeQuery(
    `MATCH (:${Label.DatasetVersion} {id: $versionId})-[:${Rel.PRODUCED_BY}]->(r:${Label.Recipe})
     RETURN ${projection('r')} AS recipe`,
    { versionId },
    READ,
  );
  return (records[0]?.get('recipe') as RecipeRecord | undefined) ?? null;
}
