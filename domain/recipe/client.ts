// The client side of the recipe workflow, used by the assets subgraph's GraphQL: create the Recipe node,
// start recipeWorkflow, and tell a run that Temporal ended without it recording an outcome.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Driver } from 'neo4j-driver';
import { COMPUTE_TASK_QUEUE } from '../temporal/shared.js';
import { temporalClient } from '../temporal/client.js';
import { ensureSearchAttributes, labelled, workflowIdFor } from '../temporal/labels.js';
import { ensureRecipe, type RecipeRecord } from './store.js';
import type { RecipeInput } from './shared.js';

/** The ids of runs started before workflow ids said what they are (domain/temporal/labels.ts). */
export const RECIPE_WORKFLOW_PREFIX = 'recipe-';

/** Where runs are started: the compute queue (domain/temporal/shared.ts); tests point it at their own worker's queue. */
export const recipeClientOptions = { taskQueue: COMPUTE_TASK_QUEUE };

/** The recipe exists before the workflow does, so recipeRun(workflowId) answers as soon as this returns. */
export async function startRecipe(
  driver: Driver,
  input: Omit<RecipeInput, 'recipeId'>,
): Promise<{ recipeId: string; workflowId: string }> {
  const workflowId = workflowIdFor('recipe', input.targetDatasetId, randomUUID());
  const full: RecipeInput = { ...input, recipeId: randomUUID() };
  const recipe = await ensureRecipe(driver, full, workflowId, null);
  const client = await temporalClient();
  await ensureSearchAttributes(client);
  const handle = await client.workflow.start('recipeWorkflow', {
    taskQueue: recipeClientOptions.taskQueue,
    workflowId,
    args: [full],
    ...labelled({
      actor: input.requestedBy,
      what: `recipe ${full.recipeId}: ${input.inputs.length} input version(s) into a new version of dataset ${input.targetDatasetId}`,
      assetIds: [input.targetDatasetId, ...input.inputs],
    }),
  });
  await ensureRecipe(driver, full, workflowId, handle.firstExecutionRunId);
  return { recipeId: recipe.id, workflowId };
}

/**
 * For a recipe still RUNNING in the graph: Temporal's word when the workflow ended anyway (terminated,
 * timed out, cancelled), so the failure is visible in the API; null while it runs or is unknown.
 */
export async function endedWithoutOutcome(recipe: RecipeRecord): Promise<string | null> {
  if (recipe.status !== 'RUNNING') return null;
  try {
    const status = (await (await temporalClient()).workflow.getHandle(recipe.workflowId).describe()).status.name;
    return status === 'RUNNING' || status === 'COMPLETED' ? null : `the recipe workflow ended ${status}`;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
}
