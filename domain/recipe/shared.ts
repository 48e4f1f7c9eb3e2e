// Payload types shared by the recipe workflow, its activities, the GraphQL resolver and tests. No I/O:
// workflow code imports this file.
import type { RecipeStep } from '../datasets/recipe/steps.js';

/** Who asked: taken from the verified token at the GraphQL mutation, never from a signal. */
export interface RecipeRequester {
  sub: string;
  username: string;
  org: string;
}

export interface RecipeInput {
  recipeId: string;
  name: string;
  /** Input version ids; the first is `input` in SQL, then input2, input3, … */
  inputs: string[];
  /** Checked (parseSteps) before the workflow starts, and again by the activity. */
  steps: RecipeStep[];
  targetDatasetId: string;
  requestedBy: RecipeRequester;
}

export interface RecipeProduced {
  versionId: string;
  version: number;
  contentHash: string;
  rowCount: number;
  /** False when the activity found the version an earlier attempt registered. */
  created: boolean;
}

export interface RecipeResult extends RecipeProduced {
  recipeId: string;
  workflowId: string;
  runId: string;
}

export type RecipeStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';
