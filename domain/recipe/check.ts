// What a recipe may read, checked for the actor who asked: every input AND every version a join step
// names must be visible to them (else NOT_FOUND, as for any version they may not see), held by Plinth
// with verified bytes (an external version registered by pointer is UNVERIFIED: its contentHash is the
// registrant's word, and may name another org's bytes), and a table. runRecipe checks this before it
// starts a workflow, and the workflow's activity again before it reads a byte (rights may have changed).
import type { Driver } from 'neo4j-driver';
import type { Identity } from '../../lib/auth/identity.js';
import { READ } from '../../lib/graph/asset-store.js';
import { Label } from '../../lib/graph/ontology.js';
import { viewerScope, visibleTo } from '../../lib/graph/visibility.js';
import { badInput, notFound } from '../../lib/subgraph/errors.js';
import { isTabular } from '../datasets/formats.js';
import type { Column } from '../datasets/recipe/compile.js';
import { dryCompileRecipe } from '../datasets/recipe/dry-run.js';
import { RecipeError, stepName, type RecipeStep } from '../datasets/recipe/steps.js';

export interface RecipeInputSchema {
  versionId: string;
  columns: Column[];
}

interface Seen {
  id: string;
  format: string;
  schema: string | null;
  integrity: string;
  origin: string;
}

/** Throws NOT_FOUND / BAD_USER_INPUT naming the version (and step); returns the inputs' recorded schemas. */
export async function assertRecipeVersions(
  driver: Driver,
  actor: Identity,
  inputs: string[],
  steps: RecipeStep[],
): Promise<RecipeInputSchema[]> {
  const joins = steps.flatMap((step, i) =>
    step.op === 'join' ? [{ where: stepName(i, step.op), id: step.version }] : [],
  );
  const ids = [...new Set([...inputs, ...joins.map((j) => j.id)])];
  const { records } = await driver.executeQuery(
    `MATCH (v:${Label.DatasetVersion}) WHERE v.id IN $ids AND ${visibleTo('v')}
     RETURN v.id AS id, v.format AS format, v.schema AS schema,
            coalesce(v.integrity, 'UNVERIFIED') AS integrity, coalesce(v.origin, 'EXTERNAL') AS origin`,
    { ids, ...(await viewerScope(driver, actor)) },
    READ,
  );
  const seen = new Map(records.map((r) => [r.get('id') as string, r.toObject() as Seen]));
  const missing = inputs.filter((id) => !seen.has(id));
  if (missing.length > 0) throw notFound(`dataset version(s) ${missing.join(', ')} not found`, 'inputs');
  for (const join of joins) {
    // Existence first, in the words any unseen version gets, so a join cannot probe another org's ids.
    if (!seen.has(join.id)) throw notFound(`${join.where}: dataset version ${join.id} not found`, 'steps');
    if (!inputs.slice(1).includes(join.id))
      throw badInput(
        `${join.where}: version ${join.id} is not one of the recipe's other inputs (list it in inputs after the first)`,
        'steps',
      );
  }
  return inputs.map((id) => {
    const v = seen.get(id)!;
    if (v.origin === 'EXTERNAL' || v.integrity === 'UNVERIFIED')
      throw badInput(
        `input version ${id} is external and unverified (registered by pointer, its bytes never held by Plinth): upload it with POST /api/datasets/<id>/versions first`,
        'inputs',
      );
    if (!isTabular(v.format)) throw badInput(`input version ${id} is ${v.format}: recipes read tables only`, 'inputs');
    const schema = JSON.parse(v.schema || '{}') as { columns?: Column[] };
    return { versionId: id, columns: Array.isArray(schema.columns) ? schema.columns : [] };
  });
}

/**
 * Everything runRecipe can know before a workflow starts: the versions (assertRecipeVersions), then the
 * steps compiled against the inputs' recorded schemas (dryCompileRecipe), refused as BAD_USER_INPUT.
 */
export async function assertRecipeRunnable(
  driver: Driver,
  actor: Identity,
  inputs: string[],
  steps: RecipeStep[],
): Promise<void> {
  const schemas = await assertRecipeVersions(driver, actor, inputs, steps);
  try {
    await dryCompileRecipe(steps, schemas);
  } catch (error) {
    if (error instanceof RecipeError) throw badInput(error.message, 'steps');
    throw error;
  }
}
