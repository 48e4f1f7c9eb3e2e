// recipe activities: the I/O behind recipeWorkflow; idempotent, keyed by workflow id. A retried execute
// (a worker that crashed after registering) finds the version its earlier attempt registered by the
// workflow id on it and returns that, so a run never creates two versions.
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ActivityDeps } from '../activities.js';
import { blobStore, sha256File } from '../../lib/storage/index.js';
import { ingestDatasetFile } from '../../domain/datasets/ingest.js';
import { IntegrityError, readVersionBytes } from '../../domain/datasets/integrity.js';
import { DataFormatError } from '../../domain/datasets/profile.js';
import { parseSteps, RecipeError } from '../../domain/datasets/recipe/steps.js';
import { runRecipeSandboxed } from '../../domain/datasets/recipe/sandbox.js';
import { assertRecipeVersions } from '../../domain/recipe/check.js';
import { completeRecipe, ensureRecipe, recipeActor, versionOfWorkflow } from '../../domain/recipe/store.js';
import type { RecipeInput, RecipeProduced } from '../../domain/recipe/shared.js';

function execution(): { workflowId: string; runId: string } {
  const wf = Context.current().info.workflowExecution;
  if (!wf) throw ApplicationFailure.nonRetryable('recipe activities run inside a workflow', 'NoWorkflow');
  return wf;
}

/**
 * The user's recipe, inputs or rights are at fault: retrying cannot help, and the message is what the
 * user reads in recipeRun. Anything else (the graph or the store briefly away) is retried.
 */
function userFault(error: unknown): unknown {
  const known =
    error instanceof RecipeError ||
    error instanceof IntegrityError ||
    error instanceof DataFormatError ||
    (error instanceof GraphQLError &&
      ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN'].includes(String(error.extensions.code)));
  return known ? ApplicationFailure.nonRetryable((error as Error).message, 'RecipeInputError') : error;
}

const produced = (v: { id: string; version: number; contentHash: string; rowCount: number }, created: boolean) => ({
  versionId: v.id,
  version: Number(v.version),
  contentHash: v.contentHash,
  rowCount: Number(v.rowCount),
  created,
});

export function createRecipeActivities({ driver }: ActivityDeps) {
  return {
    async recipeStart(input: RecipeInput): Promise<{ recipeId: string }> {
      const { workflowId, runId } = execution();
      try {
        return { recipeId: (await ensureRecipe(driver, input, workflowId, runId)).id };
      } catch (error) {
        throw userFault(error);
      }
    },

    async recipeExecute(input: RecipeInput): Promise<RecipeProduced> {
      const { workflowId, runId } = execution();
      const earlier = await versionOfWorkflow(driver, workflowId);
      if (earlier) return produced(earlier, false);
      const actor = recipeActor(input.requestedBy);
      const out = join(blobStore().tempDir(), `recipe-${encodeURIComponent(workflowId)}-${Date.now()}.parquet`);
      try {
        // The steps travelled through Temporal's history: checked again, as the activity reads them.
        const steps = parseSteps(input.steps);
        // Rights are checked again here: the requester may have lost sight of an input since starting.
        // Join versions too, and held (not external): no version the requester cannot see is read.
        await assertRecipeVersions(driver, actor, input.inputs, steps);
        const inputs = [];
        for (const id of input.inputs) {
          const bytes = await readVersionBytes(driver, id, `recipe ${workflowId}`);
          inputs.push({ versionId: id, path: bytes.path, format: bytes.format, columns: bytes.columns });
        }
        await mkdir(blobStore().tempDir(), { recursive: true });
        const result = await runRecipeSandboxed(steps, inputs, out);
        const { digest, size } = await sha256File(out);
        const version = await ingestDatasetFile(driver, actor, {
          datasetId: input.targetDatasetId,
          file: out,
          digest,
          size,
          declared: 'PARQUET',
          origin: 'RECIPE',
          derivedFrom: input.inputs,
          recipeId: input.recipeId,
          sql: result.sql,
          workflowId,
          runId,
        });
        return produced(version, true);
      } catch (error) {
        // Two attempts overlapping (one presumed lost by a timeout) register one version: the later one is
        // refused as the same content and finds the earlier one's.
        const registered = await versionOfWorkflow(driver, workflowId).catch(() => null);
        if (registered) return produced(registered, false);
        throw userFault(error);
      } finally {
        // ingestDatasetFile consumes the file; this covers a failure before it was called.
        await rm(out, { force: true });
      }
    },

    async recipeComplete(input: RecipeInput, outcome: { versionId: string } | { error: string }): Promise<void> {
      await completeRecipe(driver, input, outcome, execution());
    },
  };
}
