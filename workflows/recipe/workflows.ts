// recipe workflow: deterministic, no I/O (lint-enforced); activities imported as types only.
import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RetryPolicy } from '@temporalio/workflow';
import type { createRecipeActivities } from './activities.js';
import type { RecipeInput, RecipeResult } from '../../domain/recipe/shared.js';

type RecipeActivities = ReturnType<typeof createRecipeActivities>;

// Typed, so '1 second' is read as a Duration rather than widened to string.
const retry: RetryPolicy = {
  maximumAttempts: 5,
  initialInterval: '1 second',
  nonRetryableErrorTypes: ['RecipeInputError'],
};
// Compute activities heartbeat every 2 s while they run (workflows/activities.ts; the CPU work is in a
// compute thread), so a lost worker's attempt is retried after 30 s, not the whole start-to-close timeout.
const act = proxyActivities<RecipeActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry,
});

/** Inputs (verified) → sandboxed DuckDB → Parquet → a derived version with its lineage → Recipe outcome. */
export async function recipeWorkflow(input: RecipeInput): Promise<RecipeResult> {
  await act.recipeStart(input);
  try {
    const produced = await act.recipeExecute(input);
    await act.recipeComplete(input, { versionId: produced.versionId });
    const { workflowId, runId } = workflowInfo();
    return { ...produced, recipeId: input.recipeId, workflowId, runId };
  } catch (error) {
    const message =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    await act.recipeComplete(input, { error: message });
    throw ApplicationFailure.nonRetryable(`recipe failed: ${message}`, 'RecipeFailed');
  }
}
